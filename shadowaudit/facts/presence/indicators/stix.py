"""STIX 2.1 bundles as Amnesty Tech publishes them and MVT reads them: indicator objects with
simple patterns, and `indicates` relationships that name the malware (the campaign)."""

from __future__ import annotations

import re

from shadowaudit.facts.presence.indicators.model import IndicatorSet, Kind

#: One comparison `object:path = 'value'` of a pattern (several joined by OR are read each).
_COMPARISON = re.compile(r"([a-z0-9-]+):([A-Za-z0-9_.'-]+)\s*=\s*'((?:[^'\\]|\\.)*)'")
#: A Chromium-family extension ID: 32 letters from a to p.
EXTENSION_ID = re.compile(r"^[a-p]{32}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _kind(obj: str, prop: str, value: str) -> Kind | None:
    """What a comparison is checked against on a computer, or None for what cannot be (an
    Android app, an email address, a file hash shadowaudit does not compute)."""
    prop = prop.replace("'", "").lower()
    if obj == "process" and prop == "name":
        return Kind.process
    if obj == "file" and prop == "path" and not value.endswith("/"):
        return Kind.program_path
    if obj == "domain-name" and prop == "value":
        return Kind.mdm_host
    if obj == "x509-certificate" and prop in ("hashes.sha-256", "hashes.sha256"):
        return Kind.certificate if _HEX64.match(value.lower()) else None
    if EXTENSION_ID.match(value):
        return Kind.extension
    return None


def _campaigns(objects: list[object]) -> dict[str, str]:
    """The malware name each indicator points to, by indicator id."""
    names = {
        str(o.get("id")): str(o["name"])
        for o in objects
        if isinstance(o, dict) and o.get("type") == "malware" and isinstance(o.get("name"), str)
    }
    return {
        str(o.get("source_ref")): names[str(o.get("target_ref"))]
        for o in objects
        if isinstance(o, dict)
        and o.get("type") == "relationship"
        and o.get("relationship_type") == "indicates"
        and str(o.get("target_ref")) in names
    }


def looks_like_stix(data: object) -> bool:
    """True for a STIX bundle: {"type": "bundle", "objects": [...]}."""
    return (
        isinstance(data, dict)
        and data.get("type") == "bundle"
        and isinstance(data.get("objects"), list)
    )


def parse_stix(data: dict[str, object], fallback_name: str) -> tuple[IndicatorSet, int]:
    """The indicator set of a bundle, and how many indicators it holds that cannot be checked
    on a computer. Its name is the malware's when the bundle names one; its date the newest
    `modified` (or `created`) of its objects."""
    objects = data["objects"]
    assert isinstance(objects, list)
    campaigns = _campaigns(objects)
    malware = sorted(set(campaigns.values()))
    name = malware[0] if len(malware) == 1 else fallback_name
    dates = [
        str(o.get("modified") or o.get("created") or "")[:10]
        for o in objects
        if isinstance(o, dict)
    ]
    found = IndicatorSet(name=name, date=max((d for d in dates if d), default=""))
    skipped = 0
    for obj in objects:
        if not isinstance(obj, dict) or obj.get("type") != "indicator":
            continue
        pattern = obj.get("pattern")
        comparisons = _COMPARISON.findall(pattern) if isinstance(pattern, str) else []
        category = campaigns.get(str(obj.get("id")), name)
        used = False
        for kind_name, prop, raw in comparisons:
            value = raw.replace("\\'", "'").replace("\\\\", "\\")
            kind = _kind(kind_name, prop, value)
            if kind is not None:
                found.add(kind, value, category)
                used = True
        skipped += not used
    return found, skipped
