"""Promise 5: corrupt, truncated, binary, wrongly encoded, huge, deeply nested or hostile input
becomes a value or "could not check" (Missing), never a crash, and the scan goes on.

Each case copies one recorded machine once, then lets hypothesis rewrite one file the
collectors read (or one recorded registry value or command output, or a share file) and runs
the collectors and every rule on what they found. A crash would show as Missing(collector_error)
or a finding in "error"; none may appear, and no run may take longer than 10 seconds.

CI runs a dozen inputs per file. The long run asks for more per file, for example
`SHADOWAUDIT_FUZZ_EXAMPLES=400 pytest tests/promises/test_broken_input.py` (about 12,000 inputs).
"""

from __future__ import annotations

import io
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shadowaudit.engine.evaluate import evaluate_rule
from shadowaudit.engine.model import Status
from shadowaudit.facts.base import FactMap, FactValue, Missing, Reason
from shadowaudit.facts.collectors import COLLECTORS, catalogue
from shadowaudit.host import RecordedHost
from shadowaudit.scan import collect_facts, load_selected_rules, run_scan
from shadowaudit.workshop.room import ShareFileError, read_share, summarize
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
        f"{FF}/*.risky/times.json",
        f"{FF}/*.hardened/prefs.js",
    ],
    "linux-chromium": [
        f"{CR}/Local State",
        f"{CR}/Last Version",
        f"{CR}/Profile 1/Preferences",
        f"{CR}/Profile 1/Secure Preferences",
        f"{CR}/Profile 1/Cookies",
        f"{CR}/Profile 1/Login Data",
        f"{CR}/Profile 1/Extensions/*/*/manifest.json",
        f"{CR}/Default/Preferences",
        f"{CR}/Default/Web Data",
    ],
    "ubuntu2404-plain": [
        "files/proc/self/mountinfo",
        "files/etc/ufw/ufw.conf",
        "files/etc/ssh/sshd_config",
        "files/etc/os-release",
        "files/etc/gdm3/custom.conf",
        "files/etc/apt/apt.conf.d/20auto-upgrades",
    ],
    # Written by a real Debian 12 (tests/fixtures/make_debian_machines.py).
    "debian12-nftables-default": ["files/etc/nftables.conf"],
    "debian12-ufw-allow-incoming": ["files/etc/default/ufw"],
    "fedora41-btrfs-luks": ["files/usr/lib/firewalld/zones/FedoraWorkstation.xml"],
    "debian12-updates-timer-masked": ["files/etc/passwd", "files/etc/group"],
    "macos15-sequoia": [
        "files/System/Library/CoreServices/SystemVersion.plist",
        "files/Library/Preferences/com.apple.loginwindow.plist",
        "files/Library/Preferences/com.apple.SoftwareUpdate.plist",
    ],
    "macos15-browsers": [
        "files/Users/ana/Library/Application Support/BraveSoftware/Brave-Browser/Local State",
    ],
    "linux-accounts": [
        "files/home/ana/.ssh/id_ed25519",
        "files/home/ana/.gitconfig",
        "files/home/ana/Pictures/Trip/IMG_0001.jpg",
        "files/home/ana/.ssh/id_rsa_pem",
    ],
}
CASES = [(machine, pattern) for machine, patterns in TARGETS.items() for pattern in patterns]
#: Inputs per file: a dozen in CI, many more in the long run (see the module's docstring).
EXAMPLES = int(os.environ.get("SHADOWAUDIT_FUZZ_EXAMPLES", "12"))
#: The longest one run may take (a hang is forever; a slow machine is a few seconds).
SLOWEST = 10.0
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


#: Stand-ins for a file that is not a regular file at all.
NOT_A_FILE = ("pipe", "device", "folder")


def _jpeg_claiming(width: int, height: int, original: bytes) -> bytes:
    """A JPEG whose frame header claims `width` x `height` pixels (nothing to decode)."""
    at = original.find(b"\xff\xc0")
    if at < 0:
        from PIL import Image

        made = io.BytesIO()
        Image.new("L", (1, 1)).save(made, "JPEG")
        original = made.getvalue()
        at = original.index(b"\xff\xc0")
    at += 5
    return original[:at] + height.to_bytes(2, "big") + width.to_bytes(2, "big") + original[at + 4 :]


