"""A parser for Firefox's prefs.js and user.js that never evaluates anything.

It follows the grammar of Firefox's own pref parser: `user_pref(name, value);` (and `pref`,
`lockPref`, `sticky_pref` in default files), values true/false, integers or strings in single or
double quotes, comments `//`, `#` and `/* */`. Like Firefox, a broken statement is skipped up to
the next `;` and the rest of the file is still read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

PrefValue = bool | int | str

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>//[^\r\n]*|\#[^\r\n]*|/\*.*?\*/)
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<number>[+-]?[0-9]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>[(),;])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "'": "'", "\\": "\\"}
_FUNCTIONS = {"user_pref", "pref", "lockPref", "sticky_pref"}
_INT32 = range(-(2**31), 2**31)


@dataclass
class PrefsFile:
    """The prefs found in one file: their values, which are locked, how many lines were broken."""

    values: dict[str, PrefValue] = field(default_factory=dict)
    locked: set[str] = field(default_factory=set)
    errors: int = 0


@dataclass(frozen=True)
class _Token:
    """One token of a prefs file."""

    kind: str
    text: str


def _unescape(match: re.Match[str]) -> str:
    """Decode one backslash escape of a pref string."""
    code = match.group(1)
    if code[0] in "xu" and len(code) > 1:
        return chr(int(code[1:], 16))
    return _SIMPLE_ESCAPES.get(code, code)


def _tokens(text: str) -> Iterator[_Token]:
    """The tokens of a prefs file, without spaces and comments."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("space", "comment"):
            continue
        yield _Token(kind, match.group())


def _value(token: _Token) -> PrefValue | None:
    """A pref value from its token, or None when it is not a valid value."""
    if token.kind == "string":
        return _ESCAPE.sub(_unescape, token.text[1:-1])
    if token.kind == "number":
        number = int(token.text)
        return number if number in _INT32 else None
    if token.kind == "word" and token.text in ("true", "false"):
        return token.text == "true"
    return None


def _statement(tokens: list[_Token]) -> tuple[str, str, PrefValue] | None:
    """Read one statement `func ( "name" , value [, locked|sticky] )` (without its `;`)."""
    if len(tokens) < 6 or tokens[0].kind != "word" or tokens[0].text not in _FUNCTIONS:
        return None
    shape = [t.text if t.kind == "punct" else t.kind for t in tokens]
    if shape[1:4] != ["(", "string", ","] or shape[-1] != ")":
        return None
    value = _value(tokens[4])
    attributes = tokens[5:-1]
    if value is None or any(t.text != "," and t.kind != "word" for t in attributes):
        return None
    name = _ESCAPE.sub(_unescape, tokens[2].text[1:-1])
    function = tokens[0].text
    if any(t.text == "locked" for t in attributes):
        function = "lockPref"
    return function, name, value


def parse_prefs_js(text: str) -> PrefsFile:
    """Parse the text of a prefs.js or user.js file; broken statements are counted and skipped."""
    prefs = PrefsFile()
    pending: list[_Token] = []
    for token in _tokens(text):
        if token.text != ";" or token.kind != "punct":
            pending.append(token)
            continue
        parsed = _statement(pending)
        pending = []
        if parsed is None:
            prefs.errors += 1
            continue
        function, name, value = parsed
        prefs.values[name] = value
        if function == "lockPref":
            prefs.locked.add(name)
    if pending:
        prefs.errors += 1
    return prefs
