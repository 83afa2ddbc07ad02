"""The trainer's guide (docs/writing-rules.md) works as written.

The guide's worked example is a complete new rule, in a ```yaml block after the line
`<!-- example-rule: PATH -->`. Saved at PATH in an empty rules folder, it must validate, pass
its own tests, and judge the recorded Firefox profiles as their prefs.js files say. Its text
is held to the same reading grade as the shipped rules. The example checklist must select it,
and every command the guide tells a trainer to type must exist.
"""

from __future__ import annotations

import configparser
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from shadowaudit.cli import app
from tests.conftest import host_folder
from tests.test_readability import (
    MAX_GRADE,
    MIN_WORDS,
    _explained,
    _jargon_in,
    grade,
    neutralise,
    problem,
    sentences,
    words,
)

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "writing-rules.md"
RULE_ID = "browser.firefox.search_suggestions"
PREF = "browser.search.suggest.enabled"
FIREFOX_ROOT = Path("files/home/ana/.config/mozilla/firefox")


def example_block(kind: str) -> tuple[str, str]:
    """(path, text) of the yaml block after `<!-- example-KIND: PATH -->` in the guide."""
    text = GUIDE.read_text(encoding="utf-8")
    found = re.findall(
        rf"^<!-- example-{kind}: (\S+) -->\n```yaml\n(.*?)^```$", text, re.MULTILINE | re.DOTALL
    )
    assert len(found) == 1, f"the guide needs exactly one example-{kind} block"
    return found[0]


@pytest.fixture
def rules_folder(tmp_path: Path) -> Path:
    """An empty rules folder holding only the guide's example rule, at the guide's path."""
    folder = tmp_path / "my-rules"
    path, text = example_block("rule")
    (folder / path).parent.mkdir(parents=True)
    (folder / path).write_text(text, encoding="utf-8")
    return folder


def invoke(*argv: str) -> tuple[int, str]:
    """Run the command line in-process; (exit code, stdout and stderr)."""
    result = CliRunner().invoke(app, list(argv))
    return result.exit_code, result.stdout + result.stderr


def scan_statuses(rules: Path, machine: Path) -> dict[str, str]:
    """The example rule's status for each profile label of a recorded machine."""
    code, output = invoke(
        "scan",
        "--rules",
        str(rules),
        "--recorded",
        str(machine),
        "--only",
        RULE_ID,
        "--format",
        "json",
        "--no-questions",
    )
    assert code in (0, 1), output
    findings = json.loads(output)["findings"]
    assert {f["rule"] for f in findings} == {RULE_ID}
    return {f["subject"]["label"]: f["status"] for f in findings}


def expected_statuses(machine: Path) -> dict[str, str]:
    """pass for each used profile whose prefs.js turns the setting off, else fail."""
    root = machine / FIREFOX_ROOT
    ini = configparser.ConfigParser(interpolation=None)
    ini.read(root / "profiles.ini", encoding="utf-8")
    expected = {}
    for section in ini.sections():
        if not section.startswith("Profile"):
            continue
        prefs = root / ini[section]["Path"] / "prefs.js"
        if not prefs.is_file():
            continue  # never used: shadowaudit does not list it
        off = re.search(rf'user_pref\("{re.escape(PREF)}", false\);', prefs.read_text("utf-8"))
        expected[f"Firefox, profile {ini[section]['Name']}"] = "pass" if off else "fail"
    return expected


def test_the_example_rule_sits_where_its_id_says() -> None:
    path, text = example_block("rule")
    rule = yaml.safe_load(text)
    assert rule["id"] == RULE_ID
    assert path == RULE_ID.replace(".", "/") + ".yaml"
    assert not (Path(__file__).resolve().parents[1] / "rules" / path).exists()
    assert text.startswith("# yaml-language-server: $schema=")
    assert {e["expect"] for e in rule["examples"]} >= {"pass", "fail", "unknown"}


def test_the_example_rule_validates(rules_folder: Path) -> None:
    code, output = invoke("rules", "validate", str(rules_folder))
    assert code == 0, output
    assert "1 rules are valid." in output


def test_the_example_rule_passes_its_tests(rules_folder: Path) -> None:
    code, output = invoke("rules", "test", str(rules_folder))
    assert code == 0, output
    assert "0 failed" in output


def test_the_example_rule_judges_each_profile_by_its_prefs(rules_folder: Path) -> None:
    machine = host_folder("linux-firefox")
    expected = expected_statuses(machine)
    assert len(expected) == 3
    assert scan_statuses(rules_folder, machine) == expected


def test_a_profile_that_turned_suggestions_off_passes(rules_folder: Path, tmp_path: Path) -> None:
    machine = tmp_path / "linux-firefox"
    shutil.copytree(host_folder("linux-firefox"), machine)
    prefs = machine / FIREFOX_ROOT / "3iv5wp1d.hardened" / "prefs.js"
    with prefs.open("a", encoding="utf-8") as handle:
        handle.write(f'user_pref("{PREF}", false);\n')
    statuses = scan_statuses(rules_folder, machine)
    assert statuses == expected_statuses(machine)
    assert statuses["Firefox, profile hardened"] == "pass"
    assert statuses["Firefox, profile risky"] == "fail"


def test_the_example_rule_reads_at_grade_8() -> None:
    rule = yaml.safe_load(example_block("rule")[1])
    texts = [rule["title"], rule["why"], *rule["messages"].values()]
    for field in ("fix", "verify", "check_by_hand"):
        for steps in rule[field].values():
            texts.extend(steps)
    for text in texts:
        plain = neutralise(text)
        hard = [(problem(s), s) for s in sentences(plain) if problem(s)]
        assert not hard, hard
        if words(plain) >= MIN_WORDS:
            assert grade(plain) <= MAX_GRADE, text
    for text in (rule["why"], *rule["messages"].values()):
        assert all(_explained(term, text) for term in _jargon_in(text)), text


def test_the_example_checklist_selects_the_example_rule(rules_folder: Path) -> None:
    path, text = example_block("checklist")
    (rules_folder / path).parent.mkdir(parents=True)
    (rules_folder / path).write_text(text, encoding="utf-8")
    checklist = yaml.safe_load(text)
    assert RULE_ID in checklist["rules"]
    code, output = invoke(
        "scan",
        "--rules",
        str(rules_folder),
        "--checklist",
        checklist["id"],
        "--recorded",
        str(host_folder("linux-firefox")),
        "--format",
        "json",
        "--no-questions",
    )
    assert code in (0, 1), output
    assert {f["rule"] for f in json.loads(output)["findings"]} == set(checklist["rules"])


def test_every_command_in_the_guide_exists() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    commands = set(re.findall(r"^\s*shadowaudit ((?:rules )?[a-z]+)", text, re.MULTILINE))
    commands |= set(re.findall(r"`shadowaudit ((?:rules )?[a-z]+)", text))
    assert {"scan", "explain", "facts", "rules validate", "rules test"} <= commands
    for command in sorted(commands):
        code, output = invoke(*command.split(), "--help")
        assert code == 0, (command, output)
