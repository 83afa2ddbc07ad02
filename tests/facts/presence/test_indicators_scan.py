"""End to end: a planted sample in a copy of a recorded home (real Chromium profiles) is found
by a real published indicator file read in place; a file that cannot be used is reported."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from shadowaudit.cli import app
from shadowaudit.facts.presence.indicators.collector import INDICATORS
from shadowaudit.host.recorded import RecordedHost
from shadowaudit.scan import collect_facts, load_selected_rules, needed_collectors
from tests.conftest import host_folder
from tests.facts.presence.conftest import published

runner = CliRunner()
PROFILE = Path("files/home/ana/.config/chromium/Profile 1")
#: The side-loaded extension Chromium installed in the recorded Profile 1.
RECORDED_EXTENSION = "bcbfidliglcidgdijoliehabimkliega"
#: The first ID of chrome-mal-ids current-list.csv.
LISTED_EXTENSION = "acmnokigkgihogfbeooklgemindnbine"


@pytest.fixture
def machine(tmp_path: Path) -> Path:
    """A copy of the recorded linux-chromium machine, to plant samples in."""
    folder = tmp_path / "machine"
    shutil.copytree(host_folder("linux-chromium"), folder)
    return folder


def plant_process(machine: Path, name: str, exe: str = "") -> None:
    """A running program on the recorded machine."""
    entry = f"- {{name: {name}, exe: '{exe}'}}\n" if exe else f"- {{name: {name}}}\n"
    with (machine / "processes.yaml").open("a", encoding="utf-8") as out:
        out.write(entry)


def plant_cookie(machine: Path, host: str) -> None:
    """One more cookie, from `host`, copied from a cookie Chromium wrote."""
    with sqlite3.connect(machine / PROFILE / "Cookies") as db:
        db.execute("CREATE TEMP TABLE planted AS SELECT * FROM cookies LIMIT 1")
        db.execute("UPDATE planted SET host_key = ?, name = 'PHPSESSID'", (host,))
        db.execute("INSERT INTO cookies SELECT * FROM planted")
    db.close()


def plant_extension_id(machine: Path, ext_id: str) -> None:
    """The recorded side-loaded extension, under another ID."""
    for name in ("Preferences", "Secure Preferences"):
        path = machine / PROFILE / name
        path.write_text(path.read_text(encoding="utf-8").replace(RECORDED_EXTENSION, ext_id))


def invoke(machine: Path, *options: str) -> Result:
    """`shadowaudit scan` of a recorded machine, as JSON, without questions."""
    command = ["scan", "--recorded", str(machine), "--format", "json", "--no-questions"]
    return runner.invoke(app, [*command, *options])


def scan(machine: Path, *options: str) -> dict[str, dict[str, object]]:
    """The presence findings of a JSON scan, by rule id."""
    result = invoke(machine, "--only", "presence", *options)
    assert result.exit_code in (0, 1), result.output
    return {f["rule"]: f for f in json.loads(result.stdout)["findings"]}


def indicators(machine: Path, *files: Path) -> dict[str, object]:
    """The presence.indicators fact of a recorded machine, with these files named."""
    from shadowaudit.facts.presence.indicators.collector import indicator_files

    host = RecordedHost(machine)
    with indicator_files(files):
        facts = collect_facts(host, needed_collectors(load_selected_rules([], ["presence"]), host))
    value = facts[INDICATORS]
    assert isinstance(value, dict)
    return value


def test_a_pegasus_process_name_is_one_sign_to_look_at(machine: Path, pegasus: Path) -> None:
    plant_process(machine, "accountpfd")
    found = indicators(machine, pegasus)
    assert found["matches"] == [
        {"set": "Pegasus", "kind": "process", "category": "Pegasus", "value": "accountpfd"}
    ]
    assert found["signals"] == 1
    assert {
        "name": "Pegasus",
        "file": pegasus.name,
        "date": "2024-01-26",
        "count": 1519,
        "skipped": 30,
    } in found["sets"]  # type: ignore[operator]
    findings = scan(machine, "--iocs", str(pegasus))
    assert findings["presence.one_spyware_sign"]["status"] == "fail"
    assert findings["presence.one_spyware_sign"]["severity"] == "high"
    assert findings["presence.spyware_signs"]["status"] == "not_applicable"


def test_without_the_file_the_same_process_is_not_known(machine: Path) -> None:
    plant_process(machine, "accountpfd")
    findings = scan(machine)
    assert findings["presence.spyware_signs"]["status"] == "pass"
    assert "presence.indicator_files" not in findings or (
        findings["presence.indicator_files"]["status"] == "not_applicable"
    )


def test_echap_panel_cookie_and_a_pegasus_process_are_two_signs(
    machine: Path, echap: Path, pegasus: Path
) -> None:
    plant_cookie(machine, "cp.xnspy.com")
    plant_process(machine, "accountpfd")
    found = indicators(machine, echap, pegasus)
    kinds = {(m["set"], m["kind"], m["value"]) for m in found["matches"]}  # type: ignore[index,union-attr]
    assert ("ioc", "panel_host", "cp.xnspy.com") in kinds
    assert ("shadowaudit", "panel_host", "cp.xnspy.com") in kinds
    assert ("Pegasus", "process", "accountpfd") in kinds
    assert found["signals"] == 2
    findings = scan(machine, "--iocs", str(echap), "--iocs", str(pegasus))
    assert findings["presence.spyware_signs"]["status"] == "fail"
    assert findings["presence.spyware_signs"]["severity"] == "critical"
    assert findings["presence.one_spyware_sign"]["status"] == "not_applicable"


def test_a_program_of_the_shipped_list_is_left_to_its_own_rule(machine: Path) -> None:
    plant_process(machine, "skm.exe")  # Spyrix: system.monitoring_software judges it
    assert indicators(machine)["matches"] == []


def test_a_shop_cookie_is_no_sign(machine: Path, echap: Path) -> None:
    plant_cookie(machine, "www.flexispy.com")
    plant_cookie(machine, "alog.umeng.com")  # an Echap C2 domain that is plain analytics
    found = indicators(machine, echap)
    assert found["matches"] == []


def test_a_listed_extension_id_is_found(machine: Path, mal_ids: Path) -> None:
    plant_extension_id(machine, LISTED_EXTENSION)
    found = indicators(machine, mal_ids)
    assert found["matches"] == [
        {
            "set": "current-list",
            "kind": "extension",
            "category": "malicious extension",
            "value": LISTED_EXTENSION,
        }
    ]


def test_autostart_and_management_facts_are_matched(machine: Path, echap: Path) -> None:
    cytrox = published("amnesty-investigations/2021-12-16_cytrox_cytrox.stix2")
    from shadowaudit.facts.presence.indicators.collector import indicators_fact

    host = RecordedHost(machine)
    fact = indicators_fact(
        host,
        {
            "presence.management": [
                {"id": "mdm:x", "kind": "mdm", "mdm_host": "1CA43.appspot.com.", "source": "x"}
            ],
            "presence.certificates": [
                {"subject": "x", "sha256": "ab" * 32, "store": "user", "likely_owner": ""}
            ],
            "presence.autostart": [
                {
                    "name": "helper",
                    "source": "launchd",
                    "scope": "user",
                    "program": "/private/var/tmp/hooker",
                    "enabled": True,
                    "known": False,
                }
            ],
        },
        [echap, cytrox],
    )
    assert isinstance(fact, dict)
    kinds = {(m["set"], m["kind"], m["value"]) for m in fact["matches"]}  # type: ignore[index,union-attr]
    assert ("Predator", "program_path", "/private/var/tmp/hooker") in kinds
    assert ("ioc", "mdm_host", "1ca43.appspot.com") in kinds
    assert fact["signals"] == 2


@pytest.mark.parametrize("content", [b"", b"{broken", b"hello: world\n"])
def test_a_file_that_cannot_be_used_is_reported(
    machine: Path, tmp_path: Path, content: bytes
) -> None:
    bad = tmp_path / "from-trainer.stix2"
    bad.write_bytes(content)
    findings = scan(machine, "--iocs", str(bad))
    assert findings["presence.indicator_files"]["status"] == "fail"
    evidence = json.dumps(findings["presence.indicator_files"]["evidence"])
    assert "from-trainer.stix2" in evidence


def test_a_checklist_names_indicator_files_beside_it(
    machine: Path, tmp_path: Path, pegasus: Path
) -> None:
    rules = tmp_path / "rules"
    (rules / "checklists").mkdir(parents=True)
    (rules / "checklists" / "signs").mkdir()
    (rules / "checklists" / "signs" / "empty.yaml").write_text("", encoding="utf-8")
    (rules / "checklists" / "field.yaml").write_text(
        "schema: shadowaudit.checklist/1\nid: field\ntitle: Field check\n"
        "description: Signs of spying for a field session.\nminutes: 30\n"
        f"rules: [presence]\niocs: [signs/empty.yaml, {pegasus}]\n",
        encoding="utf-8",
    )
    plant_process(machine, "accountpfd")
    findings = scan(machine, "--rules", str(rules), "--checklist", "field")
    assert findings["presence.indicator_files"]["status"] == "fail"
    assert findings["presence.one_spyware_sign"]["status"] == "fail"


def test_no_sign_ever_reaches_a_share_file(machine: Path, tmp_path: Path, echap: Path) -> None:
    plant_cookie(machine, "cp.xnspy.com")
    plant_process(machine, "skm.exe")
    share = tmp_path / "share.json"
    result = invoke(machine, "--iocs", str(echap), "--share", str(share))
    assert result.exit_code == 1, result.output
    text = share.read_text(encoding="utf-8")
    for word in ("presence", "xnspy", "skm.exe", "ioc", "blocked_extensions"):
        assert word not in text


#: The service Teramind's agent registers (LOLRMM yaml/teramind.yaml: service tsvchst, its
#: ImagePath under the hidden agent's folder, where the agent runs as dwm.exe).
TERAMIND_SERVICE = (
    "'HKLM\\SYSTEM\\CurrentControlSet\\Services\\tsvchst':\n"
    "  Start: 2\n"
    "  Type: 16\n"
    '  ImagePath: \'"C:\\ProgramData\\{4CEC2908-5CE4-48F0-A717-8FC833D8017A}\\tmagentsvc.exe"'
    " --service'\n"
)


@pytest.fixture
def windows(tmp_path: Path) -> Path:
    """A copy of the recorded windows11-24h2 machine, to plant samples in."""
    folder = tmp_path / "windows"
    shutil.copytree(host_folder("windows11-24h2"), folder)
    return folder


def test_a_hidden_monitor_renamed_as_windows_is_found_by_its_folder(windows: Path) -> None:
    """Teramind's hidden agent runs as dwm.exe: its name is Windows' own, its folder is not."""
    plant_process(
        windows, "dwm.exe", r"C:\ProgramData\{4CEC2908-5CE4-48F0-A717-8FC833D8017A}\dwm.exe"
    )
    with (windows / "registry.yaml").open("a", encoding="utf-8") as out:
        out.write(TERAMIND_SERVICE)
    found = indicators(windows)
    assert found["matches"] == [
        {
            "set": "shadowaudit",
            "kind": "program_path",
            "category": "Teramind",
            "value": "c:/programdata/{4cec2908-5ce4-48f0-a717-8fc833d8017a}",
        }
    ]
    # NOTE: the program's path and its startup entry are one kind of sign, not two.
    assert found["signals"] == 1
    findings = scan(windows)
    assert findings["presence.one_spyware_sign"]["status"] == "fail"


def test_windows_own_dwm_is_no_sign(windows: Path) -> None:
    plant_process(windows, "dwm.exe", r"C:\Windows\System32\dwm.exe")
    plant_process(windows, "tool.exe", r"C:\ProgramData\Teramind Agent Backup\tool.exe")
    assert indicators(windows)["matches"] == []


def test_a_monitor_in_a_linux_startup_entry_is_found(machine: Path) -> None:
    from shadowaudit.facts.presence.indicators.collector import indicators_fact

    autostart = {
        "name": "tmsysd",
        "source": "systemd_user",
        "scope": "system",
        "program": "/usr/local/teramind/agent/bin/tmsysd",
        "enabled": True,
        "known": False,
    }
    fact = indicators_fact(RecordedHost(machine), {"presence.autostart": [autostart]}, [])
    assert isinstance(fact, dict)
    assert fact["matches"] == [
        {
            "set": "shadowaudit",
            "kind": "program_path",
            "category": "Teramind",
            "value": "/usr/local/teramind",
        }
    ]
