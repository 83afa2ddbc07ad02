"""Promise 3: no cookie value, password, saved-login username, history URL, email address, key
body or stored Windows password reaches any output, the facts dump, the share summary or logs."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shadowaudit.cli import app
from tests.conftest import host_folder

runner = CliRunner()
CANARIES = [
    "CANARY",
    "canary-user",
    "canary.history.example",
    "canary-email@",
    "CANARY-WINDOWS-PASSWORD",
    "mail.example.org",
    "forum.example.net",
]


def plant(home: Path) -> list[str]:
    """Add a browsing history and a signed-in account file with canaries; return key bodies."""
    (risky,) = (home / ".config/mozilla/firefox").glob("*.risky")
    places = sqlite3.connect(risky / "places.sqlite")
    places.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT, title TEXT)")
    places.execute(
        "INSERT INTO moz_places (url, title) VALUES "
        "('https://canary.history.example/secret-source', 'CANARY page')"
    )
    places.commit()
    places.close()
    (risky / "signedInUser.json").write_text(
        json.dumps(
            {
                "version": 1,
                "accountData": {
                    "email": "canary-email@example.org",
                    "uid": "CANARYUID",
                    "verified": True,
                    "sessionToken": "CANARYTOKEN",
                },
            }
        )
    )
    bodies = []
    for key in (home / ".ssh").iterdir():
        lines = key.read_text(errors="replace").splitlines()
        if lines and "PRIVATE KEY" in lines[0]:
            bodies.extend(line for line in lines[2:4] if len(line) > 20)
    return bodies


def outputs(home: Path, tmp: Path) -> list[str]:
    texts = []
    share = tmp / "share.json"
    windows = str(host_folder("windows11-24h2"))
    for command in (
        ["scan", "--home", str(home), "--format", fmt, "--no-questions"]
        for fmt in ("text", "md", "json", "html")
    ):
        texts.append(runner.invoke(app, command).output)
    for command in (
        ["facts", "--home", str(home)],
        ["facts", "--recorded", windows],
        [
            "scan",
            "--recorded",
            windows,
            "--format",
            "json",
            "--no-questions",
            "--share",
            str(share),
        ],
        ["explain", "browser.firefox.sync_account", "--home", str(home)],
        ["explain", "system.auto_login", "--recorded", windows],
        ["explain", "accounts.ssh_keys", "--home", str(home)],
    ):
        result = runner.invoke(app, ["-v", *command])
        texts.append(result.stdout + result.stderr)
    texts.append(share.read_text())
    return texts


def test_no_secret_in_any_output_or_log(
    browser_home: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bodies = plant(browser_home)
    assert bodies, "the fixture keys should have bodies to look for"
    with caplog.at_level(logging.DEBUG):
        texts = outputs(browser_home, tmp_path)
    texts.append(caplog.text)
    for text in texts:
        for canary in [*CANARIES, *bodies]:
            assert canary.lower() not in text.lower(), canary
    # What the person should see is there: the account is signed in, the keys are listed.
    joined = "\n".join(texts)
    assert '"sync_signed_in": true' in joined
    assert "~/.ssh/id_ed25519" in joined


def test_broken_files_holding_secrets_stay_silent(
    browser_home: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A damaged logins.json full of secrets gives a parse error, and repeats none of it."""
    (risky,) = (browser_home / ".config/mozilla/firefox").glob("*.risky")
    (risky / "logins.json").write_text(
        '{"logins": [{"hostname": "https://mail.example.org", '
        '"username": "canary-user-9", "password": "CANARY'
    )
    with caplog.at_level(logging.DEBUG):
        result = runner.invoke(app, ["-v", "facts", "--home", str(browser_home)])
    profiles = json.loads(result.stdout)["browser.firefox.profiles"]
    risky_facts = next(p for p in profiles if p["name"] == "risky")
    assert risky_facts["saved_logins"] == {"$missing": "parse_error"}
    for text in (result.stdout, result.stderr, caplog.text):
        assert "canary" not in text.lower() and "mail.example.org" not in text
