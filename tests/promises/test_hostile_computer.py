"""Promise 5, against a hostile computer: the reproducers of issue 23, each on a copy of the real
fixture homes read through LocalHost. Nothing a computer holds may hang, crash or leak a scan:
pipes, devices, endless views, decompression bombs, deep nesting and broken text all become
"could not check" (or a value), quickly, and the rest of the scan goes on."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from PIL import Image

from shadowaudit.facts.base import FactMap, Missing, Reason
from shadowaudit.facts.collectors import COLLECTORS
from shadowaudit.host import LocalHost
from shadowaudit.scan import collect_facts
from tests.conftest import host_folder
from tests.promises.test_broken_input import no_crash

FF = ".config/mozilla/firefox"
CR = ".config/chromium"
#: The collectors that read the home (the system ones read this machine, not the copy).
HOME_COLLECTORS = [
    c for c in COLLECTORS if c.name in {"firefox", "chromium", "git_identity", "ssh_keys", "photos"}
]
#: Generous on a loaded machine: a hang is forever, a slow read is minutes.
PATIENCE = 30.0
MEDIA = Path(__file__).resolve().parents[1] / "fixtures" / "media"


@pytest.fixture
def home(browser_home: Path) -> Path:
    """The browser home plus the accounts home (git settings, photos)."""
    accounts = host_folder("linux-accounts") / "files" / "home" / "ana"
    shutil.copy2(accounts / ".gitconfig", browser_home / ".gitconfig")
    shutil.copytree(accounts / "Pictures", browser_home / "Pictures")
    return browser_home


def collect(home: Path) -> FactMap:
    """The facts of the home, in a thread that must end within PATIENCE seconds."""
    found: list[FactMap] = []
    worker = threading.Thread(
        target=lambda: found.append(collect_facts(LocalHost(home), HOME_COLLECTORS)), daemon=True
    )
    worker.start()
    worker.join(PATIENCE)
    assert not worker.is_alive(), f"the scan hung for {PATIENCE} s"
    (facts,) = found
    crashed = [name for name, value in facts.items() if not no_crash(value)]
    assert not crashed, f"{crashed} crashed"
    return facts


def profile(facts: FactMap, fact: str, ending: str) -> dict[str, object]:
    """The subject of a subjects fact whose id ends with `ending`."""
    subjects = facts[fact]
    assert isinstance(subjects, list), subjects
    (found,) = [s for s in subjects if isinstance(s, dict) and str(s["id"]).endswith(ending)]
    return found


def missing_because(value: object) -> Reason | None:
    """The reason of a Missing value, None for a value."""
    return value.reason if isinstance(value, Missing) else None


def fifo(path: Path) -> None:
    """Put a named pipe nobody writes to where a file was."""
    if path.exists():
        path.unlink()
    os.mkfifo(path)


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


@needs_fifo
@pytest.mark.parametrize(
    "where",
    [
        ".gitconfig",
        f"{FF}/kzklzdy5.risky/user.js",
        f"{CR}/Profile 1/Preferences",
        "Pictures/Trip/IMG_0001.jpg",
    ],
)
def test_a_named_pipe_where_a_file_should_be_is_not_waited_for(home: Path, where: str) -> None:
    fifo(home / where)
    facts = collect(home)
    if where.endswith("Preferences"):
        prefs = profile(facts, "browser.chromium.profiles", "Profile 1")["prefs"]
        assert missing_because(prefs) is Reason.not_a_file
    if where == ".gitconfig":
        assert isinstance(facts["accounts.git_identity"], Missing)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_wal_linked_to_dev_zero_is_refused_at_once(home: Path) -> None:
    cookies = home / FF / "kzklzdy5.risky" / "cookies.sqlite"
    (cookies.parent / "cookies.sqlite-wal").symlink_to("/dev/zero")
    tracemalloc.start()
    try:
        facts = collect(home)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024, f"{peak} bytes held"
    risky = profile(facts, "browser.firefox.profiles", "risky")
    assert isinstance(risky["cookie_count"], Missing)


def test_a_recursive_view_in_a_cookie_database_is_refused(home: Path) -> None:
    cookies = home / FF / "kzklzdy5.risky" / "cookies.sqlite"
    cookies.unlink()
    connection = sqlite3.connect(cookies)
    connection.execute(
        "CREATE VIEW moz_cookies AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
        "FROM n) SELECT x AS host, x AS name, x AS isSecure, x AS sameSite, x AS expiry, "
        "x AS originAttributes, x AS isHttpOnly FROM n"
    )
    connection.close()
    facts = collect(home)
    risky = profile(facts, "browser.firefox.profiles", "risky")
    assert missing_because(risky["cookie_count"]) is Reason.parse_error


def test_a_broken_byte_in_the_schema_text_means_could_not_understand(home: Path) -> None:
    cookies = home / FF / "kzklzdy5.risky" / "cookies.sqlite"
    data = cookies.read_bytes()
    at = data.index(b"CREATE TABLE moz_cookies")
    # SQLite's message about the broken schema quotes the byte, which is not UTF-8.
    at = data.index(b"(", at)
    cookies.write_bytes(data[:at] + b"\xff" + data[at + 1 :])
    risky = profile(collect(home), "browser.firefox.profiles", "risky")
    assert missing_because(risky["cookie_count"]) is Reason.parse_error


def test_a_decompression_bomb_is_not_decoded(home: Path) -> None:
    bomb = io.BytesIO()
    Image.new("L", (1, 1)).save(bomb, "JPEG")
    data = bomb.getvalue()
    at = data.index(b"\xff\xc0") + 5  # SOF0: precision, then height and width
    data = data[:at] + (10000).to_bytes(2, "big") + (20000).to_bytes(2, "big") + data[at + 4 :]
    assert len(data) < 1000
    (home / "Pictures" / "bomb.jpg").write_bytes(data)
    photos = collect(home)["traces.photos"]
    assert isinstance(photos, dict) and photos["not_checked"] >= 1


def test_videos_that_loop_claim_exabytes_or_never_end_are_not_followed(home: Path) -> None:
    # The recorded ffmpeg MOV whose moov follows its frames, with its frames' size forged.
    data = (MEDIA / "located-moov-last.mov").read_bytes()
    mdat = data.index(b"mdat") - 4
    forged = {
        "loop.mov": data[:mdat] + (4).to_bytes(4, "big") + data[mdat + 4 :],
        "exabytes.mov": data[: mdat - 8]
        + b"\x00\x00\x00\x01mdat"
        + (2**63).to_bytes(8, "big")
        + data[mdat + 8 :],
        "endless.mp4": b"\x00\x00\x00\x08free" * 200_000,
    }
    for name, video in forged.items():
        (home / "Pictures" / name).write_bytes(video)
    start = time.perf_counter()
    photos = collect(home)["traces.photos"]
    assert time.perf_counter() - start < PATIENCE
    assert isinstance(photos, dict) and photos["not_checked"] >= len(forged)


def test_chromium_preferences_nested_deep_under_a_kept_key(home: Path) -> None:
    path = home / CR / "Profile 1" / "Preferences"
    data = json.loads(path.read_text())
    data.pop("brave", None)
    nested = '{"a":' * 993 + "1" + "}" * 993
    path.write_text(json.dumps(data)[:-1] + f', "brave": {nested}}}')
    prefs = profile(collect(home), "browser.chromium.profiles", "Profile 1")["prefs"]
    assert missing_because(prefs) is Reason.parse_error


def test_an_add_on_whose_location_is_an_object(home: Path) -> None:
    path = home / FF / "kzklzdy5.risky" / "extensions.json"
    data = json.loads(path.read_text())
    for addon in data["addons"]:
        addon["location"] = {"not": "a string"}
    path.write_text(json.dumps(data))
    risky = profile(collect(home), "browser.firefox.profiles", "risky")
    assert isinstance(risky["extensions"], list)


def test_a_pref_name_that_is_half_a_character_prints(home: Path) -> None:
    prefs = home / FF / "kzklzdy5.risky" / "prefs.js"
    with prefs.open("a", encoding="utf-8") as handle:
        handle.write('user_pref("privacy.\\uD800.x", true);\n')
    result = subprocess.run(
        [sys.executable, "-m", "shadowaudit", "facts", "--home", str(home)],
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    json.loads(result.stdout)


def _adversarial(kind: str, size: int) -> str:
    """A prefs file of `size` characters built to make a backtracking parser slow."""
    return {
        "comments": "/* " * (size // 3),
        "strings": '"\\' * (size // 2),
        "quotes": "'\"" * (size // 2),
        "parens": "user_pref(" * (size // 10),
    }[kind]


@pytest.mark.parametrize("kind", ["comments", "strings", "quotes", "parens"])
def test_a_megabyte_of_adversarial_prefs_parses_quickly(kind: str) -> None:
    from shadowaudit.facts.browser.firefox.prefs import parse_prefs_js

    text = _adversarial(kind, 1024 * 1024)
    started = time.monotonic()
    parsed = parse_prefs_js(text)
    took = time.monotonic() - started
    assert took < 5.0, f"{kind}: {took:.2f} s"
    assert not parsed.values


def test_a_user_js_of_open_comments_in_a_profile(home: Path) -> None:
    (home / FF / "kzklzdy5.risky" / "user.js").write_text(_adversarial("comments", 1024 * 1024))
    collect(home)
