"""The seizure rules on recorded machines, for a person who answers that the laptop could be
taken; and no device name, serial, UDID or account name in any output or share file."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shadowaudit.cli import app
from shadowaudit.engine.model import Status
from shadowaudit.host import RecordedHost
from shadowaudit.scan import load_selected_rules, run_scan
from tests.conftest import host_folder
from tests.fixtures.make_phone_backups import CANARY_DEVICE, CANARY_SERIAL

RULES = ("seizure.disk_key_custody", "seizure.sleep_keeps_disk_open")
TAKEN = {"laptop_could_be_taken": "yes"}


def _statuses(machine: str, answers: dict[str, str]) -> dict[str, list[Status]]:
    rules = load_selected_rules(only=["seizure"])
    report = run_scan(RecordedHost(host_folder(machine)), rules, answers=answers)
    found: dict[str, list[Status]] = {}
    for finding in report.findings:
        found.setdefault(finding.rule, []).append(finding.status)
    return found


@pytest.mark.parametrize(
    ("machine", "custody", "sleep"),
    [
        ("windows11-24h2", Status.fail, Status.fail),  # Home: TPM only, Microsoft account
        ("windows10-22h2", Status.pass_, Status.pass_),  # PIN by policy, lid shuts down
        ("debian12-crypttab-tpm", Status.fail, Status.pass_),  # tpm2-device=auto, hibernate
        ("debian12-luks-lvm", Status.unknown, Status.fail),  # no crypttab recorded, suspend
        ("macos15-sequoia", Status.unknown, Status.fail),  # needs admin; hibernatemode 3
        ("macos14-sonoma", Status.unknown, Status.pass_),  # hibernatemode 25 + drop the key
    ],
)
def test_verdicts(machine: str, custody: Status, sleep: Status) -> None:
    found = _statuses(machine, TAKEN)
    assert (found[RULES[0]], found[RULES[1]]) == ([custody], [sleep])


def test_not_taken_does_not_apply() -> None:
    found = _statuses("windows11-24h2", {"laptop_could_be_taken": "no"})
    assert found[RULES[0]] == found[RULES[1]] == [Status.not_applicable]


def test_phone_backups_on_windows_and_macos() -> None:
    assert _statuses("windows11-24h2", {})["seizure.phone_backup_unencrypted"] == [
        Status.fail,
        Status.pass_,
    ]
    assert _statuses("macos15-sequoia", {})["seizure.phone_backup_unencrypted"] == [Status.unknown]


def test_no_device_or_account_name_anywhere(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("schema: shadowaudit.answers/1\nanswers:\n  laptop_could_be_taken: 'yes'\n")
    share = tmp_path / "share.json"
    machine = str(host_folder("windows11-24h2"))
    runner = CliRunner()
    texts = []
    with caplog.at_level(logging.DEBUG):
        for fmt in ("text", "md", "json", "html"):
            command = ["-v", "scan", "--recorded", machine, "--answers", str(answers)]
            result = runner.invoke(app, [*command, "--format", fmt, "--share", str(share)])
            texts += [result.stdout, result.stderr, share.read_text()]
        texts.append(runner.invoke(app, ["facts", "--recorded", machine]).stdout)
    texts.append(caplog.text)
    joined = "\n".join(texts)
    assert "Phone backup 1 in" in joined  # the backups were read
    for secret in (CANARY_DEVICE, CANARY_SERIAL, "00008101-000A1B2C3D4E5F60", "ana@outlook"):
        assert secret.lower() not in joined.lower(), secret
