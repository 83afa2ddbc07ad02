"""Programs a scan starts see a clean environment and write nothing outside a private folder."""

from __future__ import annotations

import os
import shutil
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml

from shadowaudit.errors import CommandTimeout, HostError
from shadowaudit.host import LocalHost
from shadowaudit.host.children import OUTPUT_LIMIT, child_environment
from tests.conftest import HOSTS


def test_only_the_needed_variables_and_a_c_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHADOWAUDIT_TEST_TOKEN", "secret-value")
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    env = child_environment(str(tmp_path))
    assert "SHADOWAUDIT_TEST_TOKEN" not in env
    assert env["LANG"] == env["LC_ALL"] == "C"
    assert env["PATH"] == os.environ["PATH"]
    for name in ("XDG_CACHE_HOME", "TMPDIR", "XDG_RUNTIME_DIR"):
        assert env[name].startswith(str(tmp_path)), name


def test_on_windows_caches_go_to_the_private_folder_and_system_folders_stay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows spells its variables as it likes ("Path", "SystemRoot"); PowerShell keeps its
    # module-analysis cache under LOCALAPPDATA, which must not be the person's.
    monkeypatch.setattr("sys.platform", "win32")
    for name in list(os.environ):
        monkeypatch.delenv(name)
    monkeypatch.setenv("Path", r"C:\Windows\system32;C:\Windows")
    monkeypatch.setenv("SystemRoot", r"C:\Windows")
    monkeypatch.setenv("LOCALAPPDATA", r"C:\Users\ana\AppData\Local")
    monkeypatch.setenv("OneDrive", r"C:\Users\ana\OneDrive")
    env = child_environment(str(tmp_path))
    assert env["Path"] == r"C:\Windows\system32;C:\Windows"
    assert env["SystemRoot"] == r"C:\Windows"
    assert "OneDrive" not in env
    for name in ("LOCALAPPDATA", "TMP", "TEMP", "XDG_CACHE_HOME"):
        assert env[name].startswith(str(tmp_path)), name


def _recorded_linux_commands() -> list[list[str]]:
    """Every command the recorded Linux machines answered, once each."""
    found: dict[tuple[str, ...], None] = {}
    for recording in sorted(HOSTS.glob("*/commands.yaml")):
        meta = yaml.safe_load((recording.parent / "host.yaml").read_text())
        if meta.get("platform") != "linux":
            continue
        for entry in yaml.safe_load(recording.read_text()) or []:
            found[tuple(str(a) for a in entry["argv"])] = None
    return [list(argv) for argv in found]


COMMANDS = [argv for argv in _recorded_linux_commands() if shutil.which(argv[0])]


def _everything(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.skipif(os.name != "posix", reason="a read-only home as POSIX makes it")
@pytest.mark.skipif(not COMMANDS, reason="none of the recorded commands is installed here")
def test_the_recorded_commands_write_nothing_in_a_read_only_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    for name in (
        "XDG_RUNTIME_DIR",
        "XDG_CACHE_HOME",
        "XDG_CONFIG_HOME",
        "DBUS_SESSION_BUS_ADDRESS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    # NOTE: private folders go to /tmp here; the home must stay as it was, even for root.
    home.chmod(0o555)
    try:
        host = LocalHost(home)
        ran = []
        for argv in COMMANDS:
            try:
                host.run(argv, timeout=5)
                ran.append(argv[0])
            except HostError:
                continue
        assert _everything(home) == [".config"], ran
    finally:
        home.chmod(0o755)


@pytest.mark.skipif(not shutil.which("gsettings"), reason="gsettings is not installed")
def test_gsettings_without_a_runtime_folder_writes_no_dconf_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    LocalHost(tmp_path).run(["gsettings", "get", "org.gnome.desktop.screensaver", "lock-enabled"])
    assert _everything(tmp_path) == []


@pytest.mark.skipif(not shutil.which("head"), reason="needs head")
def test_a_program_printing_a_lot_is_kept_to_the_limit(tmp_path: Path) -> None:
    tracemalloc.start()
    try:
        result = LocalHost(tmp_path).run(["head", "-c", "40000000", "/dev/zero"])
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(result.stdout) == OUTPUT_LIMIT
    assert peak < 3 * OUTPUT_LIMIT, f"{peak} bytes held for 40 MB of output"


@pytest.mark.skipif(not shutil.which("yes"), reason="needs yes")
def test_a_program_that_prints_without_end_is_stopped(tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(CommandTimeout):
        LocalHost(tmp_path).run(["yes"], timeout=1)
    assert time.monotonic() - started < 10
