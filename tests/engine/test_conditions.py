"""Three-valued conditions: truth tables, every operator, defaults, counts and the trace."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from shadowaudit.engine.conditions import Context, Tri, evaluate
from shadowaudit.engine.model import FactTest, read_condition
from shadowaudit.engine.operators import OPERATORS, Op
from shadowaudit.facts.base import Missing, Reason

T, F, U = Tri.true, Tri.false, Tri.unknown
# A fact per truth value, so that conditions can be built from them.
VALUES = {T: True, F: False, U: Missing(Reason.permission_denied)}


def run(condition: dict[str, Any], facts: dict[str, Any] | None = None, item: Any = None) -> Tri:
    ctx = Context(facts=facts or {}, scopes={"item": item} if item is not None else {})
    return evaluate(read_condition(condition), ctx)


def leaf(name: str) -> dict[str, Any]:
    return {"fact": name, "equals": True}


@pytest.mark.parametrize(("a", "b"), list(itertools.product([T, F, U], repeat=2)))
def test_truth_tables(a: Tri, b: Tri) -> None:
    facts = {"a": VALUES[a], "b": VALUES[b]}
    expected_all = F if F in (a, b) else (U if U in (a, b) else T)
    expected_any = T if T in (a, b) else (U if U in (a, b) else F)
    assert run({"all": [leaf("a"), leaf("b")]}, facts) is expected_all
    assert run({"any": [leaf("a"), leaf("b")]}, facts) is expected_any
    assert run({"not": leaf("a")}, facts) is {T: F, F: T, U: U}[a]


@pytest.mark.parametrize(
    ("condition", "value", "expected"),
    [
        ({"equals": 1}, 1, T),
        ({"equals": 1}, True, U),  # true is not 1: a value of another kind cannot be judged
        ({"equals": "1"}, 1, U),
        ({"equals": True}, False, F),
        ({"not_equals": "off"}, "on", T),
        ({"in": [1, 2]}, 2, T),
        ({"in": [1, 2]}, 3, F),
        ({"not_in": [1, 2]}, 3, T),
        ({"lt": 10}, 5, T),
        ({"le": 10}, 10, T),
        ({"gt": 10}, 10, F),
        ({"ge": 10}, 10.5, T),
        ({"lt": 10}, "5", U),
        ({"lt": 10}, True, U),
        ({"version_lt": "128.0"}, "115.9.1esr", U),
        ({"version_lt": "128.0"}, "115.9.1", T),
        ({"version_ge": "128.0"}, "153.7.0", T),
        ({"version_gt": "2.0"}, "1.10", F),
        ({"version_le": "1.10"}, "1.9", T),
        ({"matches": "CRYPT-.*"}, "CRYPT-LUKS2-abc", T),
        ({"matches": "CRYPT"}, "CRYPT-LUKS2", F),  # the whole value must match
        ({"matches": "x"}, 5, U),
        ({"contains": "sudo"}, ["adm", "sudo"], T),
        ({"contains": "wheel"}, ["adm", "sudo"], F),
        ({"contains": "luks"}, "luks,discard", T),
        ({"contains": "key"}, {"key": 1}, T),
        ({"contains": 1}, 5, U),
        ({"exists": True}, 0, T),
        ({"exists": False}, 0, F),
    ],
)
def test_operators(condition: dict[str, Any], value: Any, expected: Tri) -> None:
    assert run({"fact": "x", **condition}, {"x": value}) is expected


def test_missing_fact_is_unknown_for_every_operator() -> None:
    missing = {"x": Missing(Reason.timeout)}
    for condition in [
        {"equals": 1},
        {"not_equals": 1},
        {"in": [1]},
        {"not_in": [1]},
        {"lt": 1},
        {"exists": True},
        {"exists": False},
        {"matches": "a"},
        {"contains": 1},
        {"version_lt": "1"},
        {"count": {"ge": 1}},
    ]:
        assert run({"fact": "x", **condition}, missing) is U, condition


def test_default_applies_only_to_an_absent_setting() -> None:
    condition = {"fact": 'item.prefs["p"]', "default": False, "equals": True}
    assert run(condition, item={"prefs": {}}) is F
    assert run(condition, item={"prefs": {"p": True}}) is T
    assert run(condition, item={"prefs": Missing(Reason.parse_error)}) is U
    assert run(condition, item={}) is U
    no_default = {"fact": 'item.prefs["p"]', "equals": True}
    assert run(no_default, item={"prefs": {}}) is U
    assert run({"fact": 'item.prefs["p"]', "exists": False}, item={"prefs": {}}) is T


def test_count_with_where_is_three_valued() -> None:
    exts = [{"all_sites": True}, {"all_sites": False}, {"all_sites": Missing(Reason.parse_error)}]
    where = {"fact": "each.all_sites", "equals": True}
    assert run({"fact": "e", "count": {"ge": 1, "where": where}}, {"e": exts}) is T
    assert run({"fact": "e", "count": {"eq": 0, "where": where}}, {"e": exts}) is F
    assert run({"fact": "e", "count": {"le": 1, "where": where}}, {"e": exts}) is U
    assert run({"fact": "e", "count": {"eq": 3}}, {"e": exts}) is T
    assert run({"fact": "e", "count": {"gt": 0}}, {"e": {}}) is F
    assert run({"fact": "e", "count": {"gt": 0}}, {"e": "text"}) is U


def test_trace_and_evidence_are_recorded() -> None:
    ctx = Context(facts={"s.ufw": "disabled", "s.fw": Missing(Reason.unsupported)})
    condition = read_condition(
        {"any": [{"fact": "s.ufw", "equals": "enabled"}, {"fact": "s.fw", "equals": "active"}]}
    )
    assert evaluate(condition, ctx) is U
    texts = [line.text for line in ctx.trace]
    assert texts[0] == "at least one of these must hold:"
    assert "s.ufw is 'enabled' (found: 'disabled')" in texts[1]
    assert "could not be read" in texts[2]
    assert [e.fact for e in ctx.evidence] == ["s.fw"]  # only the part that decided
    assert ctx.missing == [Missing(Reason.unsupported)]


def test_evidence_keeps_the_deciding_parts_only() -> None:
    ctx = Context(facts={"kind": "chrome", "sb": False, "ss": True})
    condition = read_condition(
        {
            "any": [
                {"all": [{"fact": "kind", "equals": "edge"}, {"fact": "ss", "equals": True}]},
                {"all": [{"fact": "kind", "not_equals": "edge"}, {"fact": "sb", "equals": True}]},
            ]
        }
    )
    assert evaluate(condition, ctx) is F
    assert [(e.fact, e.value) for e in ctx.evidence] == [("kind", "chrome"), ("sb", False)]


def test_comparing_with_another_fact() -> None:
    condition = {"fact": "item.version", "version_ge": {"fact": "item.minimum_version"}}
    assert run(condition, item={"version": "153.7.0", "minimum_version": "140.0"}) is T
    assert run(condition, item={"version": "115.1.0", "minimum_version": "140.0"}) is F
    assert run(condition, item={"version": "115.1.0"}) is U
    assert run(condition, item={"version": "1", "minimum_version": Missing(Reason.timeout)}) is U
    assert run({"fact": "a", "equals": {"fact": "b"}}, {"a": 3, "b": 3}) is T


ROOT = Path(__file__).resolve().parents[2]


def test_every_operator_has_a_row_a_field_and_a_line_in_the_guide() -> None:
    assert set(OPERATORS) == set(Op)
    assert [op.field for op in Op] == FactTest.operator_fields()
    schema = json.loads((ROOT / "schema" / "rule.schema.json").read_text(encoding="utf-8"))
    in_schema = set(schema["$defs"]["FactTest"]["properties"]) - {"fact", "default"}
    assert in_schema == {op.value for op in Op}
    guide = (ROOT / "docs" / "writing-rules.md").read_text(encoding="utf-8")
    table = guide[guide.index("| Operator |") :].split("\n\n", 1)[0]
    first_column = "".join(row.split("|")[1] for row in table.split("\n"))
    documented = set(re.findall(r"`(\w+)`", first_column))
    assert documented == {op.value for op in Op}


def test_every_row_has_words_and_logic_unless_the_lookup_judges_it() -> None:
    for op, row in OPERATORS.items():
        assert row.words, op
        assert (row.judge is None) == (op in (Op.exists, Op.count_)), op


def test_a_test_built_without_an_operator_says_so() -> None:
    with pytest.raises(ValueError, match="has no operator"):
        FactTest(fact="system.firewall").operator()


def test_the_condition_hook_leaves_other_types_to_msgspec() -> None:
    from shadowaudit.engine.model import ConditionNode, _condition

    with pytest.raises(NotImplementedError):
        _condition(int, 1)
    assert isinstance(_condition(ConditionNode, {"not": leaf("a")}), ConditionNode)
