"""No place, name, title or document folder from the media and documents reaches any output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shadowaudit.cli import app

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
#: In the fixtures: the place (48.8577, 2.2950 as written and as EXIF degrees/minutes), the
#: names and title of the documents, and the folder they sit in.
SECRETS = (
    "48.857",
    "2.295",
    "+48",
    "51'",
    "Ana Witness",
    "Bea Source",
    "Secret report",
    "Casework",
    "notes.odt",
    "located.heic",
)


@pytest.fixture(scope="module")
def machine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A recorded Linux home holding the real media and documents, all changed recently."""
    root = tmp_path_factory.mktemp("traces-machine")
    home = root / "files" / "home" / "ana"
    cases = home / "Documents" / "Casework"
    camera = home / "Pictures" / "Camera"
    cases.mkdir(parents=True)
    camera.mkdir(parents=True)
    for name in ("notes.odt", "notes.docx", "notes.pdf", "plain.odt"):
        shutil.copy(FIXTURES / "documents" / name, cases / name)
    for name in ("located.heic", "located.mp4", "located.mov", "plain.mp4"):
        shutil.copy(FIXTURES / "media" / name, camera / name)
    (root / "host.yaml").write_text(
        "platform: linux\nhome: /home/ana\nuser: ana\nhostname: ana-laptop\n"
        'env:\n  HOME: /home/ana\nnow: "2026-12-07T10:00:00+00:00"\n'
    )
    return root


@pytest.mark.parametrize(
    "command",
    [
        ["facts"],
        ["scan", "--format", "json"],
        ["scan", "--format", "text"],
        ["scan", "--format", "md"],
        ["explain", "traces.document_authors"],
        ["explain", "traces.photo_location"],
    ],
)
def test_no_secret_in_any_output(machine: Path, command: list[str]) -> None:
    result = CliRunner().invoke(app, ["-v", *command, "--recorded", str(machine)])
    assert result.exit_code in (0, 1), result.output
    output = result.stdout + result.stderr
    assert len(output) > 100
    for secret in SECRETS:
        assert secret.lower() not in output.lower(), secret


def test_the_facts_are_counted(machine: Path) -> None:
    result = CliRunner().invoke(app, ["facts", "--recorded", str(machine)])
    assert result.exit_code in (0, 1)
    facts = json.loads(result.stdout[result.stdout.index("{") :])
    documents, media = facts["traces.documents"], facts["traces.photos"]
    assert (documents["checked"], documents["name_a_person"], documents["with_notes"]) == (4, 3, 2)
    assert (media["checked"], media["with_location"], media["videos_with_location"]) == (4, 3, 2)


def test_no_secret_in_the_share_file(machine: Path, tmp_path: Path) -> None:
    share = tmp_path / "share.json"
    result = CliRunner().invoke(
        app, ["scan", "--recorded", str(machine), "--no-questions", "--share", str(share)]
    )
    assert result.exit_code in (0, 1), result.output
    text = share.read_text()
    assert len(text) > 100
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret
