"""Values from the computer as a person reads them: on one line, inert, lists in words."""

from __future__ import annotations

import json
import re
import unicodedata

from shadowaudit.i18n.translator import N_, _
from shadowaudit.report.presence_words import (
    device_details,
    is_device_use,
    is_startup_item,
    startup_details,
)
from shadowaudit.report.traces_words import (
    backup_details,
    cloud_details,
    is_backup_item,
    is_cloud_item,
)

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


# NOTE: `visible` (one value), `printable` (a whole text) and `json_safe` (a whole JSON text)
# are the one place that keeps a crafted name from adding lines, moving the cursor, changing
# the terminal's title or reversing text: every renderer and every command's printing uses them.

#: Characters that start a new line somewhere (a terminal, an editor, a Markdown viewer).
LINE_BREAKS = {
    "\n": "\\n",
    "\r": "\\r",
    "\v": "\\v",
    "\f": "\\f",
    "\x85": "\\x85",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
#: Direction overrides and isolates: they reverse or reorder the text that follows.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _marked(ch: str) -> str:
    """A character shown by its code, as `[U+001B]`."""
    return f"[U+{ord(ch):04X}]"


def is_dangerous(ch: str) -> bool:
    """True for a control character (C0 but tab and newline, DEL, C1, ESC among them) or a
    direction override: what a terminal obeys instead of showing."""
    return (unicodedata.category(ch) == "Cc" and ch not in "\t\n") or ch in BIDI_CONTROLS


def visible(text: str) -> str:
    """A value from the computer on one line, with invisible characters shown: line breaks
    escaped (`\\n`), controls and other format characters as `[U+202E]`. A newline in a profile
    name would otherwise add a line that looks like the report's own, a right-to-left override
    would reverse the rest of the line."""
    return "".join(
        LINE_BREAKS.get(ch)
        or (_marked(ch) if ch != "\t" and unicodedata.category(ch) in ("Cf", "Cc") else ch)
        for ch in text
    )


#: Every character `printable` and `json_safe` change (the others are kept as they are): C0
#: controls but tab and newline, DEL and C1 controls (Unicode category Cc), line and paragraph
#: separators, direction overrides and isolates. tests/report/test_values.py checks it against
#: `is_dangerous` and LINE_BREAKS over every code point.
_CHANGED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _printable_char(match: re.Match[str]) -> str:
    """What `printable` writes for one character `_CHANGED` found."""
    ch = match.group()
    return LINE_BREAKS.get(ch) or (_marked(ch) if is_dangerous(ch) else ch)


def printable(text: str) -> str:
    """A whole text shadowaudit prints or writes, made inert: its own line breaks kept, any
    other line break escaped, controls and direction overrides shown as `[U+001B]`. Letters'
    joiners (used in Persian) are kept."""
    # NOTE: a regular expression finds the few characters to change: a heavy home's report is
    # 500,000 characters, too many to look at one by one in Python.
    return _CHANGED.sub(_printable_char, text)


def _json_char(match: re.Match[str]) -> str:
    """What `json_safe` writes for one character `_CHANGED` found."""
    ch = match.group()
    return f"\\u{ord(ch):04x}" if is_dangerous(ch) or ch in "\x85\u2028\u2029" else ch


def json_safe(text: str) -> str:
    """A JSON text with controls, direction overrides and line separators written as `\\u`
    escapes: the same JSON value, inert in a terminal."""
    return _CHANGED.sub(_json_char, text)


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
    # presence.*: who likely added a root, where a proxy or a redirected name leads.
    "from_antivirus": N_("likely from an antivirus web shield"),
    "from_company": N_("likely from a company that inspects web traffic"),
    "from_tool": N_("likely from a tool for programmers"),
    "on_this_computer": N_("on this computer"),
    "on_local_network": N_("on your local network"),
    "on_another_network": N_("on another network"),
    "pac_file": N_("chosen by a PAC file"),
    "by_policy": N_("set by a policy"),
    "by_extension": N_("set by a browser extension"),
    "firefox_trusts": N_("Firefox trusts it too"),
    "work_account": N_("tied to a work account"),
}


#: Most policy names shown for one browser profile (the rest are counted).
MOST_POLICIES_SHOWN = 6


def _named(value: object) -> tuple[str, list[str]]:
    """One item of a list as a name and what shadowaudit noticed about it: an extension and
    its flags, a site permission, a program waiting for others to connect, a key file."""
    if isinstance(value, dict):
        if "site" in value and "kind" in value:
            return visible(f"{value['kind']}: {value['site']}"), []
        if "program" in value and "port" in value:
            shown = _("%(program)s, port %(port)s") % {
                "program": visible(str(value["program"])),
                "port": visible(str(value["port"])),
            }
            return shown, []
        if "file" in value and isinstance(value.get("protected"), bool):
            words = _("protected by a passphrase") if value["protected"] else _("no passphrase")
            return visible(str(value["file"])), [words]
        if is_startup_item(value) or is_device_use(value):
            details = startup_details(value) if "source" in value else device_details(value)
            return visible(str(value["name"])), [visible(d) for d in details]
        if is_cloud_item(value):
            return visible(str(value["provider"])), [visible(d) for d in cloud_details(value)]
        if is_backup_item(value):
            return visible(str(value["tool"])), [visible(d) for d in backup_details(value)]
        if "name" in value:
            flags = [_(words) for key, words in _FLAGS.items() if value.get(key) is True]
            sensitive = value.get("sensitive_permissions")
            if isinstance(sensitive, list) and sensitive:
                flags.append(
                    _("may use %(permissions)s") % {"permissions": ", ".join(map(str, sensitive))}
                )
            policies = value.get("policies")
            if isinstance(policies, list) and policies:
                # NOTE: a browser profile: the names chrome://policy and about:policies show,
                # quoted as the labels a person looks for.
                shown = ", ".join(f'"{visible(str(p))}"' for p in policies[:MOST_POLICIES_SHOWN])
                more = len(policies) - MOST_POLICIES_SHOWN
                flags.append(
                    _("rules set by others: %(names)s") % {"names": shown}
                    + (f", +{more}" if more > 0 else "")
                )
            return visible(str(value["name"])), flags
    if isinstance(value, str):
        return visible(value), []
    return visible(json.dumps(value, ensure_ascii=False)), []


def _item(value: object) -> str:
    """One item of a list on one line: its name, and what was noticed in brackets."""
    name, details = _named(value)
    return f"{name} ({'; '.join(details)})" if details else name


#: A missing value in words: an answer the person was not sure of, or did not give, is not
#: a value that "could not be read".
MISSING_WORDS = {
    "not_sure": N_("you were not sure"),
    "not_answered": N_("not answered"),
    "": N_("could not be read"),
}


def readable(value: object) -> str:
    """A fact value as a short text for the report."""
    if isinstance(value, dict) and set(value) == {"$missing"}:
        return _(MISSING_WORDS.get(str(value["$missing"]), MISSING_WORDS[""]))
    if isinstance(value, list):
        return "; ".join(_item(v) for v in value) if value else _("(none)")
    return visible(json.dumps(value, ensure_ascii=False))


def in_words(value: object) -> list[tuple[str, list[str]]]:
    """What a finding found, as a person reads it: each thing named in a list (a program, an
    extension, a website, a folder), with what shadowaudit noticed about it. A setting, a
    number or an empty list gives nothing: the finding's message says it in words, and
    `shadowaudit explain` shows the value."""
    if not isinstance(value, list):
        return []
    return [_named(item) for item in value if item not in (None, "", {}, [])]
