"""Sentences built from a pattern are rebuilt from the translated pattern, names kept."""

from __future__ import annotations

import io

from babel.messages.catalog import Catalog

from shadowaudit.i18n.computed import CHROMIUM_OPEN_HINT, PROFILE_LABEL, translate_built
from shadowaudit.i18n.translator import Translator
from shadowaudit.maintain.catalogues import compiled


def _spanish() -> Translator:
    import gettext

    catalog = Catalog(locale="es")
    catalog.add(PROFILE_LABEL, "{browser}, perfil {profile}")
    catalog.add(CHROMIUM_OPEN_HINT, "{browser}: abre «{profile}» con la foto de perfil.")
    catalog.add("Plain", "Sencillo")
    return Translator("es", gettext.GNUTranslations(io.BytesIO(compiled(catalog))))


def test_a_built_label_is_rebuilt_in_the_language() -> None:
    built = PROFILE_LABEL.format(browser="Firefox", profile="Work, 2024")
    assert translate_built(built, _spanish()) == "Firefox, perfil Work, 2024"


def test_a_repeated_name_must_repeat() -> None:
    built = CHROMIUM_OPEN_HINT.format(browser="Chrome", profile="Trabajo")
    assert translate_built(built, _spanish()) == "Chrome: abre «Trabajo» con la foto de perfil."


def test_plain_text_is_looked_up_and_unknown_text_stays() -> None:
    tr = _spanish()
    assert translate_built("Plain", tr) == "Sencillo"
    assert translate_built("Something else", tr, "rule.x") == "Something else"
    assert tr.missed() == {"rule.x": {"Something else"}}
