"""Photos that record where they were taken and lie in a folder copied to a cloud company.

Derived after the photo scan and the cloud-sync map (`needs`): it joins the photo folders with
the sync folders through `synced_to`. Counts and provider names only.
"""

from __future__ import annotations

from typing import ClassVar

from shadowaudit.facts.base import (
    Collector,
    FactKind,
    FactMap,
    FactSpec,
    FactValue,
    Missing,
    Reason,
)
from shadowaudit.facts.traces.cloud import CLOUD_SYNC, can_read, synced_to
from shadowaudit.facts.traces.photos import PHOTOS
from shadowaudit.host.base import Host, Platform

LOCATED_SYNCED = "traces.located_photos_synced"


def located_synced(photos: FactValue, sync: FactValue) -> FactValue:
    """Per provider, how many located photos (and folders of them) it receives, and whether
    it can read them; Missing when either side could not be read."""
    for side in (photos, sync):
        if isinstance(side, Missing):
            return side
    if not isinstance(photos, dict) or not isinstance(photos.get("per_folder"), dict):
        return []
    folders: dict[str, int] = {}
    counts: dict[str, int] = {}
    for folder, count in photos["per_folder"].items():  # type: ignore[union-attr]
        provider = synced_to(sync, str(folder))
        if provider and isinstance(count, int):
            folders[provider] = folders.get(provider, 0) + 1
            counts[provider] = counts.get(provider, 0) + count
    return [
        {
            "provider": name,
            "photos": count,
            "folders": folders[name],
            "provider_can_read": can_read(name),
        }
        for name, count in sorted(counts.items())
    ]


class LocatedSyncedCollector(Collector):
    """Joins located photos with the cloud-sync map."""

    name = "located_photos_synced"
    platforms = frozenset(Platform)
    needs: ClassVar[tuple[str, ...]] = (PHOTOS, CLOUD_SYNC)
    facts = (
        FactSpec(
            LOCATED_SYNCED,
            FactKind.list,
            "Cloud companies that receive photos and videos that record where they were taken: "
            "provider, how many such photos (of those read), in how many folders, and whether "
            "it can read them. Counts only.",
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Without the photo scan there is nothing to join."""
        return self.derive(host, {})

    def derive(self, host: Host, facts: FactMap) -> FactMap:
        """Join the two facts collected before."""
        photos = facts.get(PHOTOS, Missing(Reason.not_installed, "no photo scan"))
        return {LOCATED_SYNCED: located_synced(photos, facts.get(CLOUD_SYNC, []))}
