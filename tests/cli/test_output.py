"""Files the person asks for: new, owner-only, and with --force replaced in one step."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shadowaudit.cli import app
from shadowaudit.cli.output import write_private
from tests.conftest import host_folder

runner = CliRunner()


def test_force_replaces_a_readable_file_with_a_new_private_one(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old report")
    target.chmod(0o644)
    before = target.stat().st_ino
    result = runner.invoke(
        app,
        [
            "scan",
            "--recorded",
            str(host_folder("debian12-luks-lvm")),
            "--only",
            "system.disk_encryption",
            "--format",
            "md",
            "-o",
            str(target),
            "--force",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.stat().st_ino != before
    assert target.read_text().startswith("# shadowaudit report")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


@pytest.mark.skipif(os.name != "posix", reason="links as POSIX makes them")
def test_force_replaces_a_link_and_never_writes_where_it_points(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not yours to change")
    link = tmp_path / "report.txt"
    link.symlink_to(elsewhere)
    write_private(link, "the report\n", force=True)
    assert elsewhere.read_text() == "not yours to change"
    assert not link.is_symlink() and link.read_text() == "the report\n"
    assert stat.S_IMODE(link.stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="links as POSIX makes them")
def test_without_force_a_link_is_an_error_even_when_it_points_nowhere(tmp_path: Path) -> None:
    link = tmp_path / "report.txt"
    link.symlink_to(tmp_path / "absent")
    with pytest.raises(FileExistsError):
        write_private(link, "x", force=False)
    assert not (tmp_path / "absent").exists()


def test_a_failed_replacement_leaves_no_half_written_file(tmp_path: Path) -> None:
    folder = tmp_path / "report.md"
    folder.mkdir()
    (folder / "inside").write_text("x")
    with pytest.raises(OSError):
        write_private(folder, "text", force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes as POSIX makes them")
def test_a_device_or_pipe_is_never_written_over_even_with_force(tmp_path: Path) -> None:
    # As root, `-o /dev/null --force` once replaced /dev/null with a report. A named pipe
    # stands in for the device here: the same kind of file that is not a regular one.
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    link = tmp_path / "report.txt"
    link.symlink_to(pipe)
    for target in (pipe, link):
        for force in (False, True):
            arguments = ["scan", "--recorded", str(host_folder("debian12-luks-lvm"))]
            arguments += ["--only", "system.disk_encryption", "-o", str(target)]
            result = runner.invoke(app, arguments + (["--force"] if force else []))
            assert result.exit_code == 2
            assert "is not an ordinary file" in result.stderr
            assert "--force" not in result.stderr
    assert stat.S_ISFIFO(pipe.stat().st_mode) and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "report.txt"]
