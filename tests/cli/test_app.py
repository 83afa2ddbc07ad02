"""The command line: every command, its exit codes, and its messages."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shadowaudit import __version__
from shadowaudit.cli import app
from shadowaudit.engine.loader import load_rules
from shadowaudit.resources import rules_dir
from tests.conftest import host_folder

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version_and_help() -> None:
    assert invoke("--version") == (0, f"shadowaudit {__version__}\n", "")
    code, out, _ = invoke("--help")
    assert code == 0 and "scan" in out and "explain" in out and "rules" in out
    for command in (["scan"], ["explain"], ["facts"], ["rules", "list"], ["rules", "test"]):
        assert invoke(*command, "--help")[0] == 0


def test_scan_exit_codes_follow_the_findings() -> None:
    code, out, _ = invoke("scan", "--recorded", str(host_folder("ubuntu2404-plain")))
    assert code == 1
    assert "FIX THESE FIRST" in out and "Disk encryption" in out
    # NOTE: Debian 12 is in long-term support (system.long_term_support fails): the disk alone
    # is a case with nothing to fix.
    clean = [
        "--recorded",
        str(host_folder("debian12-luks-lvm")),
        "--only",
        "system.disk_encryption",
    ]
    code, _, _ = invoke("scan", *clean)
    assert code == 0
    code, out, _ = invoke(
        "scan",
        "--recorded",
        str(host_folder("linux-container")),
        "--only",
        "system.disk_encryption",
        "--only",
        "system.firewall",
    )
    assert code == 0 and "COULD NOT CHECK" in out


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_scan_of_an_empty_home_in_every_format(tmp_path: Path, fmt: str) -> None:
    code, out, err = invoke("scan", "--home", str(tmp_path), "--format", fmt, "--only", "browser")
    # Nothing applied, so nothing was checked: that is not "nothing needs fixing" (exit 0).
    assert code == 2
    assert "shadowaudit made no check" in err
    if fmt == "json":
        findings = json.loads(out)["findings"]
        assert {f["status"] for f in findings} == {"not_applicable"}
    else:
        sentence = (
            "shadowaudit found no Firefox, LibreWolf or Tor Browser profile on this computer."
        )
        assert sentence in " ".join(out.split())


def test_output_file_is_private_and_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    args = [
        "scan",
        "--recorded",
        str(host_folder("debian12-luks-lvm")),
        "--only",
        "system.disk_encryption",
        "--format",
        "md",
        "--output",
        str(target),
    ]
    code, out, err = invoke(*args)
    assert code == 0 and out == ""
    assert "keep it private" in err
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert target.read_text().startswith("# shadowaudit report")
    code, _, err = invoke(*args)
    assert code == 2 and "already exists" in err
    assert invoke(*args, "--force")[0] == 0


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert invoke("scan", "--format", "pdf")[0] == 2
    assert invoke("scan", "--home", str(tmp_path / "absent"))[0] == 2
    code, _, err = invoke("scan", "--only", "no.such.rule")
    assert code == 2 and "No rule matches" in err
    assert invoke("explain", "no.such.rule")[0] == 2
    assert invoke("rules", "show", "no.such.rule")[0] == 2
    (tmp_path / "host.yaml").write_text("platform: beos\n")
    code, _, err = invoke("scan", "--recorded", str(tmp_path))
    assert code == 2 and "cannot be read" in err


def test_broken_rule_gives_one_line_and_exit_3(tmp_path: Path) -> None:
    broken = tmp_path / "mine" / "oops.yaml"
    broken.parent.mkdir()
    broken.write_text("id: mine.oops\nversion: 1\ntitle: Oops\nseverity: huge\n")
    code, out, err = invoke("scan", "--rules", str(tmp_path))
    assert code == 3 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(broken) in err and "mine.oops" in err
    code, _, err = invoke("rules", "validate", str(tmp_path))
    assert code == 3 and str(broken) in err


def test_rules_list_show_validate_test() -> None:
    code, out, _ = invoke("rules", "list")
    assert code == 0 and "system.firewall" in out and "browser.firefox.https_only" in out
    code, out, _ = invoke("rules", "show", "browser.firefox.https_only")
    assert code == 0 and "How to fix it" in out and "HTTPS-Only Mode" in out
    count = len(load_rules([rules_dir()]))
    assert invoke("rules", "validate") == (0, f"{count} rules are valid.\n", "")
    code, out, _ = invoke("rules", "test", str(rules_dir()))
    assert code == 0 and out.endswith(" passed, 0 failed\n")


def test_rules_test_reports_a_wrong_example(tmp_path: Path) -> None:
    text = (rules_dir() / "system" / "firewall.yaml").read_text()
    (tmp_path / "system").mkdir()
    (tmp_path / "system" / "firewall.yaml").write_text(
        text.replace("expect: pass\n", "expect: fail\n", 1)
    )
    code, out, err = invoke("rules", "test", str(tmp_path))
    assert code == 3 and "1 failed" in out
    assert "ufw turned on (Ubuntu), incoming connections dropped: expected fail, got pass" in err


def test_rules_test_fails_a_rule_without_its_falsification_review(tmp_path: Path) -> None:
    import re

    text = (rules_dir() / "system" / "firewall.yaml").read_text()
    no_note = re.sub(r"\nfalsify: >-\n(?:  .*\n)+", "\n", text)
    no_trap = text.replace("    trap: true\n", "")
    assert no_note != text and no_trap != text
    for broken, problem in ((no_note, "no 'falsify' note"), (no_trap, "no trap example")):
        (tmp_path / "system").mkdir(exist_ok=True)
        (tmp_path / "system" / "firewall.yaml").write_text(broken)
        code, out, err = invoke("rules", "test", str(tmp_path))
        assert code == 3 and "0 failed" in out and "falsification review: 1" in out
        assert f"system.firewall: has {problem}" in err


def test_explain_shows_facts_conditions_and_result() -> None:
    code, out, _ = invoke(
        "explain", "system.firewall", "--recorded", str(host_folder("ubuntu2404-plain"))
    )
    assert code == 0
    assert "system.linux.ufw is 'enabled' (found: 'disabled') -> no" in out
    assert "Result: needs fixing." in out
    code, out, _ = invoke(
        "explain", "system.disk_encryption", "--recorded", str(host_folder("debian12-luks-lvm"))
    )
    assert "also read: system.linux.root_storage" in out and "Result: fine." in out


def test_facts_dump_and_catalogue() -> None:
    code, out, _ = invoke("facts", "--recorded", str(host_folder("linux-container")))
    assert code == 0
    facts = json.loads(out)
    assert facts["system.linux.root_encrypted"] == {"$missing": "unsupported"}
    assert facts["browser.firefox.profiles"] == []
    code, out, _ = invoke("facts", "--catalogue")
    assert code == 0 and "browser.firefox.profiles  (subjects)" in out and "item.prefs" in out


def test_real_firefox_home_gives_the_right_verdicts() -> None:
    home = host_folder("linux-firefox") / "files" / "home" / "ana"
    code, out, _ = invoke(
        "scan",
        "--home",
        str(home),
        "--only",
        "browser.firefox.https_only",
        "--only",
        "browser.firefox.tracking_protection",
        "--format",
        "json",
    )
    assert code == 1
    verdicts = {
        (f["rule"], f["subject"]["label"]): f["status"] for f in json.loads(out)["findings"]
    }
    assert verdicts == {
        ("browser.firefox.https_only", "Firefox, profile default-esr"): "fail",
        ("browser.firefox.https_only", "Firefox, profile hardened"): "pass",
        ("browser.firefox.https_only", "Firefox, profile risky"): "fail",
        ("browser.firefox.tracking_protection", "Firefox, profile default-esr"): "pass",
        ("browser.firefox.tracking_protection", "Firefox, profile hardened"): "pass",
        ("browser.firefox.tracking_protection", "Firefox, profile risky"): "fail",
    }
    legacy = host_folder("linux-firefox-legacy") / "files" / "home" / "ana"
    code, out, _ = invoke(
        "scan",
        "--home",
        str(legacy),
        "--only",
        "browser.firefox.https_only",
        "--only",
        "browser.firefox.tracking_protection",
    )
    assert code == 0 and "WHAT IS FINE" in out


def test_no_color_removes_colours_even_when_colour_is_forced() -> None:
    env = {**os.environ, "FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "100"}
    done = subprocess.run(
        [sys.executable, "-m", "shadowaudit", "--help"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "scan" in done.stdout
    assert not re.search(r"\x1b\[[0-9;]*3[0-7]m", done.stdout)
