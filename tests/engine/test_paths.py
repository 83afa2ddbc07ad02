"""Fact paths: parsing, and lookups that tell absent from missing."""

from __future__ import annotations

import pytest

from shadowaudit.engine.paths import lookup, parse_path, top_fact
from shadowaudit.facts.base import Missing, Reason


def test_parse_dotted_and_bracketed() -> None:
    assert parse_path("system.linux.ufw") == ("system", "linux", "ufw")
    assert parse_path('item.prefs["dom.security.https_only_mode"]') == (
        "item",
        "prefs",
        "dom.security.https_only_mode",
    )
    assert parse_path("item.prefs['a.b'].c") == ("item", "prefs", "a.b", "c")


@pytest.mark.parametrize("bad", ["", ".a", "a..b", "a[b]", 'a["x"', "a b", "a.$b"])
def test_invalid_paths(bad: str) -> None:
    with pytest.raises(ValueError, match="path"):
        parse_path(bad)


def test_top_fact_is_the_longest_catalogued_prefix() -> None:
    known = {"system.linux.ufw", "system.linux"}
    assert top_fact("system.linux.ufw", known) == "system.linux.ufw"
    assert top_fact("system.linux.other", known) == "system.linux"
    assert top_fact("item.prefs", known) is None
    assert top_fact("nothing.here", known) is None


def test_lookup_absent_versus_missing() -> None:
    facts = {"f.profiles": [{"prefs": {"a": 1}}], "f.broken": Missing(Reason.permission_denied)}
    item = {"prefs": {"a": 1}, "bad": Missing(Reason.parse_error)}
    assert lookup('item.prefs["a"]', facts, {"item": item}).value == 1
    absent = lookup('item.prefs["b"]', facts, {"item": item})
    assert absent.absent and absent.value is None
    deeper = lookup('item.nothing["b"]', facts, {"item": item})
    assert not deeper.absent and deeper.value == Missing(Reason.not_set)
    assert lookup('item.bad["x"]', facts, {"item": item}).value == Missing(Reason.parse_error)
    assert lookup("f.broken", facts).value == Missing(Reason.permission_denied)
    assert lookup("f.profiles.0.prefs", facts).value == {"a": 1}
    assert isinstance(lookup("f.uncollected", facts).value, Missing)
    outside = lookup("item.prefs", facts).value
    assert isinstance(outside, Missing) and outside.reason is Reason.collector_error
    scalar = lookup('item.prefs["a"].deeper', facts, {"item": item}).value
    assert isinstance(scalar, Missing) and scalar.reason is Reason.parse_error
