"""Windows and macOS homes (real browser files laid out per platform) are found and judged."""

from __future__ import annotations

from collections.abc import Callable

from shadowaudit.engine.model import Status
from shadowaudit.facts.base import Reason
from shadowaudit.host import Platform, RecordedHost
from shadowaudit.report.model import Finding
from shadowaudit.scan import load_selected_rules, run_scan

Recorded = Callable[[str], RecordedHost]


def findings(host: RecordedHost) -> dict[tuple[str, str], Finding]:
    report = run_scan(host, load_selected_rules(only=["browser"]))
    assert report.summary[Status.error] == 0
    return {(f.rule.split(".", 2)[2], f.subject.label): f for f in report.findings if f.subject}


def test_windows_11(recorded: Recorded) -> None:
    host = recorded("windows11-browsers")
    assert host.platform is Platform.windows
    found = findings(host)
    labels = {label for _, label in found}
    assert {"Firefox, profile risky", "Chrome, profile risky", "Edge, profile risky"} <= labels
    # Network\\Cookies and Secure Preferences, where Chrome keeps them on Windows:
    assert found[("platform_sessions", "Chrome, profile risky")].status is Status.fail
    assert found[("risky_extensions", "Chrome, profile risky")].status is Status.fail
    # Passwords are protected by the Windows account (DPAPI), not a fixed key:
    assert found[("saved_passwords_unprotected", "Chrome, profile risky")].status is Status.pass_
    # The Firefox policy in the registry turns telemetry off, and the evidence says so:
    telemetry = found[("telemetry", "Firefox, profile risky")]
    assert telemetry.status is Status.pass_
    assert all(e.note.startswith("set by a policy") for e in telemetry.evidence)
    # Edge judges SmartScreen, and Chrome 154+ has HTTPS-First on by default:
    assert found[("safe_browsing", "Edge, profile risky")].status is Status.pass_
    assert found[("https_only", "Chrome, profile Your Chromium")].status is Status.pass_
    assert found[("https_only", "Edge, profile Your Chromium")].status is Status.fail
    assert "Edge" in found[("tracking_protection", "Edge, profile risky")].fix[0]


def test_macos_15(recorded: Recorded) -> None:
    found = findings(recorded("macos15-browsers"))
    assert found[("saved_passwords_unprotected", "Firefox, profile risky")].status is Status.fail
    brave = found[("tracking_protection", "Brave, profile Your Chromium")]
    assert brave.status is Status.pass_  # Brave blocks third-party cookies by default
    assert "Brave" in found[("tracking_protection", "Brave, profile risky")].fix[0]
    outdated = found[("outdated", "Brave, profile risky")]
    assert (outdated.status, outdated.reason) == (Status.unknown, Reason.unsupported)
    assert found[("saved_passwords_unprotected", "Brave, profile risky")].status is Status.pass_
