"""The shipped catalogues: fresh, compiling, faithful to placeholders, and complete."""

from __future__ import annotations

import gettext
import io
import re

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from shadowaudit.engine.loader import load_context_questions, load_rules
from shadowaudit.i18n.translator import DOMAIN, locale_dir, translator_for
from shadowaudit.maintain.catalogues import (
    compiled,
    extract,
    languages,
    po_path,
    read,
    untranslated,
)
from shadowaudit.maintain.checks import problems
from shadowaudit.maintain.texts import all_texts
from shadowaudit.resources import rules_dir
from shadowaudit.workshop.checklists import load_checklists

LANGUAGES = languages()
#: Characters that reorder text around them; a translation must not hide them.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _keys(catalog: object) -> set[tuple[str | None, object]]:
    return {(m.context, m.id) for m in catalog if m.id}  # type: ignore[attr-defined]


#: Header fields that change what a reader sees; the rest (Generated-By, dates, the tool's
#: version) is written by Babel incidentally and differs between releases.
MEANINGFUL_HEADERS = ("language", "plural-forms", "content-type")


def _frozen(value: object) -> object:
    """A message id or string as a hashable value (plural forms come as lists)."""
    return tuple(value) if isinstance(value, list) else value


def _meaning(mo: bytes) -> tuple[dict[str, str], dict[tuple[str | None, object], object]]:
    """What a compiled catalogue says: the headers that matter and every message."""
    headers = gettext.GNUTranslations(io.BytesIO(mo)).info()
    messages = {
        (m.context, _frozen(m.id)): _frozen(m.string) for m in read_mo(io.BytesIO(mo)) if m.id
    }
    return {k: headers.get(k, "") for k in MEANINGFUL_HEADERS}, messages


def test_the_meaning_of_a_catalogue_ignores_the_tool_but_not_a_message() -> None:
    with po_path("fr").open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    original = compiled(catalog)
    header = re.search(rb"Generated-By: Babel [^\n]*", original)
    assert header is not None
    restamped = original.replace(
        header.group(), b"Generated-By: Babel 99.0".ljust(len(header.group()))
    )
    assert restamped != original
    assert _meaning(restamped) == _meaning(original)
    changed = next(m for m in catalog if m.id and not isinstance(m.id, tuple))
    changed.string = "autre chose"
    assert _meaning(compiled(catalog)) != _meaning(original)


def test_the_six_languages_ship() -> None:
    assert set(LANGUAGES) >= {"es", "fr", "ar", "fa", "ru"}


def test_the_template_holds_every_text_of_the_rules_and_the_program() -> None:
    with (locale_dir() / f"{DOMAIN}.pot").open("rb") as handle:
        committed = read_po(handle)
    assert _keys(committed) == _keys(extract()), (
        "locale/shadowaudit.pot is stale: run python -m shadowaudit.maintain.catalogues update"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_compiles_and_the_compiled_file_is_fresh(language: str) -> None:
    with po_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language, abort_invalid=True)
    fresh = compiled(catalog)
    committed = po_path(language).with_suffix(".mo").read_bytes()
    assert _meaning(committed) == _meaning(fresh), (
        f"{language}: the .mo is stale: run python -m shadowaudit.maintain.catalogues compile"
    )
    assert _keys(catalog) == _keys(extract()), f"{language}: run ... catalogues update"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_commands_and_addresses(language: str) -> None:
    found = []
    for message in read(language):
        if not message.id or untranslated(message):
            continue
        plural = isinstance(message.id, tuple)
        sources = message.id if plural else (message.id,)
        forms = message.string if plural else (message.string,)
        for form in forms:
            for problem in problems(sources[-1], form, plural):
                found.append(f"{message.context}: {sources[0][:50]!r}: {problem}")
            if BIDI_CONTROLS & set(form):
                found.append(f"{message.context}: {sources[0][:50]!r}: a bidi control character")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_rule_text_and_program_text_is_translated(language: str) -> None:
    missing = [
        f"{m.context or '(program)'}: {m.id!r}" for m in read(language) if m.id and untranslated(m)
    ]
    assert not missing, f"{len(missing)} texts not translated into {language}:\n" + "\n".join(
        missing[:20]
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_shipped_rule_text_is_found_at_run_time(language: str) -> None:
    folder = rules_dir()
    tr = translator_for(language)
    texts = list(
        all_texts(
            load_rules([folder]),
            load_context_questions([folder]),
            load_checklists([folder]).values(),
        )
    )
    for context, message in texts:
        tr.text(message, context)
    assert tr.missed() == {}
    assert len(texts) > 700


def test_persian_uses_persian_letters() -> None:
    arabic_forms = [
        m.id
        for m in read("fa")
        if m.id
        and any(
            ch in "يك" for ch in "".join(m.string if isinstance(m.string, tuple) else (m.string,))
        )
    ]
    assert not arabic_forms, arabic_forms[:5]
