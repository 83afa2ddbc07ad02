"""What a translation must keep from its English source: placeholders, commands and addresses."""

from __future__ import annotations

import re
from collections import Counter

#: %(name)s and %s placeholders (Python and Jinja2) and {name} fields.
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
#: Addresses a person types: about:config, chrome://settings, edge://..., https://...
_ADDRESS = re.compile(
    r"\b(?:about:|(?:chrome|edge|brave|opera|vivaldi)://)[\w/#.?=&-]+|https://\S+"
)
#: A command in quotes, which the person types as written: "sudo ufw status".
_COMMAND = re.compile(
    r'"((?:sudo|gsettings|defaults|firewall-cmd|fdesetup|systemctl|apt|dnf|ssh-keygen|git|'
    r"csrutil|spctl|mokutil|lsblk|powershell|manage-bde|whoami|ufw|ls|chmod|exiftool)"
    r'\b[^"]*)"'
)


def placeholders(text: str) -> Counter[str]:
    """The placeholders of a message, counted."""
    return Counter(_PLACEHOLDER.findall(text))


def verbatim(text: str) -> set[str]:
    """Commands and addresses that must appear unchanged in every translation (the quotes
    around them may change: « », „ “ and the like)."""
    found = {m.rstrip(".,;:)") for m in _ADDRESS.findall(text)}
    found.update(_COMMAND.findall(text))
    return found


#: The count of a plural message, which a form may leave out ("one file" in words).
COUNT = "%(num)d"


def problems(source: str, translation: str, plural: bool = False) -> list[str]:
    """What a translation lost or added, in words for the translator (empty when fine).

    A plural form may leave out the count: Arabic says "one file" and "two files" in words.
    """
    found = []
    wanted, given = placeholders(source), placeholders(translation)
    if plural and COUNT not in given:
        wanted.pop(COUNT, None)
    if wanted != given:
        found.append(
            f"placeholders differ: {sorted(placeholders(source).elements())} in English, "
            f"{sorted(placeholders(translation).elements())} in the translation"
        )
    lost = [item for item in verbatim(source) if item not in translation]
    if lost:
        found.append(f"keep these exactly as written (commands, addresses): {sorted(lost)}")
    return found
