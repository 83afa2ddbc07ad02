"""Setting values that could carry a secret never reach the facts."""

from __future__ import annotations

import pytest

from shadowaudit.engine.facts_read import rule_paths
from shadowaudit.engine.loader import load_rules
from shadowaudit.facts.redact import (
    ADDRESS,
    CHROMIUM_PREFS,
    FIREFOX_PREFS,
    HIDDEN,
    IDENTIFIER,
    is_identifier_name,
    is_kept,
    kept_settings,
    safe_setting,
    shown_setting,
)
from shadowaudit.resources import rules_dir


@pytest.mark.parametrize(
    "value",
    [
        True,
        0,
        5,
        1.5,
        None,
        "strict",
        "custom",
        "153.7.0",
        "secure",
        "default_public_interface_only",
    ],
)
def test_plain_settings_are_kept(value: object) -> None:
    assert safe_setting(value) == value  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value",
    [
        "ana@example.org",
        "https://news.example.com/story?id=1",
        "/home/ana/Downloads",
        "C:\\Users\\Ana",
        "z" * 41,
        "line\nbreak",
        {"nested": 1},
    ],
)
def test_values_that_could_carry_secrets_are_hidden(value: object) -> None:
    assert safe_setting(value) == HIDDEN  # type: ignore[arg-type]


def test_lists_are_checked_item_by_item() -> None:
    assert safe_setting(["en-US", "me@example.org"]) == ["en-US", HIDDEN]


@pytest.mark.parametrize(
    "name",
    [
        "toolkit.telemetry.cachedClientID",
        "toolkit.telemetry.cachedProfileGroupID",
        "datareporting.dau.cachedUsageProfileGroupID",
        "datareporting.dau.cachedUsageProfileID",
        "nimbus.profileId",
        "browser.contextual-services.contextId",
        "metrics.client_id",
        "services.sync.client.GUID",
        "extensions.webextensions.uuids",
    ],
)
def test_identifier_names_hide_their_values(name: str) -> None:
    assert is_identifier_name(name)
    assert shown_setting(name, 42) == IDENTIFIER
    assert not is_kept(name, (name,))


@pytest.mark.parametrize(
    "name", ["network.cookie.cookieBehavior", "android.enabled", "browser.startup.page"]
)
def test_plain_names_are_not_identifiers(name: str) -> None:
    assert not is_identifier_name(name)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("c4bd7344-e01e-47c1-9aa3-c935b28d1e15", IDENTIFIER),
        ("{C4BD7344-E01E-47C1-9AA3-C935B28D1E15}", IDENTIFIER),
        ("5d4b09be5d4b09be", IDENTIFIER),
        ("proxy.example.org", ADDRESS),
        ("proxy.example.org:3128", ADDRESS),
        ("192.0.2.7", ADDRESS),
        ("2001:db8::1", ADDRESS),
        ("153.7.0", "153.7.0"),
        ("strict", "strict"),
    ],
)
def test_identifier_and_address_values(value: str, shown: str) -> None:
    assert safe_setting(value) == shown


def test_proxy_and_dns_server_names_hide_their_values() -> None:
    assert shown_setting("network.proxy.socks", "10") == ADDRESS
    assert shown_setting("network.proxy.autoconfig_url", "x") == ADDRESS
    assert shown_setting("network.trr.uri", "x") == ADDRESS
    assert shown_setting("network.proxy.type", 1) == 1
    assert shown_setting("network.trr.mode", 3) == 3


def test_only_kept_names_are_listed_and_the_others_counted() -> None:
    values = {
        "browser.startup.page": 3,
        "toolkit.telemetry.cachedClientID": "c4bd7344-e01e-47c1-9aa3-c935b28d1e15",
        "network.proxy.http": "proxy.example.org",
        "capability.policy.canary.example.net.sites": "x",
    }
    assert kept_settings(values, FIREFOX_PREFS) == ({"browser.startup.page": 3}, 3)
    assert not is_kept("brave.sites.https://canary.example.net", CHROMIUM_PREFS)
    assert not is_kept("safebrowsing.192.0.2.7", CHROMIUM_PREFS)


def test_every_pref_a_shipped_rule_reads_is_kept() -> None:
    """The allow-list can never hide a setting that a shipped rule judges."""
    read = {
        path
        for rule in load_rules([rules_dir()])
        for path in rule_paths(rule)
        if path.startswith('item.prefs["')
    }
    assert read
    for path in read:
        name = path.removeprefix('item.prefs["').removesuffix('"]')
        assert is_kept(name, FIREFOX_PREFS) or is_kept(name, CHROMIUM_PREFS), name
