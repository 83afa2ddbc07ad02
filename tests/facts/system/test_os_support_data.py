"""End-of-support lookups from rules/data/os_support.yaml."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.system.os_support_data import linux_support, macos_support, windows_support

NOW = datetime(2026, 11, 21, 10, tzinfo=UTC)


def test_windows_editions() -> None:
    home = {"product": "Windows 11", "display_version": "24H2", "edition": "Core"}
    assert windows_support(home, NOW) == {
        "name": "Windows 11 24H2 (Home or Pro)",
        "support_ends": "2026-10-13",
        "days_left": -39,
        "note": "",
        "phase": "ended",
        "long_term": None,
    }
    enterprise = {**home, "edition": "Enterprise"}
    assert windows_support(enterprise, NOW)["days_left"] == 325  # type: ignore[index]
    ten = {"product": "Windows 10", "display_version": "22H2", "edition": "Professional"}
    assert windows_support(ten, NOW)["days_left"] < 0  # type: ignore[index,operator]
    unknown = windows_support({**home, "display_version": "21H1"}, NOW)
    assert isinstance(unknown, Missing) and unknown.reason is Reason.unsupported


def test_macos_and_linux() -> None:
    assert macos_support({"version": "15.1.1"}, NOW)["support_ends"] == "2027-09-15"  # type: ignore[index]
    assert macos_support({"version": "14.7.1"}, NOW)["days_left"] < 0  # type: ignore[index,operator]
    debian = linux_support({"id": "debian", "version_id": "12"}, NOW)
    assert debian["days_left"] > 0 and "Long Term Support" in debian["note"]  # type: ignore[index,operator]
    assert linux_support({"id": "fedora", "version_id": "41"}, NOW)["days_left"] < 0  # type: ignore[index,operator]
    assert isinstance(linux_support({"id": "arch"}, NOW), Missing)
    assert linux_support(Missing(Reason.permission_denied), NOW) == Missing(
        Reason.permission_denied
    )


def _at(day: str) -> datetime:
    """Noon UTC on a day: the host's clock in these tests."""
    return datetime.fromisoformat(f"{day}T12:00:00+00:00")


def test_debian_12_moves_into_long_term_support_on_its_day() -> None:
    debian = {"id": "debian", "version_id": "12"}
    before = linux_support(debian, _at("2026-07-11"))
    after = linux_support(debian, _at("2026-07-12"))
    assert before["phase"] == "full"  # type: ignore[index]
    assert after["phase"] == "long_term"  # type: ignore[index]
    assert after["days_left"] > 0  # type: ignore[index,operator]
    lasting = after["long_term"]  # type: ignore[index]
    assert lasting["name"] == "Debian LTS" and lasting["ends"] == "2028-06-30"  # type: ignore[index]
    assert lasting["enrolment"] is False  # type: ignore[index]
    assert "debian-security-support" in lasting["covers"]  # type: ignore[index]
    assert linux_support(debian, _at("2028-06-30"))["phase"] == "long_term"  # type: ignore[index]
    assert linux_support(debian, _at("2028-07-01"))["phase"] == "ended"  # type: ignore[index]


def test_phases_that_need_enrolment_are_named_but_never_counted() -> None:
    ubuntu = linux_support({"id": "ubuntu", "version_id": "20.04"}, NOW)
    assert ubuntu["phase"] == "ended"  # type: ignore[index]
    assert ubuntu["long_term"]["enrolment"] is True  # type: ignore[index]
    assert "Ubuntu Pro" in ubuntu["long_term"]["covers"]  # type: ignore[index]
    lts = linux_support({"id": "ubuntu", "version_id": "24.04"}, NOW)
    assert lts["phase"] == "full"  # type: ignore[index]
    ten = {"product": "Windows 10", "display_version": "22H2", "edition": "Enterprise"}
    esu = windows_support(ten, NOW)
    assert esu["phase"] == "ended" and esu["long_term"]["ends"] == "2028-10-10"  # type: ignore[index]


def test_a_long_term_phase_must_fit_its_release() -> None:
    from msgspec import ValidationError, convert

    from shadowaudit.facts.datalists import LinuxRelease

    base = {"id": "debian", "version": "12", "name": "Debian 12", "ends": "2028-06-30"}
    phase = {
        "name": "Debian LTS",
        "starts": "2026-07-12",
        "ends": "2028-06-30",
        "covers": "most packages",
        "enrolment": False,
        "source": "https://wiki.debian.org/LTS",
    }
    assert convert({**base, "long_term": phase}, LinuxRelease).long_term is not None
    wrong = [
        {**phase, "ends": "2029-06-30"},  # a phase it gets by itself ends with the release
        {**phase, "enrolment": True},  # one that needs enrolment starts after the release ends
        {**phase, "starts": "2028-07-01"},  # starts after it ends
    ]
    for long_term in wrong:
        with pytest.raises(ValidationError, match="long_term|long_term phase"):
            convert({**base, "long_term": long_term}, LinuxRelease)