@st.composite
def hostile(draw: st.DrawFn, original: bytes) -> bytes:
    """Input built to hang, exhaust or trip a reader (the reproducers of issue 23, varied)."""
    kind = draw(st.sampled_from(["deep", "comments", "surrogate", "ff", "flipped", "pixels"]))
    if kind == "deep":
        depth = draw(st.integers(60, 3000))
        key = draw(st.sampled_from([b"brave", b"safebrowsing", b"addons", b"a"]))
        return b'{"' + key + b'":' + b'{"a":' * depth + b"1" + b"}" * (depth + 1)
    if kind == "comments":
        return draw(st.sampled_from([b"/* ", b'"\\', b"'\"", b"user_pref("])) * 50_000
    if kind == "surrogate":
        at = draw(st.integers(0, len(original)))
        return original[:at] + b'user_pref("x.\\uD800", "\\uDFFF");\n' + original[at:]
    if kind == "ff":
        at = draw(st.integers(0, max(len(original) - 1, 0)))
        return original[:at] + b"\xff" + original[at + 1 :]
    if kind == "pixels":
        side = draw(st.integers(1, 65535))
        return _jpeg_claiming(side, draw(st.integers(1, 65535)), original)
    data = bytearray(original or b"\x00")
    for _ in range(draw(st.integers(1, 16))):
        data[draw(st.integers(0, len(data) - 1))] ^= draw(st.integers(1, 255))
    return bytes(data)


@st.composite
def broken(draw: st.DrawFn, original: bytes) -> bytes | str:
    """A damaged version of a file's bytes, or one of NOT_A_FILE."""
    kind = draw(
        st.sampled_from(
            [
                "truncated",
                "binary",
                "inserted",
                "utf16",
                "nested",
                "empty",
                "absurd",
                "hostile",
                "not a file",
            ]
        )
    )
    if kind == "hostile":
        return draw(hostile(original))
    if kind == "not a file":
        return draw(st.sampled_from(NOT_A_FILE))
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


RULES = load_selected_rules()
SPECS = catalogue()


def assert_sound(facts: FactMap, host: RecordedHost, what: str) -> None:
    """No collector crashed, and no rule ends in "error" on what they found."""
    crashed = [name for name, value in facts.items() if not no_crash(value)]
    assert not crashed, f"{crashed} crashed on a damaged {what}"
    errors = [
        rule.id
        for rule in RULES
        for result in evaluate_rule(rule, facts, host.platform, SPECS)
        if result.status is Status.error
    ]
    assert not errors, f"{errors} ended in error on a damaged {what}"


def place(target: Path, data: bytes | str) -> None:
    """Put bytes, or a pipe, a link to a device or a folder, where the file is."""
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    elif target.exists() or target.is_symlink():
        target.unlink()
    if data == "pipe" and hasattr(os, "mkfifo"):
        os.mkfifo(target)
    elif data == "device" and os.path.exists("/dev/zero"):
        target.symlink_to("/dev/zero")
    elif data == "folder":
        target.mkdir()
    else:
        target.write_bytes(data if isinstance(data, bytes) else b"")


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
    def check(data: bytes | str) -> None:
        place(target, data)
        try:
            started = time.monotonic()
            host = RecordedHost(folder)
            facts = collect_facts(host, collectors_for(host))
            assert_sound(facts, host, target.name)
            took = time.monotonic() - started
            assert took < SLOWEST, f"{took:.1f} s on a damaged {target.name}"
        finally:
            place(target, original)

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
    assert_sound(collect_facts(host, collectors_for(host)), host, "registry value")


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
        assert_sound(collect_facts(host, collectors_for(host)), host, f"{machine} command")


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


@pytest.fixture(scope="module")
def share_file(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real share summary, made by a scan of a recorded machine."""
    from typer.testing import CliRunner

    from shadowaudit.cli import app

    path = tmp_path_factory.mktemp("share") / "share.json"
    machine = str(host_folder("ubuntu2404-plain"))
    CliRunner().invoke(
        app,
        ["scan", "--recorded", machine, "--no-questions", "--format", "json", "--share", str(path)],
    )
    return path.read_bytes()


def test_a_damaged_share_file_is_refused_in_plain_words(
    share_file: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("shares")
    target = folder / "share.json"

    @SETTINGS
    @given(data=broken(share_file))
    def check(data: bytes | str) -> None:
        place(target, data)
        try:
            summary = read_share(target)
        except ShareFileError as exc:
            assert "\n" not in str(exc)
            return
        summarize([("share.json", summary)], {rule.id: rule for rule in RULES})

    check()
