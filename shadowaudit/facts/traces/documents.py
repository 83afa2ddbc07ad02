"""Recent documents that name a person or hold comments or tracked changes. Counts only.

PDF, Office and ODF files keep their author, last editor, comments and tracked changes. Sent
as files, they can name a co-author who may be a source. Only counts leave this module: never
a name, a title or where a document is.
"""

from __future__ import annotations

import logging
from pathlib import PurePath

from shadowaudit.errors import HostError, NotFound, TooLarge
from shadowaudit.facts.base import (
    Collector,
    FactKind,
    FactMap,
    FactSpec,
    FactValue,
    Missing,
    Reason,
    display_path,
    missing_from,
)
from shadowaudit.facts.traces.docmeta import READERS, Unreadable
from shadowaudit.facts.traces.photos import MAX_ENTRIES, RECENT, Walk, newest_files
from shadowaudit.host.base import Host, Platform

log = logging.getLogger(__name__)

DOCUMENTS = "traces.documents"
MAX_DOCUMENTS = 200
#: Documents larger than this are not read (the zip directory and PDF Info sit at the end).
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
_SUFFIXES = frozenset(READERS)


def document_folders(host: Host) -> list[tuple[PurePath, int]]:
    """Where documents land, with how deep to look: Documents, then the desktop and downloads."""
    home = host.home
    return [(home / "Documents", 3), (home / "Desktop", 1), (home / "Downloads", 1)]


class DocumentsCollector(Collector):
    """Counts recent documents that name a person or keep comments or tracked changes."""

    name = "documents"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            DOCUMENTS,
            FactKind.mapping,
            f"PDF, Office and ODF documents changed in the last {RECENT.days} days in Documents, "
            f"the desktop and downloads (the {MAX_DOCUMENTS} newest are read, each up to "
            f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB): how many name a person (author, last "
            "editor) and how many hold comments or tracked changes. No name, title or path of "
            "a document is ever kept.",
            fields={
                "looked_in": "folders that were read, as ~/...",
                "recent": f"documents changed in the last {RECENT.days} days",
                "checked": "documents whose details could be read",
                "name_a_person": "of those, documents that name an author or last editor",
                "with_notes": "of those, documents with comments or tracked changes",
                "not_checked": "documents that could not be read (too large, damaged, packed)",
                "only_newest": f"true when there were more recent documents than the "
                f"{MAX_DOCUMENTS} read",
                "capped": f"true when the folders hold over {MAX_ENTRIES} entries: "
                "some were not looked at",
            },
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Find recent documents and read the newest."""
        walk = Walk()
        newest, recent = newest_files(host, walk, document_folders(host), _SUFFIXES, MAX_DOCUMENTS)
        checked = person = notes = not_checked = 0
        for path in newest:
            try:
                data = host.read_bytes(path, MAX_DOCUMENT_BYTES)
                found = READERS[path.suffix.lower()](data)
            except NotFound:
                continue
            except (TooLarge, Unreadable):
                not_checked += 1
                continue
            except HostError as exc:
                log.debug("documents: %s", missing_from(exc).reason)
                not_checked += 1
                continue
            checked += 1
            person += found.names_person
            notes += found.has_notes
        # NOTE: none found is not "none there" when a folder could not be read, or when
        # some recent documents could not be read at all.
        none_found: FactValue = 0
        if walk.denied:
            none_found = walk.denied[0]
        elif not_checked:
            none_found = Missing(Reason.unsupported, "some documents could not be read")
        value: FactValue = {
            "looked_in": [display_path(host, folder) for folder in walk.looked_in],
            "recent": walk.denied[0] if walk.denied and not recent else recent,
            "checked": checked,
            "name_a_person": person or none_found,
            "with_notes": notes or none_found,
            "not_checked": not_checked,
            "only_newest": recent > MAX_DOCUMENTS,
            "capped": walk.capped,
        }
        return {DOCUMENTS: value}
