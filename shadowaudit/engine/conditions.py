"""Three-valued evaluation of conditions: true, false, or unknown when a fact is missing.

A comparison with a fact that could not be read is unknown, never false. `all` is false when
one part is false, else unknown when one is unknown; `any` is true when one part is true, else
unknown when one is unknown; `not` keeps unknown. Every step is recorded in a trace, in plain
words, for `shadowaudit explain`, and every fact read is kept as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import cast

from packaging.version import InvalidVersion, Version

from shadowaudit.engine.model import AllOf, AnyOf, Condition, CountTest, FactTest, NotOf
from shadowaudit.engine.paths import Lookup, lookup
from shadowaudit.facts.base import FactValue, Missing, Reason, fact_to_json
from shadowaudit.i18n.translator import N_


class Tri(Enum):
    """A truth value that can be unknown."""

    true = "true"
    false = "false"
    unknown = "unknown"

    @classmethod
    def of(cls, value: bool) -> Tri:
        """Tri.true or Tri.false."""
        return cls.true if value else cls.false


@dataclass(frozen=True)
class TraceLine:
    """One step of an evaluation, for `explain`."""

    depth: int
    text: str
    result: Tri


@dataclass(frozen=True)
class EvidenceItem:
    """A fact read while judging, with its value and a note (e.g. that a default was used)."""

    fact: str
    value: object
    note: str = ""


@dataclass
class Context:
    """What an evaluation reads from, and what it records."""

    facts: Mapping[str, FactValue]
    scopes: dict[str, FactValue] = field(default_factory=dict)
    trace: list[TraceLine] = field(default_factory=list)
    evidence: list[EvidenceItem] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    record: bool = True


_WORDS = {
    "equals": "is",
    "not_equals": "is not",
    "in": "is one of",
    "not_in": "is none of",
    "lt": "is less than",
    "le": "is at most",
    "gt": "is more than",
    "ge": "is at least",
    "version_lt": "is a version older than",
    "version_le": "is a version at most",
    "version_gt": "is a version newer than",
    "version_ge": "is a version at least",
    "matches": "matches the pattern",
    "contains": "contains",
}


def _same(a: object, b: object) -> bool:
    """Equality that does not confuse true with 1, or "1" with 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and a == b


def _number(value: object) -> float | None:
    """The value as a number, or None (true and false are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _version(value: object) -> Version | None:
    """The value as a version, or None when it is not one."""
    try:
        return Version(str(value)) if isinstance(value, str | int | float) else None
    except InvalidVersion:
        return None


def _kind(value: object) -> str:
    """The JSON kind of a value: bool, number, string, list, mapping or null."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    return "mapping" if isinstance(value, dict) else "null"


def _comparable(value: object, expected: object, op: str) -> bool:
    """False when the value is of another kind than every expected value (e.g. "0" for 0)."""
    options = expected if op in ("in", "not_in") and isinstance(expected, list) else [expected]
    kinds = {_kind(option) for option in options} - {"null"}
    return value is None or not kinds or _kind(value) in kinds


def _compare(op: str, value: FactValue, expected: object) -> Tri | None:
    """Apply one operator; None means the value has a shape the operator cannot judge."""
    if op in ("equals", "not_equals", "in", "not_in") and not _comparable(value, expected, op):
        return None
    if op == "equals":
        return Tri.of(_same(value, expected))
    if op == "not_equals":
        return Tri.of(not _same(value, expected))
    if op in ("in", "not_in"):
        found = any(_same(value, option) for option in expected)  # type: ignore[attr-defined]
        return Tri.of(found if op == "in" else not found)
    if op in ("lt", "le", "gt", "ge"):
        number = _number(value)
        if number is None:
            return None
        limit = float(expected)  # type: ignore[arg-type]
        results = {
            "lt": number < limit,
            "le": number <= limit,
            "gt": number > limit,
            "ge": number >= limit,
        }
        return Tri.of(results[op])
    if op.startswith("version_"):
        have, want = _version(value), _version(expected)
        if have is None or want is None:
            return None
        results = {
            "version_lt": have < want,
            "version_le": have <= want,
            "version_gt": have > want,
            "version_ge": have >= want,
        }
        return Tri.of(results[op])
    if op == "matches":
        if not isinstance(value, str):
            return None
        return Tri.of(re.fullmatch(str(expected), value) is not None)
    if op == "contains":
        if isinstance(value, list):
            return Tri.of(any(_same(item, expected) for item in value))
        if isinstance(value, str) and isinstance(expected, str):
            return Tri.of(expected in value)
        if isinstance(value, dict):
            return Tri.of(expected in value)
        return None
    raise AssertionError(f"unknown operator {op}")


def _show(path: str) -> str:
    """The path as a person reads it: the setting name when it has one, else the fact name."""
    keys = re.findall(r"""\[\s*["']([^"']*)["']\s*\]""", path)
    if keys:
        return ".".join(keys)
    for scope in ("item.", "each."):
        path = path.removeprefix(scope)
    return path


