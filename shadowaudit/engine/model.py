"""The rule model: what a YAML rule file may say, validated by pydantic; unknown keys refused."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    Discriminator,
    Field,
    JsonValue,
    PrivateAttr,
    Tag,
    field_validator,
    model_validator,
)

from shadowaudit.engine.operators import Op
from shadowaudit.engine.paths import parse_path
from shadowaudit.engine.questions import Question
from shadowaudit.engine.strict import StrictModel
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


def _check_path(value: str) -> str:
    """Validate a fact path (pydantic validator)."""
    parse_path(value)
    return value


class CountTest(StrictModel):
    """Count the items of a list (or keys of a mapping), optionally only those matching `where`."""

    where: Condition | None = Field(
        default=None, description="Count only items for which this holds; `each.` names the item."
    )
    eq: int | None = None
    ne: int | None = None
    lt: int | None = None
    le: int | None = None
    gt: int | None = None
    ge: int | None = None

    @model_validator(mode="after")
    def _one_comparison(self) -> CountTest:
        """Refuse a count with none or several comparisons."""
        chosen = [n for n in ("eq", "ne", "lt", "le", "gt", "ge") if getattr(self, n) is not None]
        if len(chosen) != 1:
            raise ValueError("count needs exactly one of eq, ne, lt, le, gt, ge")
        return self


class FactRef(StrictModel):
    """A reference to another fact, to compare with its value: {fact: item.minimum_version}."""

    fact: str

    _check_fact = field_validator("fact")(_check_path)


class FactTest(StrictModel):
    """Compare one fact with a value. Exactly one operator is given.

    A fact that could not be read makes the test unknown, never false. `default` is the value
    of a setting that is absent because the program stores only changed settings.
    """

    fact: Annotated[str, Field(description='A fact path, e.g. item.prefs["dom.foo"]')]
    default: JsonValue = Field(default=None, description="Value when the setting is absent.")
    equals: JsonValue = None
    not_equals: JsonValue = None
    in_: list[JsonValue] | None = Field(default=None, alias="in")
    not_in: list[JsonValue] | None = None
    exists: bool | None = None
    lt: float | FactRef | None = None
    le: float | FactRef | None = None
    gt: float | FactRef | None = None
    ge: float | FactRef | None = None
    version_lt: str | FactRef | None = None
    version_le: str | FactRef | None = None
    version_gt: str | FactRef | None = None
    version_ge: str | FactRef | None = None
    matches: str | None = Field(default=None, description="A regular expression; whole value.")
    contains: JsonValue = None
    count: CountTest | None = None

    _check_fact = field_validator("fact")(_check_path)
    #: The one operator, found once when the test is read (every scan asks for it often).
    _operator: Op | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _one_operator(self) -> FactTest:
        """Refuse a fact test with none or several operators, or a bad pattern."""
        chosen = self.operators()
        if len(chosen) != 1:
            named = ", ".join(chosen) if chosen else "none"
            raise ValueError(f"give exactly one operator (found: {named})")
        self._operator = chosen[0]
        reference = self.reference()
        if reference is not None:
            parse_path(reference)
        if self.matches is not None:
            try:
                re.compile(self.matches)
            except re.error as exc:
                raise ValueError(f"'matches' is not a valid regular expression: {exc}") from exc
        return self

    @classmethod
    def operator_fields(cls) -> list[str]:
        """The names of the fields that hold an operator (every field but fact and default)."""
        return [name for name in cls.model_fields if name not in ("fact", "default")]

    def operators(self) -> list[Op]:
        """The operators this test sets (exactly one once validated)."""
        return [op for op in Op if op.field in self.model_fields_set]

    def operator(self) -> Op:
        """The operator of this test."""
        return self._operator or self.operators()[0]

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
        return "default" in self.model_fields_set


class AllOf(StrictModel):
    """True when every condition is true; false when one is false; else unknown."""

    all: list[Condition] = Field(min_length=1)


class AnyOf(StrictModel):
    """True when one condition is true; false when every one is false; else unknown."""

    any: list[Condition] = Field(min_length=1)


class NotOf(StrictModel):
    """The opposite of a condition; unknown stays unknown."""

    not_: Condition = Field(alias="not")


def _condition_kind(value: Any) -> str:
    """Which kind of condition a value is: fact, all, any or not."""
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return key
    elif isinstance(value, BaseModel):
        kinds: dict[type[BaseModel], str] = {AllOf: "all", AnyOf: "any", NotOf: "not"}
        return kinds.get(type(value), "fact")
    return "fact"


Condition = Annotated[
    Annotated[FactTest, Tag("fact")]
    | Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[NotOf, Tag("not")],
    Discriminator(_condition_kind),
]


class Check(StrictModel):
    """How to judge one platform: optionally once per subject, then a condition to pass."""

    for_each: str | None = Field(
        default=None, description="A fact listing subjects; the rule runs once per subject."
    )
    where: Condition | None = Field(
        default=None, description="Only subjects for which this holds (item.kind ...)."
    )
    none_found: str = Field(
        default="", description="What to say when no subject is left (else the catalogue's)."
    )
    pass_if: Condition
    evidence: list[str] = Field(
        default_factory=list, description="More facts to show as evidence, not judged."
    )

    _check_for_each = field_validator("for_each")(lambda v: _check_path(v) if v is not None else v)

    @field_validator("evidence")
    @classmethod
    def _check_evidence(cls, value: list[str]) -> list[str]:
        """Validate the evidence paths."""
        for path in value:
            parse_path(path)
        return value


class RuleCheck(StrictModel):
    """The check: one for every platform, or a `variants` block per platform."""

    for_each: str | None = None
    where: Condition | None = None
    none_found: str = ""
    pass_if: Condition | None = None
    evidence: list[str] = Field(default_factory=list)
    variants: dict[Platform, Check] | None = None
    #: The check of every platform when there are no variants, made once.
    _single: Check | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _either_variants_or_check(self) -> RuleCheck:
        """Refuse a check with both or neither of pass_if and variants."""
        if (self.pass_if is None) == (self.variants is None):
            raise ValueError("give either 'pass_if' or 'variants', not both or neither")
        if self.variants is not None and (self.for_each or self.evidence or self.where):
            raise ValueError("with 'variants', put for_each, where and evidence inside each")
        if self.pass_if is not None:
            self._single = self._as_check()  # validates its paths, once
        return self

    def _as_check(self) -> Check:
        """The check of every platform, from this one's own fields."""
        assert self.pass_if is not None
        return Check(
            for_each=self.for_each,
            where=self.where,
            none_found=self.none_found,
            pass_if=self.pass_if,
            evidence=self.evidence,
        )

    def for_platform(self, platform: Platform) -> Check | None:
        """The check that applies on a platform, or None when there is none."""
        if self.variants is not None:
            return self.variants.get(platform)
        if self._single is None:
            self._single = self._as_check()
        return self._single


