"""Shared fixtures: recorded machines, the shipped rules, and a CLI runner."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from shadowaudit.host import RecordedHost
from shadowaudit.i18n.translator import Translator, use

FIXTURES = Path(__file__).parent / "fixtures"
HOSTS = FIXTURES / "hosts"


def host_folder(name: str) -> Path:
    """The folder of a recorded machine; fails the test when it does not exist."""
    folder = HOSTS / name
    assert (folder / "host.yaml").is_file(), f"no recorded machine {name}"
    return folder


@pytest.fixture
def recorded() -> Callable[[str], RecordedHost]:
    """Open a recorded machine by name."""
    return lambda name: RecordedHost(host_folder(name))


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in English, whatever this machine's language; a test that chose a
    language leaves no trace for the next."""
    monkeypatch.setenv("SHADOWAUDIT_LANG", "en")
    use(Translator("en"))
    yield
    use(Translator("en"))
