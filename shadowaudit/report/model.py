"""The report: findings with their text for this platform, ordered most urgent first."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from msgspec import Meta, Struct, field

from shadowaudit.engine.model import Severity, Status
from shadowaudit.facts.base import Reason
from shadowaudit.host.base import Platform
from shadowaudit.i18n.translator import N_
from shadowaudit.report.formats import EXIT_BROKEN, EXIT_FAILED, EXIT_NOTHING_CHECKED
from shadowaudit.report.harm import harm_key, is_watching

SCHEMA_VERSION: Literal["1"] = "1"
#: How many failures "Fix these first" holds.
FIX_FIRST = 3

#: Areas of the report, by the first part of a rule id, in the order they are shown.
AREAS = {
    "browser": N_("Browsers"),
    "system": N_("This computer"),
    "accounts": N_("Accounts"),
    "traces": N_("Traces"),
    "presence": N_("Who else is on this computer"),
    "seizure": N_("If this laptop is taken"),
}


def area_of(rule_id: str) -> str:
    """The report area of a rule: its id's first part, named for people."""
    return AREAS.get(rule_id.split(".", 1)[0], N_("Other"))


class ReportModel(Struct, frozen=True, forbid_unknown_fields=True):
    """Frozen, no unknown keys. Each model's fields are given by name (`kw_only`, which msgspec
    does not pass on to subclasses). A Struct, not a pydantic model: a scan writes a report and
    never reads one back, and defining these costs next to nothing when the program starts."""


class Subject(ReportModel, frozen=True, kw_only=True):
    """What a finding is about, when a rule checks several things (a browser profile, a disk)."""

    id: str
    label: str
    note: Annotated[
        str, Meta(description="A sentence about this subject, e.g. how to open it.")
    ] = ""


class Evidence(ReportModel, frozen=True, kw_only=True):
    """A setting or fact that was read, with its value (never a secret)."""

    fact: str
    value: Any
    note: str = ""


class Finding(ReportModel, frozen=True, kw_only=True):
    """What one rule concluded about one subject, with the text a person reads."""

    rule: str
    rule_version: int
    subject: Subject | None
    status: Status
    severity: Severity
    effort_minutes: int
    reason: Annotated[
        Reason | None, Meta(description="Why it could not be checked (unknown, error).")
    ]
    reason_text: str = ""
    title: str
    message: str
    why: str
    fix: list[str]
    verify: list[str]
    check_by_hand: list[str]
    evidence: list[Evidence]
    tags: list[str]
    references: list[str]
    area: Annotated[str, Meta(description="Browsers, This computer, Accounts or Traces.")]
    alarm: Annotated[
        bool, Meta(description="A finding that calls for care and help (spyware).")
    ] = False
    indicator: Annotated[
        bool,
        Meta(
            description="A check for known signs (program names): its pass means no known "
            "sign was found, never that all is fine."
        ),
    ] = False

    def same_fix_as(self, other: Finding) -> bool:
        """True when the same rule, with the same steps, fails for both (two profiles)."""
        return self.rule == other.rule and self.fix == other.fix

    @property
    def watching(self) -> bool:
        """True when someone may be watching or controlling (sorted first, report/harm.py)."""
        return is_watching(self)


class Tool(ReportModel, frozen=True, kw_only=True):
    """Which program wrote the report."""

    name: Literal["shadowaudit"] = "shadowaudit"
    version: str


