"""Promise 3, identifiers: no client ID, group ID, GUID, sync or account ID, proxy or DNS server,
and no setting name holding an address reaches any output, explanation, share summary or log."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shadowaudit.cli import app
from shadowaudit.scan import load_selected_rules
from tests.conftest import host_folder

runner = CliRunner()
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)

CLIENT_ID = "c11e47c1-1d00-4c1d-8c1d-c11e47c11e47"
GROUP_ID = "6a0b6a0b-9a0b-4a0b-8a0b-96a0b96a0b9a"
USAGE_ID = "05a9e1d0-05a9-4e1d-85a9-05a9e1d005a9"
CHROMIUM_CLIENT_ID = "c4c4c4c4-c4c4-4c4c-8c4c-c4c4c4c4c4c4"
FIREFOX_PREFS = {
    "toolkit.telemetry.cachedClientID": CLIENT_ID,
    "toolkit.telemetry.cachedProfileGroupID": GROUP_ID,
    "datareporting.dau.cachedUsageProfileGroupID": GROUP_ID,
    "datareporting.dau.cachedUsageProfileID": USAGE_ID,
    "services.sync.client.GUID": "CanaryGuid12",
    "services.sync.clients.syncID": "CanarySyncID",
    "identity.fxaccounts.account.device.id": "CanaryDevice",
    "network.proxy.type": 1,
    "network.proxy.http": "canary-proxy.example.net",
    "network.proxy.socks": "198.51.100.77",
    "network.proxy.autoconfig_url": "http://canary-pac.example.net/proxy.pac",
    "network.trr.uri": "https://canary-doh.example.net/dns-query",
    "print.printer_canary-printer.example.net.print_to_file": True,
}
CHROMIUM_LOCAL_STATE = {
    "user_experience_metrics": {"client_id2": CHROMIUM_CLIENT_ID},
    "metrics": {"client_id": CHROMIUM_CLIENT_ID},
}
CHROMIUM_PREFERENCES = {
    "sync": {"cache_guid": "CanaryCacheGuid", "birthday": "CanaryBirthday"},
    "google": {"services": {"account_id": "CanaryAccount77", "last_gaia_id": "CanaryGaia"}},
    "proxy": {"mode": "fixed_servers", "server": "canary-proxy.example.net:3128"},
    "dns_over_https": {"templates": "https://canary-doh.example.net/dns-query{?dns}"},
    "profile": {
        "content_settings": {
            "exceptions": {
                "cookies": {"https://[*.]canary-exception.example.net,*": {"setting": 1}}
            }
        }
    },
    "safebrowsing": {"canary_client_guid": "CanarySafeGuid"},
}
CANARIES = [
    CLIENT_ID,
    GROUP_ID,
    USAGE_ID,
    CHROMIUM_CLIENT_ID,
    "CanaryGuid12",
    "CanarySyncID",
    "CanaryDevice",
    "canary-proxy",
    "198.51.100.77",
    "canary-pac",
    "canary-doh",
    "canary-printer",
    "CanaryCacheGuid",
    "CanaryBirthday",
    "CanaryAccount77",
    "CanaryGaia",
    "canary-exception",
    "CanarySafeGuid",
]


def _merge(path: Path, extra: dict[str, object]) -> None:
    """Merge `extra` into the JSON object of a browser's settings file."""
    data = json.loads(path.read_text())
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key].update(value)
        else:
            data[key] = value
    path.write_text(json.dumps(data))


def plant(home: Path) -> None:
    """Write the canary identifiers into every Firefox and Chromium profile of a copied home."""
    for prefs in (home / ".config/mozilla/firefox").glob("*/prefs.js"):
        lines = [f"user_pref({json.dumps(k)}, {json.dumps(v)});" for k, v in FIREFOX_PREFS.items()]
        prefs.write_text(prefs.read_text() + "\n".join(lines) + "\n")
    chromium = home / ".config/chromium"
    _merge(chromium / "Local State", CHROMIUM_LOCAL_STATE)
    for preferences in chromium.glob("*/Preferences"):
        _merge(preferences, CHROMIUM_PREFERENCES)


def outputs(home: Path, tmp: Path) -> dict[str, str]:
    """Every output of every command that shows facts, with `-v` logs on stderr."""
    texts = {}
    share = tmp / "share.json"
    commands = {
        f"scan {fmt}": ["scan", "--home", str(home), "--format", fmt, "--no-questions"]
        for fmt in ("text", "md", "json", "html")
    }
    commands["scan --share"] = [
        "scan",
        "--home",
        str(home),
        "--no-questions",
        "--format",
        "json",
        "--share",
        str(share),
    ]
    commands["facts"] = ["facts", "--home", str(home)]
    for rule in load_selected_rules():
        commands[f"explain {rule.id}"] = ["explain", rule.id, "--home", str(home)]
    for name, command in commands.items():
        result = runner.invoke(app, ["-v", *command])
        assert result.exception is None or isinstance(result.exception, SystemExit), name
        texts[name] = result.stdout + result.stderr
    texts["share summary"] = share.read_text()
    return texts


def test_no_identifier_or_address_in_any_output_or_log(
    browser_home: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    plant(browser_home)
    with caplog.at_level(logging.DEBUG):
        texts = outputs(browser_home, tmp_path)
    texts["log"] = caplog.text
    assert len(texts) > 50, "every rule's explanation is looked at"
    for name, text in texts.items():
        for canary in CANARIES:
            assert canary.lower() not in text.lower(), (name, canary)
    # What the rules judge is still there, and the rest is counted.
    shown = runner.invoke(app, ["facts", "--home", str(browser_home)]).stdout
    profiles = json.loads(shown)["browser.firefox.profiles"]
    assert all(p["other_prefs"] >= len(FIREFOX_PREFS) - 1 for p in profiles)
    assert all(p["prefs"].get("network.proxy.type") == 1 for p in profiles)


@pytest.mark.parametrize(
    "machine", ["linux-firefox", "linux-chromium", "windows11-browsers", "macos15-browsers"]
)
def test_the_real_profiles_identifiers_stay_hidden(machine: str) -> None:
    """The real browsers wrote telemetry and usage IDs into these profiles: none is shown."""
    shown = runner.invoke(app, ["facts", "--recorded", str(host_folder(machine))]).stdout
    assert json.loads(shown)
    assert not UUID.search(shown), UUID.search(shown)
