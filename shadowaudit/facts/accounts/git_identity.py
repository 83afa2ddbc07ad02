"""The global git identity: does it publish a personal email address? (never kept or shown)"""

from __future__ import annotations

import re

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import Collector, FactKind, FactMap, FactSpec, FactValue, missing_from
from shadowaudit.facts.datalists import personal_email_domains
from shadowaudit.host.base import Host, Platform

GIT_IDENTITY = "accounts.git_identity"
_SECTION = re.compile(r"^\s*\[\s*([A-Za-z0-9.-]+)\s*(\"[^\"]*\")?\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$")


def user_settings(text: str) -> dict[str, str]:
    """The [user] name and email of a git config text (later values win, as in git)."""
    section, found = "", {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].split(";", 1)[0]
        header = _SECTION.match(line)
        if header:
            section = header.group(1).lower() if not header.group(2) else ""
            continue
        entry = _KEY.match(line)
        if section == "user" and entry and entry.group(1).lower() in ("name", "email"):
            found[entry.group(1).lower()] = (entry.group(2) or "").strip().strip('"')
    return found


def email_kind(email: str) -> str:
    """'personal', 'noreply', 'other' or 'none' for an address; the address is not kept."""
    if "@" not in email:
        return "none"
    domain = email.rsplit("@", 1)[1].lower().rstrip(">")
    if "noreply" in domain or email.lower().startswith("noreply"):
        return "noreply"
    return "personal" if domain in personal_email_domains().domains else "other"


class GitIdentityCollector(Collector):
    """Reads ~/.gitconfig and ~/.config/git/config."""

    name = "git_identity"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            GIT_IDENTITY,
            FactKind.mapping,
            "What kind of email address and name git puts into every commit (the address "
            "itself is never kept).",
            fields={
                "email": "personal, noreply, other or none",
                "name_set": "true when a user name is set",
            },
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Merge the global config files, the later one winning."""
        config = host.config_home()
        settings: dict[str, str] = {}
        for path in (config / "git" / "config", host.home / ".gitconfig"):
            try:
                settings.update(user_settings(host.read_text(path, limit=1024 * 1024)))
            except NotFound:
                continue
            except HostError as exc:
                return {GIT_IDENTITY: missing_from(exc)}
        value: FactValue = {
            "email": email_kind(settings.get("email", "")),
            "name_set": bool(settings.get("name")),
        }
        return {GIT_IDENTITY: value}
