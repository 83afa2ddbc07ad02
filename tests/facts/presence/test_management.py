"""Management: Windows MDM enrolments, macOS enrolment and profiles, Linux agents."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from shadowaudit.facts.base import fact_to_json
from shadowaudit.facts.presence.interception.management import (
    MANAGEMENT,
    ManagementCollector,
    managed_domains,
    parse_enrollment,
)
from shadowaudit.host import RecordedHost
from tests.facts.presence.helpers import machine


def _managers(host: RecordedHost) -> list[tuple[object, object, object]]:
    """(kind, mdm_host, work_account) of each manager found; no account name anywhere."""
    found = ManagementCollector().collect(host)[MANAGEMENT]
    assert isinstance(found, list)
    assert "CANARY" not in json.dumps(fact_to_json(found))
    return [(m["kind"], m["mdm_host"], m["work_account"]) for m in found]  # type: ignore[index]


def test_windows_intune_enrolment(recorded: Callable[[str], RecordedHost]) -> None:
    assert _managers(recorded("windows11-managed")) == [
        ("mdm", "enrollment.manage.microsoft.com", True)
    ]


def test_macos_enrolment_and_profiles(recorded: Callable[[str], RecordedHost]) -> None:
    assert _managers(recorded("macos15-managed")) == [
        ("mdm", "acme.jamfcloud.com", False),
        ("configuration_profile", "", False),
        ("managed_preferences", "", False),
    ]
    found = ManagementCollector().collect(recorded("macos15-managed"))[MANAGEMENT]
    # NOTE: the person's own folder counts, its name does not show; complete.plist is a merge.
    assert [m["name"] for m in found] == [  # type: ignore[index,union-attr]
        "acme.jamfcloud.com",
        "com.acme.vpn",
        "com.apple.SoftwareUpdate, com.apple.screensaver, com.google.Chrome, org.mozilla.firefox",
    ]


def test_managed_preferences_of_others_are_not_listed(tmp_path: Path) -> None:
    files = {
        "/Library/Managed Preferences/someone/com.example.Other.plist": b"bplist00",
        "/Library/Managed Preferences/notes.txt": b"x",
    }
    assert managed_domains(machine(tmp_path, files, platform="macos")) == []


def test_a_personal_linux_is_not_managed(recorded: Callable[[str], RecordedHost]) -> None:
    assert _managers(recorded("debian12-intercepted")) == []


def test_linux_agents(tmp_path: Path) -> None:
    files = {
        "/etc/landscape/client.conf": b"[client]\nurl = https://landscape.example.org/message-system\n",
        "/etc/salt/minion": b"# master: salt\n",
    }
    assert _managers(machine(tmp_path, files)) == [
        ("landscape", "landscape.example.org", False),
        ("salt", "", False),
    ]


def test_enrolment_output_forms() -> None:
    assert parse_enrollment("Enrolled via DEP: No\nMDM enrollment: No\n") == (False, False, "")
    assert parse_enrollment(
        "Enrolled via DEP: No\nMDM enrollment: Yes (User Approved)\n"
        "MDM server: https://mdm.example.com/mdm/ServerURL\n"
    ) == (True, False, "mdm.example.com")