def _judge(test: FactTest, op: str, found: Lookup, ctx: Context, depth: int) -> Tri:
    """The outcome of one operator on what a lookup found."""
    if op == "exists" and not isinstance(found.value, Missing):
        present = not found.absent or test.has_default
        return Tri.of(present == test.exists)
    value: FactValue = cast(FactValue, test.default) if found.absent else found.value
    if found.absent and not test.has_default:
        value = Missing(Reason.not_set, f"{test.fact} is not set")
    if isinstance(value, Missing):
        ctx.missing.append(value)
        return Tri.unknown
    if op == "count":
        assert test.count is not None
        return _evaluate_count(test.count, value, ctx, depth)
    expected: object = test.expected()
    reference = test.reference()
    if reference is not None:
        other = lookup(reference, ctx.facts, ctx.scopes)
        if other.absent or isinstance(other.value, Missing):
            ctx.missing.append(
                other.value
                if isinstance(other.value, Missing)
                else Missing(Reason.not_set, f"{reference} is not set")
            )
            return Tri.unknown
        expected = other.value
    compared = _compare(op, value, expected)
    if compared is None:
        ctx.missing.append(Missing(Reason.parse_error, f"{test.fact} has an unexpected value"))
        return Tri.unknown
    return compared


def _evaluate_fact(test: FactTest, ctx: Context, depth: int) -> Tri:
    """Evaluate one fact test, recording its evidence and a trace line."""
    found = lookup(test.fact, ctx.facts, ctx.scopes)
    op = test.operator()
    result = _judge(test, op, found, ctx, depth)
    if not ctx.record:
        return result
    value: object = found.value
    note = ""
    if found.absent:
        value = test.default if test.has_default else None
        note = N_("not set, so the default applies") if test.has_default else N_("not set")
    shown_value = fact_to_json(cast(FactValue, value))
    ctx.evidence.append(EvidenceItem(_show(test.fact), shown_value, note))
    name = _show(test.fact)
    if op == "exists":
        words = f"{name} {'is set' if test.exists else 'is not set'}"
    elif op == "count" and test.count is not None:
        limits = test.count.model_dump(exclude_none=True, exclude={"where"})
        words = f"the number of {name} fits {limits}"
    else:
        words = f"{name} {_WORDS[op]} {getattr(test, 'in_' if op == 'in' else op)!r}"
    if isinstance(found.value, Missing):
        seen = "could not be read"
    elif found.absent:
        seen = f"not set, default {test.default!r}" if test.has_default else "not set"
    else:
        seen = repr(fact_to_json(found.value))
    ctx.trace.append(TraceLine(depth, f"{words} (found: {seen})", result))
    return result


def _evaluate_count(test: CountTest, value: FactValue, ctx: Context, depth: int) -> Tri:
    """Count matching items; unknown when the unknown items could change the answer."""
    if not isinstance(value, list | dict):
        ctx.missing.append(Missing(Reason.parse_error, "count of something that is not a list"))
        return Tri.unknown
    items: list[FactValue] = list(value.values()) if isinstance(value, dict) else list(value)
    surely, maybe = 0, 0
    for item in items:
        if test.where is None:
            surely += 1
            continue
        saved = ctx.scopes.get("each")
        ctx.scopes["each"] = item
        outcome = evaluate(test.where, ctx, depth + 1)
        if saved is None:
            ctx.scopes.pop("each")
        else:
            ctx.scopes["each"] = saved
        surely += outcome is Tri.true
        maybe += outcome is Tri.unknown
    (op,) = [n for n in ("eq", "ne", "lt", "le", "gt", "ge") if getattr(test, n) is not None]
    limit = getattr(test, op)
    checks = {
        "eq": lambda n: n == limit,
        "ne": lambda n: n != limit,
        "lt": lambda n: n < limit,
        "le": lambda n: n <= limit,
        "gt": lambda n: n > limit,
        "ge": lambda n: n >= limit,
    }
    low, high = checks[op](surely), checks[op](surely + maybe)
    if low == high and all(checks[op](n) == low for n in range(surely, surely + maybe + 1)):
        return Tri.of(low)
    return Tri.unknown


def evaluate(condition: Condition, ctx: Context, depth: int = 0) -> Tri:
    """Evaluate a condition in three-valued logic, recording trace and evidence in `ctx`."""
    if isinstance(condition, FactTest):
        return _evaluate_fact(condition, ctx, depth)
    if isinstance(condition, NotOf):
        inner = evaluate(condition.not_, ctx, depth + 1)
        result = {Tri.true: Tri.false, Tri.false: Tri.true}.get(inner, Tri.unknown)
        if ctx.record:
            ctx.trace.append(TraceLine(depth, "the opposite of the above", result))
        return result
    parts = condition.all if isinstance(condition, AllOf) else condition.any
    if ctx.record:
        kind = "all" if isinstance(condition, AllOf) else "at least one"
        ctx.trace.append(TraceLine(depth, f"{kind} of these must hold:", Tri.unknown))
        header = len(ctx.trace) - 1
    results, slices = [], []
    for part in parts:
        start = len(ctx.evidence)
        results.append(evaluate(part, ctx, depth + 1))
        slices.append(ctx.evidence[start:])
        del ctx.evidence[start:]
    if isinstance(condition, AllOf):
        result = (
            Tri.false
            if Tri.false in results
            else (Tri.unknown if Tri.unknown in results else Tri.true)
        )
    else:
        assert isinstance(condition, AnyOf)
        result = (
            Tri.true
            if Tri.true in results
            else (Tri.unknown if Tri.unknown in results else Tri.false)
        )
    # NOTE: only the parts that decided the outcome are evidence (for a failed `all`, the parts
    # that failed); a branch that did not matter would only confuse the person reading.
    for part_result, part_evidence in zip(results, slices, strict=True):
        if part_result is result:
            ctx.evidence.extend(e for e in part_evidence if e not in ctx.evidence)
    if ctx.record:
        ctx.trace[header] = TraceLine(depth, ctx.trace[header].text, result)
    return result
