"""Plain-language sentences for why something could not be checked."""

from __future__ import annotations

from shadowaudit.facts.base import Reason

REASON_TEXT: dict[Reason, str] = {
    Reason.not_installed: "The program or file this check needs is not on this computer.",
    Reason.permission_denied: "This computer did not let shadowaudit read it. "
    "shadowaudit does not ask for administrator rights.",
    Reason.unsupported: "shadowaudit cannot check this on this kind of computer yet.",
    Reason.parse_error: "shadowaudit found the setting but could not understand it.",
    Reason.too_large: "The file is too large to read safely.",
    Reason.timeout: "The computer took too long to answer.",
    Reason.not_answered: "You did not answer this question.",
    Reason.not_set: "shadowaudit did not find the setting.",
    Reason.collector_error: "shadowaudit made a mistake here. This is our fault, not yours. "
    "Please tell the people who made shadowaudit.",
}


def reason_text(reason: Reason | None) -> str:
    """The sentence for a reason, or an empty string."""
    return REASON_TEXT[reason] if reason is not None else ""
