"""Choosing the language: --lang first, then the system's settings, then English."""

from __future__ import annotations

import pytest

from shadowaudit.i18n.languages import UnknownLanguage, choose_language

SHIPPED = ["ar", "en", "es", "fa", "fr", "ru"]


@pytest.mark.parametrize(
    ("asked", "environ", "windows_ui", "chosen"),
    [
        ("fa", {"LANG": "fr_FR.UTF-8"}, "", "fa"),
        ("ES", {}, "", "es"),
        ("pt-BR", {}, "", None),
        (None, {"LANG": "fr_FR.UTF-8"}, "", "fr"),
        (None, {"LC_ALL": "ru_RU.UTF-8", "LANG": "fr_FR.UTF-8"}, "", "ru"),
        (None, {"LC_MESSAGES": "ar_EG.UTF-8", "LANG": "en_US.UTF-8"}, "", "ar"),
        (None, {"LANGUAGE": "de:fa:en", "LANG": "de_DE.UTF-8"}, "", "fa"),
        # Like gettext, LANGUAGE counts only when a locale is set at all.
        (None, {"LANGUAGE": "fa"}, "", "en"),
        (None, {"LANG": "C.UTF-8"}, "", "en"),
        (None, {"LANG": "de_DE.UTF-8"}, "", "en"),
        (None, {"LANG": "fa_IR.UTF-8@persian"}, "", "fa"),
        (None, {}, "fa_IR", "fa"),
        (None, {}, "", "en"),
    ],
)
def test_choose_language(
    asked: str | None, environ: dict[str, str], windows_ui: str, chosen: str | None
) -> None:
    if chosen is None:
        with pytest.raises(UnknownLanguage):
            choose_language(asked, SHIPPED, environ, windows_ui)
    else:
        assert choose_language(asked, SHIPPED, environ, windows_ui) == chosen
