"""OpenSSH server settings from sshd_config, read the way sshd reads them.

The first value obtained for a keyword wins (sshd_config(5)); `Include` is expanded in place,
in sorted order, relative to /etc/ssh; keywords are case-insensitive; lines after a `Match`
belong to that block and do not set the global value.
"""

from __future__ import annotations

import fnmatch
import shlex
from collections.abc import Callable
from pathlib import PurePath

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import FactValue, reader
from shadowaudit.host.base import Host

#: Defaults of upstream OpenSSH for the settings we judge.
DEFAULTS = {"passwordauthentication": "yes", "permitrootlogin": "prohibit-password"}
#: Files one Include may name, Includes nested in each other, and files read in all: each
#: file is read once (a second read could add nothing, the first value wins), so a config that
#: includes itself, or a thousand others, costs at most these.
_MAX_INCLUDES = 64
_MAX_DEPTH = 8
_MAX_FILES = 256

Reader = Callable[[PurePath], str]
Lister = Callable[[PurePath], list[str]]


def _words(line: str) -> list[str]:
    """A config line split like sshd does (quotes kept together), comments removed."""
    line = line.split("#", 1)[0].strip()
    if not line:
        return []
    try:
        return shlex.split(line.replace("=", " ", 1) if "=" in line.split()[0] else line)
    except ValueError:
        return line.split()


def collect_settings(
    path: PurePath,
    read: Reader,
    listdir: Lister,
    found: dict[str, str] | None = None,
    depth: int = 0,
    seen: set[PurePath] | None = None,
) -> dict[str, str]:
    """Global settings (lowercase keyword -> first value) of a config file and its Includes,
    each file read once (`seen`), Includes followed `_MAX_DEPTH` levels deep."""
    found = {} if found is None else found
    seen = set() if seen is None else seen
    if path in seen or len(seen) >= _MAX_FILES:
        return found
    seen.add(path)
    for line in read(path).splitlines():
        words = _words(line)
        if not words:
            continue
        keyword = words[0].lower()
        if keyword == "match":
            break
        if keyword == "include" and depth < _MAX_DEPTH:
            for pattern in words[1:]:
                for included in _expand(path, pattern, listdir)[:_MAX_INCLUDES]:
                    try:
                        collect_settings(included, read, listdir, found, depth + 1, seen)
                    except NotFound:
                        continue
            continue
        if len(words) > 1 and keyword not in found:
            found[keyword] = words[1].lower()
    return found


def _expand(config: PurePath, pattern: str, listdir: Lister) -> list[PurePath]:
    """The files an Include pattern names, sorted; relative patterns are under /etc/ssh."""
    target = PurePath(pattern)
    if not target.is_absolute():
        target = config.parent / target
    if not any(ch in target.name for ch in "*?["):
        return [target]
    try:
        names = listdir(target.parent)
    except HostError:
        return []
    return [target.parent / name for name in sorted(names) if fnmatch.fnmatch(name, target.name)]


def judge_settings(settings: dict[str, str]) -> dict[str, FactValue]:
    """What the settings allow: logins with a password, and root logins with a password or key."""
    password = settings.get("passwordauthentication", DEFAULTS["passwordauthentication"])
    root = settings.get("permitrootlogin", DEFAULTS["permitrootlogin"])
    return {
        "password_login": password != "no",
        "root_login": root == "yes",
    }


@reader()
def read_sshd(host: Host, config: PurePath) -> FactValue:
    """{password_login, root_login} from an sshd_config, or Missing when it cannot be read."""
    settings = collect_settings(config, host.read_text, host.list_dir)
    return judge_settings(settings)
