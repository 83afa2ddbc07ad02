"""Which language to speak: --lang, then the system's language settings, then English."""

from __future__ import annotations

import locale
import sys
from collections.abc import Iterable, Mapping

from shadowaudit.i18n.translator import SOURCE_LANGUAGE

#: The variables that name the person's language, in the order GNU gettext reads them.
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


class UnknownLanguage(ValueError):
    """A language asked for with --lang that shadowaudit does not speak."""


def _base(tag: str) -> str:
    """'fa' from 'fa_IR.UTF-8', 'pt_BR' from 'pt-BR', '' from 'C' or 'POSIX'."""
    tag = tag.split(".")[0].split("@")[0].replace("-", "_").strip()
    return "" if tag.upper() in ("C", "POSIX", "") else tag


def _match(tag: str, available: Iterable[str]) -> str | None:
    """The available language a tag names: exact (pt_BR), else by its first part (fa_IR)."""
    base = _base(tag)
    if not base:
        return None
    by_lower = {language.lower(): language for language in available}
    return by_lower.get(base.lower()) or by_lower.get(base.split("_")[0].lower())


def _windows_ui_language() -> str:
    """The Windows display language, e.g. 'fa_IR' (empty elsewhere or when unknown)."""
    if sys.platform != "win32":
        return ""
    import ctypes

    try:
        lcid = ctypes.windll.kernel32.GetUserDefaultUILanguage()
    except (AttributeError, OSError):
        return ""
    return locale.windows_locale.get(int(lcid), "")


def system_languages(environ: Mapping[str, str], windows_ui: str = "") -> list[str]:
    """The languages the system settings ask for, most wanted first.

    LANGUAGE may list several ("fa:en"); like gettext, it is ignored when the locale is C.
    """
    chosen = ""
    for name in LANGUAGE_VARIABLES[1:]:
        if environ.get(name):
            chosen = environ[name]
            break
    wanted: list[str] = []
    if environ.get("LANGUAGE") and _base(chosen or "C"):
        wanted.extend(part for part in environ["LANGUAGE"].split(":") if part)
    if chosen:
        wanted.append(chosen)
    if windows_ui:
        wanted.append(windows_ui)
    return [tag for tag in wanted if _base(tag)]


def choose_language(
    asked: str | None,
    available: Iterable[str],
    environ: Mapping[str, str],
    windows_ui: str | None = None,
) -> str:
    """The language to use: the one asked for, else the system's first available, else English.

    Raises UnknownLanguage when `asked` names a language shadowaudit does not speak.
    """
    available = list(available)
    if asked:
        found = _match(asked, available)
        if found is None:
            raise UnknownLanguage(asked)
        return found
    ui = _windows_ui_language() if windows_ui is None else windows_ui
    for tag in system_languages(environ, ui):
        found = _match(tag, available)
        if found is not None:
            return found
    return SOURCE_LANGUAGE
