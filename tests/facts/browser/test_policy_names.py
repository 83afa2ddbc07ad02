"""Every browser policy in force is named, whatever it sets: a policy that changes no setting
shadowaudit keeps (blocking or forcing an add-on, adding a root) is still management."""

from __future__ import annotations

from shadowaudit.engine.model import Status
from shadowaudit.facts.browser.chromium.collector import PROFILES as CHROMIUM
from shadowaudit.facts.browser.chromium.collector import ChromiumCollector
from shadowaudit.facts.browser.firefox.collector import PROFILES as FIREFOX
from shadowaudit.facts.browser.firefox.collector import FirefoxCollector
from shadowaudit.facts.browser.shared import MOST_POLICY_NAMES, policy_names
from shadowaudit.host import RecordedHost
from shadowaudit.report.render import Format, render
from shadowaudit.report.values import MOST_POLICIES_SHOWN, in_words
from shadowaudit.scan import load_selected_rules, run_scan
from tests.conftest import HOSTS


def _profiles(value: object) -> list[dict[str, object]]:
    assert isinstance(value, list) and value, value
    return [p for p in value if isinstance(p, dict)]


def test_a_chromium_policy_that_only_blocks_an_add_on_is_named() -> None:
    """linux-disabled-extensions: Chromium 156 read /etc/chromium/policies/managed with only
    ExtensionInstallBlocklist, which sets no pref shadowaudit keeps."""
    host = RecordedHost(HOSTS / "linux-disabled-extensions")
    profiles = _profiles(ChromiumCollector().collect(host)[CHROMIUM])
    assert {tuple(p["policies"]) for p in profiles} == {("ExtensionInstallBlocklist",)}  # type: ignore[arg-type]
    assert all(p["managed"] == [] for p in profiles)
    report = run_scan(host, load_selected_rules())
    managed = [f for f in report.findings if f.rule == "presence.managed"]
    assert managed and managed[0].status is Status.fail
    text = render(report, Format.text)
    assert 'rules set by others: "ExtensionInstallBlocklist"' in text  # who set what


def test_a_firefox_certificates_policy_is_named_without_its_files() -> None:
    host = RecordedHost(HOSTS / "linux-firefox-system-roots")
    profiles = _profiles(FirefoxCollector().collect(host)[FIREFOX])
    assert all(p["policies"] == ["Certificates"] for p in profiles)
    assert "Inspection Root" not in str(profiles[0]["policies"])


def test_the_report_names_a_few_policies_and_counts_the_rest() -> None:
    profile = {"name": "Work", "policies": [f"Policy{i}" for i in range(MOST_POLICIES_SHOWN + 2)]}
    ((name, details),) = in_words([profile])
    assert name == "Work"
    assert details == [
        "rules set by others: "
        + ", ".join(f'"Policy{i}"' for i in range(MOST_POLICIES_SHOWN))
        + ", +2"
    ]


def test_only_names_are_kept_and_only_so_many() -> None:
    hostile = ["ExtensionSettings", "https://evil.example/x", "a b", "", 7, "Ü", "x" * 65]
    assert policy_names(hostile) == ["ExtensionSettings"]
    many = [f"Policy{i:03d}" for i in range(100)]
    assert len(policy_names(many)) == MOST_POLICY_NAMES
