"""macOS parsers, fed the outputs Apple's tools really print (os-facts.md §7, F-M1..F-M9)."""

from __future__ import annotations

import plistlib

import pytest

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.decode import load_plist, plist_bool
from shadowaudit.facts.system.macos.parse import (
    major_version,
    parse_admin_group,
    parse_alf_globalstate,
    parse_csrutil_status,
    parse_defaults_integer,
    parse_fdesetup_status,
    parse_firewall_profiler,
    parse_print_disabled,
    parse_screen_lock,
    parse_socketfilterfw,
    parse_spctl_status,
    parse_system_version,
    parse_updates,
)


def is_parse_error(value: object) -> bool:
    return isinstance(value, Missing) and value.reason is Reason.parse_error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # F-M1, byte-exact
        ("FileVault is On.", "on"),
        ("FileVault is Off.", "off"),
        ("FileVault is On.\nEncryption in progress: Percent completed = 42", "encrypting"),
        ("Decryption in progress: Percent completed = 80", "decrypting"),
        ("FileVault is On.\nDecryption in progress: Percent completed = 80\n", "decrypting"),
        ("Encryption in progress: Pending", "encrypting"),
        ("FileVault is On.\nEncryption in progress: Pending\n", "encrypting"),
        ("FileVault is Off, but will be enabled after the next restart.\n", "encrypting"),
        (
            "FileVault is Off.\nDeferred enablement appears to be active for user 'sam'.\n",
            "encrypting",
        ),
        ("FileVault is On, but needs to be restarted to finish.\n", "encrypting"),
        ("FileVault is On.\n", "on"),
    ],
)
def test_fdesetup(text: str, expected: str) -> None:
    assert parse_fdesetup_status(text) == expected


@pytest.mark.parametrize("text", ["", "Error: some failure\n", "FileVault est activé.\n"])
def test_fdesetup_unknown_is_a_parse_error(text: str) -> None:
    assert is_parse_error(parse_fdesetup_status(text))


def test_deferred_enablement_keeps_no_user_name() -> None:
    value = parse_fdesetup_status(
        "FileVault is Off.\nDeferred enablement appears to be active for user 'sam'."
    )
    assert "sam" not in repr(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # F-M2, byte-exact
        ("Firewall is enabled. (State = 1)", "on"),
        ("Firewall is disabled. (State = 0)", "off"),
        ("Firewall is blocking all non-essential incoming connections. (State = 2)", "block_all"),
        # the same state 2 as other macOS versions word it
        ("Firewall is enabled. (State = 2)\n", "block_all"),
    ],
)
def test_socketfilterfw(text: str, expected: str) -> None:
    assert parse_socketfilterfw(text) == expected


@pytest.mark.parametrize("text", ["", "Must be root to change settings.\n", "(State = 7)"])
def test_socketfilterfw_unknown(text: str) -> None:
    assert is_parse_error(parse_socketfilterfw(text))


def profiler(state: str) -> str:
    """system_profiler SPFirewallDataType -json, in the shape macOS 15 prints (F-M3)."""
    return (
        '{\n  "SPFirewallDataType" : [\n    {\n      "_name" : "spfirewall_settings",\n'
        f'      "spfirewall_globalstate" : "{state}",\n'
        '      "spfirewall_loggingenabled" : "Yes",\n'
        '      "spfirewall_stealthenabled" : "No"\n    }\n  ]\n}\n'
    )


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("spfirewall_globalstate_limit_connections", "on"),
        ("spfirewall_globalstate_block_all", "block_all"),
        ("spfirewall_globalstate_allow_all", "off"),
    ],
)
def test_system_profiler_firewall(state: str, expected: str) -> None:
    assert parse_firewall_profiler(profiler(state)) == expected


@pytest.mark.parametrize(
    "text",
    [
        profiler("spfirewall_globalstate_new"),
        '{ "SPFirewallDataType" : [ ] }',
        '{ "SPUSBDataType" : [ ] }',
        '{ "SPFirewallDataType" : [ "x" ] }',
        "[]",
        "not json",
        "",
    ],
)
def test_system_profiler_firewall_unknown(text: str) -> None:
    assert is_parse_error(parse_firewall_profiler(text))


