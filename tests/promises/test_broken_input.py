"""Promise 5: corrupt, truncated, binary, wrongly encoded, huge or deeply nested input becomes a
value or "could not check" (Missing), never a crash, and the scan goes on.

Each case copies one recorded machine once, then lets hypothesis rewrite one file the
collectors read (or one recorded registry value or command output) and runs the collectors.
A crash would show as Missing(collector_error); none may appear.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shadowaudit.engine.model import Status
from shadowaudit.facts import COLLECTORS
from shadowaudit.facts.base import FactValue, Missing, Reason
from shadowaudit.host import RecordedHost
from shadowaudit.scan import collect_facts, load_selected_rules, run_scan
from tests.conftest import host_folder

FF = "files/home/ana/.config/mozilla/firefox"
CR = "files/home/ana/.config/chromium"
TARGETS: dict[str, list[str]] = {
    "linux-firefox": [
        f"{FF}/profiles.ini",
        f"{FF}/installs.ini",
        f"{FF}/*.risky/prefs.js",
        f"{FF}/*.risky/logins.json",
        f"{FF}/*.risky/extensions.json",
        f"{FF}/*.risky/cookies.sqlite",
        f"{FF}/*.risky/permissions.sqlite",
        f"{FF}/*.hardened/key4.db",
        f"{FF}/*.risky/compatibility.ini",
    ],
    "linux-chromium": [
        f"{CR}/Local State",
        f"{CR}/Last Version",
        f"{CR}/Profile 1/Preferences",
        f"{CR}/Profile 1/Secure Preferences",
        f"{CR}/Profile 1/Cookies",
        f"{CR}/Profile 1/Login Data",
        f"{CR}/Profile 1/Extensions/*/*/manifest.json",
    ],
    "ubuntu2404-plain": [
        "files/proc/self/mountinfo",
        "files/etc/ufw/ufw.conf",
        "files/etc/ssh/sshd_config",
        "files/etc/os-release",
        "files/etc/gdm3/custom.conf",
        "files/etc/apt/apt.conf.d/20auto-upgrades",
    ],
    "macos15-sequoia": [
        "files/System/Library/CoreServices/SystemVersion.plist",
        "files/Library/Preferences/com.apple.loginwindow.plist",
        "files/Library/Preferences/com.apple.SoftwareUpdate.plist",
    ],
    "linux-accounts": [
        "files/home/ana/.ssh/id_ed25519",
        "files/home/ana/.gitconfig",
        "files/home/ana/Pictures/Trip/IMG_0001.jpg",
    ],
}
CASES = [(machine, pattern) for machine, patterns in TARGETS.items() for pattern in patterns]
SETTINGS = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def broken(draw: st.DrawFn, original: bytes) -> bytes:
    """A damaged version of a file's bytes."""
    kind = draw(
        st.sampled_from(["truncated", "binary", "inserted", "utf16", "nested", "empty", "absurd"])
    )
    if kind == "truncated":
        return original[: draw(st.integers(0, max(len(original) - 1, 0)))]
    if kind == "binary":
        return draw(st.binary(min_size=1, max_size=4096))
    if kind == "inserted":
        at = draw(st.integers(0, len(original)))
        return original[:at] + draw(st.binary(min_size=1, max_size=64)) + original[at:]
    if kind == "utf16":
        return original.decode("utf-8", errors="replace").encode("utf-16")
    if kind == "nested":
        depth = draw(st.integers(1000, 50_000))
        return b"[" * depth + b"]" * depth
    if kind == "absurd":
        return draw(
            st.sampled_from(
                [
                    b"{}",
                    b"[]",
                    b"null",
                    b'{"profile": 5}',
                    b"\x00" * 512,
                    b"[Profile0]\nPath=../../../../etc\n",
                    b"A" * 100_000,
                ]
            )
        )
    return b""


