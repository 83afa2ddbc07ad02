"""Signal Desktop: does this computer hold its database, and how is the database key kept?

Signal's `getSQLKey` (signalapp/Signal-Desktop app/main.main.ts, formerly app/main.ts) keeps
the database key in config.json: `key` is the key in plain text; `encryptedKey` is the key
locked by the system's key store (Electron safeStorage: DPAPI on Windows, the Keychain on
macOS, and on Linux the backend named in `safeStorageBackend`). It writes `key` alone when no
key store works (Linux `basic_text`), and `key` beside `encryptedKey` in a Flatpak until the
next start proves the locked key opens (it then removes `key`). Only the NAMES of these keys
are kept here: the values are dropped as soon as the file is parsed. The database itself
(sql/db.sqlite) is never opened: it is encrypted, and opening it could lock it.
"""

from __future__ import annotations

from pathlib import PurePath

from shadowaudit.errors import Damaged
from shadowaudit.facts.base import FactValue, Missing, Reason, reader
from shadowaudit.facts.decode import read_json_file
from shadowaudit.host.base import Host, Platform

#: config.json is a few hundred bytes.
CONFIG_LIMIT = 1024 * 1024
#: Linux key stores that lock the key with the person's login (ts/util/
#: linuxPasswordStoreFlags.ts lists every backend; `basic_text` locks nothing).
LOCKED_BACKENDS = frozenset({"gnome_libsecret", "kwallet", "kwallet5", "kwallet6"})
KNOWN_BACKENDS = LOCKED_BACKENDS | {"basic_text"}


def config_shape(data: object) -> dict[str, FactValue]:
    """What config.json says about the key, by key names only: never a value of `key` or
    `encryptedKey`. `backend` is kept only when it is a backend name Signal knows."""
    if not isinstance(data, dict):
        raise Damaged("config.json")
    backend = data.get("safeStorageBackend")
    return {
        "plain_key": isinstance(data.get("key"), str),
        "locked_key": isinstance(data.get("encryptedKey"), str),
        "backend": backend if isinstance(backend, str) and backend in KNOWN_BACKENDS else "",
    }


def key_storage(shape: dict[str, FactValue], platform: Platform) -> FactValue:
    """ "plain_text" (anyone who copies the folder reads the chats), "key_store" (locked by
    the system's key store), or Missing when config.json does not say."""
    if shape["plain_key"]:
        return "plain_text"
    if not shape["locked_key"]:
        return Missing(Reason.parse_error, "config.json holds no database key")
    if platform is not Platform.linux:
        return "key_store"
    if shape["backend"] == "basic_text":
        return "plain_text"
    if shape["backend"] in LOCKED_BACKENDS:
        return "key_store"
    return Missing(Reason.unsupported, "no known key store backend in config.json")


@reader()
def read_config(host: Host, folder: PurePath) -> dict[str, FactValue]:
    """config.json's key names in this folder (see `config_shape`); Missing when unreadable."""
    return config_shape(read_json_file(host, folder / "config.json", CONFIG_LIMIT))
