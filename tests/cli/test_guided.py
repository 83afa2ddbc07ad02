"""Double-clicked: the standalone program without arguments explains, scans, writes a private
HTML report in the person's language, never over an old one, opens it, and waits for Enter."""

from __future__ import annotations

import stat
import sys
from datetime import datetime
from pathlib import Path

import pytest

from shadowaudit.cli.app import run_command
from shadowaudit.cli.guided import double_clicked, guided, new_report_path
from tests.conftest import host_folder

MACHINE = str(host_folder("linux-firefox"))


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of its own: reports go to its Documents folder."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    return tmp_path / "Documents" / "shadowaudit"


def _on_a_recording(arguments: list[str]) -> int:
    """The guided scan, of a recorded machine, with no questions (nobody types here)."""
    arguments = [a for a in arguments if a != "--questions"]
    return run_command([*arguments, "--recorded", MACHINE, "--no-questions"])


def test_only_the_standalone_program_without_arguments_is_guided(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert not double_clicked(["shadowaudit"])
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert double_clicked(["shadowaudit"])
    assert not double_clicked(["shadowaudit", "scan"])


def test_a_guided_scan_writes_a_private_report_and_opens_it(
    documents: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SHADOWAUDIT_LANG", "fa")
    opened: list[str] = []
    asked: list[str] = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    status = guided(_on_a_recording, wait=asked.append, open_file=lambda u: not opened.append(u))
    assert status == 1  # the recording has things to fix
    (report,) = documents.glob("shadowaudit-*.html")
    assert stat.S_IMODE(documents.stat().st_mode) == 0o700
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert 'lang="fa"' in report.read_text(encoding="utf-8")
    assert opened == [report.as_uri()]
    assert asked == ["برای بستن این پنجره، Enter را فشار دهید."]
    said = " ".join(capsys.readouterr().err.split())
    assert "هیچ چیزی را تغییر نمی‌دهد" in said  # "It changes nothing", in the person's language


def test_a_second_guided_scan_never_replaces_the_first(
    documents: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(2):
        guided(_on_a_recording, open_file=lambda _uri: True)
    assert len(list(documents.glob("shadowaudit-*.html"))) == 2
    assert "It changes nothing and sends nothing anywhere" in " ".join(
        capsys.readouterr().err.split()
    )


def test_without_a_browser_the_person_is_told_where_the_file_is(
    documents: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    guided(_on_a_recording, open_file=lambda _uri: False)
    (report,) = documents.glob("shadowaudit-*.html")
    assert f"Open this file in your web browser to read your report: {report}" in " ".join(
        capsys.readouterr().err.split()
    )


def test_stopping_with_ctrl_c_writes_nothing(
    documents: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(_arguments: list[str]) -> int:
        raise KeyboardInterrupt

    assert guided(interrupted, open_file=lambda _uri: True) == 130
    assert list(documents.glob("*")) == []
    assert "Stopped. No report was written." in capsys.readouterr().err


def test_report_names_count_up_when_taken(tmp_path: Path) -> None:
    now = datetime(2026, 12, 6, 21, 30)
    first = new_report_path(tmp_path, now)
    assert first.name == "shadowaudit-2026-12-06-2130.html"
    first.touch()
    assert new_report_path(tmp_path, now).name == "shadowaudit-2026-12-06-2130-2.html"


def test_a_documents_folder_that_cannot_be_made_is_said_plainly(
    documents: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    documents.parent.mkdir()
    documents.write_text("a file where the folder should be", encoding="utf-8")
    assert guided(_on_a_recording, open_file=lambda _uri: True) == 2
    assert "Cannot write" in capsys.readouterr().err