class Report(ReportModel, frozen=True, kw_only=True):
    """A whole scan: counts per status and every finding, most urgent failures first."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    tool: Tool
    generated_at: Annotated[datetime, Meta(extra_json_schema={"format": "date-time"})]
    platform: Platform
    rules_checked: int
    summary: dict[Status, int]
    findings: list[Finding]
    language: Annotated[str, Meta(description="The language of the texts (en, es, fa...).")] = "en"
    untranslated: Annotated[
        list[str],
        Meta(
            description="Rules (ids) whose texts are shown in English because they are not "
            "translated yet; 'shadowaudit' for the program's own words."
        ),
    ] = field(default_factory=list)
    demo: Annotated[
        bool,
        Meta(description="True for a demonstration: the report of a fictional person's computer."),
    ] = False

    def exit_code(self) -> int:
        """The exit status of the scan: 3 when a rule broke (an error), else 1 when something
        needs fixing, else 2 when no check applied (that is not "nothing to fix"), else 0."""
        if self.summary.get(Status.error):
            return EXIT_BROKEN
        if self.summary.get(Status.fail):
            return EXIT_FAILED
        if self.checks_made == 0:
            return EXIT_NOTHING_CHECKED
        return 0

    def with_status(self, *statuses: Status) -> list[Finding]:
        """The findings that have one of these statuses, in report order."""
        return [f for f in self.findings if f.status in statuses]

    def not_applicable_groups(self) -> list[tuple[str, list[str]]]:
        """Checks that did not apply, grouped by the reason given: (reason, [titles])."""
        groups: dict[str, list[str]] = {}
        for finding in self.with_status(Status.not_applicable):
            groups.setdefault(finding.message, []).append(finding.title)
        return [(message, sorted(titles)) for message, titles in groups.items()]

    def by_area(self, findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
        """Findings grouped by area, in the order of AREAS, keeping their order inside."""
        groups: dict[str, list[Finding]] = {area: [] for area in AREAS.values()}
        for finding in findings:
            groups.setdefault(finding.area, []).append(finding)
        return [(area, items) for area, items in groups.items() if items]

    @property
    def checks_made(self) -> int:
        """How many checks applied here: passed, failed, could not check, or broke."""
        return len(self.findings) - len(self.with_status(Status.not_applicable))

    @property
    def fine(self) -> list[Finding]:
        """Passes that prove a protection is in force (not the searches for known signs)."""
        return [f for f in self.with_status(Status.pass_) if not f.indicator]

    @property
    def no_known_sign(self) -> list[Finding]:
        """Searches for known signs that found none: not proof that all is well."""
        return [f for f in self.with_status(Status.pass_) if f.indicator]

    @property
    def alarms(self) -> list[Finding]:
        """Failures that call for care before anything else (monitoring software, ...)."""
        return [f for f in self.with_status(Status.fail) if f.alarm]

    @property
    def to_fix(self) -> list[Finding]:
        """Every failure, most harmful first (report/harm.py)."""
        return sorted(self.with_status(Status.fail), key=harm_key)

    @property
    def fix_first(self) -> list[Finding]:
        """The three most harmful failures that need different fixes: "Fix these first". The
        same fix needed elsewhere (another browser profile) is listed with each, by same_fix."""
        first: list[Finding] = []
        for finding in self.to_fix:
            if len(first) == FIX_FIRST:
                break
            if not any(finding.same_fix_as(chosen) for chosen in first):
                first.append(finding)
        return first

    def same_fix(self, finding: Finding) -> list[Finding]:
        """The other failures that the same steps fix (the same rule on another profile)."""
        return [f for f in self.to_fix if f is not finding and f.same_fix_as(finding)]

    @property
    def other_fixes(self) -> list[Finding]:
        """The failures not in "Fix these first" (nor fixed by the same steps as one of them),
        most harmful first; their area is a label."""
        first = self.fix_first
        return [f for f in self.to_fix if not any(f is c or f.same_fix_as(c) for c in first)]

    @staticmethod
    def same_fix_groups(findings: list[Finding]) -> list[list[Finding]]:
        """Findings that the same steps fix, together, in the order of the first of each."""
        groups: list[list[Finding]] = []
        for finding in findings:
            for group in groups:
                if finding.same_fix_as(group[0]):
                    group.append(finding)
                    break
            else:
                groups.append([finding])
        return groups

    @property
    def first_minutes(self) -> int:
        """How long the fixes of "Fix these first" take together, in minutes (each time the
        same fix is needed counted once more)."""
        return sum(f.effort_minutes * (1 + len(self.same_fix(f))) for f in self.fix_first)

    def count(self, *statuses: Status) -> int:
        """How many findings have one of these statuses."""
        return len(self.with_status(*statuses))
