"""A Translator: text looked up per string in one language's compiled catalogue.

A string with no translation (new, changed since it was translated, or marked fuzzy) stays in
English and is remembered, so the report can say which parts are not yet translated.
"""

from __future__ import annotations

import gettext
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from shadowaudit.resources import data_dir

DOMAIN = "shadowaudit"
SOURCE_LANGUAGE = "en"
#: Languages written right to left (their HTML pages get dir="rtl").
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur", "ps", "ckb"})
#: The context separator of gettext's compiled catalogues.
_CONTEXT_GLUE = "\x04"


def locale_dir() -> Path:
    """The shipped catalogues: locale/<lang>/LC_MESSAGES/shadowaudit.{po,mo}."""
    return data_dir("locale")


def shipped_languages() -> list[str]:
    """English and every language with a compiled catalogue, sorted."""
    found = {p.parent.parent.name for p in locale_dir().glob(f"*/LC_MESSAGES/{DOMAIN}.mo")}
    return sorted(found | {SOURCE_LANGUAGE})


def _key(message: str, context: str | None) -> str:
    """The catalogue key of a message in a context."""
    return f"{context}{_CONTEXT_GLUE}{message}" if context else message


class Translator:
    """Looks up text in one language, falling back to English one string at a time."""

    def __init__(self, language: str, catalogue: gettext.GNUTranslations | None = None) -> None:
        """A translator for `language`; without a catalogue every string stays English."""
        self.language = language
        self._catalogue = catalogue
        self._lock = threading.Lock()
        self._missed: dict[str | None, set[str]] = {}

    @property
    def direction(self) -> str:
        """'rtl' for a language written right to left, else 'ltr'."""
        return "rtl" if self.language.split("_")[0] in RIGHT_TO_LEFT else "ltr"

    @property
    def is_source(self) -> bool:
        """True for English, the language the rules and templates are written in."""
        return self.language == SOURCE_LANGUAGE

    @staticmethod
    def _keys(message: str, context: str | None) -> tuple[str, ...]:
        """Where a message may be found: in its context first, then without one."""
        return (_key(message, context), message) if context else (message,)

    def _find(self, key: str | tuple[str, int]) -> str | None:
        """The translation stored under a key (with a plural form's index), or None."""
        if self._catalogue is None:
            return None
        # NOTE: GNUTranslations hides whether a string was found; its _catalog tells us, and
        # has been the same dictionary since Python 2.
        found = self._catalogue._catalog.get(key)  # type: ignore[attr-defined]
        return found if isinstance(found, str) and found else None

    def _miss(self, message: str, context: str | None) -> None:
        """Remember that a string fell back to English."""
        if self.is_source or not message:
            return
        with self._lock:
            self._missed.setdefault(context, set()).add(message)

    def text(self, message: str, context: str | None = None) -> str:
        """The translation of `message`, in `context` first and then without one."""
        if self.is_source or not message:
            return message
        for key in self._keys(message, context):
            found = self._find(key)
            if found is not None:
                return found
        self._miss(message, context)
        return message

    def texts(self, messages: list[str], context: str | None = None) -> list[str]:
        """Each message translated."""
        return [self.text(message, context) for message in messages]

    def plural(self, singular: str, plural: str, count: int, context: str | None = None) -> str:
        """The form of a message for `count` (the language's own plural rules)."""
        english = singular if count == 1 else plural
        if self.is_source or self._catalogue is None:
            self._miss(singular, context)
            return english
        index = self._catalogue.plural(count)  # type: ignore[attr-defined]
        for key in self._keys(singular, context):
            found = self._find((key, index))
            if found is not None:
                return found
        self._miss(singular, context)
        return english

    def missed(self) -> dict[str | None, set[str]]:
        """Strings that fell back to English so far, by context (None: the program's own)."""
        with self._lock:
            return {context: set(messages) for context, messages in self._missed.items()}


@cache
def _compiled(language: str) -> gettext.GNUTranslations | None:
    """The compiled catalogue of a language, or None when there is none."""
    path = locale_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with path.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except (OSError, ValueError, LookupError, struct.error):
        return None


def translator_for(language: str) -> Translator:
    """A fresh translator (its own record of what fell back) for a shipped language."""
    if language == SOURCE_LANGUAGE:
        return Translator(SOURCE_LANGUAGE)
    return Translator(language, _compiled(language))


_current = Translator(SOURCE_LANGUAGE)


def use(translator: Translator) -> None:
    """Make `translator` the one the program's own messages use."""
    global _current
    _current = translator


@contextmanager
def using(translator: Translator) -> Iterator[Translator]:
    """Use `translator` for the program's own messages inside a `with` block."""
    before = current()
    use(translator)
    try:
        yield translator
    finally:
        use(before)


def current() -> Translator:
    """The translator in use (English until a language is chosen)."""
    return _current


def _(message: str) -> str:
    """The program's own message in the chosen language."""
    return _current.text(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The program's own message with a count, in the chosen language."""
    return _current.plural(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention, known to extractors
    """Mark a message for translation where it is defined; it is translated where it is used."""
    return message
