"""Results about someone watching or controlling a computer: never shared beyond its owner."""

from __future__ import annotations

from collections.abc import Iterable

from shadowaudit.report.harm import WATCHING_TAGS

#: The tag of rules that find monitoring or remote-control programs (someone else's control).
WATCHING_TAG = WATCHING_TAGS[0]
#: The tag of rules that list what may show someone else's presence without raising an alarm
#: (what starts by itself, which apps used the camera): kept to the person's report too.
PRIVATE_TAG = "private"
#: The tag of rules that find who may read the traffic or manage the computer (presence.*).
INTERCEPTION_TAG = WATCHING_TAGS[1]


def may_watch(tags: Iterable[str]) -> bool:
    """True for a rule (or finding) about a program that may let someone watch or control the
    computer. Its result goes only to the person's own report: a share file, a room summary
    or a handout on a projector must never show it, even as a count. The same holds for who
    may read its traffic or manage it (an added root, a proxy, a management profile), and for
    the lists that may show someone else's presence (`private`)."""
    return any(tag in (WATCHING_TAG, INTERCEPTION_TAG, PRIVATE_TAG) for tag in tags)
