"""Full scans of homes written by the real browsers give the verdicts their settings call for."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from shadowaudit.host import RecordedHost
from shadowaudit.scan import load_selected_rules, run_scan

RULES = [
    "blocked_extensions",
    "https_only",
    "outdated",
    "platform_sessions",
    "risky_extensions",
    "safe_browsing",
    "saved_passwords_unprotected",
    "secure_dns",
    "session_restore",
    "site_permissions",
    "sync_account",
    "telemetry",
    "tracker_cookies",
    "tracking_protection",
]


def table(*failing: str) -> dict[str, str]:
    return {rule: "fail" if rule in failing else "pass" for rule in RULES}


EXPECTED = {
    "linux-firefox": {
        # Untouched: only what Firefox ESR 153 leaves open by default.
        "Firefox, profile default-esr": table("https_only", "secure_dns", "telemetry"),
        # Hardened by hand, but the daily usage ping keeps its default (on).
        "Firefox, profile hardened": table("telemetry"),
        "Firefox, profile risky": table(
            "https_only",
            "platform_sessions",
            "risky_extensions",
            "saved_passwords_unprotected",
            "secure_dns",
            "session_restore",
            "site_permissions",
            "telemetry",
            "tracker_cookies",
            "tracking_protection",
        ),
    },
    "linux-browser-policies": {
        # Policies grant camera, microphone and location (mandatory, or unlocked in Firefox,
        # which Firefox still obeys); the person's own cookie choice beats a recommendation;
        # Firefox's policy DNS mode 2 falls back to plain lookups; Chromium is "automatic".
        "Chromium, profile Your Chromium": table("https_only", "secure_dns", "site_permissions"),
        "Firefox, profile default-esr": table(
            "https_only", "secure_dns", "site_permissions", "telemetry"
        ),
    },
    "linux-chromium": {
        # Chromium 156 blocks third-party cookies but not insecure pages by default.
        "Chromium, profile Your Chromium": table("https_only"),
        "Chromium, profile hardened": table(),
        "Chromium, profile risky": table(
            "https_only",
            "platform_sessions",
            "risky_extensions",
            "safe_browsing",
            "saved_passwords_unprotected",
            "session_restore",
            "site_permissions",
            "tracker_cookies",
            "tracking_protection",
        ),
    },
}


@pytest.mark.parametrize("machine", sorted(EXPECTED))
def test_browser_verdicts(recorded: Callable[[str], RecordedHost], machine: str) -> None:
    report = run_scan(recorded(machine), load_selected_rules(only=["browser"]))
    found: dict[str, dict[str, str]] = {}
    for finding in report.findings:
        if finding.subject is not None:
            rule = finding.rule.split(".", 2)[2]
            found.setdefault(finding.subject.label, {})[rule] = finding.status.value
    assert found == EXPECTED[machine]
    assert not report.with_status(*[s for s in report.summary if s.value in ("error",)])
