"""LibreOffice's name and removal settings, from the files the real LibreOffice wrote
(tests/fixtures/libreoffice), and from damaged, huge and hostile variants of them."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.traces.docmeta import READERS
from shadowaudit.facts.traces.office import AUTHORING, AuthoringCollector
from shadowaudit.facts.traces.office.libreoffice import MAX_XCU, judge
from shadowaudit.host import RecordedHost

XCU = Path(__file__).resolve().parents[3] / "fixtures" / "libreoffice"
#: The name and initials set in the recorded files: no output may show them.
SECRETS = ("Ana", "Witness", "AW")
_NOW = "now: '2026-12-07T10:00:00+00:00'\n"


def recorded_xcu(name: str) -> bytes:
    """A registrymodifications.xcu that LibreOffice wrote."""
    return (XCU / f"{name}.xcu").read_bytes()


def linux_home(tmp_path: Path, files: dict[str, bytes]) -> RecordedHost:
    """A recorded Linux machine whose home /home/ana holds these files."""
    (tmp_path / "host.yaml").write_text(
        f"platform: linux\nhome: /home/ana\nuser: ana\nhostname: laptop\n{_NOW}"
        "env:\n  HOME: /home/ana\n",
        encoding="utf-8",
    )
    home = tmp_path / "files" / "home" / "ana"
    home.mkdir(parents=True)
    for relative, data in files.items():
        path = home / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return RecordedHost(tmp_path)


def suites(host: RecordedHost) -> list[dict[str, object]]:
    """The traces.document_authoring subjects of a host."""
    value = AuthoringCollector().collect(host)[AUTHORING]
    assert isinstance(value, list)
    return value  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("case", "named", "removes"),
    [
        ("named", True, False),
        ("removing", True, True),
        ("initials", True, False),
        ("fresh", False, False),
    ],
)
def test_the_recorded_settings(case: str, named: bool, removes: bool) -> None:
    assert judge(recorded_xcu(case)) == {
        "name_set": named,
        "removes_on_saving": removes,
        "keeps_names": False,
    }


def test_initials_alone_count_as_a_name() -> None:
    # The trap: the name fields are empty, but the initials mark every comment.
    assert judge(recorded_xcu("initials"))["name_set"] is True


def with_item(case: str, item: bytes) -> bytes:
    """A recorded file with one more <item> before its end, as LibreOffice writes them."""
    return recorded_xcu(case).replace(b"</oor:items>", item + b"\n</oor:items>")


def test_a_keep_option_spoils_the_removal() -> None:
    kept = with_item(
        "removing",
        b'<item oor:path="/org.openoffice.Office.Common/Security/Scripting">'
        b'<prop oor:name="KeepRedlineInfoOnSaving" oor:op="fuse"><value>true</value></prop>'
        b"</item>",
    )
    assert judge(kept)["keeps_names"] is True


def test_settings_in_a_node_are_found() -> None:
    # LibreOffice may write a group as a <node> inside its parent's <item>.
    nested = with_item(
        "fresh",
        b'<item oor:path="/org.openoffice.Office.Common/Security">'
        b'<node oor:name="Scripting" oor:op="fuse"><prop oor:name="RemovePersonalInfoOnSaving"'
        b' oor:op="fuse"><value>true</value></prop></node></item>',
    )
    assert judge(nested)["removes_on_saving"] is True


def test_the_collector_on_linux_never_keeps_the_name(tmp_path: Path) -> None:
    host = linux_home(
        tmp_path,
        {
            ".config/libreoffice/4/user/registrymodifications.xcu": recorded_xcu("named"),
            ".var/app/org.libreoffice.LibreOffice/config/libreoffice/4/user/"
            "registrymodifications.xcu": recorded_xcu("removing"),
        },
    )
    found = suites(host)
    assert [(s["id"], s["name_set"], s["removes_on_saving"]) for s in found] == [
        ("libreoffice", True, False),
        ("libreoffice-flatpak", True, True),
    ]
    shown = json.dumps(found, default=str)
    for secret in SECRETS:
        assert secret not in shown


def test_no_profile_no_subject(tmp_path: Path) -> None:
    assert suites(linux_home(tmp_path, {".config/other": b""})) == []


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", Reason.parse_error),
        (b"<oor:items", Reason.parse_error),
        (b"<html><body>not LibreOffice</body></html>", Reason.parse_error),
        (b'<?xml version="1.0" encoding="ATF-8"?><oor:items/>', Reason.parse_error),
        (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "Ana">]><oor:items '
            b'xmlns:oor="http://openoffice.org/2001/registry"/>',
            Reason.parse_error,
        ),
        (b"<" + b"a" * (MAX_XCU + 1), Reason.too_large),
    ],
)
def test_a_broken_or_huge_file_could_not_check(tmp_path: Path, data: bytes, reason: Reason) -> None:
    host = linux_home(tmp_path, {".config/libreoffice/4/user/registrymodifications.xcu": data})
    (suite,) = suites(host)
    for field in ("name_set", "removes_on_saving", "keeps_names"):
        value = suite[field]
        assert isinstance(value, Missing) and value.reason is reason, field


def test_truncated_files_never_invent_a_removal() -> None:
    data = recorded_xcu("named")
    for cut in range(len(data)):
        found = judge(data[:cut])
        # A cut file is either refused, or read as far as it is whole: never "removes".
        assert found["removes_on_saving"] is not True


@settings(max_examples=200, deadline=1000)
@given(st.binary(max_size=512), st.integers(min_value=0, max_value=2200))
def test_fuzzed_files_never_crash(noise: bytes, cut: int) -> None:
    data = recorded_xcu("named")
    found = judge(data[:cut] + noise + data[cut + len(noise) :])
    assert set(found) == {"name_set", "removes_on_saving", "keeps_names"}


def test_the_recorded_debian_machine(recorded: Callable[[str], RecordedHost]) -> None:
    (suite,) = suites(recorded("debian12-messengers"))
    assert suite == {
        "id": "libreoffice",
        "label": "LibreOffice",
        "kind": "libreoffice",
        "name_set": True,
        "removes_on_saving": False,
        "keeps_names": False,
    }


@pytest.mark.parametrize(
    ("platform", "home", "folder"),
    [
        ("windows", "C:\\Users\\Ana", "C/Users/Ana/AppData/Roaming/LibreOffice/4/user"),
        ("macos", "/Users/ana", "Users/ana/Library/Application Support/LibreOffice/4/user"),
    ],
)
def test_the_profile_of_other_platforms(
    tmp_path: Path, platform: str, home: str, folder: str
) -> None:
    appdata = (
        "env:\n  APPDATA: 'C:\\Users\\Ana\\AppData\\Roaming'\n" if platform == "windows" else ""
    )
    (tmp_path / "host.yaml").write_text(
        f"platform: {platform}\nhome: '{home}'\nuser: ana\nhostname: pc\n{_NOW}{appdata}",
        encoding="utf-8",
    )
    profile = tmp_path / "files" / folder
    profile.mkdir(parents=True)
    (profile / "registrymodifications.xcu").write_bytes(recorded_xcu("removing"))
    (suite,) = [s for s in suites(RecordedHost(tmp_path)) if s["kind"] == "libreoffice"]
    assert (suite["name_set"], suite["removes_on_saving"]) == (True, True)


def test_an_unreadable_file_could_not_check(tmp_path: Path) -> None:
    linux_home(
        tmp_path, {".config/libreoffice/4/user/registrymodifications.xcu": recorded_xcu("named")}
    )
    # The Host then refuses the file, as a locked-down profile would.
    with (tmp_path / "host.yaml").open("a", encoding="utf-8") as meta:
        meta.write(
            "unreadable:\n  - /home/ana/.config/libreoffice/4/user/registrymodifications.xcu\n"
        )
    (suite,) = suites(RecordedHost(tmp_path))
    assert isinstance(suite["name_set"], Missing)
    assert suite["name_set"].reason is Reason.permission_denied


@pytest.mark.parametrize("kind", ["odt", "docx"])
def test_the_removal_is_in_force_in_what_libreoffice_saves(kind: str) -> None:
    # The same document (an author, a last editor, a comment and a tracked change, each with
    # a name) saved by LibreOffice with each profile: a pass must mean names are gone.
    named = READERS[f".{kind}"]((XCU / f"saved-named.{kind}").read_bytes())
    removing = READERS[f".{kind}"]((XCU / f"saved-removing.{kind}").read_bytes())
    assert named.names_person is True
    assert removing.names_person is False
    for secret in (b"Ana Witness", b"Bea Source"):
        assert secret not in unpacked(XCU / f"saved-removing.{kind}")


def unpacked(path: Path) -> bytes:
    """Every member of a saved document, decompressed and joined."""
    with zipfile.ZipFile(path) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())
