"""Maintaining the catalogues (Babel): extract the English texts, update and compile each language.

    python -m shadowaudit.maintain.catalogues update          # .pot and every .po, then compile
    python -m shadowaudit.maintain.catalogues init LANG       # start a new language
    python -m shadowaudit.maintain.catalogues stats           # how much of each is translated
    python -m shadowaudit.maintain.catalogues todo LANG       # untranslated entries, as JSON
    python -m shadowaudit.maintain.catalogues fill LANG FILE  # merge {key: translation} JSON

Rule texts have the rule id as context; the program's own texts (Python and templates) none.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from shadowaudit.engine.loader import load_context_questions, load_rules
from shadowaudit.i18n.translator import DOMAIN, locale_dir
from shadowaudit.maintain.checks import problems
from shadowaudit.maintain.texts import all_texts
from shadowaudit.resources import rules_dir, templates_dir
from shadowaudit.workshop.checklists import load_checklists

#: A fixed date in the headers, so that the committed files change only when a text changes.
_FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
_KEYWORDS = {
    "_": None,
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "counted": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
_PACKAGE = Path(__file__).resolve().parent.parent


def _new_catalog(locale: str | None = None) -> Catalog:
    """An empty catalogue with shadowaudit's headers."""
    return Catalog(
        locale=locale,
        domain=DOMAIN,
        project="shadowaudit",
        version="",
        copyright_holder="shadowaudit contributors",
        msgid_bugs_address="",
        creation_date=_FIXED_DATE,
        revision_date=_FIXED_DATE,
        fuzzy=False,
    )


