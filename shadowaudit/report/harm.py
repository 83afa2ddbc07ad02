"""One order for everything a person is asked to fix: the most harmful first.

Every format (text, the terminal view, Markdown, HTML, JSON) and the handouts use it, so that
"Fix these first" is the same three things wherever a person reads it:

1. **Someone may be watching.** A finding that a program may let someone watch or control this
   computer (tag `alarm`) comes first, then what may let someone read or steer its traffic or
   manage it (tag `interception`: an added root certificate, a proxy, a hosts redirect, a
   management profile), then a way in from afar that is open (tag `remote`: a remote desktop,
   an SSH server). Whatever else is wrong matters less while someone is inside. Then the
   rest of "who else is on this computer" (tag `presence`: programs that start by themselves
   that shadowaudit does not know, apps that used the camera): a list to look at with someone
   you trust, still before the rest (issue 18: every finding of that area goes first).
2. **Urgency:** the rule's severity, very urgent first.
3. **What protects most for the least effort:** what one fix covers (its *reach*: an account
   is used from every device, a system setting covers the whole computer, a browser setting one
   profile), divided by the minutes it takes. A quick fix that covers a lot comes first.

The area of a finding (Browsers, This computer, ...) is only a label: never a sort key.

    sorted(findings, key=harm_key)      # findings of a report
    sorted(rules, key=harm_key)         # rules of a checklist, for a handout
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from shadowaudit.engine.model import Rule, Severity

if TYPE_CHECKING:
    from shadowaudit.report.model import Finding

#: Tags that mean someone may be watching or controlling the computer, in order of alarm.
WATCHING_TAGS = ("alarm", "interception", "remote")
#: The area "who else is on this computer": what is not watching for sure still comes next.
LOOK_TAG = "presence"
#: How much one fix covers, by the first part of the rule id (the area). Higher covers more.
REACH = {"accounts": 3, "system": 2, "presence": 2, "seizure": 2, "browser": 1, "traces": 1}


class HarmKey(NamedTuple):
    """Sorts most harmful first: compare two keys as tuples."""

    watching: int  # 0: a watching program, 1: interception, 2: a way in from afar,
    # 3: something else on this computer to look at (tag presence), 4: none of these
    urgency: int  # 0: very urgent (critical) ... 4: for your information
    per_minute: float  # minus the reach per minute of work: more protection sorts first
    minutes: int  # then the quicker fix
    rule: str  # then a stable order
    subject: str


def watching_rank(tags: list[str] | tuple[str, ...]) -> int:
    """0 when a program may let someone watch, 1 for interception or management, 2 for a way
    in from afar, 3 for something else on this computer to look at (tag presence), else 4."""
    for rank, tag in enumerate(WATCHING_TAGS):
        if tag in tags:
            return rank
    return len(WATCHING_TAGS) + (LOOK_TAG not in tags)


def is_watching(item: Finding | Rule) -> bool:
    """True for a finding or rule about someone who may be watching or controlling."""
    return watching_rank(item.tags) < len(WATCHING_TAGS)


def reach(rule_id: str) -> int:
    """How much one fix of this rule covers (see REACH); 1 for an area not listed."""
    return REACH.get(rule_id.split(".", 1)[0], 1)


def key_of(
    rule_id: str, tags: list[str], severity: Severity, minutes: int, subject: str = ""
) -> HarmKey:
    """The harm key of a rule's parts (harm_key reads them from a finding or a rule)."""
    return HarmKey(
        watching=watching_rank(tags),
        urgency=severity.rank,
        per_minute=-reach(rule_id) / max(minutes, 1),
        minutes=minutes,
        rule=rule_id,
        subject=subject,
    )


def harm_key(item: Finding | Rule) -> HarmKey:
    """The sort key of a finding or of a rule: most harmful first (see the module's doc)."""
    if isinstance(item, Rule):
        return key_of(item.id, item.tags, item.severity, item.effort)
    subject = item.subject.label if item.subject else ""
    return key_of(item.rule, item.tags, item.severity, item.effort_minutes, subject)
