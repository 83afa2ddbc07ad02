"""LocalHost reads the real computer without changing it, and runs programs safely."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shadowaudit.errors import (
    CommandNotFound,
    CommandTimeout,
    NotFound,
    PermissionDenied,
    TooLarge,
    Unsupported,
)
from shadowaudit.host import LocalHost, Platform, current_platform
from shadowaudit.host.local import own_home


def test_reads_without_changing_the_file(tmp_path: Path) -> None:
    target = tmp_path / "prefs.js"
    target.write_text('user_pref("a", 1);\n')
    before = target.stat()
    host = LocalHost(tmp_path)
    assert host.read_text(target) == 'user_pref("a", 1);\n'
    after = target.stat()
    assert (before.st_mtime_ns, before.st_size, before.st_mode) == (
        after.st_mtime_ns,
        after.st_size,
        after.st_mode,
    )
    assert host.list_dir(tmp_path) == ["prefs.js"]


def test_errors_are_host_errors(tmp_path: Path) -> None:
    host = LocalHost(tmp_path)
    with pytest.raises(NotFound):
        host.read_bytes(tmp_path / "absent")
    with pytest.raises(NotFound):
        host.list_dir(tmp_path / "absent")
    big = tmp_path / "big"
    big.write_bytes(b"x" * 100)
    with pytest.raises(TooLarge):
        host.read_bytes(big, limit=10)


def test_unreadable_file_is_permission_denied(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("x")
    secret.chmod(0)
    if os.geteuid() != 0:
        with pytest.raises(PermissionDenied):
            LocalHost(tmp_path).read_bytes(secret)
        return
    # NOTE: root reads any file, so ask the same question as the unprivileged user nobody.
    tmp_path.chmod(0o755)
    code = (
        "import sys, pathlib; from shadowaudit.host import LocalHost;"
        "from shadowaudit.errors import PermissionDenied\n"
        "try:\n LocalHost(pathlib.Path(sys.argv[1]).parent).read_bytes(pathlib.Path(sys.argv[1]))\n"
        "except PermissionDenied:\n print('denied')"
    )
    source = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            sys.executable,
            "-c",
            code,
            str(secret),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(source)},
    )
    assert done.stdout.strip() == "denied", done.stderr


def test_utf8_bom_and_bad_bytes_are_tolerated(tmp_path: Path) -> None:
    target = tmp_path / "f"
    target.write_bytes(b"\xef\xbb\xbfcaf\xe9")
    assert LocalHost(tmp_path).read_text(target) == "caf\ufffd"


def test_commands_run_without_shell_with_timeout() -> None:
    host = LocalHost()
    result = host.run([sys.executable, "-c", "import os; print(os.environ['LC_ALL'])"])
    assert result.returncode == 0
    assert result.stdout.strip() == "C"
    with pytest.raises(CommandNotFound):
        host.run(["shadowaudit-no-such-program-x"])
    shell_words = host.run([sys.executable, "-c", "import sys; print(sys.argv[1])", "$HOME;ls"])
    assert shell_words.stdout.strip() == "$HOME;ls"
    with pytest.raises(CommandTimeout):
        host.run([sys.executable, "-c", "import time; time.sleep(10)"], timeout=0.3)


def test_a_program_that_hung_is_not_asked_again() -> None:
    host = LocalHost()
    with pytest.raises(CommandTimeout):
        host.run([sys.executable, "-c", "import time; time.sleep(10)"], timeout=0.3)
    started = time.monotonic()
    with pytest.raises(CommandTimeout, match="earlier"):
        host.run([sys.executable, "-c", "print(1)"], timeout=5)
    assert time.monotonic() - started < 5
    assert LocalHost().run([sys.executable, "-c", "print(1)"]).stdout.strip() == "1"


def test_other_home_hides_the_real_home_variables(tmp_path: Path) -> None:
    host = LocalHost(tmp_path)
    assert host.home == tmp_path
    assert host.env("HOME") == str(tmp_path)
    assert host.env("XDG_CONFIG_HOME") is None
    assert host.platform is current_platform()


def test_processes_and_listeners_of_this_computer() -> None:
    import socket

    host = LocalHost()
    names = {p.name for p in host.processes()}
    assert names  # at least the test runner itself
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    try:
        port = server.getsockname()[1]
        found = [item for item in host.listeners() if item.port == port]
        assert found and found[0].loopback and found[0].protocol == "tcp"
    finally:
        server.close()


def test_output_in_a_console_code_page_is_decoded() -> None:
    from shadowaudit.host.local import decode_output

    german = "Vordefinierte Gruppe Jeder für alle".encode("cp850")
    assert decode_output(german, fallback="cp850") == "Vordefinierte Gruppe Jeder für alle"
    assert decode_output("ünïcode".encode()) == "ünïcode"
    assert decode_output(b"\xff\xfe", fallback="no-such-codec") == "\ufffd\ufffd"


def test_processes_and_sockets_are_read_once_per_host(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    host = LocalHost()
    monkeypatch.setattr(host, "_read_processes", lambda: calls.append("p") or [])
    monkeypatch.setattr(host, "_read_listeners", lambda: calls.append("l") or [])
    for _ in range(3):
        host.processes()
        host.listeners()
    assert calls == ["p", "l"]


def test_user_ids_come_from_the_kernel_on_linux_only() -> None:
    if current_platform() is not Platform.linux:
        with pytest.raises(Unsupported):
            LocalHost().user_ids()
        return
    ids = LocalHost().user_ids()
    assert (ids.uid, ids.gid, set(ids.groups)) == (os.getuid(), os.getgid(), set(os.getgroups()))


def test_without_home_the_passwd_line_says_where_home_is(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never the name service (Path.home() would ask it when $HOME is unset)."""
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr(Path, "home", lambda: pytest.fail("Path.home() asks the name service"))
    if sys.platform == "win32":
        return
    expected = next(
        (
            line.split(":")[5]
            for line in Path("/etc/passwd").read_text().splitlines()
            if line.count(":") >= 6 and line.split(":")[2] == str(os.getuid())
        ),
        "/nonexistent",
    )
    assert own_home() == Path(expected)
    assert LocalHost().home == Path(expected).absolute()
