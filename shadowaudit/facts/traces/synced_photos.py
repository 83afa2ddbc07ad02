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
    """Per provider, how many folders of located photos it receives, and whether it can read
    them; Missing when either side could not be read."""
    for side in (photos, sync):
        if isinstance(side, Missing):
            return side
    if not isinstance(photos, dict) or not isinstance(photos.get("folders"), list):
        return []
    counts: dict[str, int] = {}
    for folder in photos["folders"]:  # type: ignore[union-attr]
        provider = synced_to(sync, str(folder))
        if provider:
            counts[provider] = counts.get(provider, 0) + 1
    return [
        {"provider": name, "folders": count, "provider_can_read": can_read(name)}
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
            "Cloud companies that receive folders holding photos that record where they were "
            "taken: provider, how many such folders, and whether it can read them. Counts "
            "only.",
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Without the photo scan there is nothing to join."""
        return self.derive(host, {})

    def derive(self, host: Host, facts: FactMap) -> FactMap:
        """Join the two facts collected before."""
        photos = facts.get(PHOTOS, Missing(Reason.not_installed, "no photo scan"))
        return {LOCATED_SYNCED: located_synced(photos, facts.get(CLOUD_SYNC, []))}
