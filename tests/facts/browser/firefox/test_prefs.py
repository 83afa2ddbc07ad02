"""The prefs.js parser follows Firefox's grammar and never evaluates anything."""

from __future__ import annotations

from shadowaudit.facts.browser.firefox.prefs import parse_prefs_js


def test_values_of_every_type() -> None:
    text = """// Mozilla User Preferences
user_pref("dom.security.https_only_mode", true);
user_pref("network.cookie.cookieBehavior", 0);
user_pref("browser.contentblocking.category", "strict");
user_pref('single.quoted', 'it\\'s');
user_pref("negative", -5);
"""
    prefs = parse_prefs_js(text)
    assert prefs.values == {
        "dom.security.https_only_mode": True,
        "network.cookie.cookieBehavior": 0,
        "browser.contentblocking.category": "strict",
        "single.quoted": "it's",
        "negative": -5,
    }
    assert prefs.errors == 0


def test_escapes_and_semicolons_inside_strings() -> None:
    prefs = parse_prefs_js(r'user_pref("a", "x;y \"q\" \x41\u00e9\n");')
    assert prefs.values == {"a": 'x;y "q" Aé\n'}


def test_comments_of_three_kinds_and_crlf() -> None:
    text = '/* block\n comment; */ # hash;\r\nuser_pref("a", 1); // trailing;\r\n'
    assert parse_prefs_js(text).values == {"a": 1}


def test_broken_statements_are_skipped_like_firefox_does() -> None:
    text = 'user_pref("good", 1);\nuser_pref("bad", );\nuser_pref(oops);\nuser_pref("also", 2);'
    prefs = parse_prefs_js(text)
    assert prefs.values == {"good": 1, "also": 2}
    assert prefs.errors == 2


def test_locked_and_default_functions() -> None:
    text = 'pref("a", 1);\nlockPref("b", false);\npref("c", "x", locked);\nsticky_pref("d", 2);'
    prefs = parse_prefs_js(text)
    assert prefs.values == {"a": 1, "b": False, "c": "x", "d": 2}
    assert prefs.locked == {"b", "c"}


def test_nothing_is_evaluated() -> None:
    prefs = parse_prefs_js('user_pref("a", eval("1+1"));\nuser_pref("b", 1 + 1);')
    assert prefs.values == {}
    assert prefs.errors == 2


def test_out_of_range_integers_and_garbage() -> None:
    prefs = parse_prefs_js('user_pref("big", 99999999999);\n\x00\xff garbage "unterminated')
    assert prefs.values == {}
    assert prefs.errors == 2


def test_last_value_wins() -> None:
    assert parse_prefs_js('user_pref("a", 1);user_pref("a", 2);').values == {"a": 2}


def _same(text: str) -> None:
    from shadowaudit.facts.browser.firefox.prefs import _parse_tokens

    fast, slow = parse_prefs_js(text), _parse_tokens(text)
    assert (fast.values, fast.locked, fast.errors) == (slow.values, slow.locked, slow.errors)


def _recorded_prefs() -> list[str]:
    from pathlib import Path

    fixtures = Path(__file__).parents[3] / "fixtures"
    found = [
        p.read_text(encoding="utf-8", errors="replace")
        for pattern in ("**/prefs.js", "**/user.js")
        for p in sorted(fixtures.glob(pattern))
    ]
    assert len(found) >= 10, "the recorded Firefox profiles are missing"
    return found


def test_firefox_written_files_are_read_plainly_with_the_tokenizers_result() -> None:
    from shadowaudit.facts.browser.firefox.prefs import _parse_plain

    texts = _recorded_prefs()
    assert all(_parse_plain(text) is not None for text in texts if "/*" not in text)
    for text in texts:
        _same(text)


def test_anything_else_falls_back_to_the_tokenizer_with_the_same_result() -> None:
    import random

    from shadowaudit.facts.browser.firefox.prefs import _parse_plain

    text = _recorded_prefs()[0]
    cut_points = range(0, len(text), max(1, len(text) // 400))
    for cut in cut_points:
        _same(text[:cut])
    extras = ['"', "\\", "/*", "#", ";", ")", "(", "'", "x", "\n", "\\u00e9", "é", "\ud800"]
    rng = random.Random(22)
    for _ in range(600):
        at = rng.randrange(len(text))
        _same(text[:at] + rng.choice(extras) + text[at:])
    odd = 'user_pref("a", 1, locked);\nuser_pref("b",\n 2 )  ;\n// c\nuser_pref("c", 99999999999);'
    assert _parse_plain(odd) is None
    _same(odd)
    _same('user_pref("caf\\u00e9", "\\x41");\nuser_pref("b", +7);\nuser_pref("c", -0);\n \n')
