"""Three-valued evaluation of conditions: true, false, or unknown when a fact is missing.

A comparison with a fact that could not be read is unknown, never false. `all` is false when
one part is false, else unknown when one is unknown; `any` is true when one part is true, else
unknown when one is unknown; `not` keeps unknown. Every step is recorded in a trace, in plain
words, for `shadowaudit explain`, and every fact read is kept as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import Enum
from typing import cast

from msgspec import Struct, field

from shadowaudit.engine.model import AllOf, AnyOf, Condition, CountTest, FactTest, NotOf
from shadowaudit.engine.operators import OPERATORS, Op
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


class TraceLine(Struct, frozen=True):
    """One step of an evaluation, for `explain`."""

    depth: int
    text: str
    result: Tri


class EvidenceItem(Struct, frozen=True):
    """A fact read while judging, with its value and a note (e.g. that a default was used)."""

    fact: str
    value: object
    note: str = ""


class Context(Struct):
    """What an evaluation reads from, and what it records."""

    facts: Mapping[str, FactValue]
    scopes: dict[str, FactValue] = field(default_factory=dict)
    trace: list[TraceLine] = field(default_factory=list)
    evidence: list[EvidenceItem] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    record: bool = True
    #: Whether the trace is written too (only `explain` shows it; a scan leaves it empty).
    traced: bool = True


def _show(path: str) -> str:
    """The path as a person reads it: the setting name when it has one, else the fact name."""
    keys = re.findall(r"""\[\s*["']([^"']*)["']\s*\]""", path)
    if keys:
        return ".".join(keys)
    for scope in ("item.", "each."):
        path = path.removeprefix(scope)
    return path


def _outcome(test: FactTest, op: Op, found: Lookup, ctx: Context, depth: int) -> Tri:
    """The outcome of one operator on what a lookup found."""
    if op is Op.exists and not isinstance(found.value, Missing):
        present = not found.absent or test.has_default
        return Tri.of(present == test.exists)
    value: FactValue = cast(FactValue, test.default) if found.absent else found.value
    if found.absent and not test.has_default:
        value = Missing(Reason.not_set, f"{test.fact} is not set")
    if isinstance(value, Missing):
        ctx.missing.append(value)
        return Tri.unknown
    if op is Op.count_:
        assert isinstance(test.count, CountTest)
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
    judge = OPERATORS[op].judge
    assert judge is not None, op
    compared = judge(value, expected)
    if compared is None:
        ctx.missing.append(Missing(Reason.parse_error, f"{test.fact} has an unexpected value"))
        return Tri.unknown
    return Tri.of(compared)


def _evaluate_fact(test: FactTest, ctx: Context, depth: int) -> Tri:
    """Evaluate one fact test, recording its evidence and a trace line."""
    found = lookup(test.fact, ctx.facts, ctx.scopes)
    op = test.operator()
    result = _outcome(test, op, found, ctx, depth)
    if not ctx.record:
        return result
    value: object = found.value
    note = ""
    if found.absent:
        value = test.default if test.has_default else None
        note = N_("not set, so the default applies") if test.has_default else N_("not set")
    shown_value = fact_to_json(cast(FactValue, value))
    ctx.evidence.append(EvidenceItem(_show(test.fact), shown_value, note))
    if not ctx.traced:
        return result
    name = _show(test.fact)
    row = OPERATORS[op]
    if op is Op.exists:
        words = f"{name} {row.words if test.exists else 'is not set'}"
    elif op is Op.count_ and isinstance(test.count, CountTest):
        words = f"the number of {name} {_count_words(test.count)}"
    elif (reference := test.reference()) is not None:
        words = f"{name} {row.words} {_show(reference)} ({_value_words(reference, ctx)})"
    else:
        words = f"{name} {row.words} {getattr(test, op.field)!r}"
    if isinstance(found.value, Missing):
        seen = _SEEN_MISSING.get(found.value.reason, "could not be read")
    elif found.absent:
        seen = f"not set, default {test.default!r}" if test.has_default else "not set"
    else:
        seen = repr(fact_to_json(found.value))
    ctx.trace.append(TraceLine(depth, f"{words} (found: {seen})", result))
    return result


#: What `explain` says of an answer that was not given, or given as "I'm not sure".
_SEEN_MISSING = {Reason.not_sure: "you were not sure", Reason.not_answered: "not answered"}


_COUNT_WORDS = {
    "eq": "is",
    "ne": "is not",
    "lt": "is less than",
    "le": "is at most",
    "gt": "is more than",
    "ge": "is at least",
}


def _count_words(test: CountTest) -> str:
    """A count's limit in words: 'is at least 1', with the items it counts."""
    limits = test.limits()
    words = " and ".join(f"{_COUNT_WORDS[op]} {limit}" for op, limit in limits.items())
    if test.where is not None:
        words += " (counting the items for which the lines above hold)"
    return words


def _value_words(path: str, ctx: Context) -> str:
    """The value of another fact a test compares with, as `explain` shows it."""
    other = lookup(path, ctx.facts, ctx.scopes)
    if isinstance(other.value, Missing):
        return "could not be read"
    if other.absent:
        return "not set"
    return repr(fact_to_json(other.value))


def _evaluate_count(test: CountTest, value: FactValue, ctx: Context, depth: int) -> Tri:
    """Count matching items; unknown when the unknown items could change the answer."""
    if not isinstance(value, list | dict):
        ctx.missing.append(Missing(Reason.parse_error, "count of something that is not a list"))
        return Tri.unknown
    items: list[FactValue] = list(value.values()) if isinstance(value, dict) else list(value)
    surely, maybe = 0, 0
    # NOTE: what `where` reads of each item is in the trace, not in the evidence: the counted
    # list is the evidence, and "enabled = true" alone does not say which item it was.
    start = len(ctx.evidence)
    # NOTE: without a trace, nothing the items record is kept: they record nothing.
    recording, ctx.record = ctx.record, ctx.record and ctx.traced
    try:
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
    finally:
        ctx.record = recording
    del ctx.evidence[start:]
    ((op, limit),) = test.limits().items()
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
        if ctx.record and ctx.traced:
            ctx.trace.append(TraceLine(depth, "the opposite of the above", result))
        return result
    parts = condition.all if isinstance(condition, AllOf) else condition.any
    traced = ctx.record and ctx.traced
    if traced:
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
    if traced:
        ctx.trace[header] = TraceLine(depth, ctx.trace[header].text, result)
    return result