@pytest.mark.parametrize(
    ("plist", "expected"),
    [({"globalstate": 0}, "off"), ({"globalstate": 1}, "on"), ({"globalstate": 2}, "block_all")],
)
def test_alf_globalstate(plist: dict[str, object], expected: str) -> None:
    assert parse_alf_globalstate(plist) == expected


@pytest.mark.parametrize(
    "plist", [{}, {"globalstate": 3}, {"globalstate": True}, {"globalstate": "1"}]
)
def test_alf_globalstate_unknown(plist: dict[str, object]) -> None:
    assert is_parse_error(parse_alf_globalstate(plist))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # F-M4 answers, with and without the timestamp prefix sysadminctl writes on stderr
        ("screenLock delay is immediate", 0),
        ("screenLock delay is 300 seconds", 300),
        ("screenLock is off", -1),
        ("2026-11-21 11:00:02.481 sysadminctl[4312:88211] screenLock delay is immediate\n", 0),
        ("2026-09-21 20:50:02.423 sysadminctl[22746:23830390] screenLock delay is 5 seconds\n", 5),
        ("2026-09-21 20:51:30.063 sysadminctl[22795:23833089] screenLock is off\n", -1),
        ("sysadminctl[1:2] screenLock delay is -1 seconds", -1),
        ("sysadminctl[1:2] screenLock delay is -1.000000 seconds", -1),
    ],
)
def test_screen_lock(text: str, expected: int) -> None:
    assert parse_screen_lock(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026-06-12 20:19:59.452 sysadminctl[42871:292343] Unknown state for screenLock (0)\n",
        "Operation not permitted",
    ],
)
def test_screen_lock_unknown(text: str) -> None:
    assert is_parse_error(parse_screen_lock(text))


def test_defaults_integer() -> None:
    assert parse_defaults_integer(0, "600\n", "") == 600
    assert parse_defaults_integer(0, "0\n", "") == 0
    assert parse_defaults_integer(0, "300.5\n", "") == 300
    unset = (
        "2026-11-21 12:00:03.402 defaults[9124:201602] \n"
        "The domain/default pair of (com.apple.screensaver, idleTime) does not exist\n"
    )
    assert parse_defaults_integer(1, "", unset) is None
    assert is_parse_error(parse_defaults_integer(0, "{\n}\n", ""))
    assert is_parse_error(parse_defaults_integer(1, "", "Could not write domain\n"))


def test_spctl() -> None:
    assert parse_spctl_status("assessments enabled\n") is True
    assert parse_spctl_status("assessments disabled\n") is False
    assert is_parse_error(parse_spctl_status("spctl: unknown option\n"))


CUSTOM_SIP = (
    "System Integrity Protection status: unknown (Custom Configuration).\n\n"
    "Configuration:\n"
    "\tApple Internal: disabled\n"
    "\tKext Signing: enabled\n"
    "\tFilesystem Protections: enabled\n"
    "\tNVRAM Protections: disabled\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("System Integrity Protection status: enabled.", "enabled"),
        ("System Integrity Protection status: disabled.", "disabled"),
        (CUSTOM_SIP, "custom"),
        ("System Integrity Protection status: enabled (Custom Configuration).\n", "custom"),
    ],
)
def test_csrutil(text: str, expected: str) -> None:
    assert parse_csrutil_status(text) == expected


@pytest.mark.parametrize(
    "text", ["", "csrutil: command not allowed\n", "System Integrity Protection status: odd."]
)
def test_csrutil_unknown(text: str) -> None:
    assert is_parse_error(parse_csrutil_status(text))


# F-M5, byte-exact
PRINT_DISABLED = (
    "\tdisabled services = {\n"
    '\t\t"com.openssh.sshd" => enabled\n'
    '\t\t"com.apple.screensharing" => disabled\n'
    "\t}\n"
)


