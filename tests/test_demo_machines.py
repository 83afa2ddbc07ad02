"""The demo machines a trainer projects: a realistic mix, Nadia's identity only, fresh and small.

Each machine in demo/ is a recorded machine of a fictional person (Nadia) with her answers to
the questions. A full scan must give no error and a mix a room can learn from: several things
to fix, several that are fine, few that could not be checked, in every area of the report.
No name, home folder or planted canary of the test fixtures may reach any report.
"""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import msgspec
import pytest
import yaml

from shadowaudit.cli.questionnaire import read_answers
from shadowaudit.engine.model import Status
from shadowaudit.engine.questions import AnswersFile, Question
from shadowaudit.facts.base import Reason
from shadowaudit.host import RecordedHost
from shadowaudit.report.model import Report
from shadowaudit.report.render import Format, render
from shadowaudit.scan import load_questions, load_selected_rules, run_scan

SOURCE = Path(__file__).resolve().parents[1]
DEMO = SOURCE / "demo"
MACHINES = ["windows-laptop", "macbook", "linux-laptop"]
AREAS = {"Browsers", "This computer", "Accounts"}
#: The identities and canaries of the test fixtures (word matches, case-insensitive). A
#: canary is matched at the start of a word: the fixtures plant CANARYCOOKIE1, canary-user ...
FIXTURE_IDENTITIES = re.compile(
    r"\bana\b|/home/ana\b|/Users/ana\b|\\Users\\Ana\b|\breporter\b|\bjarek\b|\bnoor\b|\bcanary",
    re.IGNORECASE,
)
#: Files a SQLite library may write differently from one version to the next.
SQLITE = {
    "cookies.sqlite",
    "permissions.sqlite",
    "key4.db",
    "Cookies",
    "Login Data",
    "Login Data For Account",
}
MAX_BYTES = 6 * 1024 * 1024


@cache
def questions() -> dict[str, Question]:
    """The questions the shipped rules ask."""
    return load_questions(load_selected_rules())


@cache
def answers(machine: str) -> dict[str, str | list[str]]:
    """Nadia's answers on one machine, read as `scan --answers` reads them."""
    return read_answers(DEMO / machine / "answers.yaml", questions())


@cache
def report(machine: str) -> Report:
    """A full scan of one demo machine with its answers."""
    return run_scan(
        RecordedHost(DEMO / machine),
        load_selected_rules(),
        answers=answers(machine),
        questions=questions(),
    )


def count(machine: str, status: Status) -> int:
    """How many findings of a machine have a status."""
    return report(machine).summary[status]


@pytest.mark.parametrize("machine", MACHINES)
def test_the_answers_file_is_valid_and_leaves_one_or_two_questions_open(machine: str) -> None:
    data = yaml.safe_load((DEMO / machine / "answers.yaml").read_text(encoding="utf-8"))
    assert msgspec.convert(data, AnswersFile).schema_ == "shadowaudit.answers/1"
    assert len(answers(machine)) >= 5
    open_questions = [
        f
        for f in report(machine).findings
        if f.status is Status.unknown and f.reason in (Reason.not_answered, Reason.not_sure)
    ]
    assert 1 <= len(open_questions) <= 2, [f.rule for f in open_questions]


@pytest.mark.parametrize("machine", MACHINES)
def test_a_full_scan_gives_a_realistic_mix(machine: str) -> None:
    assert count(machine, Status.error) == 0
    assert count(machine, Status.fail) >= 5
    assert count(machine, Status.pass_) >= 5
    assert count(machine, Status.unknown) <= 8


@pytest.mark.parametrize("machine", MACHINES)
def test_every_area_has_findings(machine: str) -> None:
    judged = {Status.pass_, Status.fail, Status.unknown}
    areas = {f.area for f in report(machine).findings if f.status in judged}
    assert areas >= AREAS
    failing = {f.area for f in report(machine).findings if f.status is Status.fail}
    assert failing >= AREAS


@pytest.mark.parametrize("machine", MACHINES)
def test_the_machine_is_nadias(machine: str) -> None:
    meta = yaml.safe_load((DEMO / machine / "host.yaml").read_text(encoding="utf-8"))
    assert meta["user"] == "nadia"
    assert "nadia" in meta["hostname"].lower()
    assert "nadia" in str(meta["home"]).lower()
    assert (DEMO / machine / "README.md").is_file()


@pytest.mark.parametrize("fmt", [Format.text, Format.md, Format.html, Format.json])
@pytest.mark.parametrize("machine", MACHINES)
def test_no_fixture_identity_reaches_a_report(machine: str, fmt: Format) -> None:
    shown = render(report(machine), fmt)
    assert len(shown) > 1000
    found = sorted({m.group(0) for m in FIXTURE_IDENTITIES.finditer(shown)})
    assert not found, found


@pytest.mark.parametrize("machine", MACHINES)
def test_no_fixture_identity_in_the_text_files(machine: str) -> None:
    for path in sorted((DEMO / machine).rglob("*")):
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found = sorted({m.group(0) for m in FIXTURE_IDENTITIES.finditer(text)})
        assert not found, (path, found)


def test_the_demo_folder_is_small() -> None:
    size = sum(p.stat().st_size for p in DEMO.rglob("*") if p.is_file())
    assert size < MAX_BYTES, f"demo/ holds {size} bytes"


def test_the_demo_machines_are_what_the_script_builds(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, str(DEMO / "make_demo_machines.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    for machine in MACHINES:
        made = {p.relative_to(tmp_path / machine) for p in (tmp_path / machine).rglob("*")}
        kept = {
            p.relative_to(DEMO / machine)
            for p in (DEMO / machine).rglob("*")
            if p.name not in ("README.md", "answers.yaml")
        }
        assert made == kept, f"{machine}: run python3 demo/make_demo_machines.py"
        for relative in sorted(made):
            if (tmp_path / machine / relative).is_file() and relative.name not in SQLITE:
                assert _content(tmp_path / machine / relative) == _content(
                    DEMO / machine / relative
                ), f"{machine}/{relative}: run python3 demo/make_demo_machines.py"


def _content(path: Path) -> object:
    """What a built file says: YAML as data plus its comment lines (PyYAML may spell the same
    data differently from one release to the next), any other file as bytes."""
    if path.suffix != ".yaml":
        return path.read_bytes()
    text = path.read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    return comments, yaml.safe_load(text)
