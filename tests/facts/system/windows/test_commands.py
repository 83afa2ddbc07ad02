"""Parsers of PowerShell and whoami output, fed the formats Windows prints (os-facts.md §7)."""

from __future__ import annotations

import pytest

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.system.windows.commands import (
    parse_antivirus_products,
    parse_bitlocker,
    parse_defender,
    parse_guest,
    parse_whoami_groups,
    product_state,
)


def _reason(value: object) -> Reason | None:
    return value.reason if isinstance(value, Missing) else None


# --- BitLocker (F-W3: a bare integer and CRLF) ------------------------------------------------


@pytest.mark.parametrize(
    ("stdout", "expected"),
    [
        ("1\r\n", "on"),
        ("2\r\n", "off"),
        ("3\r\n", "encrypting"),
        ("4\r\n", "decrypting"),
        ("5\r\n", "suspended"),
        ("6\r\n", "locked"),
        ("0\r\n", "not_encryptable"),
        ("", "not_encryptable"),
        ("\r\n", "not_encryptable"),
        ("\ufeff1\r\n", "on"),
    ],
)
def test_bitlocker_states(stdout: str, expected: str) -> None:
    assert parse_bitlocker(stdout) == expected


@pytest.mark.parametrize("stdout", ["7\r\n", "-1\r\n", "Ein\r\n", "1\r\n2\r\n"])
def test_bitlocker_values_we_do_not_know(stdout: str) -> None:
    assert _reason(parse_bitlocker(stdout)) is Reason.parse_error


# --- Defender (Windows PowerShell 5.1 ConvertTo-Json layout) ----------------------------------

DEFENDER_ON = (
    "{\r\n"
    '    "AntivirusEnabled":  true,\r\n'
    '    "RealTimeProtectionEnabled":  true,\r\n'
    '    "AntivirusSignatureAge":  1\r\n'
    "}\r\n"
)


def test_defender_on() -> None:
    assert parse_defender(DEFENDER_ON) == {
        "antivirus": True,
        "real_time": True,
        "signature_age_days": 1,
    }


def test_defender_field_of_the_wrong_type() -> None:
    stdout = DEFENDER_ON.replace('true,\r\n    "Real', '"True",\r\n    "Real')
    fact = parse_defender(stdout)
    assert isinstance(fact, dict)
    assert _reason(fact["antivirus"]) is Reason.parse_error
    assert fact["real_time"] is True


@pytest.mark.parametrize("stdout", ["", "null\r\n", "[]\r\n", "Zugriff verweigert\r\n", "[1, 2]"])
def test_defender_output_that_is_not_one_object(stdout: str) -> None:
    assert _reason(parse_defender(stdout)) is Reason.parse_error


# --- Security Center (F-W7) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (397568, (True, True)),  # 0x061100 Windows Defender on, current
        (393472, (False, True)),  # 0x060100 off
        (397584, (True, False)),  # 0x061110 on, signatures out of date
        (266240, (True, True)),  # 0x041000 third-party on, current
        (0x062100, (False, True)),  # snoozed
        (0x063100, (False, True)),  # expired
    ],
)
def test_product_state_bits(state: int, expected: tuple[bool, bool]) -> None:
    assert product_state(state) == expected


def test_several_products_are_a_list() -> None:
    stdout = (
        "[\r\n"
        "    {\r\n"
        '        "displayName":  "Windows Defender",\r\n'
        '        "productState":  393472\r\n'
        "    },\r\n"
        "    {\r\n"
        '        "displayName":  "ESET Security",\r\n'
        '        "productState":  266240\r\n'
        "    }\r\n"
        "]\r\n"
    )
    assert parse_antivirus_products(stdout) == [
        {"name": "Windows Defender", "enabled": False, "up_to_date": True},
        {"name": "ESET Security", "enabled": True, "up_to_date": True},
    ]


def test_one_product_is_an_object() -> None:
    stdout = '{\r\n    "displayName":  "Windows Defender",\r\n    "productState":  397568\r\n}\r\n'
    assert parse_antivirus_products(stdout) == [
        {"name": "Windows Defender", "enabled": True, "up_to_date": True}
    ]


