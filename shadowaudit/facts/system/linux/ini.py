"""INI-style setting files of Linux desktops (GKeyFile, KConfig, SDDM, dnf), read as text."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import PurePath

from shadowaudit.errors import NotFound
from shadowaudit.host.base import Host

log = logging.getLogger(__name__)

Sections = dict[str, dict[str, str]]

#: Most drop-in files a folder may contribute (a folder of thousands is not a config folder).
_MAX_DROP_INS = 64


def parse_ini(text: str) -> Sections:
    """Sections of an INI-style text: `[name]` headers, `key=value` lines, later keys win.

    Lines starting with `#` or `;` are comments; nothing is stripped after a value, as
    GKeyFile and KConfig do not know inline comments. Keys before any header belong to "".
    The section name is the text between the outer brackets, so KConfig's `[Daemon][$i]`
    stays `Daemon][$i` for the caller to read.
    """
    sections: Sections = {}
    current = sections.setdefault("", {})
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].strip(), {})
            continue
        key, sep, value = line.partition("=")
        if sep and key.strip():
            current[key.strip()] = value.strip()
    return sections


def merge_ini(documents: Iterable[Sections]) -> Sections:
    """Lay documents over each other in order: a later key replaces an earlier one."""
    merged: Sections = {}
    for document in documents:
        for name, values in document.items():
            merged.setdefault(name, {}).update(values)
    return merged


def drop_ins(host: Host, folder: PurePath, suffix: str = ".conf") -> list[PurePath]:
    """The files of a drop-in folder ending in `suffix`, in lexical order; none if absent."""
    try:
        names = host.list_dir(folder)
    except NotFound:
        return []
    chosen = [folder / name for name in sorted(names) if name.endswith(suffix)]
    return [path for path in chosen[:_MAX_DROP_INS] if host.is_file(path)]


def read_layers(host: Host, paths: Iterable[PurePath]) -> list[Sections]:
    """Parse each file that exists, in order. Other `HostError`s (unreadable) propagate."""
    layers = []
    for path in paths:
        try:
            layers.append(parse_ini(host.read_text(path, limit=1024 * 1024)))
        except NotFound:
            continue
        log.debug("read %s", path)
    return layers
