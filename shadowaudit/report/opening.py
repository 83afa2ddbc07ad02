"""The report's opening paragraph: what was checked, what needs attention, what was not."""

from __future__ import annotations

from shadowaudit.engine.model import Status
from shadowaudit.report.model import Report


def plural(count: int, one: str, many: str) -> str:
    """'1 check' or '3 checks'."""
    return f"{count} {one if count == 1 else many}"


def duration(minutes: int) -> str:
    """'about 5 minutes', 'about 1 hour', 'about 2 hours'."""
    if minutes < 60:
        return f"about {plural(minutes, 'minute', 'minutes')}"
    hours = round(minutes / 60)
    return f"about {plural(hours, 'hour', 'hours')}"


def opening(report: Report) -> str:
    """A few short sentences that sum up the report, with no single score."""
    fails = len(report.with_status(Status.fail))
    unknowns = len(report.with_status(Status.unknown))
    errors = len(report.with_status(Status.error))
    checked = len(report.findings) - len(report.with_status(Status.not_applicable))
    sentences = [f"shadowaudit made {plural(checked, 'check', 'checks')} on this computer."]
    if fails:
        sentences.append(
            f"{plural(fails, 'thing needs', 'things need')} your attention. "
            "Start with the first one below."
        )
    else:
        sentences.append("Nothing it could check needs your attention.")
    if unknowns:
        it = "it" if unknowns == 1 else "them"
        sentences.append(
            f"It could not check {plural(unknowns, 'thing', 'things')}; "
            f"below you can read how to check {it} yourself."
        )
    if errors:
        sentences.append(
            f"{plural(errors, 'check', 'checks')} did not work because of a mistake "
            "in shadowaudit. This is not your fault."
        )
    return " ".join(sentences)
