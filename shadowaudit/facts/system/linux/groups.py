"""Group membership from /etc/passwd and /etc/group only, never through the name service."""

from __future__ import annotations

import re

from msgspec import Struct

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import FactValue, Missing, Reason, missing_from
from shadowaudit.host.base import Host, UserIds

ADMIN_GROUPS = frozenset({"sudo", "wheel", "admin"})
#: nsswitch sources that answer from this computer alone. `systemd` reads local files and
#: asks local services only; `compat` may pull NIS entries and counts as a directory.
LOCAL_SOURCES = frozenset({"files", "systemd", "altfiles", "usrfiles"})


class Account(Struct, frozen=True):
    """A line of /etc/passwd: the name and the primary group id."""

    name: str
    gid: int


def parse_passwd(text: str, uid: int) -> Account | None:
    """The account with this user id in an /etc/passwd text (NIS `+`/`-` lines skipped)."""
    for line in text.splitlines():
        fields = line.split(":")
        if len(fields) < 4 or fields[0][:1] in ("+", "-", "#", ""):
            continue
        if fields[2].strip() == str(uid) and fields[3].strip().isdigit():
            return Account(fields[0], int(fields[3]))
    return None


def parse_group(text: str) -> list[tuple[str, int, frozenset[str]]]:
    """(name, gid, members) of every line of an /etc/group text (NIS lines skipped)."""
    groups = []
    for line in text.splitlines():
        fields = line.split(":")
        if len(fields) < 4 or fields[0][:1] in ("+", "-", "#", "") or not fields[2].isdigit():
            continue
        members = frozenset(m.strip() for m in fields[3].split(",") if m.strip())
        groups.append((fields[0], int(fields[2]), members))
    return groups


def directory_sources(nsswitch: str) -> list[str]:
    """The sources of the passwd and group databases in nsswitch.conf that may ask a directory
    over the network (sss, ldap, nis, winbind, ...); `[...]` actions are ignored."""
    found: list[str] = []
    for line in nsswitch.splitlines():
        database, _, sources = line.split("#", 1)[0].partition(":")
        if database.strip() in ("passwd", "group"):
            words = re.sub(r"\[[^]]*\]", " ", sources).split()
            found.extend(w for w in words if w not in LOCAL_SOURCES and w not in found)
    return found


def my_groups(ids: UserIds, account: Account | None, groups: str) -> tuple[set[str], set[int]]:
    """(the names of the groups this person is in, the group ids /etc/group does not name):
    member lists, the primary group and the scan's own group ids."""
    table = parse_group(groups)
    names = {gid: name for name, gid, _ in reversed(table)}
    mine = {name for name, _, members in table if account and account.name in members}
    gids = {ids.gid, *ids.groups} | ({account.gid} if account else set())
    mine |= {names[g] for g in gids if g in names}
    return mine, {g for g in gids if g not in names}


def read_user_is_admin(host: Host) -> FactValue:
    """True when the person may act as administrator (root, or in sudo, wheel or admin), read
    from local files; "could not check" when only a directory could say."""
    try:
        ids = host.user_ids()
        if ids.uid == 0:
            return True
        passwd = host.read_text(host.path("/etc/passwd"))
        groups = host.read_text(host.path("/etc/group"))
    except HostError as exc:
        return missing_from(exc)
    account = parse_passwd(passwd, ids.uid)
    mine, unnamed = my_groups(ids, account, groups)
    if mine & ADMIN_GROUPS:
        return True
    if account is None:
        return Missing(Reason.directory, "the account is not in /etc/passwd")
    if unnamed:
        return Missing(Reason.directory, f"{len(unnamed)} group ids not in /etc/group")
    try:
        sources = directory_sources(host.read_text(host.path("/etc/nsswitch.conf")))
    except NotFound:
        sources = []
    except HostError as exc:
        return missing_from(exc)
    if sources:
        return Missing(Reason.directory, f"nsswitch.conf: {' '.join(sources)}")
    return False
