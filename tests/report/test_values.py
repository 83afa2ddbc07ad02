"""Evidence values read as words."""

from __future__ import annotations

import json
import logging
import sys

import pytest

from shadowaudit.cli.output import inert_log_handler
from shadowaudit.report.values import json_safe, printable, readable, visible


def test_values_in_words() -> None:
    assert readable(True) == "true"
    assert readable(0) == "0"
    assert readable("strict") == '"strict"'
    assert readable({"$missing": "parse_error"}) == "could not be read"
    assert readable([]) == "(none)"
    assert readable(["Google", "Comscore"]) == "Google; Comscore"
    assert readable([{"site": "meet.example.org", "kind": "camera"}]) == (
        "camera: meet.example.org"
    )
    extension = {
        "name": "Coupon Helper",
        "enabled": True,
        "user_installed": True,
        "sideloaded": False,
        "all_sites": True,
        "sensitive_permissions": ["cookies", "webRequest"],
        "unsigned": True,
        "outside_store": False,
    }
    assert readable([extension, {"name": "Quiet", "enabled": False}]) == (
        "Coupon Helper (turned on; can read every website; not checked by the browser maker; "
        "may use cookies, webRequest); Quiet"
    )


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("a\nb", "a\\nb"),
        ("a\rb", "a\\rb"),
        ("a\u2028b\u2029c", "a\\u2028b\\u2029c"),
        ("a\x85b\x0bc\x0cd", "a\\x85b\\vc\\fd"),
        ("a\x1b]0;pwned\x07b", "a[U+001B]]0;pwned[U+0007]b"),
        ("a\x1b[2Jb\x9b", "a[U+001B][2Jb[U+009B]"),
        ("txt\u202eexe.doc\u2066x\u2069", "txt[U+202E]exe.doc[U+2066]x[U+2069]"),
        ("a\tb", "a\tb"),
    ],
)
def test_a_value_is_one_inert_line(name: str, shown: str) -> None:
    assert visible(name) == shown


def test_a_whole_text_keeps_its_own_lines_and_persian_joiners() -> None:
    assert printable("a\nb\rc\x1b[2J\u202e") == "a\nb\\rc[U+001B][2J[U+202E]"
    assert printable("می\u200cخواهم") == "می\u200cخواهم"


def test_json_stays_the_same_value_and_turns_inert() -> None:
    text = json.dumps({"name": "a\x9bb\u2028c\u202ed\x1b"}, ensure_ascii=False)
    assert json.loads(json_safe(text)) == json.loads(text)
    assert not {"\x9b", "\u2028", "\u202e", "\x1b"} & set(json_safe(text))


def test_log_lines_are_one_line_and_inert() -> None:
    record = logging.LogRecord("x", logging.INFO, "", 0, "read %s", ("a\nINFO b\x1b[2J",), None)
    formatter = inert_log_handler().formatter
    assert formatter is not None
    line = formatter.format(record)
    assert line == "INFO x: read a\\nINFO b[U+001B][2J"


def test_a_missing_answer_is_not_said_to_be_unreadable() -> None:
    assert readable({"$missing": "not_sure"}) == "you were not sure"
    assert readable({"$missing": "not_answered"}) == "not answered"
    assert readable({"$missing": "parse_error"}) == "could not be read"


def test_printable_and_json_safe_change_the_same_characters_as_one_by_one() -> None:
    """The regular expression behind printable and json_safe finds exactly the characters
    that is_dangerous, LINE_BREAKS and the JSON separators change, over every code point."""
    from shadowaudit.report.values import LINE_BREAKS, _marked, is_dangerous

    every = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000)
    by_hand_printable = "".join(
        ch if ch == "\n" else LINE_BREAKS.get(ch) or (_marked(ch) if is_dangerous(ch) else ch)
        for ch in every
    )
    by_hand_json = "".join(
        f"\\u{ord(ch):04x}" if is_dangerous(ch) or ch in "\x85\u2028\u2029" else ch for ch in every
    )
    assert printable(every) == by_hand_printable
    assert json_safe(every) == by_hand_json
