"""The share preview: what a trainer will learn from a share summary, in plain words."""

from __future__ import annotations

from collections.abc import Mapping

from shadowaudit.engine.model import Status
from shadowaudit.i18n.translator import N_, _
from shadowaudit.report.opening import counted
from shadowaudit.workshop.share import ShareSummary

HELPLINE = "https://www.accessnow.org/help/"
#: The lists named in the preview, in this order; fine and not-applicable checks are counted.
LISTED = (
    (N_("Needs fixing:"), (Status.fail,)),
    (N_("Could not check:"), (Status.unknown, Status.error)),
)


def share_preview(summary: ShareSummary, titles: Mapping[str, str], watched: bool) -> str:
    """Every piece of the share summary in words, and what it leaves out. `titles` gives each
    rule's title in the person's language; `watched` is true when this computer's own report
    found (or could not rule out) a program that may let someone watch it."""
    statuses = [result.status for result in summary.results]
    lines = [
        _("Your share summary tells the trainer only this:"),
        "- " + _("Your kind of computer: %(system)s.") % {"system": summary.platform.shown},
        "- " + _("For each check: needs fixing, fine, could not check, or does not apply."),
    ]
    for heading, kinds in LISTED:
        named = [titles.get(r.rule, r.rule) for r in summary.results if r.status in kinds]
        if named:
            lines.append("  " + _(heading))
            lines.extend(f"    - {title}" for title in named)
    lines += [
        "  "
        + counted("Fine: %(num)d check.", "Fine: %(num)d checks.", statuses.count(Status.pass_)),
        "  "
        + counted(
            "Does not apply: %(num)d check.",
            "Does not apply: %(num)d checks.",
            statuses.count(Status.not_applicable),
        ),
        "- " + _("The version of shadowaudit, and a random number so that your file counts once."),
        _("It holds no names, no file names, no answers and no times."),
        _("Checks for spying or remote-control programs are never in it."),
        _("Their results stay in your own report."),
    ]
    if watched:
        helpline = _("Access Now's Digital Security Helpline") + f" ({HELPLINE})"
        lines.append(
            _("If you fear that someone watches this computer, use another device you trust.")
            + " "
            + _("From there, contact %(helpline)s.") % {"helpline": helpline}
        )
    return "\n".join(lines) + "\n"