def no_crash(value: FactValue) -> bool:
    """True when no fact anywhere in the value is a collector crash."""
    if isinstance(value, Missing):
        return value.reason is not Reason.collector_error
    if isinstance(value, list):
        return all(no_crash(item) for item in value)
    if isinstance(value, dict):
        return all(no_crash(item) for item in value.values())
    return True


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """One working copy of each machine for the module."""
    base = tmp_path_factory.mktemp("broken")
    yield {m: Path(shutil.copytree(host_folder(m), base / m)) for m in TARGETS}


def collectors_for(host: RecordedHost) -> list:  # type: ignore[type-arg]
    return [c for c in COLLECTORS if host.platform in c.platforms]


@pytest.mark.parametrize(
    ("machine", "pattern"), CASES, ids=[f"{m}:{p.split('/')[-1]}" for m, p in CASES]
)
def test_a_damaged_file_never_crashes_a_collector(
    copies: dict[str, Path], machine: str, pattern: str
) -> None:
    folder = copies[machine]
    (target,) = sorted(folder.glob(pattern))[:1]
    original = target.read_bytes()

    @SETTINGS
    @given(data=broken(original))
    def check(data: bytes) -> None:
        target.write_bytes(data)
        try:
            host = RecordedHost(folder)
            facts = collect_facts(host, collectors_for(host))
            crashed = [name for name, value in facts.items() if not no_crash(value)]
            assert not crashed, f"{crashed} crashed on a damaged {target.name}"
        finally:
            target.write_bytes(original)

    check()


@st.composite
def odd_value(draw: st.DrawFn) -> object:
    """A registry value or command output of a kind nobody expects."""
    return draw(
        st.one_of(
            st.integers(-(2**40), 2**40),
            st.text(max_size=200),
            st.binary(max_size=64),
            st.lists(st.text(max_size=20), max_size=5),
            st.none(),
        )
    )


@SETTINGS
@given(key_index=st.integers(0, 200), value=odd_value())
def test_odd_registry_values_never_crash(key_index: int, value: object) -> None:
    folder = host_folder("windows11-24h2")
    registry = yaml.safe_load((folder / "registry.yaml").read_text())
    keys = sorted(registry)
    key = keys[key_index % len(keys)]
    names = sorted(registry[key] or {"x": 1})
    registry[key] = {**(registry[key] or {}), names[key_index % len(names)]: value}
    host = RecordedHost(folder)
    host._registry = {k.lower(): v or {} for k, v in registry.items()}  # the odd recording
    facts = collect_facts(host, collectors_for(host))
    assert all(no_crash(v) for v in facts.values())


@SETTINGS
@given(index=st.integers(0, 100), stdout=st.text(max_size=400), code=st.integers(-5, 300))
def test_odd_command_outputs_never_crash(
    tmp_path_factory: pytest.TempPathFactory, index: int, stdout: str, code: int
) -> None:
    for machine in ("windows11-24h2", "macos15-sequoia", "ubuntu2404-plain"):
        folder = host_folder(machine)
        commands = yaml.safe_load((folder / "commands.yaml").read_text())
        commands[index % len(commands)].update(
            stdout=stdout, stderr=stdout, returncode=code, hang=False
        )
        copy = tmp_path_factory.mktemp("commands") / machine
        shutil.copytree(folder, copy)
        (copy / "commands.yaml").write_text(yaml.safe_dump(commands))
        host = RecordedHost(copy)
        facts = collect_facts(host, collectors_for(host))
        assert all(no_crash(v) for v in facts.values()), machine


def test_a_huge_file_is_refused_not_read(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(host_folder("linux-firefox"), tmp_path / "m"))
    (prefs,) = folder.glob(f"{FF}/*.risky/prefs.js")
    with prefs.open("wb") as handle:
        handle.truncate(17 * 1024 * 1024)  # larger than the 16 MiB read limit
    report = run_scan(RecordedHost(folder), load_selected_rules(only=["browser.firefox"]))
    assert report.summary[Status.error] == 0
    risky = [f for f in report.findings if f.subject and f.subject.label.endswith("risky")]
    assert risky and all(f.status in (Status.unknown, Status.pass_, Status.fail) for f in risky)
    assert any(f.reason is Reason.too_large for f in risky)