def _program_texts(catalog: Catalog) -> None:
    """Add the program's own texts: `_()`, `N_()` and `ngettext()` in Python and templates."""
    sources = [
        (_PACKAGE, [("**.py", "python")], {}, "shadowaudit"),
        (
            templates_dir(),
            [("**.j2", "jinja2.ext:babel_extract")],
            {"**.j2": {"trimmed": "true"}},
            "templates",
        ),
    ]
    for folder, method_map, options, shown in sources:
        for filename, lineno, message, comments, context in extract_from_dir(
            str(folder), method_map, options, keywords=_KEYWORDS, comment_tags=("Translators:",)
        ):
            catalog.add(
                message,
                locations=[(f"{shown}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )


def extract() -> Catalog:
    """The template: every English text a person may read."""
    catalog = _new_catalog()
    folder = rules_dir()
    rules = load_rules([folder])
    texts = all_texts(
        rules,
        load_context_questions([folder]),
        load_checklists([folder]).values(),
    )
    for context, message in texts:
        catalog.add(message, context=context, locations=[(context, 0)])
    _program_texts(catalog)
    return catalog


def po_path(language: str) -> Path:
    """The catalogue of a language."""
    return locale_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> list[str]:
    """The languages that have a catalogue."""
    return sorted(p.parent.parent.name for p in locale_dir().glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def _write(catalog: Catalog, path: Path) -> None:
    """Write a .po or .pot, without line numbers (they change with every edit)."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_lineno=False, ignore_obsolete=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def read(language: str) -> Catalog:
    """A language's catalogue."""
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def compiled(catalog: Catalog) -> bytes:
    """A catalogue compiled to .mo, leaving out fuzzy (stale) entries."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> None:
    """Compile every language's .po to the .mo the program reads."""
    for language in languages():
        po_path(language).with_suffix(".mo").write_bytes(compiled(read(language)))


@contextmanager
def _locked() -> Iterator[None]:
    """Hold the catalogue lock: updates and fills never interleave."""
    with (locale_dir() / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def update() -> None:
    """Extract the template and bring every language up to date with it, then compile."""
    template = extract()
    with _locked():
        _write(template, locale_dir() / f"{DOMAIN}.pot")
        for language in languages():
            catalog = read(language)
            catalog.update(template, update_header_comment=False, update_creation_date=False)
            catalog.revision_date = _FIXED_DATE
            _write(catalog, po_path(language))
        compile_all()


def init(language: str) -> None:
    """Start the catalogue of a new language from the template."""
    catalog = _new_catalog(language)
    catalog.update(extract())
    _write(catalog, po_path(language))
    compile_all()


def key(message: Message) -> str:
    """A short stable key of an entry, for `todo` and `fill`."""
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    raw = f"{message.context or ''}\x04{msgid}".encode()
    return hashlib.sha1(raw, usedforsecurity=False).hexdigest()[:10]


def untranslated(message: Message) -> bool:
    """True when an entry has no usable translation (empty or fuzzy)."""
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return message.fuzzy or not all(strings)


def _wanted(context: str, prefixes: str) -> bool:
    """True when a context starts with one of comma-separated prefixes ('-': no context)."""
    if not prefixes:
        return True
    return any(
        not context if prefix == "-" else context.startswith(prefix)
        for prefix in prefixes.split(",")
    )


def todo(language: str, prefixes: str = "", limit: int = 0) -> list[dict[str, object]]:
    """Untranslated entries, optionally only those whose context starts with one of the
    comma-separated `prefixes` ('-' stands for the program's own texts, with no context)."""
    found: list[dict[str, object]] = []
    catalog = read(language)
    for message in catalog:
        if not message.id or not untranslated(message):
            continue
        context = message.context or ""
        if not _wanted(context, prefixes):
            continue
        entry: dict[str, object] = {"key": key(message), "context": context}
        if isinstance(message.id, tuple):
            entry["english"] = list(message.id)
            entry["plural_forms"] = catalog.num_plurals
        else:
            entry["english"] = message.id
        if message.auto_comments:
            entry["note"] = " ".join(message.auto_comments)
        found.append(entry)
        if limit and len(found) >= limit:
            break
    return found


def fill(language: str, translations: dict[str, str | list[str]]) -> list[str]:
    """Merge translations by key; return the problems of those refused."""
    refused = []
    with _locked():
        catalog = read(language)
        by_key = {key(m): m for m in catalog if m.id}
        for entry_key, text in translations.items():
            message = by_key.get(entry_key)
            if message is None:
                refused.append(f"{entry_key}: no such entry")
                continue
            sources: tuple[str, ...] = (
                message.id if isinstance(message.id, tuple) else (str(message.id),)
            )
            forms = tuple(text) if isinstance(text, list) else (text,)
            if isinstance(message.id, tuple) and len(forms) != catalog.num_plurals:
                refused.append(f"{entry_key}: give {catalog.num_plurals} plural forms")
                continue
            plural = isinstance(message.id, tuple)
            found = [p for form in forms for p in problems(sources[-1], form, plural)]
            if not all(form.strip() for form in forms):
                found.append("empty translation")
            if found:
                refused.append(f"{entry_key}: {'; '.join(found)}")
                continue
            message.string = forms if isinstance(message.id, tuple) else forms[0]
            message.flags.discard("fuzzy")
        _write(catalog, po_path(language))
        po_path(language).with_suffix(".mo").write_bytes(compiled(catalog))
    return refused


def stats() -> dict[str, dict[str, int]]:
    """Per language: entries, translated rule texts, translated program texts."""
    result = {}
    for language in languages():
        counts = {"rules": 0, "rules_done": 0, "program": 0, "program_done": 0}
        for message in read(language):
            if not message.id:
                continue
            part = "rules" if message.context else "program"
            counts[part] += 1
            counts[f"{part}_done"] += not untranslated(message)
        result[language] = counts
    return result


def main(argv: list[str] | None = None) -> int:
    """The maintainer's command line."""
    parser = argparse.ArgumentParser(prog="python -m shadowaudit.maintain.catalogues")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("update")
    commands.add_parser("compile")
    commands.add_parser("stats")
    commands.add_parser("init").add_argument("language")
    todo_parser = commands.add_parser("todo")
    todo_parser.add_argument("language")
    todo_parser.add_argument(
        "--context", default="", help="context prefixes, comma-separated; '-' for none"
    )
    todo_parser.add_argument("--limit", type=int, default=0)
    fill_parser = commands.add_parser("fill")
    fill_parser.add_argument("language")
    fill_parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    if args.command == "update":
        update()
    elif args.command == "compile":
        compile_all()
    elif args.command == "init":
        init(args.language)
    elif args.command == "stats":
        print(json.dumps(stats(), indent=2))
    elif args.command == "todo":
        entries = todo(args.language, args.context, args.limit)
        print(json.dumps(entries, indent=1, ensure_ascii=False))
    elif args.command == "fill":
        refused = fill(args.language, json.loads(args.file.read_text(encoding="utf-8")))
        for line in refused:
            print(line, file=sys.stderr)
        return 1 if refused else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
