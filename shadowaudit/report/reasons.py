"""Plain-language sentences for why something could not be checked."""

from __future__ import annotations

from shadowaudit.facts.base import Reason
from shadowaudit.i18n.translator import N_

REASON_TEXT: dict[Reason, str] = {
    Reason.not_installed: N_("The program or file this check needs is not on this computer."),
    Reason.permission_denied: N_(
        "This computer did not let shadowaudit read it. "
        "shadowaudit does not ask for administrator rights."
    ),
    Reason.unsupported: N_("shadowaudit cannot check this on this kind of computer yet."),
    Reason.parse_error: N_("shadowaudit found the setting but could not understand it."),
    Reason.not_a_file: N_(
        "This is not an ordinary file, so shadowaudit did not open it. "
        "It may be a link to another place."
    ),
    Reason.too_large: N_("The file is too large to read safely."),
    Reason.timeout: N_("The computer took too long to answer."),
    Reason.not_answered: N_("You did not answer this question."),
    Reason.not_sure: N_("You were not sure. The steps below show what to look at."),
    Reason.not_set: N_("shadowaudit did not find the setting."),
    Reason.directory: N_(
        "Only a server at your work or group knows this. shadowaudit does not ask it: "
        "that would use the network."
    ),
    Reason.stale_list: N_(
        "The list shadowaudit uses for this check is too old to trust. "
        "Update shadowaudit, then run it again."
    ),
    Reason.not_recorded: N_(
        "This computer keeps no record of this. shadowaudit saw nothing to report right now."
    ),
    Reason.collector_error: N_(
        "shadowaudit made a mistake here. This is our fault, not yours. "
        "Please tell the people who made shadowaudit."
    ),
}


def reason_text(reason: Reason | None) -> str:
    """The sentence for a reason, or an empty string."""
    return REASON_TEXT[reason] if reason is not None else ""
