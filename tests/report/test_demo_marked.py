"""A demo says it is a demo in every format: a banner in HTML, the first line of text and
Markdown, `"demo": true` in JSON; a real report never does."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from shadowaudit.cli import app
from shadowaudit.report.formats import Format
from shadowaudit.report.opening import DEMO

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
PRIVATE = "This report describes weaknesses of this computer"


def demo(fmt: Format, *extra: str) -> str:
    result = runner.invoke(app, ["demo", "--machine", "windows-laptop", "--format", fmt, *extra])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", [Format.text, Format.md])
def test_the_first_line_of_a_demo_says_so(fmt: Format) -> None:
    first = " ".join(demo(fmt).split("\n\n", 1)[0].split())
    assert first.strip("*") == DEMO
    assert PRIVATE not in demo(fmt)  # not "keep it private": it describes no one


def test_the_html_demo_opens_with_a_banner_and_says_nothing_about_this_computer() -> None:
    html = demo(Format.html)
    body = html[html.index("<body>") :]
    assert body.index('<p class="demo" role="note">') < body.index("<h1>")
    assert DEMO.replace("'", "&#39;") in body
    assert PRIVATE not in html


def test_the_json_demo_is_marked_and_matches_the_schema() -> None:
    data = json.loads(demo(Format.json))
    assert data["demo"] is True
    schema = json.loads((ROOT / "schema" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert schema["properties"]["demo"]["type"] == "boolean"


def test_a_real_report_is_not_marked(tmp_path: Path) -> None:
    machine = str(ROOT / "tests" / "fixtures" / "hosts" / "ubuntu2404-plain")
    result = runner.invoke(app, ["scan", "--recorded", machine, "--no-questions", "-f", "json"])
    assert json.loads(result.stdout)["demo"] is False
    text = runner.invoke(app, ["scan", "--recorded", machine, "--no-questions"]).stdout
    assert DEMO not in text and PRIVATE in text
