"""Extensions the browser itself turned off as harmful: the browser's verdict is read from
real recorded profiles (Debian's chromium and firefox-esr wrote them), with the verdict planted
in a copy, since only the browsers' online blocklists can set it. The values are those of
Chromium's extensions/browser/disable_reason.h and blocklist_state.h, and of Firefox's
nsIBlocklistService (STATE_SOFTBLOCKED 1, STATE_BLOCKED 2)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from shadowaudit.engine.evaluate import evaluate_rule
from shadowaudit.engine.loader import load_rules
from shadowaudit.engine.model import Status
from shadowaudit.facts.browser.chromium.collector import ChromiumCollector
from shadowaudit.facts.browser.chromium.profile import browser_verdict as chromium_verdict
from shadowaudit.facts.browser.firefox.collector import FirefoxCollector
from shadowaudit.facts.browser.firefox.profile import browser_verdict as firefox_verdict
from shadowaudit.facts.collectors import catalogue
from shadowaudit.host.recorded import RecordedHost
from shadowaudit.resources import rules_dir
from tests.conftest import host_folder

CHROMIUM_PREFS = Path("files/home/ana/.config/chromium/Profile 1/Preferences")
FIREFOX_ADDONS = Path("files/home/ana/.config/mozilla/firefox/kzklzdy5.risky/extensions.json")
COUPON = "bcbfidliglcidgdijoliehabimkliega"


@pytest.mark.parametrize(
    ("entry", "verdict"),
    [
        ({"disable_reasons": []}, ""),  # as Chromium 156 writes an enabled extension
        ({"disable_reasons": [1]}, ""),  # DISABLE_USER_ACTION: the person turned it off
        ({"disable_reasons": [1 << 16]}, ""),  # DISABLE_BLOCKED_BY_POLICY: an organisation
        ({"disable_reasons": 1 << 18}, "malware"),  # DISABLE_REMOTELY_FOR_MALWARE (old int)
        ({"disable_reasons": [1 << 9]}, "unwanted"),  # DISABLE_GREYLIST
        ({"disable_reasons": 1 | 1 << 9}, "unwanted"),
        ({"blacklist_state": 1}, "malware"),  # BLOCKLISTED_MALWARE
        ({"blacklist": True}, "malware"),  # the oldest form
        ({"omaha_blocklist_state": 4}, "unwanted"),  # CWS_POLICY_VIOLATION (bit map)
        ({"acknowledged_blocklist_state": 8}, "unwanted"),  # POTENTIALLY_UNWANTED
        ({"blacklist_state": 2}, "vulnerable"),  # SECURITY_VULNERABILITY
        ({"blacklist_state": 0, "disable_reasons": ["x"]}, ""),
    ],
)
def test_chromium_verdicts(entry: dict[str, object], verdict: str) -> None:
    assert chromium_verdict(entry) == verdict


@pytest.mark.parametrize(
    ("addon", "verdict"),
    [
        ({"blocklistState": 0}, ""),
        ({"blocklistState": 0, "appDisabled": True}, ""),  # too old for this Firefox
        ({"blocklistState": 2, "appDisabled": True}, "harmful"),
        ({"blocklistState": 1}, "unwanted"),
        ({"blocklistState": 0, "softDisabled": True}, "unwanted"),
        ({"blocklistState": 5}, "vulnerable"),
    ],
)
def test_firefox_verdicts(addon: dict[str, object], verdict: str) -> None:
    assert firefox_verdict(addon) == verdict


def _rule(rule_id: str):  # type: ignore[no-untyped-def]
    return next(r for r in load_rules([rules_dir()]) if r.id == rule_id)


def _status(rule_id: str, facts: dict[str, object], host: RecordedHost) -> set[Status]:
    results = evaluate_rule(_rule(rule_id), facts, host.platform, catalogue())  # type: ignore[arg-type]
    return {r.status for r in results}


def _extensions(facts: dict[str, object], key: str) -> list[dict[str, object]]:
    profiles = facts[key]
    assert isinstance(profiles, list)
    return [e for p in profiles for e in p.get("extensions", [])]  # type: ignore[union-attr]


def test_recorded_chromium_extension_keeps_its_id_and_no_verdict(recorded) -> None:  # type: ignore[no-untyped-def]
    host = recorded("linux-chromium")
    facts = ChromiumCollector().collect(host)
    coupon = [e for e in _extensions(facts, "browser.chromium.profiles") if e["id"] == COUPON]
    assert coupon and coupon[0]["blocked_by_browser"] == ""
    assert _status("browser.chromium.blocked_extensions", facts, host) == {Status.pass_}


def test_chromium_extension_flagged_as_malware_fails(tmp_path: Path) -> None:
    machine = tmp_path / "machine"
    shutil.copytree(host_folder("linux-chromium"), machine)
    prefs = json.loads((machine / CHROMIUM_PREFS).read_text(encoding="utf-8"))
    prefs["extensions"]["settings"][COUPON]["blacklist_state"] = 1
    (machine / CHROMIUM_PREFS).write_text(json.dumps(prefs), encoding="utf-8")
    host = RecordedHost(machine)
    facts = ChromiumCollector().collect(host)
    coupon = [e for e in _extensions(facts, "browser.chromium.profiles") if e["id"] == COUPON]
    assert coupon[0]["blocked_by_browser"] == "malware"
    assert Status.fail in _status("browser.chromium.blocked_extensions", facts, host)


def test_firefox_hard_blocked_add_on_fails(tmp_path: Path) -> None:
    machine = tmp_path / "machine"
    shutil.copytree(host_folder("linux-firefox"), machine)
    data = json.loads((machine / FIREFOX_ADDONS).read_text(encoding="utf-8"))
    for addon in data["addons"]:
        if addon["id"] == "coupon-helper@example.org":
            addon.update(blocklistState=2, appDisabled=True, active=False)
    (machine / FIREFOX_ADDONS).write_text(json.dumps(data), encoding="utf-8")
    host = RecordedHost(machine)
    facts = FirefoxCollector().collect(host)
    helper = [
        e
        for e in _extensions(facts, "browser.firefox.profiles")
        if e["id"] == "coupon-helper@example.org"
    ]
    assert helper[0]["blocked_by_browser"] == "harmful"
    assert helper[0]["enabled"] is False
    assert Status.fail in _status("browser.firefox.blocked_extensions", facts, host)


def test_recorded_firefox_add_on_has_no_verdict(recorded) -> None:  # type: ignore[no-untyped-def]
    host = recorded("linux-firefox")
    facts = FirefoxCollector().collect(host)
    ids = {e["id"]: e["blocked_by_browser"] for e in _extensions(facts, "browser.firefox.profiles")}
    assert ids["coupon-helper@example.org"] == ""
    assert _status("browser.firefox.blocked_extensions", facts, host) == {Status.pass_}


#: The recorded machine where the browsers themselves turned an add-on off (its README holds
#: each entry before and after; tests/fixtures/make_blocked_extension_homes.py).
DISABLED = "linux-disabled-extensions"


def test_an_extension_chromium_disabled_for_a_policy_is_off_with_no_verdict(recorded) -> None:  # type: ignore[no-untyped-def]
    """Written by Chromium 156 itself: `disable_reasons: [65536]` (DISABLE_BLOCKED_BY_POLICY,
    a list of reasons, not the older bit mask). An organisation's block is no malware."""
    host = recorded(DISABLED)
    prefs = json.loads(
        (host.folder / "files/home/ana/.config/chromium/Default/Preferences").read_text("utf-8")
    )
    settings = prefs["extensions"]["settings"]
    blocked_id = next(i for i, e in settings.items() if e.get("disable_reasons") == [1 << 16])
    facts = ChromiumCollector().collect(host)
    extensions = _extensions(facts, "browser.chromium.profiles")
    blocked = [e for e in extensions if e["id"] == blocked_id]
    assert blocked[0]["enabled"] is False
    assert blocked[0]["blocked_by_browser"] == ""
    assert _status("browser.chromium.blocked_extensions", facts, host) == {Status.pass_}


def test_an_add_on_firefox_disabled_for_its_signature_is_off_with_no_verdict(recorded) -> None:  # type: ignore[no-untyped-def]
    """Written by Firefox ESR 153 itself: appDisabled true, blocklistState 0, once
    xpinstall.signatures.required was true again for an unsigned add-on."""
    host = recorded(DISABLED)
    facts = FirefoxCollector().collect(host)
    helper = [
        e
        for e in _extensions(facts, "browser.firefox.profiles")
        if e["id"] == "coupon-helper@example.org"
    ]
    assert helper[0]["enabled"] is False
    assert helper[0]["blocked_by_browser"] == ""
    assert _status("browser.firefox.blocked_extensions", facts, host) == {Status.pass_}
