"""Snapshots of the text and Markdown reports of every recorded machine.

A change to a template, a rule text or a collector shows up here as a diff to review. After a
deliberate change, regenerate with:

    SHADOWAUDIT_UPDATE_SNAPSHOTS=1 pytest tests/report/test_snapshots.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shadowaudit.host import RecordedHost
from shadowaudit.i18n.translator import shipped_languages, translator_for
from shadowaudit.report.render import Format, render
from shadowaudit.scan import load_selected_rules, run_scan
from tests.conftest import HOSTS

SNAPSHOTS = Path(__file__).parent / "snapshots"
MACHINES = sorted(p.name for p in HOSTS.iterdir() if (p / "host.yaml").is_file())
UPDATE = os.environ.get("SHADOWAUDIT_UPDATE_SNAPSHOTS") == "1"


@pytest.mark.parametrize("fmt", [Format.text, Format.md], ids=["text", "md"])
@pytest.mark.parametrize("machine", MACHINES)
def test_report_snapshot(machine: str, fmt: Format) -> None:
    report = run_scan(RecordedHost(HOSTS / machine), load_selected_rules())
    rendered = render(report, fmt)
    snapshot = SNAPSHOTS / f"{machine}.{fmt.value}"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(rendered, encoding="utf-8")
    assert snapshot.is_file(), (
        f"no snapshot {snapshot.name}: run with SHADOWAUDIT_UPDATE_SNAPSHOTS=1"
    )
    assert rendered == snapshot.read_text(encoding="utf-8"), (
        f"{snapshot.name} differs: review the change, then regenerate the snapshots"
    )


def test_sections_come_in_the_order_a_person_needs_them() -> None:
    text = (SNAPSHOTS / "windows11-24h2.text").read_text(encoding="utf-8")
    order = [
        "SOMETHING HERE NEEDS CARE",
        "FIX THESE FIRST",
        "OTHER THINGS TO FIX",
        "WHAT IS FINE",
        "COULD NOT CHECK",
        "DID NOT APPLY",
    ]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)


#: One machine with browsers, system checks and alarms, read in every shipped language.
LANGUAGE_MACHINE = "windows11-browsers"


@pytest.mark.parametrize("language", [lang for lang in shipped_languages() if lang != "en"])
def test_report_snapshot_in_each_language(language: str) -> None:
    host = RecordedHost(HOSTS / LANGUAGE_MACHINE)
    report = run_scan(host, load_selected_rules(), tr=translator_for(language))
    rendered = render(report, Format.text)
    snapshot = SNAPSHOTS / f"{LANGUAGE_MACHINE}.{language}.text"
    if UPDATE:
        snapshot.write_text(rendered, encoding="utf-8")
    assert snapshot.is_file(), (
        f"no snapshot {snapshot.name}: run with SHADOWAUDIT_UPDATE_SNAPSHOTS=1"
    )
    assert rendered == snapshot.read_text(encoding="utf-8"), (
        f"{snapshot.name} differs: review the change, then regenerate the snapshots"
    )
