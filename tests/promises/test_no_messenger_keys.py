"""Promise 3 for desktop messengers: a planted Signal key, the bytes of Telegram's tdata and
the key made from the empty passcode reach no output, facts dump, explanation, share summary
or log."""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shadowaudit.cli import app
from shadowaudit.facts.seizure.messengers.tdf import passcode_key, read_tdf
from tests.conftest import host_folder
from tests.fixtures.tdata import key_datas

runner = CliRunner()
SIGNAL_KEY = "5ca1ab1e" * 8
LOCAL_KEY = bytes((7 * i + 3) % 256 for i in range(256))


def home_with_messengers(home: Path) -> bytes:
    """A home with a Signal whose key is in plain text and a signed-in Telegram without a
    passcode; returns the key_datas written."""
    signal = home / ".config/Signal"
    (signal / "sql").mkdir(parents=True)
    (signal / "config.json").write_text(json.dumps({"key": SIGNAL_KEY}))
    (signal / "sql/db.sqlite").write_bytes(b"\x00" * 32)
    tdata = home / ".local/share/TelegramDesktop/tdata"
    (tdata / "D877F783D5D3EF8C").mkdir(parents=True)
    data = key_datas(local_key=LOCAL_KEY)
    (tdata / "key_datas").write_bytes(data)
    return data


def secrets_of(data: bytes) -> list[str]:
    """Every form in which the key file's secrets could leak: hex, upper hex, base64."""
    salt, key_encrypted, info = read_tdf(data)
    derived = passcode_key(b"", salt, 1)
    raw = [derived, derived[:32], LOCAL_KEY, LOCAL_KEY[:32], salt, key_encrypted[16:48], info]
    forms = [SIGNAL_KEY]
    for item in raw:
        forms += [item.hex(), base64.b64encode(item).decode()[:24]]
    return forms


def test_no_messenger_secret_in_any_output_or_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    home = tmp_path / "home"
    data = home_with_messengers(home)
    share = tmp_path / "share.json"
    texts = []
    commands = [
        *(
            ["scan", "--home", str(home), "--format", f, "--no-questions"]
            for f in ("text", "md", "html")
        ),
        ["scan", "--home", str(home), "--format", "json", "--no-questions", "--share", str(share)],
        ["facts", "--home", str(home)],
        ["explain", "seizure.signal_key_plain", "--home", str(home)],
        ["explain", "seizure.telegram_passcode", "--home", str(home)],
    ]
    with caplog.at_level(logging.DEBUG):
        for command in commands:
            result = runner.invoke(app, ["-v", *command])
            texts.append(result.stdout + result.stderr)
    texts += [share.read_text(), caplog.text]
    joined = "\n".join(texts)
    for secret in secrets_of(data):
        assert secret.lower() not in joined.lower(), secret[:12]
    # What the person should see is there: the plain key and the missing passcode.
    assert '"key_storage": "plain_text"' in joined
    assert '"local_passcode": false' in joined


@pytest.mark.parametrize(
    "machine", ["debian12-messengers", "windows11-messengers", "macos15-messengers"]
)
def test_the_recorded_machines_show_no_key(
    machine: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The messenger machines hold the real Telegram's tdata, written key files and a Signal
    key planted in plain text: none of their secrets is ever shown."""
    folder = str(host_folder(machine))
    files = Path(folder) / "files"
    secrets = [SIGNAL_KEY]
    for key_file in sorted(files.rglob("key_datas")):
        salt, key_encrypted, info = read_tdf(key_file.read_bytes())
        derived = passcode_key(b"", salt, 1)
        secrets += [x.hex() for x in (derived, salt, key_encrypted[16:48], info)]
    assert len(secrets) >= 1 + 4
    share = tmp_path / "share.json"
    texts = []
    with caplog.at_level(logging.DEBUG):
        for command in (
            ["scan", "--recorded", folder, "--format", "md", "--no-questions"],
            [
                "scan",
                "--recorded",
                folder,
                "--format",
                "json",
                "--no-questions",
                "--share",
                str(share),
            ],
            ["facts", "--recorded", folder],
            ["explain", "seizure.signal_key_plain", "--recorded", folder],
            ["explain", "seizure.telegram_passcode", "--recorded", folder],
        ):
            result = runner.invoke(app, ["-v", *command])
            texts.append(result.stdout + result.stderr)
    joined = "\n".join([*texts, share.read_text(), caplog.text]).lower()
    assert not [s[:12] for s in secrets if s.lower() in joined]
    assert '"local_passcode": true' in joined and '"key_storage": "' in joined
