"""Lists of malicious browser extension IDs: one ID a line (chrome-mal-ids current-list.csv),
or its CSV with columns EXTID and CONFIRM-MAL (only rows confirmed at 1 or more are kept)."""

from __future__ import annotations

import csv
import io

from shadowaudit.facts.presence.indicators.model import IndicatorSet, Kind
from shadowaudit.facts.presence.indicators.stix import EXTENSION_ID

CATEGORY = "malicious extension"


def looks_like_id_list(text: str) -> bool:
    """True when the first line is an extension ID or a CSV header with EXTID."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip().strip('"')
    return bool(EXTENSION_ID.match(first)) or first.startswith('EXTID"') or first == "EXTID"


def parse_id_list(text: str, name: str, date: str) -> tuple[IndicatorSet, int]:
    """The extension IDs of a list, and how many lines were left out (not an ID, or not
    confirmed as malicious)."""
    found = IndicatorSet(name=name, date=date)
    skipped = 0
    text = text.lstrip("\ufeff")
    if text.startswith(('"EXTID"', "EXTID")):
        for row in csv.DictReader(io.StringIO(text)):
            ext_id = (row.get("EXTID") or "").strip()
            confirmed = (row.get("CONFIRM-MAL") or "0").strip()
            if EXTENSION_ID.match(ext_id) and confirmed.isdigit() and int(confirmed) >= 1:
                found.add(Kind.extension, ext_id, CATEGORY)
            else:
                skipped += 1
        return found, skipped
    for line in text.splitlines():
        value = line.strip().strip('"')
        if EXTENSION_ID.match(value):
            found.add(Kind.extension, value, CATEGORY)
        elif value:
            skipped += 1
    return found, skipped
