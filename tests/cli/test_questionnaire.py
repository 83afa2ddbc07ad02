"""Questions: asked one at a time (skippable, can stop), from a file, saved only when asked."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from typer.testing import CliRunner

from shadowaudit.cli import app
from shadowaudit.cli.questionnaire import _pick
from shadowaudit.engine.questions import Option, Question, QuestionType, answer_facts
from shadowaudit.facts.base import Missing, Reason
from shadowaudit.i18n.translator import translator_for
from shadowaudit.scan import load_questions, load_selected_rules
from tests.conftest import host_folder

runner = CliRunner()
MACHINE = str(host_folder("linux-accounts"))
ACCOUNTS = [
    "--only",
    "accounts.phone_lock",
    "--only",
    "accounts.password_reuse",
    "--only",
    "accounts.social_media_visibility",
]


def statuses(output: str) -> dict[str, tuple[str, str | None]]:
    return {f["rule"]: (f["status"], f["reason"]) for f in json.loads(output)["findings"]}


def scan(*args: str, given: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["scan", "--recorded", MACHINE, "--format", "json", *args], input=given
    )
    return result.exit_code, result.stdout, result.stderr


def test_only_the_questions_the_selected_rules_read() -> None:
    asked = load_questions(load_selected_rules(only=["accounts.phone_lock"]))
    assert list(asked) == ["phone_lock"]
    social = load_questions(load_selected_rules(only=["accounts.social_media_visibility"]))
    assert list(social) == ["uses_social_media", "social_media_visibility"]


ORDER = ["uses_social_media", "password_reuse", "phone_lock", "social_media_visibility"]


def test_questions_come_context_first_then_in_rule_order() -> None:
    rules = load_selected_rules(only=[ACCOUNTS[i] for i in range(1, len(ACCOUNTS), 2)])
    assert list(load_questions(rules)) == ORDER


def test_interactive_answers_skips_retries_and_stop() -> None:
    # uses_social_media 1 (yes); password_reuse 9 (invalid) then 2 (some); phone_lock Enter
    # (skip); social_media_visibility q (stop).
    code, out, err = scan(*ACCOUNTS, "--questions", given="1\n9\n2\n\nq\n")
    assert code == 1
    assert "Question 1 of 4" in err and "not one of the numbers" in err
    assert "No more questions" in err
    found = statuses(out)
    assert found["accounts.password_reuse"] == ("fail", None)
    assert found["accounts.phone_lock"] == ("unknown", "not_answered")
    assert found["accounts.social_media_visibility"] == ("unknown", "not_answered")


def test_not_sure_is_unknown_and_context_decides() -> None:
    # uses_social_media 2 (no); password_reuse 1 (never); phone_lock 4 (not sure).
    code, out, err = scan(*ACCOUNTS, "--questions", given="2\n1\n4\n")
    assert "see your profile" not in err  # not asked: no social media, so it does not apply
    found = statuses(out)
    assert found["accounts.social_media_visibility"][0] == "not_applicable"
    assert found["accounts.password_reuse"] == ("pass", None)
    assert found["accounts.phone_lock"] == ("unknown", "not_sure")


def test_no_questions_when_not_a_terminal_or_when_told() -> None:
    _, out, err = scan(*ACCOUNTS)
    assert "Question 1" not in err
    assert {s for s, _ in statuses(out).values()} <= {"unknown", "not_applicable"}
    _, out, _ = scan(*ACCOUNTS, "--no-questions", given="1\n1\n1\n1\n")
    assert statuses(out)["accounts.phone_lock"] == ("unknown", "not_answered")


def test_answers_file_round_trip(tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    result = runner.invoke(
        app, ["questions", "--save", str(saved), *ACCOUNTS], input="1\n3\n1\n1\n"
    )
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(os.stat(saved).st_mode) == 0o600
    assert "4 answers saved" in result.stderr
    code, out, _ = scan(*ACCOUNTS, "--answers", str(saved))
    found = statuses(out)
    assert found["accounts.phone_lock"] == ("pass", None)
    assert found["accounts.password_reuse"] == ("fail", None)
    assert found["accounts.social_media_visibility"] == ("fail", None)
    again = runner.invoke(app, ["questions", "--save", str(saved), *ACCOUNTS], input="q\n")
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_bad_answers_files_say_why_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    for text, words in [
        ("answers: {nonsense: yes}\n", "not a question"),
        ("answers: {phone_lock: maybe}\n", "not an answer"),
        ("answers: [1, 2]\n", "field"),
        ("{{{\n", "cannot be read"),
    ]:
        bad.write_text(text)
        code, out, err = scan(*ACCOUNTS, "--answers", str(bad))
        assert code == 2 and out == "" and words in err and err.count("\n") == 1, err


def test_the_q_key_of_an_arabic_keyboard_stops_too() -> None:
    code, _, err = scan(*ACCOUNTS, "--questions", "--lang", "fa", given="ض\n")
    assert code in (0, 1)
    assert translator_for("fa").text("No more questions. The rest count as not answered.") in err


APPS = Question(
    id="apps",
    text="Which apps do you use?",
    type=QuestionType.multiple,
    options=[
        Option(value="signal", label="Signal"),
        Option(value="telegram", label="Telegram"),
        Option(value="not_sure", label="I'm not sure"),
    ],
)


def test_multiple_choice_picks() -> None:
    question = APPS
    assert _pick(question, "1, 2") == ["signal", "telegram"]
    assert _pick(question, "2,2") == ["telegram"]
    # Arabic and Persian keyboards: the comma "،" and Eastern Arabic digits.
    assert _pick(question, "١، ٢") == ["signal", "telegram"]
    assert _pick(question, "۲") == ["telegram"]
    assert _pick(question, "4") is None
    assert _pick(question, "a") is None


def test_not_sure_is_said_in_honest_words_in_every_format() -> None:
    # phone_lock: 4 (not sure); the others skipped with Enter (not answered).
    only = ["--only", "accounts.phone_lock", "--only", "accounts.password_reuse"]
    _, out, _ = scan(*only, "--questions", given="\n4\n")
    found = {f["rule"]: f for f in json.loads(out)["findings"]}
    sure = found["accounts.phone_lock"]
    assert (sure["status"], sure["reason"]) == ("unknown", "not_sure")
    assert sure["reason_text"].startswith("You were not sure.")
    assert sure["check_by_hand"], "a person who was not sure is shown what to look at"
    assert found["accounts.password_reuse"]["reason"] == "not_answered"
    assert found["accounts.password_reuse"]["reason_text"] == "You did not answer this question."
    result = runner.invoke(
        app, ["scan", "--recorded", MACHINE, "-f", "text", *only, "--questions"], input="\n4\n"
    )
    assert "You were not sure." in result.stdout
    assert "How to check it yourself" in result.stdout
    arabic = runner.invoke(
        app,
        ["scan", "--recorded", MACHINE, "-f", "md", "--lang", "ar", *only, "--questions"],
        input="\n4\n",
    )
    tr = translator_for("ar")
    assert tr.text("You were not sure. The steps below show what to look at.") in arabic.stdout
    assert tr.text("You did not answer this question.") in arabic.stdout


def test_not_sure_beside_other_choices_is_still_not_sure() -> None:
    question = APPS
    facts = answer_facts([question], {"apps": ["signal", "not_sure"]})
    assert facts["answers.apps"] == Missing(Reason.not_sure, "not sure")
    assert answer_facts([question], {})["answers.apps"] == Missing(
        Reason.not_answered, "not answered"
    )


def test_not_sure_survives_an_answers_file(tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    only = ["--only", "accounts.phone_lock"]
    result = runner.invoke(app, ["questions", "--save", str(saved), *only], input="4\n")
    assert result.exit_code == 0, result.stderr
    assert "phone_lock: not_sure" in saved.read_text()
    _, out, _ = scan(*only, "--answers", str(saved))
    assert statuses(out)["accounts.phone_lock"] == ("unknown", "not_sure")
