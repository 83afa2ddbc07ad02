"""Management: Windows MDM enrolments, macOS enrolment and profiles, Linux agents."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from shadowaudit.facts.base import fact_to_json
from shadowaudit.facts.presence.interception.management import (
    MANAGEMENT,
    ManagementCollector,
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
    ]
    found = ManagementCollector().collect(recorded("macos15-managed"))[MANAGEMENT]
    assert [m["name"] for m in found] == [  # type: ignore[index,union-attr]
        "acme.jamfcloud.com",
        "com.acme.vpn",
    ]


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
