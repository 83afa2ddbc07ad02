"""The committed JSON Schemas are fresh, accept every shipped rule, and accept real reports."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from shadowaudit.engine.loader import rule_files
from shadowaudit.host import RecordedHost
from shadowaudit.maintain.schemas import SCHEMAS, schema_text
from shadowaudit.report.render import Format, render
from shadowaudit.resources import rules_dir, schema_dir
from shadowaudit.scan import load_selected_rules, run_scan


def load_schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((schema_dir() / name).read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_fresh(name: str) -> None:
    # NOTE: compared as data, not text: what the schema says matters, not how it is spelled.
    committed = load_schema(name)
    assert committed == json.loads(schema_text(SCHEMAS[name])), (
        f"schema/{name} is stale: run `python -m shadowaudit.maintain.schemas schema/`"
    )


def test_every_shipped_rule_matches_the_published_schema() -> None:
    validator = Draft202012Validator(load_schema("rule.schema.json"))
    files = rule_files(rules_dir())
    assert files
    for path in files:
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert errors == [], f"{path}: {errors[0].message if errors else ''}"


def test_the_schema_refuses_an_unknown_key() -> None:
    validator = Draft202012Validator(load_schema("rule.schema.json"))
    rule = yaml.safe_load((rules_dir() / "system" / "firewall.yaml").read_text(encoding="utf-8"))
    rule["sevrity"] = "low"
    assert not validator.is_valid(rule)


@pytest.mark.parametrize("machine", ["debian12-luks-lvm", "ubuntu2404-plain", "linux-container"])
def test_json_reports_match_the_report_schema(
    recorded: Callable[[str], RecordedHost], machine: str
) -> None:
    report = run_scan(recorded(machine), load_selected_rules())
    data = json.loads(render(report, Format.json))
    Draft202012Validator(load_schema("report.schema.json")).validate(data)
    assert data["schema_version"] == "1"
    assert {"rule", "subject", "status", "severity", "reason", "evidence"} <= set(
        data["findings"][0]
    )


def test_only_a_model_that_holds_conditions_describes_them() -> None:
    from shadowaudit.maintain.schemas import _conditions

    with pytest.raises(NotImplementedError):
        _conditions(int)
    assert "FactTest" in load_schema("rule.schema.json")["$defs"]
    assert "FactTest" not in load_schema("report.schema.json")["$defs"]
