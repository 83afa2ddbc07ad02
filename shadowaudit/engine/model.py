"""The rule model: what a YAML rule file may say (unknown keys refused), read by `read_rule`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

import msgspec
from msgspec import UNSET, Meta, UnsetType, field

from shadowaudit.engine.operators import Op
from shadowaudit.engine.paths import parse_path
from shadowaudit.engine.questions import Question, question_problems
from shadowaudit.engine.strict import ModelProblem, StrictModel
from shadowaudit.host.base import Platform


class Status(StrEnum):
    """What a rule concluded about one subject."""

    pass_ = "pass"
    fail = "fail"
    unknown = "unknown"
    not_applicable = "not_applicable"
    error = "error"


class Severity(StrEnum):
    """How much harm the exposure can do, most harmful first."""

    critical = "critical"
    high = "high"
    medium = "medium"
    low = "low"
    info = "info"

    @property
    def rank(self) -> int:
        """0 for critical, growing as severity falls."""
        return list(Severity).index(self)


class ConditionNode:
    """What every condition is (a fact test, `all`, `any` or `not`). A field of this type is
    read by `_condition`, which tells the kind by its key: msgspec itself tells records apart
    only by a tag field, which rule files do not have."""

    __slots__ = ()


if TYPE_CHECKING:
    Condition: TypeAlias = "FactTest | AllOf | AnyOf | NotOf"
else:
    # NOTE: msgspec reads the annotations at run time, where a condition is a ConditionNode.
    Condition = ConditionNode

#: A place in a rule file, and what is wrong there.
Problem: TypeAlias = tuple[tuple[str | int, ...], str]


class CountTest(StrictModel, frozen=True, kw_only=True):
    """Count the items of a list (or keys of a mapping), optionally only those matching `where`."""

    where: Annotated[
        Condition | None,
        Meta(description="Count only items for which this holds; `each.` names the item."),
    ] = None
    eq: int | None = None
    ne: int | None = None
    lt: int | None = None
    le: int | None = None
    gt: int | None = None
    ge: int | None = None

    def limits(self) -> dict[str, int]:
        """The comparisons given, by name (exactly one once checked)."""
        names = ("eq", "ne", "lt", "le", "gt", "ge")
        return {name: value for name in names if (value := getattr(self, name)) is not None}


class FactRef(StrictModel, frozen=True, kw_only=True):
    """A reference to another fact, to compare with its value: {fact: item.minimum_version}."""

    fact: str


class FactTest(StrictModel, ConditionNode, frozen=True, kw_only=True, rename={"in_": "in"}):
    """Compare one fact with a value. Exactly one operator is given.

    A fact that could not be read makes the test unknown, never false. `default` is the value
    of a setting that is absent because the program stores only changed settings.
    """

    # NOTE: a field the rule does not give is UNSET, not None: a rule may compare with null.

    fact: Annotated[str, Meta(description='A fact path, e.g. item.prefs["dom.foo"]')]
    default: Annotated[Any, Meta(description="Value when the setting is absent.")] = UNSET
    equals: Any = UNSET
    not_equals: Any = UNSET
    in_: list[Any] | UnsetType = UNSET
    not_in: list[Any] | UnsetType = UNSET
    exists: bool | UnsetType = UNSET
    lt: float | FactRef | UnsetType = UNSET
    le: float | FactRef | UnsetType = UNSET
    gt: float | FactRef | UnsetType = UNSET
    ge: float | FactRef | UnsetType = UNSET
    version_lt: str | FactRef | UnsetType = UNSET
    version_le: str | FactRef | UnsetType = UNSET
    version_gt: str | FactRef | UnsetType = UNSET
    version_ge: str | FactRef | UnsetType = UNSET
    matches: Annotated[str | UnsetType, Meta(description="A regular expression; whole value.")] = (
        UNSET
    )
    contains: Any = UNSET
    count: CountTest | UnsetType = UNSET

    @classmethod
    def operator_fields(cls) -> list[str]:
        """The names of the fields that hold an operator (every field but fact and default)."""
        return [name for name in cls.__struct_fields__ if name not in ("fact", "default")]

    def operators(self) -> list[Op]:
        """The operators this test sets (exactly one once checked)."""
        return [op for op, name in _OPERATOR_FIELDS if getattr(self, name) is not UNSET]

    def operator(self) -> Op:
        """The operator of this test (the first, when a test not yet checked has several)."""
        # NOTE: asked for each test of each subject a scan judges: the first one set, found
        # without making a list (a frozen record cannot keep what it found).
        for op, name in _OPERATOR_FIELDS:
            if getattr(self, name) is not UNSET:
                return op
        raise ValueError(f"the test of {self.fact} has no operator")

    def expected(self) -> object:
        """The value the operator compares with (a {fact: path} mapping for a reference)."""
        return getattr(self, self.operator().field)

    def reference(self) -> str | None:
        """The path of another fact this test compares with, if the value is {fact: path}."""
        value = self.expected()
        if isinstance(value, FactRef):
            return value.fact
        if isinstance(value, dict) and set(value) == {"fact"} and isinstance(value["fact"], str):
            return value["fact"]
        return None

    @property
    def has_default(self) -> bool:
        """True when the rule gave a default for an absent setting."""
        return self.default is not UNSET


#: Each operator with the name of the FactTest field that holds it, in the order of Op.
_OPERATOR_FIELDS = tuple((op, op.field) for op in Op)


class AllOf(StrictModel, ConditionNode, frozen=True, kw_only=True):
    """True when every condition is true; false when one is false; else unknown."""

    all: Annotated[list[Condition], Meta(min_length=1)]


class AnyOf(StrictModel, ConditionNode, frozen=True, kw_only=True):
    """True when one condition is true; false when every one is false; else unknown."""

    any: Annotated[list[Condition], Meta(min_length=1)]


class NotOf(StrictModel, ConditionNode, frozen=True, kw_only=True, rename={"not_": "not"}):
    """The opposite of a condition; unknown stays unknown."""

    not_: Condition


#: The kinds of condition told by their key; any other mapping is a fact test.
_KINDS: dict[str, type[StrictModel]] = {"all": AllOf, "any": AnyOf, "not": NotOf}


def _kind_of(value: object) -> type[StrictModel]:
    """The kind of condition a value is, by its key (a fact test without one)."""
    if isinstance(value, dict):
        for key, kind in _KINDS.items():
            if key in value:
                return kind
    return FactTest


def _condition(kind: type, value: object) -> object:
    """Read a condition (msgspec's hook for ConditionNode fields): its kind by its key."""
    if kind is not ConditionNode:
        # NOTE: msgspec's dec_hook protocol: "not a type of mine", not something unfinished.
        raise NotImplementedError(kind)
    try:
        return msgspec.convert(value, _kind_of(value), dec_hook=_condition)
    except msgspec.ValidationError as exc:
        # NOTE: raised again as a ValueError, msgspec adds where this condition is.
        raise ValueError(str(exc)) from None


class Check(StrictModel, frozen=True, kw_only=True):
    """How to judge one platform: optionally once per subject, then a condition to pass."""

    for_each: Annotated[
        str | None, Meta(description="A fact listing subjects; the rule runs once per subject.")
    ] = None
    where: Annotated[
        Condition | None, Meta(description="Only subjects for which this holds (item.kind ...).")
    ] = None
    none_found: Annotated[
        str, Meta(description="What to say when no subject is left (else the catalogue's).")
    ] = ""
    pass_if: Condition
    evidence: Annotated[
        list[str], Meta(description="More facts to show as evidence, not judged.")
    ] = field(default_factory=list)


class Variants(StrictModel, frozen=True, kw_only=True):
    """A check per platform (a platform without one is not checked by the rule)."""

    linux: Check | None = None
    macos: Check | None = None
    windows: Check | None = None

    def get(self, platform: Platform) -> Check | None:
        """The check of one platform, if it has one."""
        found: Check | None = getattr(self, platform.value)
        return found

    def items(self) -> list[tuple[Platform, Check]]:
        """Each platform that has a check, with it."""
        return [(p, check) for p in Platform if (check := self.get(p)) is not None]

    def values(self) -> list[Check]:
        """The checks of every platform that has one."""
        return [check for _, check in self.items()]


class RuleCheck(StrictModel, frozen=True, kw_only=True):
    """The check: one for every platform, or a `variants` block per platform."""

    for_each: str | None = None
    where: Condition | None = None
    none_found: str = ""
    pass_if: Condition | None = None
    evidence: list[str] = field(default_factory=list)
    variants: Variants | None = None

    def for_platform(self, platform: Platform) -> Check | None:
        """The check that applies on a platform, or None when there is none."""
        if self.variants is not None:
            return self.variants.get(platform)
        assert self.pass_if is not None
        return Check(
            for_each=self.for_each,
            where=self.where,
            none_found=self.none_found,
            pass_if=self.pass_if,
            evidence=self.evidence,
        )


class AppliesTo(StrictModel, frozen=True, kw_only=True):
    """Where a rule applies: platforms, and an optional condition on facts."""

    platforms: Annotated[list[Platform], Meta(min_length=1)]
    when: Condition | None = None
    otherwise: Annotated[
        str,
        Meta(
            description="What to say when `when` is false: what was looked at and not found "
            "(else a general sentence)."
        ),
    ] = ""


class PlatformText(StrictModel, frozen=True, kw_only=True):
    """Steps for a person, for all platforms or per platform (a platform's own list wins)."""

    all: list[str] | None = None
    linux: list[str] | None = None
    macos: list[str] | None = None
    windows: list[str] | None = None

    def for_platform(self, platform: Platform) -> list[str]:
        """The steps for one platform."""
        own: list[str] | None = getattr(self, platform.value)
        return list(own if own is not None else self.all or [])


class Reference(StrictModel, frozen=True, kw_only=True):
    """A source a person or trainer can read to learn more."""

    title: str
    url: Annotated[str, Meta(pattern=r"^https://")]


class Messages(StrictModel, frozen=True, kw_only=True, rename={"pass_": "pass"}):
    """One short sentence per outcome, shown as the finding's headline."""

    pass_: str
    fail: str


class Example(StrictModel, frozen=True, kw_only=True):
    """A case of facts and the status the rule must give for each subject."""

    name: str
    platform: Annotated[
        Platform | None,
        Meta(description="Platform of the case; defaults to the first in applies_to."),
    ] = None
    facts: dict[str, Any] = field(default_factory=dict)
    expect: Status
    trap: Annotated[
        bool,
        Meta(
            description="A case where a switch looks right but the person is still exposed "
            "(the `falsify` note says how); it must not pass."
        ),
    ] = False


RULE_ID = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"


class Rule(StrictModel, frozen=True, kw_only=True):
    """One rule: what it checks, why it matters, how to judge it, and how to fix it."""

    def fix_for(self, platform: Platform, kind: str = "") -> list[str]:
        """The fix steps for a platform and, when the rule has its own, a kind of subject."""
        special = self.fix_by_kind.get(kind) if kind else None
        steps = special.for_platform(platform) if special is not None else []
        return steps or self.fix.for_platform(platform)

    id: Annotated[str, Meta(pattern=RULE_ID, description="Stable dotted id; equals the file path.")]
    version: Annotated[int, Meta(ge=1, description="Bump when the logic changes.")]
    title: Annotated[str, Meta(min_length=3)]
    why: Annotated[str, Meta(min_length=10, description="What is exposed, and to whom.")]
    messages: Messages
    severity: Severity
    effort: Annotated[int, Meta(ge=1, le=600, description="Minutes the fix takes.")]
    tags: list[str] = field(default_factory=list)
    applies_to: AppliesTo
    check: RuleCheck
    fix: PlatformText
    fix_by_kind: Annotated[
        dict[str, PlatformText],
        Meta(
            description="Fix steps for subjects of one kind (a subject's `kind`, e.g. brave), "
            "used instead of `fix` for them."
        ),
    ] = field(default_factory=dict)
    verify: PlatformText = field(default_factory=PlatformText)
    check_by_hand: PlatformText
    references: Annotated[list[Reference], Meta(min_length=1)]
    question: Annotated[
        Question | None,
        Meta(description="A question whose answer this rule judges (answers.<id>)."),
    ] = None
    indicator: Annotated[
        bool,
        Meta(
            description="The rule looks for known signs (a list of program names): a pass "
            "says 'no known sign', never 'fine', and the report lists it apart from what is "
            "fine."
        ),
    ] = False
    falsify: Annotated[
        str | None,
        Meta(
            description="How this rule could say 'fine' while the person is exposed (another "
            "service, a delay, a policy, a build, a schedule, a stale list), and what it "
            "judges so that it does not. A note for maintainers, never shown to the person."
        ),
    ] = None
    examples: Annotated[list[Example], Meta(min_length=2)]


def read_rule(data: object) -> Rule:
    """A rule from its parsed file: its shape read by msgspec (types, unknown keys), then what
    it says checked (`rule_problems`); raise msgspec.ValidationError or ModelProblem."""
    rule = msgspec.convert(data, Rule, dec_hook=_condition)
    for where, problem in rule_problems(rule):
        raise ModelProblem(where, problem)
    return rule


def read_condition(data: object) -> Condition:
    """One condition from parsed YAML, checked (for tests and tools)."""
    condition: Condition = msgspec.convert(data, _kind_of(data), dec_hook=_condition)  # type: ignore[assignment]
    for where, problem in condition_problems(condition, ()):
        raise ModelProblem(where, problem)
    return condition


def _path_problem(path: str, where: tuple[str | int, ...]) -> Iterator[Problem]:
    """A problem when `path` is not a fact path."""
    try:
        parse_path(path)
    except ValueError as exc:
        yield where, str(exc)


def condition_problems(condition: Condition, where: tuple[str | int, ...]) -> Iterator[Problem]:
    """What a condition says that is not allowed: a test with none or several operators, a
    count with none or several comparisons, a bad fact path or pattern."""
    if isinstance(condition, AllOf | AnyOf):
        key = "all" if isinstance(condition, AllOf) else "any"
        parts = condition.all if isinstance(condition, AllOf) else condition.any
        for index, part in enumerate(parts):
            yield from condition_problems(part, (*where, key, index))
        return
    if isinstance(condition, NotOf):
        yield from condition_problems(condition.not_, (*where, "not"))
        return
    yield from _path_problem(condition.fact, (*where, "fact"))
    chosen = condition.operators()
    if len(chosen) != 1:
        named = ", ".join(chosen) if chosen else "none"
        yield where, f"give exactly one operator (found: {named})"
        return
    reference = condition.reference()
    if reference is not None:
        yield from _path_problem(reference, (*where, chosen[0].value))
    if isinstance(condition.matches, str):
        try:
            re.compile(condition.matches)
        except re.error as exc:
            yield where, f"'matches' is not a valid regular expression: {exc}"
    if isinstance(condition.count, CountTest):
        if len(condition.count.limits()) != 1:
            yield (*where, "count"), "count needs exactly one of eq, ne, lt, le, gt, ge"
        if condition.count.where is not None:
            yield from condition_problems(condition.count.where, (*where, "count", "where"))


def _check_problems(check: RuleCheck | Check, where: tuple[str | int, ...]) -> Iterator[Problem]:
    """What one platform's check says that is not allowed: bad paths or conditions."""
    if check.for_each is not None:
        yield from _path_problem(check.for_each, (*where, "for_each"))
    if check.where is not None:
        yield from condition_problems(check.where, (*where, "where"))
    if check.pass_if is not None:
        yield from condition_problems(check.pass_if, (*where, "pass_if"))
    for index, path in enumerate(check.evidence):
        yield from _path_problem(path, (*where, "evidence", index))


def rule_problems(rule: Rule) -> Iterator[Problem]:
    """What a rule of the right shape says that is not allowed, each with where it is."""
    if rule.question is not None:
        for where, problem in question_problems(rule.question):
            yield ("question", *where), problem
    if rule.applies_to.when is not None:
        yield from condition_problems(rule.applies_to.when, ("applies_to", "when"))
    check = rule.check
    if (check.pass_if is None) == (check.variants is None):
        yield ("check",), "give either 'pass_if' or 'variants', not both or neither"
    elif check.variants is not None:
        if check.for_each or check.evidence or check.where:
            yield ("check",), "with 'variants', put for_each, where and evidence inside each"
        for platform, variant in check.variants.items():
            yield from _check_problems(variant, ("check", "variants", platform.value))
    else:
        yield from _check_problems(check, ("check",))
    for index, example in enumerate(rule.examples):
        if example.trap and example.expect is Status.pass_:
            yield ("examples", index), f"trap example {example.name!r} must not expect 'pass'"
    if not {Status.pass_, Status.fail} <= {example.expect for example in rule.examples}:
        yield (), "examples need at least one 'pass' and one 'fail' case"
