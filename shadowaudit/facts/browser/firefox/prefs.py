"""A parser for Firefox's prefs.js and user.js that never evaluates anything.

It follows the grammar of Firefox's own pref parser: `user_pref(name, value);` (and `pref`,
`lockPref`, `sticky_pref` in default files), values true/false, integers or strings in single or
double quotes, comments `//`, `#` and `/* */`. Like Firefox, a broken statement is skipped up to
the next `;` and the rest of the file is still read.

The tokenizer is linear: no pattern can fail after scanning far ahead, because an unclosed
comment or string runs to the end of the file (as it does for Firefox), and a statement keeps at
most a few tokens, so a hostile megabyte parses in a fraction of a second.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from msgspec import Struct, field

PrefValue = bool | int | str

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>//[^\r\n]*|\#[^\r\n]*|/\*(?:.*?\*/|.*))
  | (?P<string>"(?:[^"\\]|\\.)*(?:"|\\?\Z)|'(?:[^'\\]|\\.)*(?:'|\\?\Z))
  | (?P<number>[+-]?[0-9]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>[(),;])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
#: One comment or `user_pref("name", value);` as Firefox writes them into prefs.js, after any
#: spaces: the common case, read without the tokenizer (see `_parse_plain`).
_PLAIN = re.compile(
    r"""\s*(?://[^\r\n]*|user_pref\(\s*("(?:[^"\\]|\\.)*")\s*,"""
    r"""\s*(true|false|[+-]?[0-9]+|"(?:[^"\\]|\\.)*")\s*\)\s*;)""",
    re.DOTALL,
)
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "'": "'", "\\": "\\"}
_FUNCTIONS = {"user_pref", "pref", "lockPref", "sticky_pref"}
_INT32 = range(-(2**31), 2**31)
#: The longest statement: `func ( "name" , value , locked )`; longer ones are broken anyway.
_MOST_TOKENS = 16


class PrefsFile(Struct):
    """The prefs found in one file: their values, which are locked, how many lines were broken."""

    values: dict[str, PrefValue] = field(default_factory=dict)
    locked: set[str] = field(default_factory=set)
    errors: int = 0


class _Token(NamedTuple):
    """One token of a prefs file (a tuple: a hostile file holds a million of them)."""

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
    skipped = ("space", "comment")
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in skipped:
            yield _Token(kind, match.group())


def _string(token: _Token) -> str | None:
    """The text of a string token, escapes decoded (a lone half of a surrogate pair becomes
    U+FFFD, so the text can be printed); None when the string is not closed."""
    if len(token.text) < 2 or token.text[-1] != token.text[0]:
        return None
    body = token.text[1:-1]
    if "\\" not in body and body.isascii():
        return body  # no escape to decode, no half of a surrogate pair
    text = _ESCAPE.sub(_unescape, body)
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _value(token: _Token) -> PrefValue | None:
    """A pref value from its token, or None when it is not a valid value."""
    if token.kind == "string":
        return _string(token)
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
    name = _string(tokens[2])
    if name is None:
        return None
    function = tokens[0].text
    if any(t.text == "locked" for t in attributes):
        function = "lockPref"
    return function, name, value


def _parse_plain(text: str) -> PrefsFile | None:
    """The prefs of a file made only of `//` comments and plain `user_pref("name", value);`
    statements (how Firefox writes prefs.js), read a statement at a time; None at the first
    thing of any other kind, for the tokenizer to read the whole file. Both give the same
    result on such a file (tests/facts/browser/firefox/test_prefs.py)."""
    prefs = PrefsFile()
    position, end, match = 0, len(text), _PLAIN.match
    while position < end:
        found = match(text, position)
        if found is None:
            return prefs if text[position:].isspace() else None
        position = found.end()
        name, value = found.group(1, 2)
        if name is None:
            continue
        kind = "string" if value[0] == '"' else "word" if value[0] in "tf" else "number"
        parsed = _value(_Token(kind, value))
        named = _string(_Token("string", name))
        if parsed is None or named is None:
            prefs.errors += 1
            continue
        prefs.values[named] = parsed
    return prefs


def parse_prefs_js(text: str) -> PrefsFile:
    """Parse the text of a prefs.js or user.js file; broken statements are counted and skipped."""
    plain = _parse_plain(text)
    if plain is not None:
        return plain
    return _parse_tokens(text)


def _parse_tokens(text: str) -> PrefsFile:
    """Parse any prefs file with the tokenizer, statement by statement."""
    prefs = PrefsFile()
    pending: list[_Token] = []
    for token in _tokens(text):
        if token.text != ";" or token.kind != "punct":
            if len(pending) <= _MOST_TOKENS:
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
