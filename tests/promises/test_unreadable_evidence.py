"""Evidence the person's account may not read is "could not check", never dropped or judged
from what remains: a picture folder, a Firefox profile folder, Chromium's Local State, a
prefs.js (issue 23). The recordings mark them unreadable as `chmod 000` would."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import yaml

from shadowaudit.engine.model import Status
from shadowaudit.facts.base import Reason
from shadowaudit.host import RecordedHost
from shadowaudit.report.model import Report
from shadowaudit.scan import load_selected_rules, run_scan
from tests.conftest import host_folder

FIREFOX = "/home/ana/.config/mozilla/firefox"
DEFAULT_ESR = "Firefox, profile default-esr"


def _scan(tmp_path: Path, machine: str, *unreadable: str) -> Report:
    """A scan of a copy of a recorded machine where these paths cannot be read."""
    folder = tmp_path / machine
    shutil.copytree(host_folder(machine), folder)
    meta = yaml.safe_load((folder / "host.yaml").read_text(encoding="utf-8"))
    meta["unreadable"] = list(unreadable)
    (folder / "host.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    return run_scan(RecordedHost(folder), load_selected_rules(only=["browser", "traces"]))


def _by_profile(report: Report) -> Counter[tuple[str, Status]]:
    return Counter((f.subject.label, f.status) for f in report.findings if f.subject is not None)


def test_an_unreadable_picture_folder_is_not_a_folder_without_located_photos(
    tmp_path: Path,
) -> None:
    report = _scan(tmp_path, "linux-firefox", "/home/ana/Pictures")
    (photos,) = [f for f in report.findings if f.rule == "traces.photo_location"]
    assert photos.status is Status.unknown and photos.reason is Reason.permission_denied


def test_an_unreadable_firefox_profile_is_listed_and_could_not_be_checked(tmp_path: Path) -> None:
    report = _scan(tmp_path, "linux-firefox", f"{FIREFOX}/oskvm87o.default-esr")
    found = _by_profile(report)
    assert found[(DEFAULT_ESR, Status.unknown)] >= 10
    assert found[(DEFAULT_ESR, Status.pass_)] == found[(DEFAULT_ESR, Status.fail)] == 0
    reasons = {f.reason for f in report.findings if f.subject and f.subject.label == DEFAULT_ESR}
    assert reasons == {Reason.permission_denied}


def test_an_unreadable_prefs_js_leaves_what_it_decides_unchecked(tmp_path: Path) -> None:
    before = _by_profile(_scan(tmp_path / "before", "linux-firefox"))
    after = _by_profile(
        _scan(tmp_path, "linux-firefox", f"{FIREFOX}/oskvm87o.default-esr/prefs.js")
    )
    total = sum(n for (label, _), n in before.items() if label == DEFAULT_ESR)
    assert sum(n for (label, _), n in after.items() if label == DEFAULT_ESR) == total
    assert after[(DEFAULT_ESR, Status.unknown)] > 0


def test_an_unreadable_local_state_drops_no_chromium_profile(tmp_path: Path) -> None:
    home = next((host_folder("linux-chromium") / "files" / "home").iterdir()).name
    before = _by_profile(_scan(tmp_path / "before", "linux-chromium"))
    after = _by_profile(
        _scan(tmp_path, "linux-chromium", f"/home/{home}/.config/chromium/Local State")
    )
    profiles = {label for label, _ in before}
    assert len(profiles) == 3
    assert len({label for label, _ in after}) == 3
    assert all(after[(label, Status.unknown)] > 0 for label, _ in after)
    assert sum(after.values()) == sum(before.values())


def test_a_picture_folder_linked_out_of_the_recording_is_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "linux-firefox"
    shutil.copytree(host_folder("linux-firefox"), folder)
    pictures = folder / "files" / "home" / "ana" / "Pictures"
    shutil.rmtree(pictures, ignore_errors=True)
    (tmp_path / "elsewhere").mkdir()
    pictures.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    report = run_scan(RecordedHost(folder), load_selected_rules(only=["traces"]))
    (photos,) = [f for f in report.findings if f.rule == "traces.photo_location"]
    assert photos.status is Status.unknown and photos.reason is Reason.not_a_file
