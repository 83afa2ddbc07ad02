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
