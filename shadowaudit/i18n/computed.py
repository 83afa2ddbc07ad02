"""Sentences the program builds from a pattern and names found on the computer.

A collector writes `PROFILE_LABEL.format(browser=..., profile=...)` in English; the report
recognises the pattern again and fills the translated pattern with the same names.
"""

from __future__ import annotations

import re
from functools import cache

from shadowaudit.i18n.translator import N_, Translator

PROFILE_LABEL = N_("{browser}, profile {profile}")
PROFILES_FOLDER_LABEL = N_("{browser}, profiles in {folder}")
FIREFOX_OPEN_HINT = N_(
    '{browser} does not open the profile "{profile}" by default. To open it, type '
    'about:profiles in the address bar, press Enter, and click "Launch profile in new '
    'browser" under "{profile}".'
)
CHROMIUM_OPEN_HINT = N_(
    '{browser} has several profiles. To open "{profile}", click the round profile picture '
    'at the top right of {browser} and choose "{profile}".'
)
NOT_FOR_PLATFORM = N_("This check is not for {platform}.")
ITEM_LABEL = N_("item {number}")
PHONE_BACKUP_LABEL = N_("Phone backup {number} in {folder}")

PATTERNS = (
    PROFILE_LABEL,
    PROFILES_FOLDER_LABEL,
    FIREFOX_OPEN_HINT,
    CHROMIUM_OPEN_HINT,
    NOT_FOR_PLATFORM,
    ITEM_LABEL,
    PHONE_BACKUP_LABEL,
)
_FIELD = re.compile(r"\{(\w+)\}")


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    """A regular expression matching what a pattern builds, capturing each field."""
    parts, seen, end = [], set(), 0
    for match in _FIELD.finditer(pattern):
        parts.append(re.escape(pattern[end : match.start()]))
        name = match.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        end = match.end()
    parts.append(re.escape(pattern[end:]))
    return re.compile("".join(parts), re.DOTALL)


def translate_built(text: str, translator: Translator, context: str | None = None) -> str:
    """A sentence translated whole, or rebuilt from its translated pattern; else English."""
    if translator.is_source or not text:
        return text
    for pattern in PATTERNS:
        match = _regex(pattern).fullmatch(text)
        if match is not None:
            try:
                return translator.text(pattern).format(**match.groupdict())
            except (KeyError, IndexError, ValueError):
                return text
    return translator.text(text, context)
