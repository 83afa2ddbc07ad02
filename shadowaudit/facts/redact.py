"""Keep secrets out of facts: setting values that could hold an email, a URL, a path or free text.

Rules judge settings by short words, numbers and yes/no. A longer or freer string (an account's
email in `services.sync.username`, a homepage URL, a download folder) is replaced by a marker
that says only that something is set.
"""

from __future__ import annotations

import re

from shadowaudit.facts.base import FactValue

HIDDEN = "(hidden by shadowaudit)"
_SAFE_TEXT = re.compile(r"^[A-Za-z0-9_.,:+\- ]{0,40}$")


def safe_setting(value: FactValue) -> FactValue:
    """The value itself when it cannot carry a secret, else HIDDEN (lists are checked item by
    item, mappings are hidden)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value if _SAFE_TEXT.match(value) and "@" not in value else HIDDEN
    if isinstance(value, list):
        return [safe_setting(item) for item in value]
    return HIDDEN


def safe_settings(values: dict[str, FactValue]) -> dict[str, FactValue]:
    """Every value of a settings mapping passed through `safe_setting`."""
    return {name: safe_setting(value) for name, value in values.items()}
