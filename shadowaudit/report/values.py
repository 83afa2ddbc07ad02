"""Evidence values as a person reads them: lists joined, extensions and permissions in words."""

from __future__ import annotations

import json
import re
import unicodedata

from shadowaudit.i18n.translator import N_, _

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def visible(text: str) -> str:
    """Text from the computer with invisible characters shown: a right-to-left override in a
    profile or extension name would otherwise reverse the rest of the line."""
    return "".join(
        f"[U+{ord(ch):04X}]"
        if unicodedata.category(ch) in ("Cf", "Cc") and ch not in "\n\t"
        else ch
        for ch in text
    )


def markdown_text(text: str) -> str:
    """Text from the computer made safe for Markdown: shown as written, never as markup."""
    escaped = visible(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


_FLAGS = {
    "enabled": N_("turned on"),
    "sideloaded": N_("added by another program"),
    "all_sites": N_("can read every website"),
    "unsigned": N_("not checked by the browser maker"),
    "outside_store": N_("not from the official add-on store"),
}


def _item(value: object) -> str:
    """One item of a list: an extension, a site permission, or plain JSON."""
    if isinstance(value, dict):
        if "site" in value and "kind" in value:
            return visible(f"{value['kind']}: {value['site']}")
        if "name" in value:
            flags = [_(words) for key, words in _FLAGS.items() if value.get(key) is True]
            sensitive = value.get("sensitive_permissions")
            if isinstance(sensitive, list) and sensitive:
                flags.append(
                    _("may use %(permissions)s") % {"permissions": ", ".join(map(str, sensitive))}
                )
            name = visible(str(value["name"]))
            return f"{name} ({'; '.join(flags)})" if flags else name
    if isinstance(value, str):
        return visible(value)
    return visible(json.dumps(value, ensure_ascii=False))


def readable(value: object) -> str:
    """A fact value as a short text for the report."""
    if isinstance(value, dict) and set(value) == {"$missing"}:
        return _("could not be read")
    if isinstance(value, list):
        return "; ".join(_item(v) for v in value) if value else _("(none)")
    return visible(json.dumps(value, ensure_ascii=False))
