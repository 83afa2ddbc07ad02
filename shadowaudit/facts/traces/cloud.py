"""Which of the person's folders are copied to which cloud company, and whether it can read them.

Only the provider, the folders (as ~/...) and a server's host name are kept: never an account
name, an e-mail, a server path or a token. Whether the company can read the files comes from
the dated list rules/data/cloud_providers.yaml.
"""

from __future__ import annotations

from functools import cache
from pathlib import PurePath

from shadowaudit.facts.base import (
    Collector,
    FactKind,
    FactMap,
    FactSpec,
    FactValue,
    Missing,
    Reason,
    display_path,
)
from shadowaudit.facts.datalists import DataModel, DatedList
from shadowaudit.facts.datalists import _load as load_list  # the one reader of rules/data
from shadowaudit.facts.traces.cloud_roots import Found, Root, sync_roots
from shadowaudit.host.base import Host, Platform

CLOUD_SYNC = "traces.cloud_sync"
#: The person's usual folders, by their name in the home folder.
PERSON_FOLDERS = ("Desktop", "Documents", "Pictures", "Downloads", "Music", "Videos")
OUTSIDE_HOME = "(outside the home folder)"


class CloudProvider(DataModel, frozen=True, kw_only=True):
    """A cloud storage company: where it is based, and whether it can read the files
    (None: it depends on who runs the server or on a setting not readable here)."""

    key: str
    name: str
    company: str
    country: str
    can_read: bool | None


class CloudProviders(DatedList, frozen=True, kw_only=True):
    """rules/data/cloud_providers.yaml."""

    providers: list[CloudProvider]


@cache
def cloud_providers() -> dict[str, CloudProvider]:
    """The shipped providers by key."""
    return {p.key: p for p in load_list("cloud_providers", CloudProviders).providers}


def safe_place(shown: str) -> str:
    """A folder as shown, without an account: a part holding an e-mail keeps only what comes
    before its first "-" (macOS names File Provider folders GoogleDrive-<e-mail>)."""
    parts = [p.split("-", 1)[0] if "@" in p else p for p in shown.split("/")]
    return "/".join(parts)


def _place(host: Host, path: PurePath) -> str:
    """A sync folder as shown to the person: ~/... inside the home, else a fixed phrase."""
    shown = display_path(host, path)
    return safe_place(shown) if shown.startswith("~/") else OUTSIDE_HOME


def _inside(path: PurePath, root: PurePath) -> bool:
    """True when `path` is `root` or below it (case-insensitive on Windows)."""
    if path == root:
        return True
    return str(root).lower() in [str(p).lower() for p in path.parents]


def _folders(host: Host, root: Root, found: Found) -> FactValue:
    """The person's usual folders that lie inside a sync root (moved there or below it)."""
    if root.path is None:
        return Missing(Reason.unsupported, f"{root.provider}: folders not told")
    inside: list[FactValue] = []
    for name in PERSON_FOLDERS:
        where = found.moved.get(name, host.home / name)
        if _inside(where, root.path):
            inside.append(name)
    return inside


def can_read(provider: str) -> FactValue:
    """Whether a provider (by key or name) can read the files: from the shipped list, unknown
    when it depends on the server or on a setting not readable here."""
    providers = cloud_providers()
    known = providers.get(provider) or next(
        (p for p in providers.values() if p.name == provider), None
    )
    if known is None or known.can_read is None:
        return Missing(Reason.unsupported, f"{provider}: depends on the server or a setting")
    return known.can_read


def _service(host: Host, root: Root, found: Found) -> dict[str, FactValue]:
    """One sync folder as a fact item."""
    known = cloud_providers().get(root.provider)
    return {
        "provider": known.name if known else root.provider,
        "country": known.country if known and known.country else "",
        "place": _place(host, root.path) if root.path else "",
        "folders": _folders(host, root, found),
        "copies": root.copies,
        "server": root.server,
        "provider_can_read": can_read(root.provider),
    }


def cloud_sync(host: Host) -> FactValue:
    """The traces.cloud_sync fact of a host."""
    found = sync_roots(host)
    services = [_service(host, root, found) for root in found.roots]
    unique = [s for i, s in enumerate(services) if s not in services[:i]]
    return {
        "services": unique,  # type: ignore[dict-item]
        "complete": found.unreadable[0] if found.unreadable else True,
    }


def synced_to(sync: FactValue, shown: str) -> str | None:
    """The provider a folder shown as ~/... is copied to, if any: the join point for other
    traces (photos, documents). None when it is not in a sync folder or nothing is known."""
    if not isinstance(sync, dict) or not isinstance(sync.get("services"), list):
        return None
    for service in sync["services"]:  # type: ignore[union-attr]
        if not isinstance(service, dict) or service.get("copies") is not True:
            continue
        place, folders = service.get("place"), service.get("folders")
        tops = [f"~/{name}" for name in folders] if isinstance(folders, list) else []
        if isinstance(place, str) and place.startswith("~/"):
            tops.append(place)
        if any(shown == top or shown.startswith(f"{top}/") for top in tops):
            return str(service["provider"])
    return None


class CloudSyncCollector(Collector):
    """Maps the sync folders of OneDrive, Google Drive, Dropbox, iCloud, Nextcloud and others."""

    name = "cloud_sync"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            CLOUD_SYNC,
            FactKind.mapping,
            "Folders copied to a cloud company by its sync program, from the program's own "
            "settings (rules/data/cloud_providers.yaml says whether the company can read them). "
            "No account name, e-mail or server path is kept.",
            fields={
                "services": "one item per sync folder: provider, country, place (~/...), "
                "folders (the person's usual folders inside it), copies (false: online only), "
                "server (host name, Nextcloud), provider_can_read",
                "complete": "true when every sync setting found could be read",
            },
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read the sync programs' settings."""
        return {CLOUD_SYNC: cloud_sync(host)}
