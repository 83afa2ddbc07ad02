"""JSON decoding that turns every kind of damaged input into a ValueError."""

from __future__ import annotations

import json


def json_loads(text: str) -> object:
    """Parse JSON; deeply nested input (a RecursionError in the stdlib) is a ValueError too."""
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise ValueError("JSON nested too deeply") from exc
