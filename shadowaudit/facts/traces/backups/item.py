"""One backup tool as a fact item: its last success as a date, encryption, and the kind of place."""

from __future__ import annotations

from datetime import UTC, datetime

from shadowaudit.facts.base import FactValue, Missing, Reason

#: The kinds of place a backup is kept, as the tools' settings tell (never the place itself).
REMOVABLE, NETWORK, LOCAL = "removable", "network", "local"
NOT_READABLE = "not readable on this computer"
#: A borg repository's id, kept on an item only while the collector runs: Pika Backup drives
#: borg, so the same repository is found by both; the collector keeps Pika's and drops the key.
REPOSITORY = "_repository"


def tool(
    name: str,
    last: datetime | None | Missing,
    encrypted: FactValue,
    target: str | None = None,
) -> dict[str, FactValue]:
    """A tool found: `last` None means it never succeeded, Missing that no date can be read.
    `days_since` is filled in by the collector, from the host's clock."""
    if isinstance(last, Missing):
        date: FactValue = last
        days: FactValue = last
    elif last is None:
        date = days = Missing(Reason.not_set, f"{name}: never succeeded")
    else:
        date, days = last.date().isoformat(), None
    return {
        "tool": name,
        "last_success": date,
        "days_since": days,
        "encrypted": encrypted,
        "target": target,
    }


def no_date(name: str) -> Missing:
    """Present, but its settings keep no date of a backup that worked: unknown, never recent."""
    return Missing(Reason.unsupported, f"{name}: {NOT_READABLE}")


def none_found() -> Missing:
    """No known backup tool: unknown (another program may back up), never "no backup"."""
    return Missing(Reason.not_installed, "no known backup tool found")


def parse_time(text: str) -> datetime | None:
    """An ISO 8601 time, UTC when it names no zone; None when empty; ValueError when damaged."""
    text = text.strip()
    if not text:
        return None
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
