"""The report's opening paragraph: what is already fine, where to start and how long it takes,
what was not checked, and where to get help."""

from __future__ import annotations

from shadowaudit.engine.model import Status
from shadowaudit.i18n.translator import N_, _, ngettext
from shadowaudit.report.model import Report

#: Said when no check applied: a report of nothing is not a clean bill of health.
NOTHING_CHECKED = N_("Nothing was checked, so this report cannot tell you that all is well.")
#: Where to get help: every report says it once, in its opening (%(helpline)s, %(kit)s are
#: the names, linked or followed by their address as the format allows).
HELP = N_("If you need help, contact %(helpline)s or read %(kit)s.")
HELPLINE = N_("Access Now's Digital Security Helpline")
HELPLINE_URL = "https://www.accessnow.org/help/"
KIT = N_("the Digital First Aid Kit")
KIT_URL = "https://digitalfirstaid.org/"
#: The first line of a demonstration, in every format.
DEMO = N_("This is a demonstration. It shows the report of a made-up person's computer, not yours.")


def counted(singular: str, plural: str, count: int) -> str:
    """A message with a count, in the form the language uses for that count ('%(num)d')."""
    return ngettext(singular, plural, count) % {"num": count}


def duration(minutes: int) -> str:
    """'about 5 minutes', 'about 1 hour', 'about 2 hours'."""
    if minutes < 60:
        return counted("about %(num)d minute", "about %(num)d minutes", minutes)
    return counted("about %(num)d hour", "about %(num)d hours", round(minutes / 60))


def _where_to_start(report: Report) -> str:
    """Which fixes to start with, and how long they take together."""
    first = len(report.fix_first)
    time = duration(report.first_minutes)
    if first == 1:
        return _("Start with the one below. It takes %(time)s.") % {"time": time}
    return ngettext(
        "Start with the first %(num)d below. Together they take %(time)s.",
        "Start with the first %(num)d below. Together they take %(time)s.",
        first,
    ) % {"num": first, "time": time}


def opening(report: Report, short: bool = False) -> str:
    """A few short sentences that sum up the report, with no single score: what is already
    fine, what needs attention and where to start, what could not be checked (`short`: the
    terminal view, which lists no unchecked item, leaves that to its closing counts)."""
    fails = report.count(Status.fail)
    fine = report.count(Status.pass_)
    unknowns = report.count(Status.unknown)
    errors = report.count(Status.error)
    checked = report.checks_made
    sentences = [
        counted(
            "shadowaudit made %(num)d check on this computer.",
            "shadowaudit made %(num)d checks on this computer.",
            checked,
        )
    ]
    if fine:
        sentences.append(
            counted(
                "%(num)d thing is already fine.",
                "%(num)d things are already fine.",
                fine,
            )
        )
    if fails:
        sentences.append(
            counted(
                "%(num)d thing needs your attention.",
                "%(num)d things need your attention.",
                fails,
            )
        )
        sentences.append(_where_to_start(report))
    elif checked == 0:
        sentences.append(_(NOTHING_CHECKED))
    else:
        sentences.append(_("Nothing it could check needs your attention."))
    if unknowns and not short:
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
