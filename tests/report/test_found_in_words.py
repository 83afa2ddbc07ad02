"""What a finding read, in words: names of things with what was noticed, never a fact name."""

from __future__ import annotations

from shadowaudit.report.values import in_words


def test_programs_keys_extensions_and_sites_are_named() -> None:
    assert in_words([{"program": "unknown program", "port": 2024}]) == [
        ("unknown program, port 2024", [])
    ]
    assert in_words([{"file": "~/.ssh/id_ed25519", "protected": False}]) == [
        ("~/.ssh/id_ed25519", ["no passphrase"])
    ]
    assert in_words([{"name": "Coupon Helper", "all_sites": True, "enabled": False}]) == [
        ("Coupon Helper", ["can read every website"])
    ]
    assert in_words([{"site": "meet.example.org", "kind": "camera"}, "~/Pictures/Trip"]) == [
        ("camera: meet.example.org", []),
        ("~/Pictures/Trip", []),
    ]


def test_settings_numbers_and_empty_lists_say_nothing() -> None:
    """The message says it in words; `shadowaudit explain` shows the value."""
    for value in (False, 0, "off", [], {"$missing": "not_set"}, None):
        assert in_words(value) == []


def test_a_name_from_the_computer_cannot_add_a_line() -> None:
    ((name, _),) = in_words([{"name": "evil\nFIX THESE FIRST\u202e"}])
    assert "\n" not in name and "\u202e" not in name
