"""The report in a terminal: one screen or two a person can read, the most harmful first.

The terminal view holds the opening, "Fix these first" in full (steps included), one line for
each other thing to fix, the counts of what is fine, could not be checked and did not apply,
and the exact commands that give the whole report. It fits in 60 lines of 100 columns for this
machine and every recorded machine, with "Fix these first" whole; a long text goes through a
pager only when standard output is a terminal.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from shadowaudit.cli.output import scan_command
from shadowaudit.cli.pager import (
    LESS_OPTIONS,
    coloured,
    page,
    pager_command,
    pager_environment,
    use_colour,
)
from shadowaudit.engine.model import Status
from shadowaudit.host import Host, LocalHost, RecordedHost
from shadowaudit.report.exact import segments
from shadowaudit.report.formats import Format
from shadowaudit.report.model import Report
from shadowaudit.report.render import TERMINAL_LINES, render, render_terminal
from shadowaudit.scan import load_selected_rules, run_scan
from tests.cli.tmux import kill_session, tmux, wait_for
from tests.conftest import HOSTS

MACHINES = sorted(p.name for p in HOSTS.iterdir() if (p / "host.yaml").is_file())
HTML = "shadowaudit scan --format html -o shadowaudit-2026-12-06-2316.html"
FULL = "shadowaudit scan --full"
#: A fact name with its value, as the fact catalogue writes it: never in a report's text.
FACT_LINE = re.compile(r"\b(?:system|browser|accounts|traces|answers)\.[a-z_.]+ = ")


def view(host: Host, width: int = 100) -> tuple[Report, str]:
    report = run_scan(host, load_selected_rules())
    return report, render_terminal(report, width, HTML, FULL)


def assert_fits_with_fix_first_whole(report: Report, text: str) -> None:
    lines = text.splitlines()
    assert len(lines) <= TERMINAL_LINES, f"{len(lines)} lines"
    assert max(map(len, lines)) <= 100
    flat = " ".join(text.split())
    for finding in report.fix_first:
        for part in (finding.title, finding.message, *finding.fix):
            assert " ".join(part.split()) in flat, part
    for status in ("Fine", "Could not check", "Does not apply"):
        assert f"{status}: " in text
    assert HTML in text and FULL in text
    assert not FACT_LINE.search(text) and "FactRef" not in text
    assert "Checks skipped" not in text


@pytest.mark.parametrize("machine", MACHINES)
def test_each_recorded_machine_fits_in_60_lines_of_100_columns(machine: str) -> None:
    report, text = view(RecordedHost(HOSTS / machine))
    assert_fits_with_fix_first_whole(report, text)


def test_this_machine_fits_in_60_lines_of_100_columns() -> None:
    report, text = view(LocalHost())
    assert_fits_with_fix_first_whole(report, text)


def test_every_other_thing_to_fix_has_one_line_while_they_fit() -> None:
    report, text = view(RecordedHost(HOSTS / "ubuntu2404-plain"))
    others = report.other_fixes
    assert len(others) == 5
    lines = [line for line in text.splitlines() if line.startswith("  - [")]
    assert len(lines) == 5
    assert lines[0] == "  - [urgent] Screen lock"  # most harmful first: urgency, not area
    assert [f.title for f in others] == [line.split("] ", 1)[1] for line in lines]


def test_what_does_not_fit_is_counted_and_the_least_harmful_goes_first() -> None:
    report, text = view(RecordedHost(HOSTS / "windows11-browsers"))
    shown = [line for line in text.splitlines() if line.startswith("  - [")]
    groups = report.same_fix_groups(report.other_fixes)
    assert 0 < len(shown) < len(groups)
    assert f"And {len(groups) - len(shown)} more things to fix: see the full report." in text
    assert shown[0].startswith("  - [urgent] ")


def test_the_commands_run_the_same_scan_again() -> None:
    arguments = ["scan", "--recorded", "/x y", "--format", "text", "-o", "r.txt", "--force"]
    assert scan_command(arguments, "--full") == "shadowaudit scan --recorded '/x y' --full"
    assert scan_command(["scan", "--format=md", "--full", "--lang", "fa"], "-f", "html") == (
        "shadowaudit scan --lang fa -f html"
    )


def test_the_full_text_never_ends_on_the_checks_that_did_not_apply() -> None:
    report = run_scan(RecordedHost(HOSTS / "ubuntu2404-plain"), load_selected_rules())
    text = render(report, Format.text, html_command=HTML)
    assert text.index("DID NOT APPLY") < text.index("No automatic check can prove")
    assert text.rstrip().endswith(HTML)
    skipped = text[text.index("Checks skipped:") :].splitlines()
    assert skipped[0].strip() == "Checks skipped:" and skipped[1].strip().startswith("- ")


def test_urgency_is_a_word_and_in_a_terminal_also_a_colour() -> None:
    words = {"critical": "very urgent", "high": "urgent"}
    text = coloured("1. Disk [very urgent]\n- [urgent] Screen lock\n", words)
    assert "\x1b[1;31m[very urgent]\x1b[0m" in text and "\x1b[31m[urgent]\x1b[0m" in text
    assert use_colour({"TERM": "xterm"}, True)
    assert not use_colour({"TERM": "xterm", "NO_COLOR": "1"}, True)
    assert not use_colour({"TERM": "dumb"}, True) and not use_colour({}, False)


def test_the_pager_is_the_persons_or_less() -> None:
    def which(name: str) -> str:
        return f"/usr/bin/{name}"

    assert pager_command({}, which) == ["less", *LESS_OPTIONS.split()]
    assert pager_command({"PAGER": "most -s"}, which) == ["most", "-s"]
    assert pager_command({"PAGER": ""}, which) == [] and pager_command({"PAGER": "cat"}) == []
    assert pager_command({}, lambda _name: None) == []
    assert pager_environment({})["LESS"] == "RFX"
    assert pager_environment({"LESS": "-S"})["LESS"] == "-S"


def test_no_pager_when_standard_output_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAGER", "false")  # would swallow the text if it ran
    page("line\n" * 500)
    assert capsys.readouterr().out == "line\n" * 500


def test_in_a_real_terminal_the_view_opens_in_the_pager_at_fix_these_first(
    tmp_path: Path,
) -> None:
    """tmux at 100x40: the view is longer than the screen, so `less` shows its start, with
    the opening and "Fix these first"; q leaves it, and the scan's exit status is kept."""
    assert shutil.which("tmux"), "tmux is needed for this test: apt-get install -y tmux"
    assert shutil.which("less"), "less is needed for this test: apt-get install -y less"
    session = f"sa-{uuid.uuid4().hex[:8]}"
    machine = HOSTS / "ubuntu2404-plain"
    command = (
        f"cd {tmp_path} && {sys.executable} -m shadowaudit scan --recorded {machine} "
        f"--no-questions; echo EXIT=$?; sleep 30"
    )
    size = ["-x", "100", "-y", "40", "-e", "PAGER=less", "-e", "NO_COLOR=1"]
    tmux("new-session", "-d", "-s", session, *size, command)
    try:
        screen = wait_for(session, "FIX THESE FIRST")
        assert "15 things are already fine" in screen
        assert "1. Remote-control programs [urgent]" in screen
        assert "EXIT=" not in screen  # the pager waits for the person
        tmux("send-keys", "-t", session, "q")
        wait_for(session, "EXIT=1")
    finally:
        kill_session(session)


