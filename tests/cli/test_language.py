"""Choosing the language on the command line: --lang, SHADOWAUDIT_LANG and the system locale."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from shadowaudit.cli import app
from shadowaudit.i18n.translator import translator_for
from tests.conftest import host_folder

runner = CliRunner()
MACHINE = str(host_folder("linux-firefox"))


def _scan(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app, [*args, "--recorded", MACHINE, "--no-questions", "--format", "text"]
    )
    return result.exit_code, result.stdout, result.stderr


def _heading(language: str) -> str:
    return translator_for(language).text("shadowaudit report")


@pytest.mark.parametrize("where", ["root", "command"])
def test_lang_option(where: str) -> None:
    args = ["--lang", "ru", "scan"] if where == "root" else ["scan", "--lang", "ru"]
    code, out, _ = _scan(*args)
    assert code in (0, 1)
    assert out.startswith(_heading("ru"))


def test_the_system_language_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHADOWAUDIT_LANG")
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    assert _scan("scan")[1].startswith(_heading("fr"))


def test_the_environment_variable_and_the_option(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHADOWAUDIT_LANG", "fa")
    assert _scan("scan")[1].startswith(_heading("fa"))
    assert _scan("scan", "--lang", "es")[1].startswith(_heading("es"))


def test_an_unknown_language_is_refused_with_the_choices() -> None:
    code, out, err = _scan("scan", "--lang", "xx")
    assert code == 2
    assert out == ""
    assert "xx" in err and "fa" in err and "ru" in err


def test_messages_are_translated(tmp_path: object) -> None:
    result = runner.invoke(app, ["--lang", "es", "scan", "--home", "/nonexistent/folder"])
    assert result.exit_code == 2
    expected = translator_for("es").text("There is no folder %(folder)s.")
    assert result.stderr.strip() == expected % {"folder": "/nonexistent/folder"}


def test_the_questions_are_asked_in_the_language(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "--lang",
            "ar",
            "questions",
            "--save",
            str(tmp_path / "answers.yaml"),
            "--only",
            "accounts.email_second_factor",
        ],
        input="q\n",
    )
    ar = translator_for("ar")
    assert ar.text("No more questions. The rest count as not answered.") in result.stderr
    assert ar.text("I'm not sure") in result.stderr
