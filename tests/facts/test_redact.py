"""Setting values that could carry a secret never reach the facts."""

from __future__ import annotations

import pytest

from shadowaudit.facts.redact import HIDDEN, safe_setting


@pytest.mark.parametrize(
    "value",
    [
        True,
        0,
        5,
        1.5,
        None,
        "strict",
        "custom",
        "153.7.0",
        "secure",
        "default_public_interface_only",
    ],
)
def test_plain_settings_are_kept(value: object) -> None:
    assert safe_setting(value) == value  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value",
    [
        "ana@example.org",
        "https://news.example.com/story?id=1",
        "/home/ana/Downloads",
        "C:\\Users\\Ana",
        "a" * 41,
        "line\nbreak",
        {"nested": 1},
    ],
)
def test_values_that_could_carry_secrets_are_hidden(value: object) -> None:
    assert safe_setting(value) == HIDDEN  # type: ignore[arg-type]


def test_lists_are_checked_item_by_item() -> None:
    assert safe_setting(["en-US", "me@example.org"]) == ["en-US", HIDDEN]
