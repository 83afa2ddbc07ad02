"""Proxies: Windows Internet Settings, macOS scutil, GNOME gsettings, shell files, Firefox
prefs written by Firefox itself, Chromium policies. Never a host, a password or a PAC path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from shadowaudit.facts.base import fact_to_json
from shadowaudit.facts.presence.interception.addresses import (
    address_kind,
    pac_host,
    proxy_address,
    windows_proxy_servers,
)
from shadowaudit.facts.presence.interception.proxies import (
    PROXIES,
    ProxiesCollector,
    chromium_policy_proxy,
    firefox_proxy,
    parse_scutil,
)
from shadowaudit.facts.presence.interception.proxy_places import (
    extension_proxies,
    kde_proxies,
    winhttp_proxies,
)
from shadowaudit.host import RecordedHost
from tests.facts.presence.helpers import machine


def _proxies(host: RecordedHost) -> list[tuple[object, object, object, object]]:
    """(where, kind, address, port) of each proxy found."""
    found = ProxiesCollector().collect(host)[PROXIES]
    assert isinstance(found, list)
    text = json.dumps(fact_to_json(found))
    assert "CANARY" not in text and "example" not in text
    return [(p["where"], p["kind"], p["address"], p["port"]) for p in found]  # type: ignore[index]


def test_windows_internet_settings_and_winhttp(recorded: Callable[[str], RecordedHost]) -> None:
    assert _proxies(recorded("windows11-managed")) == [
        ("windows", "manual", "local_network", 8080),
        ("windows", "pac", "elsewhere", None),
        ("winhttp", "manual", "local_network", 3128),
    ]


def test_kde_written_by_kwriteconfig_and_chromium_extensions(
    recorded: Callable[[str], RecordedHost],
) -> None:
    host = recorded("linux-kde-proxied")
    # NOTE: the PAC address left in "Proxy Config Script" is not in force (ProxyType 1).
    assert _proxies(host) == [
        ("kde", "manual", "elsewhere", 3128),
        ("kde", "manual", "elsewhere", 3129),
        ("chromium_extension", "manual", "this_computer", 8899),
        ("chromium_extension", "pac", "local_file", None),
    ]
    found = ProxiesCollector().collect(host)[PROXIES]
    assert isinstance(found, list)
    extensions = [p["extension"] for p in found if isinstance(p, dict) and "extension" in p]
    assert all(len(str(e)) == 32 for e in extensions) and len(set(extensions)) == 2


def test_macos_scutil(recorded: Callable[[str], RecordedHost]) -> None:
    assert _proxies(recorded("macos15-managed")) == [
        ("macos", "manual", "elsewhere", 3128),
        ("macos", "pac", "elsewhere", None),
    ]


def test_firefox_prefs_written_by_firefox(recorded: Callable[[str], RecordedHost]) -> None:
    assert _proxies(recorded("linux-intercepted")) == [("firefox", "manual", "elsewhere", 3128)]


def test_a_firefox_profile_without_a_proxy_setting_is_not_parsed_again(
    recorded: Callable[[str], RecordedHost], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Firefox collector reads the prefs in its worker; here only a profile whose prefs
    name a proxy is parsed, with the same proxies found."""
    from shadowaudit.facts.presence.interception import proxies

    parsed: list[object] = []
    real = proxies.read_prefs
    monkeypatch.setattr(proxies, "read_prefs", lambda h, p: parsed.append(p) or real(h, p))
    assert _proxies(recorded("linux-intercepted")) == [("firefox", "manual", "elsewhere", 3128)]
    assert len(parsed) == 1
    parsed.clear()
    firefox = recorded("linux-firefox")  # three profiles written by Firefox, no proxy set
    assert len(proxies.firefox_profiles(firefox)) == 3
    assert [p for p in _proxies(firefox) if p[0] == "firefox"] == []
    assert parsed == []


def test_gnome_and_environment_on_debian(recorded: Callable[[str], RecordedHost]) -> None:
    found = _proxies(recorded("debian12-intercepted"))
    assert ("gnome", "manual", "elsewhere", 8080) in found
    assert ("environment", "manual", "elsewhere", 3128) in found


def test_shell_files_and_a_local_proxy(tmp_path: Path) -> None:
    files = {
        "/home/ana/.bashrc": b"export HTTPS_PROXY='http://u:CANARY-P@127.0.0.1:9050'\n",
        "/home/ana/.profile": b"# http_proxy=http://commented.example:1\n",
    }
    assert _proxies(machine(tmp_path, files)) == [("shell", "manual", "this_computer", 9050)]


def test_no_proxy_anywhere(tmp_path: Path) -> None:
    assert _proxies(machine(tmp_path)) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("proxy.example.net:3128", ("proxy.example.net", 3128)),
        ("http://ana:s3cret@proxy.example.net:3128/path?q=1", ("proxy.example.net", 3128)),
        ("socks5://[::1]:1080", ("::1", 1080)),
        ("http://bad host:12", ("", None)),
        ("http://x:99999999", ("", None)),
    ],
)
def test_proxy_address_keeps_host_and_port_only(
    value: str, expected: tuple[str, int | None]
) -> None:
    assert proxy_address(value) == expected


def test_pac_and_windows_forms() -> None:
    assert pac_host("https://u:p@pac.example.com/a/b.pac?token=x") == "pac.example.com"
    assert pac_host("file:///Users/ana/secret.pac") == "local file"
    assert windows_proxy_servers("http=a.example:1;https=a.example:1;ftp=b.example:2") == [
        ("a.example", 1),
        ("b.example", 2),
    ]
    assert address_kind("192.168.1.2") == "local_network"
    assert address_kind("203.0.113.7") == "elsewhere"
    assert address_kind("localhost") == "this_computer"
    assert address_kind("proxy") == "local_network"


