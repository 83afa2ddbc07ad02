"""Microsoft Office's user name: whether one is set, never what it is.

Word, Excel and PowerPoint write this name as the author of every new file and on each
comment and tracked change. Removing it on saving is a setting of each document (Word's
`Document.RemovePersonalInformation`), off in every new one: no setting for all files exists.
"""

from __future__ import annotations

from collections.abc import Iterator

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import FactValue, Missing, Reason, missing_from
from shadowaudit.facts.decode import load_plist
from shadowaudit.host.base import Host, Platform, RegistryValue

#: Windows: Office's user information (the key public admin scripts read and write; old
#: Office versions kept UserName as REG_BINARY UTF-16 text).
USER_INFO = r"HKCU\Software\Microsoft\Office\Common\UserInfo"
#: macOS: Office's "me" card, keys Name and Initials (as `defaults write` sets them in
#: Microsoft 365 for Mac deployment scripts).
ME_CONTACT = ("Library", "Group Containers", "UBF8T346G9.Office", "MeContact.plist")
MAX_PLIST = 1024 * 1024
#: What Office writes when no one typed a name (volume-licensed installs): not a person.
PLACEHOLDERS = frozenset({"microsoft office user"})
_ACCOUNT = "Office may take the name from the Microsoft account or from Windows"


def _text(value: object) -> str:
    """A name field as text: REG_SZ, or REG_BINARY holding UTF-16 text."""
    if isinstance(value, bytes):
        return value.decode("utf-16-le", errors="replace").strip("\x00 ")
    return value.strip() if isinstance(value, str) else ""


def name_set(name: object, initials: object) -> FactValue:
    """True when a name or initials are filled in; False for Office's own placeholder; Missing
    when both are empty (Office then uses the signed-in account's name, not readable here)."""
    full, short = _text(name), _text(initials)
    if full.lower() in PLACEHOLDERS:
        return False
    if full or short:
        return True
    return Missing(Reason.unsupported, _ACCOUNT)


def _subject(named: FactValue) -> dict[str, FactValue]:
    """Microsoft Office as a subject: removal on saving is per document, never for all."""
    return {
        "id": "microsoft-office",
        "label": "Microsoft Office",
        "kind": "microsoft_office",
        "name_set": named,
        "removes_on_saving": False,
        "keeps_names": False,
    }


def _windows(host: Host) -> Iterator[dict[str, FactValue]]:
    """HKCU\\...\\Office\\Common\\UserInfo: UserName and UserInitials."""
    try:
        values: dict[str, RegistryValue] = dict(host.registry_values(USER_INFO))
    except NotFound:
        return
    except HostError as exc:
        yield _subject(missing_from(exc))
        return
    yield _subject(name_set(values.get("UserName"), values.get("UserInitials")))


def _macos(host: Host) -> Iterator[dict[str, FactValue]]:
    """~/Library/Group Containers/UBF8T346G9.Office/MeContact.plist: Name and Initials."""
    try:
        data = host.read_bytes(host.home.joinpath(*ME_CONTACT), MAX_PLIST)
    except NotFound:
        return
    except HostError as exc:
        yield _subject(missing_from(exc))
        return
    card = load_plist(data)
    if isinstance(card, Missing):
        yield _subject(card)
        return
    yield _subject(name_set(card.get("Name"), card.get("Initials")))


def microsoft_office(host: Host) -> Iterator[dict[str, FactValue]]:
    """Microsoft Office's user name where this platform keeps it (none on Linux)."""
    if host.platform is Platform.windows:
        yield from _windows(host)
    elif host.platform is Platform.macos:
        yield from _macos(host)
