"""Evidence values as a person reads them: lists joined, extensions and permissions in words."""

from __future__ import annotations

import json

_FLAGS = {
    "enabled": "turned on",
    "sideloaded": "added by another program",
    "all_sites": "can read every website",
    "unsigned": "not checked by the browser maker",
    "outside_store": "not from the official add-on store",
}


def _item(value: object) -> str:
    """One item of a list: an extension, a site permission, or plain JSON."""
    if isinstance(value, dict):
        if "site" in value and "kind" in value:
            return f"{value['kind']}: {value['site']}"
        if "name" in value:
            flags = [words for key, words in _FLAGS.items() if value.get(key) is True]
            sensitive = value.get("sensitive_permissions")
            if isinstance(sensitive, list) and sensitive:
                flags.append("may use " + ", ".join(str(s) for s in sensitive))
            return f"{value['name']} ({'; '.join(flags)})" if flags else str(value["name"])
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def readable(value: object) -> str:
    """A fact value as a short text for the report."""
    if isinstance(value, dict) and set(value) == {"$missing"}:
        return "could not be read"
    if isinstance(value, list):
        return "; ".join(_item(v) for v in value) if value else "(none)"
    return json.dumps(value, ensure_ascii=False)
