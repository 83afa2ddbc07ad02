"""Load a local file in headless Chromium over DevTools and record what the page did.

A minimal Chrome DevTools Protocol client for the tests of the HTML report, standard library
only. The WebSocket frame reader is the one the fixture builder uses
(`tests/fixtures/make_chromium_homes.py`); what is new here is what tests need on top of it:
a free DevTools port, a deadline on every wait, and a record of every network request,
console error, exception, dialog and script of one page, with its screenshot and PDFs.

Safety: the browser is only ever pointed at about:blank and `file://` paths; it runs with a
fresh user data dir and HOME in a temporary folder, host names resolve to nothing, and it is
killed (its whole process group) when `Chromium.close()` runs, which the tests do in a
`finally`.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from tests.fixtures.make_chromium_homes import WebSocket

INSTALL_HINT = (
    "The browser tests of the HTML report need Chromium, and no `chromium` command was found "
    "on PATH. Install Debian's package as root: `apt-get update && apt-get install -y "
    "chromium` (.ci/run does this on a fresh machine), then run the tests again."
)
# Flags that work on the test machines (see .ci/run), plus: no proxy, every host name
# unresolvable, no extensions, no crash reporter. DevTools listens on a free port.
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-breakpad",
    "--no-proxy-server",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
]
START_TIMEOUT = 45.0  # seconds for Chromium to open DevTools (a busy 2-core machine is slow)
PAGE_TIMEOUT = 50.0  # seconds for everything done with one page (a hung browser: ~50 s)
# What DevTools evaluates is named so, to tell it from the page's own scripts.
PROBE_URL = "shadowaudit-devtools-probe"
PAPERS = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0)}  # inches, Chromium's default margins
VIEWPORT = {"width": 1000, "height": 1300, "deviceScaleFactor": 1, "mobile": False}


class ChromiumMissing(RuntimeError):
    """No `chromium` command: the message says how to install it."""


class ChromiumFailed(RuntimeError):
    """Chromium did not start, did not answer in time, or refused a command."""


def find_chromium(path: str | None = None) -> str:
    """The `chromium` command on PATH (or on `path`); ChromiumMissing when there is none."""
    found = shutil.which("chromium", path=path)
    if found is None:
        raise ChromiumMissing(INSTALL_HINT)
    return found


@dataclass
class PageRecord:
    """What happened while one local file was loaded, and what it looked like."""

    url: str
    requests: list[str] = field(default_factory=list)  # every Network.requestWillBeSent URL
    errors: list[str] = field(default_factory=list)  # console errors, exceptions, CSP reports
    dialogs: list[str] = field(default_factory=list)  # alert/confirm/prompt messages
    scripts: list[str] = field(default_factory=list)  # scripts the page itself parsed
    probes: dict[str, Any] = field(default_factory=dict)  # DOM questions answered after load
    screenshot: bytes = b""  # PNG of the viewport
    pdfs: dict[str, bytes] = field(default_factory=dict)  # printed, by paper size (PAPERS)


class Chromium:
    """One headless Chromium, started on first use; each `load()` opens a fresh tab."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.ws: WebSocket | None = None
        self.tmp: Path | None = None
        self.msgid = 0
        self.deadline = 0.0
        self.page: PageRecord | None = None  # the page being recorded
        self.session = ""  # its DevTools session

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> None:
        """Start Chromium and connect to its DevTools (ChromiumMissing, ChromiumFailed)."""
        if self.proc is not None:
            return
        command = find_chromium()
        self.tmp = Path(tempfile.mkdtemp(prefix="shadowaudit-chromium-"))
        home, data = self.tmp / "home", self.tmp / "user-data"
        home.mkdir()
        env = {
            "HOME": str(home),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "TMPDIR": str(self.tmp),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_CACHE_HOME": str(home / ".cache"),
        }
        try:
            with (self.tmp / "chromium.log").open("wb") as log:
                self.proc = subprocess.Popen(
                    [command, *FLAGS, f"--user-data-dir={data}", "about:blank"],
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group, killed as a whole
                )
            port, path = self._devtools_address(data / "DevToolsActivePort")
            self.ws = WebSocket("127.0.0.1", port, path, timeout=START_TIMEOUT)
        except BaseException:
            self.close(polite=False)
            raise

    def _devtools_address(self, active_port: Path) -> tuple[int, str]:
        """Port and browser path Chromium writes into DevToolsActivePort once it listens."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise ChromiumFailed(f"Chromium exited with {self.proc.returncode}{self._log()}")
            with contextlib.suppress(OSError, ValueError):
                port, path = active_port.read_text().split()[:2]
                return int(port), path
            time.sleep(0.1)
        raise ChromiumFailed(f"Chromium opened no DevTools in {START_TIMEOUT:.0f} s{self._log()}")

    def _log(self) -> str:
        """The end of Chromium's own output, for a failure message."""
        if self.tmp is None:
            return ""
        with contextlib.suppress(OSError):
            tail = (self.tmp / "chromium.log").read_text(errors="replace")[-3000:]
            return f"; Chromium's output ends with:\n{tail}"
        return ""

    def close(self, polite: bool = True) -> None:
        """Ask Chromium to quit (unless not `polite`), kill its process group, delete its folder."""
        try:
            running = self.proc is not None and self.proc.poll() is None
            if polite and running and self.ws is not None:
                self.deadline = time.monotonic() + 3
                with contextlib.suppress(ChromiumFailed, OSError):
                    self.call("Browser.close")
            if self.proc is not None:
                if polite and running:
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        self.proc.wait(timeout=5)
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(self.proc.pid, signal.SIGKILL)  # helpers left behind, too
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(timeout=10)
        finally:
            if self.ws is not None:
                self.ws.close()
            if self.tmp is not None:
                shutil.rmtree(self.tmp, ignore_errors=True)
            self.proc = self.ws = self.tmp = None

    def __enter__(self) -> Chromium:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ protocol

    def _receive(self) -> dict[str, Any]:
        """The next message, waiting no later than the deadline."""
        assert self.ws is not None
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise ChromiumFailed("Chromium did not answer in time" + self._log())
        self.ws.sock.settimeout(left)
        try:
            message: dict[str, Any] = json.loads(self.ws.recv())
        except TimeoutError:
            raise ChromiumFailed("Chromium did not answer in time" + self._log()) from None
        except ConnectionError as exc:
            raise ChromiumFailed(f"DevTools connection lost: {exc}{self._log()}") from None
        if "method" in message:
            self._event(message)
        return message

    def _send(self, method: str, params: dict[str, Any] | None, session: str) -> int:
        assert self.ws is not None
        self.msgid += 1
        message: dict[str, Any] = {"id": self.msgid, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        return self.msgid

    def call(
        self, method: str, params: dict[str, Any] | None = None, session: str = ""
    ) -> dict[str, Any]:
        """Send a command and wait (until the deadline) for its answer; events are recorded."""
        wanted = self._send(method, params, session)
        while True:
            message = self._receive()
            if message.get("id") == wanted:
                break
        if "error" in message:
            raise ChromiumFailed(f"{method} failed: {message['error']}")
        result: dict[str, Any] = message.get("result", {})
        return result

    def _wait_for(self, method: str) -> None:
        """Wait (until the deadline) for an event of the recorded page."""
        while True:
            message = self._receive()
            if message.get("method") == method and message.get("sessionId") == self.session:
                return

    def _event(self, message: dict[str, Any]) -> None:
        """Record an event of the page being loaded; dismiss any dialog at once."""
        page, params = self.page, message.get("params", {})
        if page is None or message.get("sessionId") != self.session:
            return
        match message["method"]:
            case "Network.requestWillBeSent":
                page.requests.append(params["request"]["url"])
            case "Runtime.consoleAPICalled" if params.get("type") in ("error", "assert"):
                page.errors.append(f"console.{params['type']}: {_args_text(params)}")
            case "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                page.errors.append(f"exception: {details.get('text')} {details.get('exception')}")
            case "Log.entryAdded" if params["entry"].get("level") == "error":
                entry = params["entry"]
                page.errors.append(f"log ({entry.get('source')}): {entry.get('text')}")
            case "Page.javascriptDialogOpening":
                page.dialogs.append(f"{params.get('type')}: {params.get('message')}")
                self._send("Page.handleJavaScriptDialog", {"accept": False}, self.session)
            case "Debugger.scriptParsed" if params.get("url") != PROBE_URL:
                page.scripts.append(params.get("url") or f"inline script {params.get('scriptId')}")

    # ------------------------------------------------------------------ pages

    def load(
        self, file: Path, probes: dict[str, str] | None = None, print_pdf: bool = True
    ) -> PageRecord:
        """Open a local file in a fresh tab and record it (see PageRecord).

        `probes` maps names to JavaScript expressions evaluated by DevTools after the load
        (DevTools evaluation is not page script: the page's policy does not apply to it).
        Without `print_pdf`, no PDF is printed (a faster load for what only needs the page).
        Raises ChromiumMissing, or ChromiumFailed after closing a browser that failed.
        """
        file = file.resolve(strict=True)  # a local file, never anything else
        self.start()
        self.deadline = time.monotonic() + PAGE_TIMEOUT
        try:
            return self._record(file, probes or {}, print_pdf)
        except ChromiumFailed:
            self.close(polite=False)  # the next load starts a fresh browser
            raise

    def _record(self, file: Path, probes: dict[str, str], print_pdf: bool = True) -> PageRecord:
        """load() in a fresh tab, closed afterwards."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        try:
            self.session = self.call(
                "Target.attachToTarget", {"targetId": target, "flatten": True}
            )["sessionId"]
            self.page = record = PageRecord(url=file.as_uri())
            for domain in ("Page", "Network", "Runtime", "Log", "Debugger"):
                self.call(f"{domain}.enable", session=self.session)
            self.call("Emulation.setDeviceMetricsOverride", VIEWPORT, session=self.session)
            record.scripts.clear()  # anything parsed in about:blank is not the page's
            navigated = self.call("Page.navigate", {"url": record.url}, session=self.session)
            if navigated.get("errorText"):
                raise ChromiumFailed(f"cannot open {record.url}: {navigated['errorText']}")
            self._wait_for("Page.loadEventFired")
            self._hover_everything()
            for name, expression in probes.items():
                record.probes[name] = self._evaluate(expression)
            shot = self.call("Page.captureScreenshot", {"format": "png"}, session=self.session)
            record.screenshot = base64.b64decode(shot["data"])
            for paper, (width, height) in PAPERS.items() if print_pdf else ():
                printed = self.call(
                    "Page.printToPDF",
                    {"printBackground": True, "paperWidth": width, "paperHeight": height},
                    session=self.session,
                )
                record.pdfs[paper] = base64.b64decode(printed["data"])
            self._evaluate("0")  # every event sent before this answer has been recorded
            return record
        finally:
            self.page, self.session = None, ""
            with contextlib.suppress(ChromiumFailed, OSError):  # keep the first error
                self.call("Target.closeTarget", {"targetId": target})

    def _evaluate(self, expression: str) -> Any:
        """The JSON value of an expression evaluated by DevTools in the page."""
        answer = self.call(
            "Runtime.evaluate",
            {"expression": f"{expression}\n//# sourceURL={PROBE_URL}", "returnByValue": True},
            session=self.session,
        )
        if "exceptionDetails" in answer:
            raise ChromiumFailed(f"probe {expression!r} failed: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def _hover_everything(self) -> None:
        """Point at every element, so that an injected onmouseover or onfocus would run.

        Every element gets synthetic mouse and focus events; the visible ones also get a
        real mouse move from the input system.
        """
        points = self._evaluate(
            "Array.from(document.querySelectorAll('*'), e => {"
            " for (const t of ['mouseover', 'mouseenter', 'mousemove', 'focus'])"
            "  e.dispatchEvent(new (t === 'focus' ? FocusEvent : MouseEvent)(t));"
            " const r = e.getBoundingClientRect();"
            " return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)]; })"
            ".filter(([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight)"
        )
        for x, y in points:
            self.call(
                "Input.dispatchMouseEvent",
                {"type": "mouseMoved", "x": x, "y": y},
                session=self.session,
            )


def _args_text(params: dict[str, Any]) -> str:
    """The arguments of a console call as one line."""
    return " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))


# ---------------------------------------------------------------------- PNG pixels


def png_colours(png: bytes, limit: int = 16) -> set[bytes]:
    """Distinct pixel colours of an 8-bit RGB or RGBA PNG, stopping once `limit` are seen.

    Enough of a decoder to tell a blank screenshot from a page: chunks, zlib, and the five
    row filters of the PNG specification (section 9).
    """
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, bytearray(), b""
    while pos < len(png):
        (length,) = struct.unpack_from(">I", png, pos)
        kind, data = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = data
        elif kind == b"IDAT":
            idat += data
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or colour_type not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour_type}")
    size = 3 if colour_type == 2 else 4
    raw = zlib.decompress(bytes(idat))
    stride = width * size
    previous = bytearray(stride)
    colours: set[bytes] = set()
    for y in range(height):
        start = y * (stride + 1)
        kind, row = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:  # Sub
            for i in range(size, stride):
                row[i] = (row[i] + row[i - size]) & 0xFF
        elif kind == 2:  # Up
            row = bytearray((a + b) & 0xFF for a, b in zip(row, previous, strict=True))
        elif kind == 3:  # Average
            for i in range(stride):
                left = row[i - size] if i >= size else 0
                row[i] = (row[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:  # Paeth
            for i in range(stride):
                a = row[i - size] if i >= size else 0
                b, c = previous[i], previous[i - size] if i >= size else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                near = a if pa <= pb and pa <= pc else b if pb <= pc else c
                row[i] = (row[i] + near) & 0xFF
        colours.update(bytes(row[i : i + size]) for i in range(0, stride, size))
        if len(colours) >= limit:
            break
        previous = row
    return colours
