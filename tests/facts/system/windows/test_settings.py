"""Windows registry settings judged by pure functions, fed the values as winreg returns them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.system.windows.settings import (
    flag,
    get,
    number,
    opens_everything,
    parse_auto_login,
    parse_firewall,
    parse_hide_extensions,
    parse_remote_assistance,
    parse_remote_desktop,
    parse_screen_lock,
    parse_secure_boot,
    parse_shares,
    parse_updates,
    parse_version,
    pause_days,
    sshd_enabled,
)

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def _bad(value: object, detail: str) -> bool:
    return (
        isinstance(value, Missing) and value.reason is Reason.parse_error and detail in value.detail
    )


def test_values_are_found_whatever_their_case() -> None:
    assert get({"ScreenSaveTimeout": "600"}, "ScreenSaveTimeOut") == "600"
    assert get(None, "X") is None
    assert get({}, "X") is None


def test_number_and_flag() -> None:
    assert number(1, "X") == 1
    assert number(" 600 ", "X") == 600
    assert number(None, "X") is None
    assert _bad(number("yes", "X"), "X is not a number")
    assert _bad(number(b"\x01\x00", "X"), "X")
    assert _bad(number(["1"], "X"), "X")
    assert flag(0, "X") is False
    assert flag("1", "X") is True
    assert flag(None, "X") is None


# --- version ------------------------------------------------------------------------------------


def test_windows_11_calls_itself_windows_10() -> None:
    values = {
        "ProductName": "Windows 10 Pro",
        "EditionID": "Professional",
        "DisplayVersion": "23H2",
        "CurrentBuild": "22631",
        "UBR": 4460,
    }
    assert parse_version(values) == {
        "product": "Windows 11",
        "display_version": "23H2",
        "build": 22631,
        "ubr": 4460,
        "edition": "Professional",
    }


def test_windows_10_before_20h2_has_only_a_release_id() -> None:
    values = {"CurrentBuildNumber": "18363", "ReleaseId": "1909", "EditionID": "EnterpriseS"}
    assert parse_version(values) == {
        "product": "Windows 10",
        "display_version": "1909",
        "build": 18363,
        "edition": "EnterpriseS",
    }


def test_older_windows_keeps_its_product_name() -> None:
    values = {"ProductName": "Windows 8.1 Pro", "CurrentBuild": "9600"}
    assert parse_version(values) == {"product": "Windows 8.1 Pro", "build": 9600}


def test_version_without_a_build_is_unknown() -> None:
    assert _bad(parse_version({"ProductName": "Windows 10 Home"}), "CurrentBuild")
    assert _bad(parse_version({"CurrentBuild": "26100.1"}), "CurrentBuild")
    assert parse_version(None) == Missing(Reason.not_set, "no CurrentVersion key")


# --- firewall -----------------------------------------------------------------------------------


def test_firewall_policy_wins_over_the_local_switch() -> None:
    local = {
        "DomainProfile": {"EnableFirewall": 1},
        "StandardProfile": {"EnableFirewall": 0},
        "PublicProfile": {"EnableFirewall": 0},
    }
    policy = {"PrivateProfile": {"EnableFirewall": 1}, "PublicProfile": None}
    fact = parse_firewall(local, policy)
    assert isinstance(fact, dict)
    assert {k: fact[k] for k in ("domain", "private", "public")} == {
        "domain": True,
        "private": True,
        "public": False,
    }


def test_firewall_profile_with_no_value_is_left_out() -> None:
    local = {"StandardProfile": {"EnableFirewall": 1}, "PublicProfile": {"DisableNotifications": 0}}
    assert parse_firewall(local, {}) == {
        "private": True,
        "private_inbound": "block",
        "private_block_all": False,
    }


def test_firewall_on_but_letting_every_connection_in() -> None:
    # Set-NetFirewallProfile -Profile Public -DefaultInboundAction Allow writes 0 (Firewall CSP:
    # 0 allow, 1 block, block when absent); a policy's "Block" wins over it.
    local = {"PublicProfile": {"EnableFirewall": 1, "DefaultInboundAction": 0}}
    assert parse_firewall(local, {}) == {
        "public": True,
        "public_inbound": "allow",
        "public_block_all": False,
    }
    policy = {"PublicProfile": {"DefaultInboundAction": 1, "DoNotAllowExceptions": 1}}
    fact = parse_firewall(local, policy)
    assert isinstance(fact, dict)
    assert fact["public_inbound"] == "block" and fact["public_block_all"] is True


RDP = (
    "v2.22|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Domain|Profile=Private|"
    "Profile=Public|LPort=3389|App=%SystemRoot%\\system32\\svchost.exe|Svc=termservice|"
    "Name=@FirewallAPI.dll,-28775|"
)


@pytest.mark.parametrize(
    ("rule", "opens"),
    [
        ("v2.30|Action=Allow|Active=TRUE|Dir=In|Name=Allow all|", True),
        ("v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Public|Name=x|", True),
        ("v2.30|Action=Allow|Active=TRUE|Dir=In|LPort=*|Name=x|", True),
        (RDP, False),
        ("v2.30|Action=Allow|Active=FALSE|Dir=In|Name=Allow all|", False),
        ("v2.30|Action=Block|Active=TRUE|Dir=In|Name=Block all|", False),
        ("v2.30|Action=Allow|Active=TRUE|Dir=Out|Name=Out|", False),
        ("v2.30|Action=Allow|Active=TRUE|Dir=In|Profile=Private|Name=Home|", False),
        ("v2.30|Action=Allow|Active=TRUE|Dir=In|RA4=LocalSubnet|Name=LAN|", False),
        ("v2.30|Action=Allow|Active=TRUE|Dir=In|App=C:\\x.exe|Name=App|", False),
        ("not a rule", False),
    ],
)
def test_rules_that_let_everything_in(rule: str, opens: bool) -> None:
    assert opens_everything(rule) is opens


def test_rules_are_counted_only_when_they_could_be_read() -> None:
    local = {"PublicProfile": {"EnableFirewall": 1}}
    rules = {"a": "v2.30|Action=Allow|Active=TRUE|Dir=In|Name=Allow all|", "b": RDP, "c": 7}
    counted = parse_firewall(local, {}, rules)
    assert isinstance(counted, dict) and counted["public_open_to_all_rules"] == 1
    unread = parse_firewall(local, {}, None)
    assert isinstance(unread, dict) and "public_open_to_all_rules" not in unread


def test_firewall_value_of_the_wrong_type() -> None:
    fact = parse_firewall({"PublicProfile": {"EnableFirewall": "on"}}, {})
    assert isinstance(fact, dict)
    assert _bad(fact["public"], "EnableFirewall")


# --- screen lock --------------------------------------------------------------------------------


def test_no_screen_saver_chosen_although_active_is_1() -> None:
    # No screen saver and no lock policy: Windows may still lock when the display turns off.
    assert parse_screen_lock({"ScreenSaveActive": "1"}, None, None) == Missing(
        Reason.not_set, "no screen saver and no lock policy"
    )
    with_policy = parse_screen_lock({"ScreenSaveActive": "1"}, None, {"InactivityTimeoutSecs": 600})
    assert with_policy == {"screensaver_active": False, "policy_inactivity_minutes": 10}


def test_screen_saver_policy_wins_value_by_value() -> None:
    desktop = {
        "ScreenSaveActive": "1",
        "ScreenSaverIsSecure": "0",
        "ScreenSaveTimeOut": "900",
        "SCRNSAVE.EXE": r"C:\Windows\system32\Mystify.scr",
    }
    # F-W5: the GPO copy.
    policy = {
        "ScreenSaveActive": "1",
        "ScreenSaverIsSecure": "1",
        "ScreenSaveTimeOut": "600",
        "SCRNSAVE.EXE": "scrnsave.scr",
    }
    assert parse_screen_lock(desktop, policy, {"InactivityTimeoutSecs": 0x384}) == {
        "screensaver_active": True,
        "screensaver_secure": True,
        "timeout_minutes": 10,
        "grace_seconds": 5,
        "lock_after_seconds": 605,
        "policy_inactivity_minutes": 15,
    }


def test_screen_saver_program_from_the_person_and_switch_from_the_policy() -> None:
    desktop = {"SCRNSAVE.EXE": "Bubbles.scr", "screensavetimeout": "90"}
    policy = {"ScreenSaveActive": "1"}
    assert parse_screen_lock(desktop, policy, None) == {
        "screensaver_active": True,
        "timeout_minutes": 2,
        "grace_seconds": 5,
        "lock_after_seconds": 95,
    }


def test_the_password_comes_after_the_grace_period() -> None:
    # Winlogon's ScreenSaverGracePeriod (REG_SZ seconds): the screen saver starts after 5
    # minutes, the password is asked an hour later.
    desktop = {"ScreenSaveActive": "1", "ScreenSaverIsSecure": "1", "ScreenSaveTimeOut": "300"}
    desktop["SCRNSAVE.EXE"] = "scrnsave.scr"
    fact = parse_screen_lock(desktop, None, None, {"ScreenSaverGracePeriod": "3600"})
    assert isinstance(fact, dict)
    assert (fact["grace_seconds"], fact["lock_after_seconds"]) == (3600, 3900)


def test_screen_saver_switched_off_with_a_program_chosen() -> None:
    desktop = {"ScreenSaveActive": "0", "SCRNSAVE.EXE": "scrnsave.scr"}
    assert isinstance(parse_screen_lock(desktop, {}, {}), Missing)


def test_screen_lock_values_that_do_not_parse() -> None:
    fact = parse_screen_lock({"ScreenSaveTimeOut": "ten", "ScreenSaveActive": "x"}, None, None)
    assert isinstance(fact, dict)
    assert _bad(fact["timeout_minutes"], "ScreenSaveTimeOut")
    assert _bad(fact["screensaver_active"], "ScreenSaveActive")
    negative = parse_screen_lock(None, None, {"InactivityTimeoutSecs": "-5"})
    assert isinstance(negative, dict)
    assert _bad(negative["policy_inactivity_minutes"], "negative")


def test_nothing_set_gives_an_empty_mapping() -> None:
    assert parse_screen_lock(None, None, None) == {}


# --- auto login ---------------------------------------------------------------------------------


def test_auto_login_with_a_stored_password() -> None:
    winlogon = {"AutoAdminLogon": "1", "DefaultUserName": "ana", "DefaultPassword": "secret"}
    assert parse_auto_login(winlogon) == {"enabled": True, "stored_password": True}


def test_auto_login_with_the_password_kept_elsewhere() -> None:
    # Sysinternals Autologon keeps the password as an LSA secret; an empty value stays behind.
    assert parse_auto_login({"AutoAdminLogon": "1", "DefaultPassword": ""}) == {
        "enabled": True,
        "stored_password": False,
    }


def test_auto_login_off() -> None:
    assert parse_auto_login({"AutoAdminLogon": "0"}) == {"enabled": False, "stored_password": False}
    assert parse_auto_login({}) == {"enabled": False, "stored_password": False}
    assert parse_auto_login(None) == Missing(Reason.not_set, "no Winlogon key")


def test_auto_login_as_a_dword() -> None:
    assert parse_auto_login({"AutoAdminLogon": 1}) == {"enabled": True, "stored_password": False}


# --- updates ------------------------------------------------------------------------------------


def test_pause_hack_until_2051() -> None:
    # F-W9
    assert pause_days({"PauseUpdatesExpiryTime": "2051-12-31T00:00:00Z"}, NOW) == 9170


def test_pause_days() -> None:
    assert pause_days(None, NOW) == 0
    assert pause_days({"PauseUpdatesExpiryTime": "2026-03-09T08:00:00Z"}, NOW) == 0
    assert pause_days({"PauseUpdatesExpiryTime": "2026-12-26T10:00:00Z"}, NOW) == 35
    assert pause_days({"PauseUpdatesExpiryTime": "2026-12-26T09:59:59"}, NOW) == 34
    longest = {
        "PauseUpdatesExpiryTime": "2026-11-28T10:00:00Z",
        "PauseQualityUpdatesEndTime": "2026-12-05T10:00:00Z",
    }
    assert pause_days(longest, NOW) == 14
    assert _bad(pause_days({"PauseUpdatesExpiryTime": "31.12.2051"}, NOW), "not a date")
    assert _bad(pause_days({"PauseUpdatesExpiryTime": 20511231}, NOW), "not a date")


def test_updates_turned_off() -> None:
    assert parse_updates({"NoAutoUpdate": 1}, {"Start": 4}, None, NOW) == {
        "disabled_by_policy": True,
        "service_disabled": True,
        "paused_days": 0,
    }


def test_updates_normal() -> None:
    assert parse_updates(None, {"Start": 3}, {}, NOW) == {
        "disabled_by_policy": False,
        "service_disabled": False,
        "paused_days": 0,
    }


def test_updates_service_without_start() -> None:
    fact = parse_updates(None, None, None, NOW)
    assert isinstance(fact, dict)
    assert fact["service_disabled"] == Missing(Reason.not_set, "wuauserv has no Start value")


# --- remote access, shares, boot, Explorer, sshd --------------------------------------------------


def test_remote_desktop() -> None:
    assert parse_remote_desktop({"fDenyTSConnections": 0}, None) is True
    assert parse_remote_desktop({"fDenyTSConnections": 0}, {"fDenyTSConnections": 1}) is False
    assert parse_remote_desktop({"fDenyTSConnections": 1}, {}) is False
    assert isinstance(parse_remote_desktop({}, {}), Missing)


def test_remote_assistance() -> None:
    assert parse_remote_assistance({"fAllowToGetHelp": 1}, None) is True
    assert parse_remote_assistance({"fAllowToGetHelp": 1}, {"fAllowToGetHelp": 0}) is False
    assert parse_remote_assistance({"fAllowToGetHelp": 0}, None) is False
    assert parse_remote_assistance(None, None) == Missing(
        Reason.not_set, "fAllowToGetHelp is not set"
    )


def test_share_names_only() -> None:
    shares = {
        "Reports": ["Path=C:\\Users\\Ana\\Reports", "ShareName=Reports", "Type=0"],
        "archive": ["Path=D:\\archive", "ShareName=archive", "Type=0"],
    }
    assert parse_shares(shares) == ["archive", "Reports"]
    assert parse_shares(None) == []


def test_secure_boot() -> None:
    assert parse_secure_boot({"UEFISecureBootEnabled": 1}) is True
    assert parse_secure_boot({"UEFISecureBootEnabled": 0}) is False
    legacy = parse_secure_boot(None)
    assert isinstance(legacy, Missing)
    assert legacy.reason is Reason.unsupported


def test_hide_file_extensions() -> None:
    assert parse_hide_extensions(None) is True
    assert parse_hide_extensions({"Hidden": 2}) is True
    assert parse_hide_extensions({"HideFileExt": 0}) is False
    assert parse_hide_extensions({"HideFileExt": 1}) is True


@pytest.mark.parametrize(
    ("service", "running", "expected"),
    [
        ({"Start": 2}, False, True),
        ({"Start": 3}, False, False),
        ({"Start": 4}, False, False),
        ({"Start": 3}, True, True),
        (None, True, True),
        ({}, False, False),
    ],
)
def test_sshd_enabled(service: dict[str, int] | None, running: bool, expected: bool) -> None:
    assert sshd_enabled(service, running) is expected


def test_a_digit_that_int_refuses_is_not_a_number() -> None:
    value = number("²", "ScreenSaveTimeOut")
    assert isinstance(value, Missing) and value.reason is Reason.parse_error
