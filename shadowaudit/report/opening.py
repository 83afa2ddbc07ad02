"""The report's opening paragraph: what was checked, what needs attention, what was not."""

from __future__ import annotations

from shadowaudit.engine.model import Status
from shadowaudit.i18n.translator import N_, _, ngettext
from shadowaudit.report.model import Report

#: Said when no check applied: a report of nothing is not a clean bill of health.
NOTHING_CHECKED = N_("Nothing was checked, so this report cannot tell you that all is well.")


def counted(singular: str, plural: str, count: int) -> str:
    """A message with a count, in the form the language uses for that count ('%(num)d')."""
    return ngettext(singular, plural, count) % {"num": count}


def duration(minutes: int) -> str:
    """'about 5 minutes', 'about 1 hour', 'about 2 hours'."""
    if minutes < 60:
        return counted("about %(num)d minute", "about %(num)d minutes", minutes)
    return counted("about %(num)d hour", "about %(num)d hours", round(minutes / 60))


def opening(report: Report) -> str:
    """A few short sentences that sum up the report, with no single score."""
    fails = len(report.with_status(Status.fail))
    unknowns = len(report.with_status(Status.unknown))
    errors = len(report.with_status(Status.error))
    checked = report.checks_made
    sentences = [
        counted(
            "shadowaudit made %(num)d check on this computer.",
            "shadowaudit made %(num)d checks on this computer.",
            checked,
        )
    ]
    if fails:
        sentences.append(
            counted(
                "%(num)d thing needs your attention. Start with the first one below.",
                "%(num)d things need your attention. Start with the first one below.",
                fails,
            )
        )
    elif checked == 0:
        sentences.append(_(NOTHING_CHECKED))
    else:
        sentences.append(_("Nothing it could check needs your attention."))
    if unknowns:
        sentences.append(
            counted(
                "It could not check %(num)d thing; below you can read how to check it yourself.",
                "It could not check %(num)d things; below you can read how to check them yourself.",
                unknowns,
            )
        )
    if errors:
        sentences.append(
            counted(
                "%(num)d check did not work because of a mistake in shadowaudit. "
                "This is not your fault.",
                "%(num)d checks did not work because of a mistake in shadowaudit. "
                "This is not your fault.",
                errors,
            )
        )
    return " ".join(sentences)
