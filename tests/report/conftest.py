"""Fixtures shared by the report tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.chromium_page import Chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    """One headless Chromium for the module, started on first use and always killed."""
    chromium = Chromium()
    try:
        yield chromium
    finally:
        chromium.close()