def test_piped_output_is_the_whole_report_without_colour() -> None:
    machine = str(HOSTS / "ubuntu2404-plain")
    piped = subprocess.run(
        [sys.executable, "-m", "shadowaudit", "scan", "--recorded", machine, "--no-questions"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert piped.returncode == 1
    assert "WHAT IS FINE" in piped.stdout and "DID NOT APPLY" in piped.stdout  # the whole report
    assert "\x1b[" not in piped.stdout  # no colour in a pipe


def test_counts_match_the_report() -> None:
    report, text = view(RecordedHost(HOSTS / "ubuntu2404-plain"))
    fine, unknown, skipped = (
        report.count(Status.pass_),
        report.count(Status.unknown, Status.error),
        report.count(Status.not_applicable),
    )
    assert f"Fine: {fine} · Could not check: {unknown} · Does not apply: {skipped}" in text


@pytest.mark.parametrize("machine", ["ubuntu2404-plain", "debian12-updates-timer-masked"])
def test_a_quoted_command_is_never_split_across_lines(machine: str) -> None:
    report, terminal = view(RecordedHost(HOSTS / machine))
    full = render(report, Format.text, html_command=HTML)
    commands = {
        part
        for finding in report.to_fix
        for step in finding.fix
        for kind, part in segments(step)
        if kind == "code" and " " in part and f'"{part}"' in step
    }
    assert "sudo dpkg-reconfigure unattended-upgrades" in commands or machine != (
        "debian12-updates-timer-masked"
    )
    for text in (terminal, full):
        lines = text.splitlines()
        for command in commands:
            if f'"{command}"' in " ".join(text.split()):
                assert any(f'"{command}"' in line for line in lines), command
