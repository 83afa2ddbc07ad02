"""The operators of a fact test, one row each: the name, the words for `explain`, the logic.

Adding an operator means adding an `Op`, its row in `OPERATORS` and its field on `FactTest`;
tests/engine/test_conditions.py fails until the three agree and docs/writing-rules.md has it.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from enum import StrEnum

from msgspec import Struct
from packaging.version import InvalidVersion, Version

from shadowaudit.facts.base import FactValue

#: An operator's logic: True or False, or None for a value of a shape it cannot judge.
Judge = Callable[[FactValue, object], bool | None]


class Op(StrEnum):
    """The name of an operator, as written in a rule (`in` is `Op.in_`, `count` is `Op.count_`)."""

    equals = "equals"
    not_equals = "not_equals"
    in_ = "in"
    not_in = "not_in"
    exists = "exists"
    lt = "lt"
    le = "le"
    gt = "gt"
    ge = "ge"
    version_lt = "version_lt"
    version_le = "version_le"
    version_gt = "version_gt"
    version_ge = "version_ge"
    matches = "matches"
    contains = "contains"
    count_ = "count"  # NOTE: `count` would hide str.count

    @property
    def field(self) -> str:
        """The name of the FactTest field that holds this operator's value."""
        return "in_" if self is Op.in_ else self.value


class Operator(Struct, frozen=True):
    """One row: the words `explain` puts between the fact and the value, and the logic.

    `judge` is None for `exists` and `count`, which look at the lookup itself (absent, or
    the items of a list) and are judged in engine/conditions.py.
    """

    words: str
    judge: Judge | None


def same(a: object, b: object) -> bool:
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


def _alike(judge: Judge, many: bool = False) -> Judge:
    """`judge`, but None when the value is of another kind than every expected value (e.g.
    "0" for 0); with `many`, the expected value is a list of options."""

    def checked(value: FactValue, expected: object) -> bool | None:
        """Judge only values of a kind the rule expects."""
        options = expected if many and isinstance(expected, list) else [expected]
        kinds = {_kind(option) for option in options} - {"null"}
        if value is None or not kinds or _kind(value) in kinds:
            return judge(value, expected)
        return None

    return checked


def _one_of(value: FactValue, expected: object) -> bool:
    """True when the value is one of the expected options."""
    return any(same(value, option) for option in expected)  # type: ignore[attr-defined]


def _numbers(compare: Callable[[float, float], bool]) -> Judge:
    """Compare a number with a limit; None when the value is not a number."""

    def judge(value: FactValue, expected: object) -> bool | None:
        """Compare as numbers."""
        number = _number(value)
        if number is None:
            return None
        return compare(number, float(expected))  # type: ignore[arg-type]

    return judge


def _versions(compare: Callable[[Version, Version], bool]) -> Judge:
    """Compare two version numbers; None when either is not one."""

    def judge(value: FactValue, expected: object) -> bool | None:
        """Compare as versions."""
        have, want = _version(value), _version(expected)
        if have is None or want is None:
            return None
        return compare(have, want)

    return judge


def _matches(value: FactValue, expected: object) -> bool | None:
    """True when a text fits the regular expression as a whole."""
    if not isinstance(value, str):
        return None
    return re.fullmatch(str(expected), value) is not None


def _contains(value: FactValue, expected: object) -> bool | None:
    """A list holds the item, a text holds the text, or a mapping has the key."""
    if isinstance(value, list):
        return any(same(item, expected) for item in value)
    if isinstance(value, str) and isinstance(expected, str):
        return expected in value
    if isinstance(value, dict):
        return expected in value
    return None


OPERATORS: dict[Op, Operator] = {
    Op.equals: Operator("is", _alike(same)),
    Op.not_equals: Operator("is not", _alike(lambda v, e: not same(v, e))),
    Op.in_: Operator("is one of", _alike(_one_of, many=True)),
    Op.not_in: Operator("is none of", _alike(lambda v, e: not _one_of(v, e), many=True)),
    Op.exists: Operator("is set", None),
    Op.lt: Operator("is less than", _numbers(operator.lt)),
    Op.le: Operator("is at most", _numbers(operator.le)),
    Op.gt: Operator("is more than", _numbers(operator.gt)),
    Op.ge: Operator("is at least", _numbers(operator.ge)),
    Op.version_lt: Operator("is a version older than", _versions(operator.lt)),
    Op.version_le: Operator("is a version at most", _versions(operator.le)),
    Op.version_gt: Operator("is a version newer than", _versions(operator.gt)),
    Op.version_ge: Operator("is a version at least", _versions(operator.ge)),
    Op.matches: Operator("matches the pattern", _matches),
    Op.contains: Operator("contains", _contains),
    Op.count_: Operator("fits", None),
}