def test_scutil_null_and_off_values() -> None:
    text = "<dictionary> {\n  HTTPEnable : 1\n  HTTPProxy : <NULL>\n  HTTPSEnable : 0\n}\n"
    assert parse_scutil(text) == []


def test_firefox_and_chromium_policy_forms() -> None:
    assert firefox_proxy({"network.proxy.type": 5, "network.proxy.http": "x.example"}, "f") == []
    pac = firefox_proxy(
        {"network.proxy.type": 2, "network.proxy.autoconfig_url": "http://p.example/x.pac"}, "f"
    )
    assert [(p["kind"], p["address"]) for p in pac] == [("pac", "elsewhere")]
    settings = {"ProxySettings": {"ProxyMode": "fixed_servers", "ProxyServer": "10.0.0.1:3128"}}
    assert [p["address"] for p in chromium_policy_proxy(settings)] == ["local_network"]
    legacy = {"ProxyMode": "pac_script", "ProxyPacUrl": "https://pac.example/p.pac"}
    assert [p["kind"] for p in chromium_policy_proxy(legacy)] == ["pac"]
    assert chromium_policy_proxy({"ProxyMode": "direct"}) == []


def test_kde_types() -> None:
    pac = "[Proxy Settings]\nProxyType=2\nProxy Config Script=file:///home/ana/CANARY.pac\n"
    assert kde_proxies(pac) == [("pac", "local file", None)]
    assert kde_proxies("[Proxy Settings]\nProxyType=3\n") == [("pac", "automatic", None)]
    # NOTE: type 4 names environment variables, read from the environment itself.
    assert kde_proxies("[Proxy Settings]\nProxyType=4\nhttpProxy=HTTP_PROXY\n") == []
    other_group = "[Other]\nProxyType=1\nhttpProxy=http://a.example 1\n[Proxy Settings]\n"
    assert kde_proxies(other_group) == []
    assert kde_proxies("[Proxy Settings]\nProxyType=1\nsocksProxy=socks://[::1]:1080\n") == [
        ("manual", "::1", 1080)
    ]
    # NOTE: an administrator's /etc/xdg/kioslaverc, locked with [$i], then the person's file.
    system = "[Proxy Settings][$i]\nProxyType=1\nhttpProxy=http://10.1.1.1 8080\n"
    assert kde_proxies(system, "[Proxy Settings]\nNoProxyFor=localhost\n") == [
        ("manual", "10.1.1.1", 8080)
    ]
    assert kde_proxies() == []


def test_kde_system_file(tmp_path: Path) -> None:
    files = {
        "/etc/xdg/kioslaverc": b"[Proxy Settings]\nProxyType=2\nProxy Config Script=http://pac.example.org/p.pac\n"
    }
    assert _proxies(machine(tmp_path, files)) == [("kde", "pac", "elsewhere", None)]


def test_winhttp_forms() -> None:
    direct = bytes.fromhex("1800000000000000010000000000000000000000")
    assert winhttp_proxies(direct) == []
    pac_url = b"http://wpad.example/CANARY.pac"
    pac = (
        bytes.fromhex("460000000200000005000000")
        + (0).to_bytes(4, "little")
        + (0).to_bytes(4, "little")
        + len(pac_url).to_bytes(4, "little")
        + pac_url
    )
    assert winhttp_proxies(pac) == [("pac", "wpad.example", None)]
    truncated = bytes.fromhex("280000000100000003000000ff000000") + b"10.0.0.1:80"
    assert winhttp_proxies(truncated) == []
    assert winhttp_proxies(b"\x01") == []


def test_disabled_extension_proxy_is_not_in_force() -> None:
    proxy = {"proxy": {"mode": "fixed_servers", "server": "127.0.0.1:8899"}}
    preferences = {
        "extensions": {
            "settings": {
                "a" * 32: {"disable_reasons": [1], "preferences": proxy},
                "b" * 32: {"state": 0, "preferences": proxy},
                "c" * 32: {"state": 1, "regular_only_preferences": proxy},
                "d" * 32: {"preferences": {"proxy": {"mode": "direct"}}},
            }
        }
    }
    assert extension_proxies(preferences) == [("c" * 32, ("manual", "127.0.0.1", 8899))]
    assert extension_proxies({"extensions": "broken"}) == []


def test_a_profile_without_a_proxy_key_is_not_parsed(tmp_path: Path) -> None:
    # NOTE: the permission "proxy" alone is no proxy; a broken file that names none is skipped.
    prefs = b'{"extensions": {"settings": {"x": {"active_permissions": {"api": ["proxy"]}}}}'
    files = {"/home/ana/.config/chromium/Default/Preferences": prefs}
    assert _proxies(machine(tmp_path, files)) == []
    spaced = json.dumps(
        {
            "extensions": {
                "settings": {
                    "e" * 32: {
                        "preferences": {"proxy": {"mode": "fixed_servers", "server": "10.0.0.2:81"}}
                    }
                }
            }
        },
        indent=2,
    ).encode()
    files = {"/home/ana/.config/chromium/Default/Preferences": spaced}
    (tmp_path / "b").mkdir()
    assert _proxies(machine(tmp_path / "b", files)) == [
        ("chromium_extension", "manual", "local_network", 81)
    ]
