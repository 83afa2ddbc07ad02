"""Every sentence of the reports as a person reads them is at or under grade 8.

tests/test_readability.py grades each piece a report is made of (a rule's message, a step, a
template line). A report puts pieces together: a title and its message, a label and a list,
the counts of the opening. This test grades what comes out: the English text report and the
terminal view of every recorded machine (tests/fixtures/hosts) and of every demo machine
(demo/), sentence by sentence, with the measure of tests/test_readability.py.

How the rendered text is cut into what a person reads as one piece (`units`): a blank line, a
heading, a list item ("- ", "1. "), a label set apart by " · ", a line that ends with ":"
after a whole sentence (a label over what follows) and one that ends with an urgency in
brackets (a finding's heading) each end a piece; an indented line that goes on a piece
joins it. Each piece is then cut into sentences as in tests/test_readability.py.

Lists are lists: a label over several things ("Checks skipped:") is followed by one item a
line, never by the items joined into one long sentence.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from msgspec.structs import replace

from shadowaudit.cli.questionnaire import read_answers
from shadowaudit.host import RecordedHost
from shadowaudit.report.model import Report
from shadowaudit.report.render import Format, render, render_terminal
from shadowaudit.scan import load_questions, load_selected_rules, run_scan
from tests.conftest import HOSTS
from tests.test_readability import MAX_GRADE, PLACEHOLDER, neutralise, problem, sentences

ROOT = Path(__file__).resolve().parent.parent
MACHINES = sorted(p for p in HOSTS.iterdir() if (p / "host.yaml").is_file())
DEMOS = sorted(p for p in (ROOT / "demo").iterdir() if (p / "host.yaml").is_file())
HTML_COMMAND = "shadowaudit scan --format html -o shadowaudit-2026-12-06-2316.html"
FULL_COMMAND = "shadowaudit scan --full"

_MARKER = re.compile(r"^\s*(?:- |\d+\. |! )")
_TAG = re.compile(r"\[[^\]\n]{1,30}\]")
_HEADING = re.compile(r"^[A-Z0-9 ,'’!-]{4,}$|^[=-]{3,}$")


@cache
def report_of(folder: Path) -> Report:
    """The English report of a recorded or demo machine (a demo with its answers)."""
    rules = load_selected_rules()
    asked = load_questions(rules)
    answers = (
        read_answers(folder / "answers.yaml", asked) if (folder / "answers.yaml").is_file() else {}
    )
    report = run_scan(RecordedHost(folder), rules, None, answers, asked)
    return replace(report, demo=folder in DEMOS)


def _split_labels(text: str) -> list[str]:
    """The lines of a text, a line split where " · " sets labels apart ("Browsers · ...")."""
    lines = []
    for raw in text.splitlines():
        indent = raw[: len(raw) - len(raw.lstrip())]
        parts = raw.strip().split(" · ")
        lines.append(indent + parts[0])
        lines.extend(f"{indent}- {part}" for part in parts[1:])
    return lines


def units(text: str) -> list[str]:
    """The pieces of a rendered text report a person reads as one (see the module's doc)."""
    found: list[str] = []
    current: list[str] = []

    def close() -> None:
        if current:
            found.append(" ".join(current))
            current.clear()

    for raw in _split_labels(text):
        line = raw.strip()
        if not line or _HEADING.match(line):
            close()
            continue
        if _MARKER.match(raw) or (line.endswith(":") and current and current[-1][-1] in ".!?:"):
            close()
        current.append(_MARKER.sub("", raw).strip())
        if line.endswith((":", "]")):  # a label, or a heading ending in its urgency
            close()
    close()
    return found


def hard_sentences(text: str, names: frozenset[str] = frozenset()) -> list[str]:
    """Each sentence of a rendered report above the limit, with its problem. `names` (found
    on the computer: profile labels) count as one word, as labels in quotes do. What a
    finding's heading adds to its title (its urgency in brackets, "[very urgent]", and the
    name that says where it applies, "(Firefox, profile work)") is left out: the title is
    graded alone, as in tests/test_readability.py."""
    found = []
    for unit in units(text):
        for name in sorted(names, key=len, reverse=True):
            unit = unit.replace(f" ({name})", "").replace(name, PLACEHOLDER)
        unit = " ".join(_TAG.sub("", unit).split())
        for sentence in sentences(neutralise(unit)):
            if wrong := problem(sentence):
                found.append(f"{wrong}: {sentence}")
    return found


def test_units_follow_what_a_person_reads() -> None:
    text = (
        "FIX THESE FIRST\n---------------\n1. Disk encryption [very urgent]\n"
        "   The disk is not encrypted. Anyone\n   can read it.\n   How to fix it:\n"
        "      1. Make a backup.\n- Monitoring programs:\n  shadowaudit found none.\n"
    )
    assert units(text) == [
        "Disk encryption [very urgent]",
        "The disk is not encrypted. Anyone can read it.",
        "How to fix it:",
        "Make a backup.",
        "Monitoring programs:",
        "shadowaudit found none.",
    ]


def _views(folder: Path) -> dict[str, str]:
    report = report_of(folder)
    return {
        "text": render(report, Format.text, html_command=HTML_COMMAND),
        "terminal": render_terminal(report, 100, HTML_COMMAND, FULL_COMMAND),
    }


@pytest.mark.parametrize("folder", MACHINES + DEMOS, ids=lambda p: p.name)
def test_every_sentence_of_the_english_reports_is_at_or_under_grade_8(folder: Path) -> None:
    labels = frozenset(f.subject.label for f in report_of(folder).findings if f.subject)
    found = {
        f"{view}: {sentence}"
        for view, text in _views(folder).items()
        for sentence in hard_sentences(text, labels)
    }
    assert not found, (
        f"{len(found)} sentences of the reports of {folder.name} are too hard to read "
        f"(limit: grade {MAX_GRADE:g}):\n" + "\n".join(sorted(found))
    )


@pytest.mark.parametrize("folder", MACHINES + DEMOS, ids=lambda p: p.name)
def test_lists_are_written_as_lists(folder: Path) -> None:
    for view, text in _views(folder).items():
        for line in text.splitlines():
            label, _, rest = line.strip().partition(":")
            assert not (label == "Checks skipped" and rest.strip()), (view, line)
            assert line.count("; ") < 4, f"{view}: a list written as one sentence: {line}"