class AppliesTo(StrictModel):
    """Where a rule applies: platforms, and an optional condition on facts."""

    platforms: list[Platform] = Field(min_length=1)
    when: Condition | None = None
    otherwise: str = Field(
        default="",
        description="What to say when `when` is false: what was looked at and not found "
        "(else a general sentence).",
    )


class PlatformText(StrictModel):
    """Steps for a person, for all platforms or per platform (a platform's own list wins)."""

    all: list[str] | None = None
    linux: list[str] | None = None
    macos: list[str] | None = None
    windows: list[str] | None = None

    def for_platform(self, platform: Platform) -> list[str]:
        """The steps for one platform."""
        own: list[str] | None = getattr(self, platform.value)
        return list(own if own is not None else self.all or [])


class Reference(StrictModel):
    """A source a person or trainer can read to learn more."""

    title: str
    url: str = Field(pattern=r"^https://")


class Messages(StrictModel):
    """One short sentence per outcome, shown as the finding's headline."""

    pass_: str = Field(alias="pass")
    fail: str


class Example(StrictModel):
    """A case of facts and the status the rule must give for each subject."""

    name: str
    platform: Platform | None = Field(
        default=None, description="Platform of the case; defaults to the first in applies_to."
    )
    facts: dict[str, Any] = Field(default_factory=dict)
    expect: Status
    trap: bool = Field(
        default=False,
        description="A case where a switch looks right but the person is still exposed "
        "(the `falsify` note says how); it must not pass.",
    )

    @model_validator(mode="after")
    def _trap_never_passes(self) -> Example:
        """Refuse a trap example that expects a pass: a trap is a case that must not pass."""
        if self.trap and self.expect is Status.pass_:
            raise ValueError(f"trap example {self.name!r} must not expect 'pass'")
        return self


RULE_ID = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"


class Rule(StrictModel):
    """One rule: what it checks, why it matters, how to judge it, and how to fix it."""

    def fix_for(self, platform: Platform, kind: str = "") -> list[str]:
        """The fix steps for a platform and, when the rule has its own, a kind of subject."""
        special = self.fix_by_kind.get(kind) if kind else None
        steps = special.for_platform(platform) if special is not None else []
        return steps or self.fix.for_platform(platform)

    id: str = Field(pattern=RULE_ID, description="Stable dotted id; equals the file path.")
    version: int = Field(ge=1, description="Bump when the logic changes.")
    title: str = Field(min_length=3)
    why: str = Field(min_length=10, description="What is exposed, and to whom.")
    messages: Messages
    severity: Severity
    effort: int = Field(ge=1, le=600, description="Minutes the fix takes.")
    tags: list[str] = Field(default_factory=list)
    applies_to: AppliesTo
    check: RuleCheck
    fix: PlatformText
    fix_by_kind: dict[str, PlatformText] = Field(
        default_factory=dict,
        description="Fix steps for subjects of one kind (a subject's `kind`, e.g. brave), "
        "used instead of `fix` for them.",
    )
    verify: PlatformText = Field(default_factory=PlatformText)
    check_by_hand: PlatformText
    references: list[Reference] = Field(min_length=1)
    question: Question | None = Field(
        default=None, description="A question whose answer this rule judges (answers.<id>)."
    )
    indicator: bool = Field(
        default=False,
        description="The rule looks for known signs (a list of program names): a pass says "
        "'no known sign', never 'fine', and the report lists it apart from what is fine.",
    )
    falsify: str | None = Field(
        default=None,
        description="How this rule could say 'fine' while the person is exposed (another "
        "service, a delay, a policy, a build, a schedule, a stale list), and what it judges "
        "so that it does not. A note for maintainers, never shown to the person.",
    )
    examples: list[Example] = Field(min_length=2)

    @model_validator(mode="after")
    def _pass_and_fail_examples(self) -> Rule:
        """Refuse a rule without at least one passing and one failing example."""
        expected = {example.expect for example in self.examples}
        if not {Status.pass_, Status.fail} <= expected:
            raise ValueError("examples need at least one 'pass' and one 'fail' case")
        return self


# The recursive models (AllOf -> Condition -> AllOf ...) resolve their forward references when
# first validated (defer_build, engine/strict.py): building them here cost every scan ~20 ms.
