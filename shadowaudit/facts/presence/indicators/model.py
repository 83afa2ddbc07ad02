"""An indicator set: what it is called, when it was true, and its values by kind."""

from __future__ import annotations

from enum import StrEnum

from msgspec import Struct, field


class Kind(StrEnum):
    """What an indicator value is compared with on this computer."""

    #: The name of a running program (never a name alone for "critical": two kinds are needed).
    process = "process"
    #: The path of a program file: a running program's or one that starts by itself.
    program_path = "program_path"
    #: A browser extension's ID.
    extension = "extension"
    #: The SHA-256 fingerprint of a certificate (lower-case hex, no colons).
    certificate = "certificate"
    #: A management (MDM) server's host name.
    mdm_host = "mdm_host"
    #: The host of a spying product's control panel, compared with cookie hosts only.
    panel_host = "panel_host"


class Problem(StrEnum):
    """Why an indicator file could not be used."""

    unreadable = "unreadable"
    too_large = "too_large"
    broken = "broken"
    unknown_format = "unknown_format"
    empty = "empty"


#: Longest name or category kept from an indicator file (a file is not trusted to be kind).
MAX_NAME = 80


def clean_name(text: str) -> str:
    """A name from an indicator file, as one printable line of at most MAX_NAME characters."""
    return "".join(c if c.isprintable() else " " for c in text)[:MAX_NAME].strip()


class IndicatorSet(Struct):
    """Indicators from one source. `values[kind]` maps a normalised value to the category a
    person reads (a product or campaign name, "malicious extension")."""

    name: str
    date: str
    values: dict[Kind, dict[str, str]] = field(default_factory=dict)

    def add(self, kind: Kind, value: str, category: str) -> None:
        """Keep one indicator (normalised: trimmed, lower case; a trailing dot dropped)."""
        cleaned = value.strip().lower().rstrip(".")
        if kind is Kind.certificate:
            cleaned = cleaned.replace(":", "")
        if cleaned and cleaned.isprintable():
            self.values.setdefault(kind, {}).setdefault(cleaned, clean_name(category))

    def __post_init__(self) -> None:
        """Names and dates from a file, made printable."""
        self.name = clean_name(self.name)
        self.date = clean_name(self.date)[:10]

    @property
    def count(self) -> int:
        """How many indicators the set holds, of every kind."""
        return sum(len(v) for v in self.values.values())


class Unusable(Struct, frozen=True):
    """An indicator file that could not be used, and why (never silently left out)."""

    file: str
    problem: Problem