def test_no_product_prints_nothing() -> None:
    assert parse_antivirus_products("") == []


@pytest.mark.parametrize(
    "stdout",
    ['{"displayName": "X"}', '{"displayName": "X", "productState": "397568"}', "garbage", "[3]"],
)
def test_products_that_do_not_parse(stdout: str) -> None:
    assert _reason(parse_antivirus_products(stdout)) is Reason.parse_error


# --- whoami /groups /fo csv (F-W8 as CSV) --------------------------------------------------------

HEADER = '"Group Name","Type","SID","Attributes"\r\n'
EVERYONE = (
    '"Everyone","Well-known group","S-1-1-0",'
    '"Mandatory group, Enabled by default, Enabled group"\r\n'
)


def test_admin_under_uac_is_still_admin() -> None:
    deny_only = '"BUILTIN\\Administrators","Alias","S-1-5-32-544","Group used for deny only"\r\n'
    assert parse_whoami_groups(HEADER + EVERYONE + deny_only) is True


def test_elevated_admin() -> None:
    elevated = (
        '"BUILTIN\\Administrators","Alias","S-1-5-32-544","Mandatory group, Enabled by default, '
        'Enabled group, Group owner"\r\n'
    )
    assert parse_whoami_groups("\r\n" + HEADER + EVERYONE + elevated) is True


def test_admin_in_another_language() -> None:
    german = (
        '"Gruppenname","Typ","SID","Attribute"\r\n'
        '"VORDEFINIERT\\Administratoren","Alias","S-1-5-32-544","Nur zum Verweigern verwendete '
        'Gruppe"\r\n'
    )
    assert parse_whoami_groups(german) is True


def test_standard_user() -> None:
    users = '"BUILTIN\\Users","Alias","S-1-5-32-545","Mandatory group, Enabled by default"\r\n'
    assert parse_whoami_groups(HEADER + EVERYONE + users) is False


def test_a_group_named_like_the_sid_does_not_count() -> None:
    odd = '"S-1-5-32-544 fans","Alias","S-1-5-21-1-2-3-1010",""\r\n'
    assert parse_whoami_groups(HEADER + EVERYONE + odd) is False


@pytest.mark.parametrize("stdout", ["", "ERROR: Access denied.\r\n", HEADER])
def test_whoami_output_without_sids(stdout: str) -> None:
    assert _reason(parse_whoami_groups(stdout)) is Reason.parse_error


# --- local accounts -------------------------------------------------------------------------------

MACHINE = "S-1-5-21-3623811015-3361044348-30300820"


def _accounts(guest_disabled: str) -> str:
    return (
        "[\r\n"
        "    {\r\n"
        f'        "SID":  "{MACHINE}-500",\r\n'
        '        "Disabled":  true\r\n'
        "    },\r\n"
        "    {\r\n"
        f'        "SID":  "{MACHINE}-501",\r\n'
        f'        "Disabled":  {guest_disabled}\r\n'
        "    },\r\n"
        "    {\r\n"
        f'        "SID":  "{MACHINE}-1501",\r\n'
        '        "Disabled":  false\r\n'
        "    }\r\n"
        "]\r\n"
    )


def test_guest_disabled() -> None:
    assert parse_guest(_accounts("true")) is False


def test_guest_enabled() -> None:
    assert parse_guest(_accounts("false")) is True


def test_guest_missing_or_strange() -> None:
    only_admin = f'{{\r\n    "SID":  "{MACHINE}-500",\r\n    "Disabled":  true\r\n}}\r\n'
    assert _reason(parse_guest(only_admin)) is Reason.parse_error
    assert _reason(parse_guest(_accounts('"no"'))) is Reason.parse_error
    assert _reason(parse_guest("not json")) is Reason.parse_error
    assert _reason(parse_guest("")) is Reason.parse_error


def test_a_digit_that_int_refuses_is_not_a_bitlocker_state() -> None:
    # Found by the long fuzz run: "²" is a digit to str.isdigit(), not to int().
    assert _reason(parse_bitlocker("²\r\n")) is Reason.parse_error
