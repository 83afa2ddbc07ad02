"""Firefox and the system's roots: a real Firefox that read a policies.json (Certificates) and
wrote security.enterprise_roots.enabled itself, the Windows registry form of the policy, and
Windows' AuthRoot store, which holds Microsoft's program and is never counted."""

from __future__ import annotations

import json
import plistlib
from collections.abc import Callable
from pathlib import Path

from shadowaudit.facts.base import Missing, fact_to_json
from shadowaudit.facts.browser.firefox.policies import (
    SystemPrefs,
    installed_roots,
    policy_prefs,
    read_system_prefs,
)
from shadowaudit.facts.presence.interception.certificates import (
    CERTIFICATES,
    CertificatesCollector,
)
from shadowaudit.facts.presence.interception.firefox_roots import (
    ENTERPRISE_ROOTS,
    trusts_system_roots,
)
from shadowaudit.host import RecordedHost
from tests.conftest import HOSTS
from tests.facts.presence.helpers import machine

RECORDED = HOSTS / "linux-firefox-system-roots" / "files"
#: The prefs.js the real Firefox wrote after the person turned the setting off.
PREFS_JS = next(RECORDED.glob("home/ana/.config/mozilla/firefox/*/prefs.js")).read_bytes()
MAC_PROFILE = "/Users/ana/Library/Application Support/Firefox/Profiles/ab12.default-release"


def _roots(host: RecordedHost) -> list[dict[str, object]]:
    """The added roots found, checked to show no canary."""
    found = CertificatesCollector().collect(host)[CERTIFICATES]
    assert isinstance(found, list)
    assert "CANARY" not in json.dumps(fact_to_json(found))
    return found  # type: ignore[return-value]


def test_real_firefox_wrote_the_pref_and_read_the_policy(
    recorded: Callable[[str], RecordedHost],
) -> None:
    host = recorded("linux-firefox-system-roots")
    assert b'user_pref("security.enterprise_roots.enabled", false);' in PREFS_JS
    system = read_system_prefs(host)
    # NOTE: ImportEnterpriseRoots locks the pref on: the policy beats the person's choice.
    assert system.managed[ENTERPRISE_ROOTS] is True
    assert system.installed_roots == ["Example Company Inspection Root.der"]
    # NOTE: on Linux Firefox reads no system root, whatever the pref says.
    assert trusts_system_roots(host, system) is False


def test_a_policy_root_counts_by_its_file_name(recorded: Callable[[str], RecordedHost]) -> None:
    found = _roots(recorded("linux-firefox-system-roots"))
    # NOTE: the real Firefox imported the file into cert9.db without trust (",," in certutil
    # -L) on this short run: the NSS reader rightly skips it, the policy still names it.
    assert [(r["store"], r["name"]) for r in found] == [
        ("firefox_policy", "Example Company Inspection Root.der")
    ]
    assert isinstance(found[0]["sha256"], Missing)
    assert "firefox_trusts" not in found[0]


def test_windows_policy_in_the_registry_marks_system_roots(
    recorded: Callable[[str], RecordedHost],
) -> None:
    found = {str(r["name"]): r for r in _roots(recorded("windows11-managed"))}
    assert set(found) == {
        "Avast Web/Mail Shield Root",
        "Zscaler Root CA",
        "Example Company Policy Root",
        "inspection-root.crt",
    }
    assert found["Example Company Policy Root"]["store"] == "windows_group_policy_root"
    for name in ("Avast Web/Mail Shield Root", "Zscaler Root CA", "Example Company Policy Root"):
        assert found[name]["firefox_trusts"] is True
    assert "firefox_trusts" not in found["inspection-root.crt"]


def test_macos_policy_plist_marks_the_admin_root(
    recorded: Callable[[str], RecordedHost], tmp_path: Path
) -> None:
    found = {str(r["name"]): r for r in _roots(recorded("macos15-managed"))}
    assert found["Example Corp TLS Inspection CA"]["firefox_trusts"] is True
    assert found["acme-inspection.crt"]["store"] == "firefox_policy"
    # NOTE: Firefox ignores the plist unless EnterprisePoliciesEnabled is true.
    plist = plistlib.dumps({"Certificates": {"Install": ["x.crt"]}}, fmt=plistlib.FMT_BINARY)
    files = {"/Library/Preferences/org.mozilla.firefox.plist": plist}
    (tmp_path / "m").mkdir()
    assert read_system_prefs(machine(tmp_path / "m", files, platform="macos")).installed_roots == []


def test_authroot_is_never_read(recorded: Callable[[str], RecordedHost]) -> None:
    host = recorded("windows11-managed")
    key = "HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\Certificates"
    assert host.registry_subkeys(key), "the fixture holds a root in AuthRoot"
    names = [str(r["name"]) for r in _roots(host)]
    assert "Example Microsoft Program Root" not in names


def test_the_default_and_the_persons_choice_on_macos(tmp_path: Path) -> None:
    for name in "abc":
        (tmp_path / name).mkdir()
    with_default = machine(
        tmp_path / "a", {f"{MAC_PROFILE}/prefs.js": b"// no pref\n"}, platform="macos"
    )
    assert trusts_system_roots(with_default, SystemPrefs()) is True
    turned_off = machine(tmp_path / "b", {f"{MAC_PROFILE}/prefs.js": PREFS_JS}, platform="macos")
    assert trusts_system_roots(turned_off, SystemPrefs()) is False
    locked = SystemPrefs(managed={ENTERPRISE_ROOTS: True})
    assert trusts_system_roots(turned_off, locked) is True
    no_firefox = machine(tmp_path / "c", platform="macos")
    assert trusts_system_roots(no_firefox, SystemPrefs()) is False


def test_policy_forms() -> None:
    policies: dict[str, object] = {
        "Certificates": {
            "ImportEnterpriseRoots": False,
            "Install": [
                "C:\\Users\\ana\\CANARY\\corp.crt",
                "/etc/CANARY/other.pem",
                "plain.der",
                "corp.crt",
                7,
            ],
        }
    }
    assert installed_roots(policies) == ["corp.crt", "other.pem", "plain.der"]
    assert ENTERPRISE_ROOTS not in policy_prefs(policies).managed
    assert installed_roots({"Certificates": "broken"}) == []
    assert installed_roots({}) == []
