"""LibreOffice's user name and "Remove personal information on saving", from its own settings.

LibreOffice keeps what the person changed in `registrymodifications.xcu` of its user profile.
The name fields (`/org.openoffice.UserProfile/Data`: givenname, sn, initials) are read only to
tell whether one is filled in; the value is dropped at once and never returned.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePath
from typing import TYPE_CHECKING

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import FactValue, Missing, Reason, missing_from
from shadowaudit.host.base import Host, Platform

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

#: A real registrymodifications.xcu is tens of KiB; the cap leaves a wide margin.
MAX_XCU = 4 * 1024 * 1024
XCU = "registrymodifications.xcu"
OOR = "{http://openoffice.org/2001/registry}"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
USER_DATA = "/org.openoffice.UserProfile/Data"
SCRIPTING = "/org.openoffice.Office.Common/Security/Scripting"
#: Fields of Tools > Options > LibreOffice > User Data that LibreOffice writes into a
#: document as its author, and into comments and tracked changes (initials mark comments).
NAME_FIELDS = ("givenname", "sn", "initials")
REMOVE = "RemovePersonalInfoOnSaving"
#: Newer LibreOffice (officecfg Common.xcs, unotools securityoptions.cxx): with REMOVE on,
#: each of these keeps a kind of personal information in the saved file.
KEEPS = (
    "KeepRedlineInfoOnSaving",
    "KeepDocUserInfoOnSaving",
    "KeepNoteAuthorDateInfoOnSaving",
    "KeepDocVersionInfoOnSaving",
)
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def profiles(host: Host) -> list[tuple[str, str, PurePath]]:
    """Where LibreOffice may keep a user profile on this platform: (id, label, folder)."""
    home = host.home
    if host.platform is Platform.windows:
        appdata = host.env("APPDATA")
        base = host.path(appdata) if appdata else home / "AppData" / "Roaming"
        return [("libreoffice", "LibreOffice", base / "LibreOffice" / "4" / "user")]
    if host.platform is Platform.macos:
        support = home / "Library" / "Application Support"
        return [("libreoffice", "LibreOffice", support / "LibreOffice" / "4" / "user")]
    tail = ("libreoffice", "4", "user")
    return [
        ("libreoffice", "LibreOffice", host.config_home().joinpath(*tail)),
        (
            "libreoffice-flatpak",
            "LibreOffice (Flatpak)",
            home.joinpath(".var", "app", "org.libreoffice.LibreOffice", "config", *tail),
        ),
        (
            "libreoffice-snap",
            "LibreOffice (Snap)",
            home.joinpath("snap", "libreoffice", "current", ".config", *tail),
        ),
    ]


def _props(element: Element, path: str) -> Iterator[tuple[str, str, str | None]]:
    """Every setting under an <item> or <node>: (group path, name, value; None when nil)."""
    for child in element:
        name = child.get(f"{OOR}name", "")
        if child.tag == "prop":
            value = child.find("value")
            text = None if value is None or value.get(XSI_NIL) == "true" else value.text or ""
            yield path, name, text
        elif child.tag == "node":
            yield from _props(child, f"{path}/{name}")


def settings(data: bytes) -> dict[tuple[str, str], str | None]:
    """The settings a registrymodifications.xcu holds, by (group path, name). Raises
    ValueError when it is not one (a DOCTYPE is refused: no entity is ever expanded)."""
    if _DOCTYPE.search(data):
        raise ValueError("a DOCTYPE in registrymodifications.xcu")
    from xml.etree import ElementTree  # NOTE: lazy: only a home with LibreOffice needs it

    try:
        root = ElementTree.fromstring(data)
    # NOTE: an unknown encoding in the XML declaration raises LookupError (found by fuzzing).
    except (ElementTree.ParseError, LookupError, UnicodeError) as exc:
        raise ValueError("registrymodifications.xcu is not XML") from exc
    if root.tag != f"{OOR}items":
        raise ValueError("registrymodifications.xcu has no oor:items")
    found: dict[tuple[str, str], str | None] = {}
    for item in root.iter("item"):
        for path, name, value in _props(item, item.get(f"{OOR}path", "")):
            found[(path, name)] = value
    return found


def _flag(found: dict[tuple[str, str], str | None], name: str) -> bool:
    """A yes/no setting of Security/Scripting; absent means the schema's default, false."""
    return (found.get((SCRIPTING, name)) or "").strip().lower() == "true"


def judge(data: bytes) -> dict[str, FactValue]:
    """What a profile's settings do to saved documents: a name set, removal on saving, and
    whether that removal keeps some of it. Never the name itself."""
    try:
        found = settings(data)
    except ValueError as exc:
        broken = Missing(Reason.parse_error, str(exc))
        return {"name_set": broken, "removes_on_saving": broken, "keeps_names": broken}
    named = any((found.get((USER_DATA, f)) or "").strip() for f in NAME_FIELDS)
    return {
        "name_set": named,
        # NOTE: both default to false in officecfg's Common.xcs (LibreOffice 7.4 main.xcd).
        "removes_on_saving": _flag(found, REMOVE),
        "keeps_names": any(_flag(found, keep) for keep in KEEPS),
    }


def libreoffice(host: Host) -> Iterator[dict[str, FactValue]]:
    """One subject per LibreOffice user profile with its settings file."""
    for ident, label, folder in profiles(host):
        try:
            values = judge(host.read_bytes(folder / XCU, MAX_XCU))
        except NotFound:
            continue
        except HostError as exc:
            missing = missing_from(exc)
            values = {"name_set": missing, "removes_on_saving": missing, "keeps_names": missing}
        yield {"id": ident, "label": label, "kind": "libreoffice", **values}
