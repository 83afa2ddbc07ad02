"""The published indicator files, read in place from shared/data (never copied here)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: Where the published indicator files kept for tests may be (see their SOURCES.md): the
#: folder SHADOWAUDIT_SHARED_DATA names, else shared/data beside this checkout, else the
#: workspace's (a clean clone elsewhere, as CI makes, has no shared/ beside it).
_PLACES = [
    *(
        [Path(os.environ["SHADOWAUDIT_SHARED_DATA"])]
        if os.environ.get("SHADOWAUDIT_SHARED_DATA")
        else []
    ),
    Path(__file__).resolve().parents[4] / "shared" / "data",
    Path("/work/shared/data"),
]
SHARED_DATA = next((place for place in _PLACES if place.is_dir()), _PLACES[0])


def published(relative: str) -> Path:
    """A published file from ../shared/data; fails the test when it is not there."""
    path = SHARED_DATA / relative
    assert path.is_file(), f"no published file {path}"
    return path


@pytest.fixture
def pegasus() -> Path:
    """Amnesty Tech's STIX 2.1 bundle of NSO Pegasus indicators (CC BY 2.0)."""
    return published("amnesty-investigations/2021-07-18_nso_pegasus.stix2")


@pytest.fixture
def echap() -> Path:
    """Echap's stalkerware-indicators ioc.yaml (CC BY 4.0)."""
    return published("stalkerware-indicators/ioc.yaml")


@pytest.fixture
def mal_ids() -> Path:
    """chrome-mal-ids current-list.csv: one malicious extension ID a line (CC BY 4.0)."""
    return published("chrome-mal-ids/current-list.csv")
