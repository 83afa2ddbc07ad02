"""Rule files: a broken one gives one line naming the file, the rule and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from shadowaudit.engine.loader import load_rule_file, load_rules
from shadowaudit.errors import RuleLoadError
from shadowaudit.resources import rules_dir

GOOD = (rules_dir() / "system" / "firewall.yaml").read_text(encoding="utf-8")


def write_rule(folder: Path, text: str, name: str = "system/firewall.yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> RuleLoadError:
    path = write_rule(tmp_path, text)
    with pytest.raises(RuleLoadError) as caught:
        load_rule_file(path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    return caught.value


def test_good_rule_loads(tmp_path: Path) -> None:
    rule = load_rule_file(write_rule(tmp_path, GOOD))
    assert rule.id == "system.firewall"


def test_unknown_key_names_the_field(tmp_path: Path) -> None:
    error = error_for(tmp_path, GOOD.replace("severity: medium", "severity: medium\nsevrity: x"))
    assert error.rule_id == "system.firewall"
    assert error.field == "sevrity"
    assert "not a field" in str(error)


def test_bad_operator_deep_in_a_condition(tmp_path: Path) -> None:
    error = error_for(tmp_path, GOOD.replace("equals: active}", "equal: active}", 1))
    assert error.field is not None
    assert error.field == "check.variants.linux.pass_if.any.1.all.0.equal"
    assert "equal" in str(error)


def test_field_names_inside_nested_conditions(tmp_path: Path) -> None:
    rule = GOOD.replace("applies_to:", "applies_to:\n  when: {all: [{not: {fact: x, in: 1}}]}")
    error = error_for(tmp_path, rule)
    assert error.field == "applies_to.when.all.0.not.in"
    assert "should be a list, not a whole number" in str(error)


def test_a_problem_found_after_reading_names_its_place(tmp_path: Path) -> None:
    rule = GOOD.replace(
        "applies_to:", "applies_to:\n  when: {any: [{fact: x, equals: 1}, {fact: y}]}"
    )
    error = error_for(tmp_path, rule)
    assert error.field == "applies_to.when.any.1"
    assert "exactly one operator (found: none)" in str(error)


def test_two_operators_are_refused(tmp_path: Path) -> None:
    error = error_for(tmp_path, GOOD.replace("equals: enabled}", "equals: enabled, in: [a]}", 1))
    assert "exactly one operator" in str(error)


def test_bad_severity_and_missing_examples(tmp_path: Path) -> None:
    assert error_for(tmp_path, GOOD.replace("severity: medium", "severity: huge")).field == (
        "severity"
    )
    no_fail = (
        GOOD.split("examples:")[0]
        + "examples:\n"
        + ("  - {name: a, facts: {}, expect: pass}\n  - {name: b, facts: {}, expect: pass}\n")
    )
    assert "one 'pass' and one 'fail'" in str(error_for(tmp_path, no_fail))


def test_invalid_yaml_and_non_mapping(tmp_path: Path) -> None:
    assert "not valid YAML at line" in str(error_for(tmp_path, "id: [unclosed\n"))
    assert "mapping" in str(error_for(tmp_path, "- a list\n"))
    assert "not valid YAML" in str(error_for(tmp_path, "\x00"))
    path = tmp_path / "system" / "firewall.yaml"
    path.write_bytes(b"id: caf\xe9\n")
    with pytest.raises(RuleLoadError, match="cannot be read"):
        load_rule_file(path)


def test_id_must_match_the_file_path(tmp_path: Path) -> None:
    write_rule(tmp_path, GOOD, "system/other_name.yaml")
    with pytest.raises(RuleLoadError, match="must be 'system.other_name'"):
        load_rules([tmp_path])


def test_duplicate_ids_across_folders(tmp_path: Path) -> None:
    write_rule(tmp_path / "mine", GOOD)
    with pytest.raises(RuleLoadError, match="used by another rule"):
        load_rules([rules_dir(), tmp_path / "mine"])


def test_data_and_checklist_folders_are_not_rules(tmp_path: Path) -> None:
    write_rule(tmp_path, GOOD)
    write_rule(tmp_path, "anything: 1\n", "data/trackers.yaml")
    write_rule(tmp_path, "anything: 1\n", "checklists/basics.yaml")
    assert [r.id for r in load_rules([tmp_path])] == ["system.firewall"]
