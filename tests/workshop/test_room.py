"""The room summary: people, common problems, an order for the session, duplicates refused."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from shadowaudit.cli import app
from shadowaudit.engine.model import Status
from shadowaudit.host.base import Platform
from shadowaudit.report.render import Format, render_page
from shadowaudit.scan import load_selected_rules
from shadowaudit.workshop.room import summarize
from shadowaudit.workshop.share import ShareResult, ShareSummary
from tests.conftest import host_folder

runner = CliRunner()
RULES = {rule.id: rule for rule in load_selected_rules()}


def shares(tmp_path: Path) -> list[Path]:
    files = []
    for machine in ["ubuntu2404-plain", "debian12-luks-lvm", "windows11-24h2", "macos15-sequoia"]:
        tmp_path.mkdir(parents=True, exist_ok=True)
        path = tmp_path / f"{machine}.json"
        result = runner.invoke(
            app,
            [
                "scan",
                "--recorded",
                str(host_folder(machine)),
                "--format",
                "json",
                "--no-questions",
                "--share",
                str(path),
            ],
        )
        assert path.is_file(), result.stderr
        files.append(path)
    return files


def summarize_with_a_copy(tmp_path: Path, copy_name: str) -> tuple[list[Path], Result]:
    """The room summary of the shares, one of them sent twice under another name."""
    files = shares(tmp_path)
    copy = tmp_path / copy_name
    copy.write_text(files[0].read_text())
    result = runner.invoke(app, ["workshop", "summarize", *map(str, files), str(copy)])
    assert result.exit_code == 0, result.stderr
    return files, result


def test_room_summary_in_every_format(tmp_path: Path) -> None:
    files, text = summarize_with_a_copy(tmp_path, "sent-twice.json")
    assert "4 people shared a summary" in text.stdout and "No summary holds a name" in text.stdout
    assert "sent twice and counted once: sent-twice.json" in " ".join(text.stdout.split())
    assert "SUGGESTED ORDER FOR THE SESSION" in text.stdout
    first_topic = text.stdout.split("SUGGESTED ORDER FOR THE SESSION")[1].split("\n")[1]
    assert "Disk encryption: 3 of 4 need to fix it (about 2 hours each)" in first_topic
    markdown = runner.invoke(app, ["workshop", "summarize", *map(str, files), "-f", "md"])
    assert "| Disk encryption | 75% | 25% | 0% |" in markdown.stdout
    html = runner.invoke(app, ["workshop", "summarize", *map(str, files), "-f", "html"])
    assert "<script" not in html.stdout and "Content-Security-Policy" in html.stdout


def test_files_that_are_not_share_summaries_are_refused(tmp_path: Path) -> None:
    files = shares(tmp_path)[:1]
    report = tmp_path / "report.json"
    runner.invoke(
        app,
        [
            "scan",
            "--recorded",
            str(host_folder("debian12-luks-lvm")),
            "--format",
            "json",
            "--no-questions",
            "-o",
            str(report),
        ],
    )
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    tampered = tmp_path / "tampered.json"
    data = json.loads(files[0].read_text())
    data["user"] = "ana"
    tampered.write_text(json.dumps(data))
    for bad, words in [
        (report, "is not a shadowaudit share summary"),
        (broken, "it is not JSON"),
        (tampered, "user"),
    ]:
        result = runner.invoke(app, ["workshop", "summarize", str(files[0]), str(bad)])
        assert result.exit_code == 2 and words in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1


def test_a_file_name_cannot_drive_the_trainers_terminal(tmp_path: Path) -> None:
    """Share files come from participants, with names they chose."""
    _, result = summarize_with_a_copy(tmp_path, "x\x1b]0;pwned\x07\u202e.json")
    assert "x[U+001B]]0;pwned[U+0007][U+202E].json" in result.stdout + result.stderr
    assert "\x1b" not in result.output and "\u202e" not in result.output


def test_a_share_file_that_is_a_device_or_huge_is_left_out_and_the_room_goes_on(
    tmp_path: Path,
) -> None:
    files = shares(tmp_path)[:2]
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = runner.invoke(
        app, ["workshop", "summarize", str(files[0]), str(zero), str(huge), str(files[1])]
    )
    assert result.exit_code == 2, result.stderr
    assert "zero.json is not a file" in result.stderr
    assert "huge.json is too large" in result.stderr
    assert "2 people shared a summary" in result.stdout


def share_of(run: int, results: dict[str, str]) -> ShareSummary:
    """A share summary as `scan --share` writes it, for one person of a made-up room."""
    return ShareSummary(
        run_id=f"{run:032x}",
        tool_version="0.1.0",
        ruleset_version="0" * 12,
        platform=Platform.linux,
        results=[
            ShareResult(rule=rule, status=Status(status), severity=RULES[rule].severity)
            for rule, status in results.items()
        ],
    )


def eight_people() -> list[tuple[str, ShareSummary]]:
    """One of 8 lacks two-step login, 7 never answered; one has a remote-control program."""
    room = []
    for n in range(8):
        results = {
            "accounts.email_second_factor": "fail" if n == 0 else "unknown",
            "system.disk_encryption": "fail" if n < 3 else "pass",
            "system.remote_access_tools": "fail" if n == 5 else "pass",
            "system.monitoring_software": "unknown",
        }
        room.append((f"p{n}.json", share_of(n, results)))
    return room


def test_could_not_check_stands_beside_need_to_fix_in_every_format() -> None:
    room = summarize(eight_people(), RULES)
    text = " ".join(render_page("workshop", Format.text, room=room).split())
    assert (
        "A second step to sign in to your main email: 1 of 8 need to fix it, 7 could not check it"
        in text
    )
    assert " 12% need to fix 88% could not check A second step" in text
    markdown = render_page("workshop", Format.md, room=room)
    assert "1 of 8 need to fix it, 7 could not check it" in markdown
    assert "| A second step to sign in to your main email | 12% | 0% | 88% |" in markdown
    html = render_page("workshop", Format.html, room=room)
    assert "1 of 8 need to fix it, 7 could not check it" in html


def test_monitoring_and_remote_control_never_reach_a_room_summary() -> None:
    room = summarize(eight_people(), RULES)
    assert {r.rule for r in room.rules} == {
        "accounts.email_second_factor",
        "system.disk_encryption",
    }
    for fmt in (Format.text, Format.md, Format.html):
        page = render_page("workshop", fmt, room=room)
        for rule in ("system.remote_access_tools", "system.monitoring_software"):
            assert RULES[rule].title not in page and rule not in page


def test_a_malformed_file_is_named_with_its_reason_and_the_rest_is_summed_up(
    tmp_path: Path,
) -> None:
    files = shares(tmp_path)[:2]
    twice = tmp_path / "twice.json"
    data = json.loads(files[0].read_text())
    data["run_id"] = "f" * 32
    data["results"].append(data["results"][0])
    twice.write_text(json.dumps(data))
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    notepad = tmp_path / "notepad.json"  # saved again by Windows Notepad: a BOM in front
    notepad.write_text("\ufeff" + files[1].read_text())
    bad = [twice, deep]
    for fmt, words in [
        ("text", "FILES LEFT OUT"),
        ("md", "## Files left out"),
        ("html", "<h2>Files left out</h2>"),
    ]:
        result = runner.invoke(
            app, ["workshop", "summarize", str(files[0]), *map(str, bad), str(files[1]), "-f", fmt]
        )
        assert result.exit_code == 2, result.stderr
        page = " ".join(result.stdout.split()).replace("\\", "")
        assert words in result.stdout
        assert "twice.json gives a result twice for one check" in page
        assert "deep.json is not a share summary (it is not JSON)" in page
        assert "2 people shared a summary" in page
        assert str(tmp_path) not in result.stdout  # the file's name, not where it is
        assert "twice.json gives a result twice" in result.stderr
    result = runner.invoke(app, ["workshop", "summarize", str(files[0]), str(notepad)])
    assert result.exit_code == 0, result.stderr


def test_every_check_is_listed_with_its_three_numbers_in_every_format() -> None:
    room = summarize(eight_people(), RULES)
    text = render_page("workshop", Format.text, room=room)
    assert "  0   0   8  A second step to sign in" not in text  # 1 fails, 7 could not check
    assert "  1   0   7  A second step to sign in to your main email" in text
    assert "  3   5   0  Disk encryption" in text
    html = render_page("workshop", Format.html, room=room)
    assert "<h2>Every check</h2>" in html and 'class="bar unknown"' in html
    arabic = render_page("workshop", Format.html, "ar", room=room)
    assert '<bdi dir="ltr">8 Linux</bdi>' in arabic


def test_the_most_common_problems_are_those_most_people_need_to_fix() -> None:
    from shadowaudit.engine.model import Severity
    from shadowaudit.workshop.room import Room, RuleInRoom

    one_firefox = RuleInRoom("browser.firefox.x", "Firefox x", Severity.medium, 2, fail=1)
    firewall = RuleInRoom("system.firewall", "Firewall", Severity.medium, 5, fail=5, fine=3)
    room = Room(people=8, rules=[one_firefox, firewall])
    assert [r.rule for r in room.problems] == ["system.firewall", "browser.firefox.x"]


def test_a_folder_of_share_files_is_read_like_the_files_in_it(tmp_path: Path) -> None:
    from shadowaudit.workshop.room import read_shares

    room = tmp_path / "room"
    shares(room)
    (room / "bad.json").write_text('{"broken": ', encoding="utf-8")
    (room / "notes.txt").write_text("not a share file", encoding="utf-8")
    summaries, refused = read_shares([room])
    assert len(summaries) == 4 and [p.path.name for p in refused] == ["bad.json"]
