"""The translator: per-string fallback to English, contexts, plurals, and what fell back."""

from __future__ import annotations

import io

import pytest
from babel.messages.catalog import Catalog

from shadowaudit.i18n.translator import (
    Translator,
    current,
    shipped_languages,
    translator_for,
    using,
)
from shadowaudit.maintain.catalogues import compiled


def _translator(language: str, entries: list[tuple[object, object, str | None]]) -> Translator:
    """A translator over a catalogue built in memory: (msgid, msgstr, context) entries."""
    import gettext

    catalog = Catalog(locale=language)
    for msgid, msgstr, context in entries:
        catalog.add(msgid, msgstr, context=context)  # type: ignore[arg-type]
    return Translator(language, gettext.GNUTranslations(io.BytesIO(compiled(catalog))))


def test_found_in_context_then_without() -> None:
    tr = _translator("fr", [("Firewall", "Pare-feu", "system.firewall"), ("Fine", "Bien", None)])
    assert tr.text("Firewall", "system.firewall") == "Pare-feu"
    assert tr.text("Fine", "system.firewall") == "Bien"
    assert tr.missed() == {}


def test_a_missing_string_stays_english_and_is_remembered_alone() -> None:
    tr = _translator("fr", [("Firewall", "Pare-feu", "system.firewall")])
    steps = tr.texts(["Firewall", "Turn it on."], "system.firewall")
    assert steps == ["Pare-feu", "Turn it on."]
    assert tr.missed() == {"system.firewall": {"Turn it on."}}


def test_a_context_does_not_leak_into_another() -> None:
    tr = _translator("fr", [("Title", "Titre A", "rule.a")])
    assert tr.text("Title", "rule.b") == "Title"
    assert tr.missed() == {"rule.b": {"Title"}}


def test_fuzzy_and_empty_entries_fall_back() -> None:
    import gettext

    catalog = Catalog(locale="es")
    catalog.add("Stale", "Viejo", flags=["fuzzy"])
    catalog.add("Empty", "")
    tr = Translator("es", gettext.GNUTranslations(io.BytesIO(compiled(catalog))))
    assert tr.text("Stale") == "Stale"
    assert tr.text("Empty") == "Empty"
    assert tr.missed() == {None: {"Stale", "Empty"}}


def test_plural_forms_follow_the_language() -> None:
    tr = _translator(
        "ru",
        [
            (
                ("%(num)d file", "%(num)d files"),
                ("%(num)d файл", "%(num)d файла", "%(num)d файлов"),
                None,
            )
        ],
    )
    assert [tr.plural("%(num)d file", "%(num)d files", n) % {"num": n} for n in (1, 3, 5, 21)] == [
        "1 файл",
        "3 файла",
        "5 файлов",
        "21 файл",
    ]


def test_english_translates_nothing_and_misses_nothing() -> None:
    tr = translator_for("en")
    assert tr.text("Firewall", "system.firewall") == "Firewall"
    assert tr.plural("a", "b", 2) == "b"
    assert tr.missed() == {}
    assert tr.direction == "ltr"


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fa", "rtl"), ("ru", "ltr")])
def test_direction(language: str, direction: str) -> None:
    assert translator_for(language).direction == direction


def test_the_shipped_languages() -> None:
    assert {"en", "es", "fr", "ar", "fa", "ru"} <= set(shipped_languages())


def test_using_restores_the_translator_before() -> None:
    before = current()
    with using(translator_for("fa")) as tr:
        assert current() is tr
    assert current() is before
