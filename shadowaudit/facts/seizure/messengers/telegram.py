"""Telegram Desktop: does tdata hold an account, and does a local passcode lock it?

A tdata folder with `key_datas` and an account folder (named from an MD5, such as
D877F783D5D3EF8C) is what a thief copies to sign in as the person, without the password or
the second step, unless a local passcode locks it. Only presence is looked at, and the
passcode is tested with the empty passcode only (tdf.py).
"""

from __future__ import annotations

import logging
import re
from pathlib import PurePath

from shadowaudit.errors import HostError
from shadowaudit.facts.base import FactValue, Missing, Reason, missing_from
from shadowaudit.facts.seizure.messengers.tdf import MAX_FILE, TdfError, has_local_passcode
from shadowaudit.host.base import Host

log = logging.getLogger(__name__)

#: tdesktop names an account's folder with 16 hex digits (`ToFilePart` of an MD5).
_ACCOUNT_FOLDER = re.compile(r"[0-9A-F]{16}")


def key_files(host: Host, tdata: PurePath) -> list[PurePath]:
    """The key files in the order tdesktop's `ReadFile` tries them: key_datas alone when it
    is there, else key_data0 and key_data1, the newer first."""
    if host.is_file(tdata / "key_datas"):
        return [tdata / "key_datas"]
    found = [tdata / name for name in ("key_data0", "key_data1") if host.is_file(tdata / name)]
    try:
        return sorted(found, key=host.modified, reverse=True)
    except HostError:
        return found


def holds_account(host: Host, tdata: PurePath) -> FactValue:
    """True when tdata has a key file and an account folder: the files a sign-in needs."""
    try:
        names = host.list_dir(tdata)
    except HostError as exc:
        return missing_from(exc)
    folders = [n for n in names if _ACCOUNT_FOLDER.fullmatch(n) and host.is_dir(tdata / n)]
    return bool(key_files(host, tdata)) and bool(folders)


def read_local_passcode(host: Host, tdata: PurePath) -> FactValue:
    """True when a local passcode locks tdata; False when the empty passcode opens it."""
    paths = key_files(host, tdata)
    if not paths:
        return Missing(Reason.unsupported, "no key_datas: an old tdata layout")
    result: FactValue = Missing(Reason.parse_error, "no readable key file")
    for path in paths:
        try:
            return has_local_passcode(host.read_bytes(path, MAX_FILE))
        except HostError as exc:
            result = missing_from(exc)
        except TdfError as exc:
            # NOTE: TdfError messages are fixed sentences; no byte of the file is in them.
            log.debug("%s: %s", path.name, exc)
            result = Missing(Reason.parse_error, f"{path.name}: {exc}")
    return result
