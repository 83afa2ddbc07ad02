"""The program ends at once when its work is done: exit handlers run, output is all there, and
the status is the one asked for; any other ending is left to Python."""

from __future__ import annotations

import atexit
import gc
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from shadowaudit import __version__
from shadowaudit.cli import stopping


def _run(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    """Run `body` in a fresh Python, after a handler that writes `tmp_path/handler` at exit."""
    script = textwrap.dedent(
        f"""
        import atexit, pathlib, sys
        from shadowaudit.cli.stopping import leave
        atexit.register(pathlib.Path({str(tmp_path / "handler")!r}).write_text, "ran")
        """
    ) + textwrap.dedent(body)
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (1, 1), (3, 3), (256 + 2, 2)])
def test_leave_ends_with_the_status_after_the_handlers_and_all_the_output(
    tmp_path: Path, code: int | None, status: int
) -> None:
    done = _run(
        tmp_path,
        f"""
        sys.stdout.write("report" * 10000)
        sys.stderr.write("said")
        leave({code!r})
        print("not reached")
        """,
    )
    assert done.returncode == status
    assert done.stdout == "report" * 10000
    assert done.stderr == "said"
    assert (tmp_path / "handler").read_text() == "ran"


def test_a_status_that_is_not_a_number_is_left_to_python(tmp_path: Path) -> None:
    done = _run(tmp_path, 'leave("a message")\nprint("went on")\nsys.exit("a message")\n')
    assert done.stdout == "went on\n"
    assert done.stderr == "a message\n"
    assert done.returncode == 1
    assert (tmp_path / "handler").read_text() == "ran"


def test_a_thread_python_would_wait_for_is_waited_for(tmp_path: Path) -> None:
    done = _run(
        tmp_path,
        """
        import threading, time
        def later():
            time.sleep(0.2)
            print("the thread finished")
        threading.Thread(target=later).start()
        leave(4)
        print("went on")
        sys.exit(4)
        """,
    )
    assert done.stdout == "went on\nthe thread finished\n"
    assert done.returncode == 4


def test_daemon_threads_are_not_waited_for() -> None:
    stop = threading.Event()
    daemon = threading.Thread(target=stop.wait, daemon=True)
    daemon.start()
    try:
        assert not stopping.others_running()
    finally:
        stop.set()
        daemon.join()


def test_output_that_cannot_be_flushed_is_left_to_python(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class ClosedPipe:
        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    ran: list[str] = []
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: ran.append("handlers"))
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    stopping.leave(0)  # returns instead of ending this process
    assert ran == ["handlers"]


def test_the_program_ends_through_leave_with_its_exit_status(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`shadowaudit --version` and a usage error hand their status to leave."""
    app = sys.modules["shadowaudit.cli.app"]
    asked: list[object] = []
    monkeypatch.setattr(app, "leave", asked.append)
    threshold = gc.get_threshold()
    try:
        for arguments, status in ((["--version"], 0), (["no-such-command"], 2)):
            monkeypatch.setattr(sys, "argv", ["shadowaudit", *arguments])
            with pytest.raises(SystemExit) as ended:
                app.main()
            assert ended.value.code == status
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()
    assert asked == [0, 2]
    assert __version__ in capsys.readouterr().out