def test_print_disabled() -> None:
    assert parse_print_disabled(PRINT_DISABLED) == {
        "com.openssh.sshd": True,
        "com.apple.screensharing": False,
    }


def test_print_disabled_older_macos_says_true_for_disabled() -> None:
    text = 'disabled services = {\n\t"com.openssh.sshd" => false\n\t"com.apple.smbd" => true\n}\n'
    assert parse_print_disabled(text) == {"com.openssh.sshd": True, "com.apple.smbd": False}


def test_print_disabled_reads_only_the_disabled_services_block() -> None:
    text = (
        PRINT_DISABLED
        + '\n\tlogin item associations = {\n\t\t"com.openssh.sshd" => enabled\n\t}\n'
        + '\t"com.apple.smbd" => enabled\n'
    )
    assert parse_print_disabled(text) == {
        "com.openssh.sshd": True,
        "com.apple.screensharing": False,
    }


def test_print_disabled_empty_block_and_odd_lines() -> None:
    assert parse_print_disabled("\tdisabled services = {\n\t}\n") == {}
    odd = 'disabled services = {\n\t"com.openssh.sshd" => banana\n\tgarbage line\n}\n'
    assert parse_print_disabled(odd) == {}
    assert is_parse_error(parse_print_disabled(""))
    assert is_parse_error(parse_print_disabled("Unrecognized target specifier.\n"))


def test_admin_group_from_the_local_node() -> None:
    assert parse_admin_group("GroupMembership: root lena\n", "lena") is True
    assert parse_admin_group("GroupMembership:\n root\n lena\n", "lena") is True
    assert parse_admin_group("GroupMembership: root lenab\n", "lena") is False
    nested = parse_admin_group(
        "GroupMembership: root\nNestedGroups: ABCDEFAB-CDEF-ABCD-EFAB-CDEFABCDEFAB\n", "lena"
    )
    assert isinstance(nested, Missing) and nested.reason is Reason.directory
    assert is_parse_error(parse_admin_group("\n", "lena"))


def test_system_version() -> None:
    plist = {"ProductVersion": "15.1.1", "ProductBuildVersion": "24B91", "ProductName": "macOS"}
    assert parse_system_version(plist) == {"version": "15.1.1", "build": "24B91"}
    assert parse_system_version({"ProductVersion": "26.0"}) == {"version": "26.0"}
    assert major_version({"version": "26.0.1"}) == 26
    assert major_version(Missing(Reason.not_installed)) is None


@pytest.mark.parametrize(
    "plist",
    [{}, {"ProductVersion": 15}, {"ProductVersion": "15 beta"}, {"ProductVersion": "10.16"}],
)
def test_system_version_unknown(plist: dict[str, object]) -> None:
    assert is_parse_error(parse_system_version(plist))


def test_updates_only_present_keys() -> None:
    assert parse_updates({}) == {}
    assert parse_updates({"AutomaticDownload": False, "LastResultCode": 2}) == {
        "automatic_download": False
    }
    found = parse_updates({"AutomaticCheckEnabled": 1, "CriticalUpdateInstall": "YES"})
    assert found["automatic_check"] is True
    assert is_parse_error(found["install_security_updates"])


def test_plist_bool() -> None:
    assert plist_bool(True) is True
    assert plist_bool(0) is False
    assert plist_bool(2) is None
    assert plist_bool("1") is None


def test_load_plist_both_formats_and_damage() -> None:
    data = {"GuestEnabled": False}
    assert load_plist(plistlib.dumps(data)) == data
    assert load_plist(plistlib.dumps(data, fmt=plistlib.FMT_BINARY)) == data
    assert is_parse_error(load_plist(b""))
    assert is_parse_error(load_plist(b"bplist00\xff\xff"))
    assert is_parse_error(load_plist(b"<?xml version='1.0'?><plist><dict><key>a</key>"))
    assert is_parse_error(load_plist(plistlib.dumps(["not", "a", "dict"])))
