"""The anonymous share summary: what a trainer may see of one person's scan, and nothing more.

It holds rule ids, one status and the severity per rule, the platform family, the tool and
ruleset versions and a random id (so the same file sent twice is counted once). It never holds
a user or host name, a path, a profile, domain or extension name, a count, a time, or an answer.
Results about monitoring or remote-control programs are never in it (see workshop/watching.py).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from typing import Annotated, Literal

from msgspec import Meta

from shadowaudit import __version__
from shadowaudit.engine.model import Rule, Severity, Status
from shadowaudit.engine.strict import StrictModel
from shadowaudit.host.base import Platform
from shadowaudit.report.model import Report
from shadowaudit.workshop.watching import may_watch

#: The status of a rule over all its subjects: the most pressing one wins.
_PRESSING = [Status.fail, Status.unknown, Status.error, Status.pass_, Status.not_applicable]


class ShareResult(StrictModel, frozen=True, kw_only=True):
    """One rule's outcome on this computer."""

    rule: Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")]
    status: Status
    severity: Severity


class ShareSummary(StrictModel, frozen=True, kw_only=True, rename={"schema_": "schema"}):
    """The whole anonymous summary of one scan."""

    schema_: Literal["shadowaudit.share/1"] = "shadowaudit.share/1"
    run_id: Annotated[
        str, Meta(pattern=r"^[0-9a-f]{32}$", description="Random, to drop duplicates.")
    ]
    tool_version: Annotated[str, Meta(pattern=r"^[0-9][0-9A-Za-z.+-]*$")]
    ruleset_version: Annotated[str, Meta(pattern=r"^[0-9a-f]{12}$")]
    platform: Platform
    results: list[ShareResult]


def ruleset_version(rules: Iterable[Rule]) -> str:
    """A short fingerprint of the rules and their versions."""
    text = "\n".join(sorted(f"{rule.id}:{rule.version}" for rule in rules))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def share_summary(report: Report, rules: Iterable[Rule]) -> ShareSummary:
    """The anonymous summary of a report: one status per rule, no subject and no detail, and
    nothing about monitoring or remote-control programs (that stays in the person's report)."""
    worst: dict[str, tuple[Status, Severity]] = {}
    for finding in report.findings:
        if may_watch(finding.tags):
            continue
        known = worst.get(finding.rule)
        if known is None or _PRESSING.index(finding.status) < _PRESSING.index(known[0]):
            worst[finding.rule] = (finding.status, finding.severity)
    return ShareSummary(
        run_id=secrets.token_hex(16),
        tool_version=__version__,
        ruleset_version=ruleset_version(rules),
        platform=report.platform,
        results=[
            ShareResult(rule=rule, status=status, severity=severity)
            for rule, (status, severity) in sorted(worst.items())
        ],
    )
