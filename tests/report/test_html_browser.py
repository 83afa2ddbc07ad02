"""The HTML report in a real browser: offline, inert, readable, printable, safe with hostile names.

Each report is loaded from a local file in headless Chromium (tests/chromium_page.py). Without
Chromium these tests fail and say how to install it; they are never skipped.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt  # installed with rich
from pypdf import PdfReader

from shadowaudit.host import RecordedHost
from shadowaudit.report.model import Report
from shadowaudit.report.opening import opening
from shadowaudit.report.render import Format, render
from shadowaudit.scan import load_selected_rules, run_scan
from tests.chromium_page import (
    INSTALL_HINT,
    Chromium,
    ChromiumMissing,
    PageRecord,
    find_chromium,
    png_colours,
)
from tests.conftest import host_folder

HOSTILE_PROFILE = 'ana" onmouseover="alert(1)\u202etxt.exe'
# NOTE: reports show the right-to-left override as a visible mark, so it cannot reverse text.
SHOWN_PROFILE = 'ana" onmouseover="alert(1)[U+202E]txt.exe'
HOSTILE_EXTENSION = "<img src=x onerror=alert(1)><script>alert(2)</script>"
# Asked of every page after it loaded (by DevTools, not by the page).
PROBES = {
    "scripts": "document.scripts.length",
    "active": "document.querySelectorAll('img, script, iframe, object, embed, form, "
    "[onmouseover], [onerror], [onload], [onfocus], [onclick]').length",
    "text": "document.body.innerText",  # what is shown
    "all_text": "document.body.textContent",  # with closed <details> too
    "visible": "Array.from(document.querySelectorAll('h2'), h => [h.textContent, "
    "h.getBoundingClientRect().height > 0])",
}


def scan(machine: str) -> Report:
    return run_scan(RecordedHost(host_folder(machine)), load_selected_rules())


def write_html(report: Report, folder: Path) -> Path:
    """The report as the CLI writes it with --format html --output."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "report.html"
    path.write_text(render(report, Format.html, saved_as=str(path)), encoding="utf-8")
    return path


def load(browser: Chromium, path: Path) -> PageRecord:
    """The page's record; a missing Chromium fails the test with the install hint."""
    try:
        return browser.load(path, PROBES)
    except ChromiumMissing as exc:
        missing = str(exc)
    pytest.fail(missing, pytrace=False)  # outside the except: no chained traceback


def words(text: str) -> str:
    """Text as compared here: ligatures (PDF "ﬁ") unfolded, runs of white space as one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def page_one(pdf: bytes) -> str:
    return words(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())


def assert_offline_and_inert(page: PageRecord) -> None:
    """Nothing left the page, nothing ran, nothing complained."""
    assert page.requests == [page.url], "the page asked for more than its own file"
    assert page.errors == [], "console errors, exceptions or policy violations"
    assert page.dialogs == [], "a dialog opened"
    assert page.scripts == [], "the page parsed a script"
    assert page.probes["scripts"] == 0
    assert page.probes["active"] == 0, "an element that can load or run something"


@pytest.fixture(scope="module")
def loaded(
    browser: Chromium, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], tuple[Report, PageRecord]]:
    """Scan a recorded machine, write its HTML report and load it in Chromium (once each)."""
    pages: dict[str, tuple[Report, PageRecord]] = {}

    def get(machine: str) -> tuple[Report, PageRecord]:
        if machine not in pages:
            report = scan(machine)
            folder = tmp_path_factory.mktemp(machine)
            page = load(browser, write_html(report, folder))
            (folder / "screenshot.png").write_bytes(page.screenshot)
            for paper, pdf in page.pdfs.items():
                (folder / f"report-{paper}.pdf").write_bytes(pdf)
            pages[machine] = report, page
        return pages[machine]

    return get


@pytest.mark.parametrize("machine", ["windows11-24h2", "debian12-luks-lvm"])
def test_report_is_offline_inert_and_readable(
    machine: str, loaded: Callable[[str], tuple[Report, PageRecord]]
) -> None:
    report, page = loaded(machine)
    assert_offline_and_inert(page)
    assert len(png_colours(page.screenshot)) >= 4, "the screenshot is blank"
    shown = words(page.probes["text"])
    assert words(opening(report)) in shown
    assert ("Something here needs care" in shown) == bool(report.alarms)
    assert all(visible for _, visible in page.probes["visible"])
    for paper, pdf in page.pdfs.items():
        assert words(opening(report)) in page_one(pdf), paper


# NOTE: the first urgent card may split across pages in print, so the heading is never pulled
# onto page two behind it (see templates/report.html.j2, print styles).
@pytest.mark.parametrize("machine", ["windows11-24h2", "linux-hostile-names"])
def test_fix_these_first_is_on_printed_page_one(
    machine: str, loaded: Callable[[str], tuple[Report, PageRecord]]
) -> None:
    _, page = loaded(machine)
    for paper, pdf in page.pdfs.items():
        assert "Fix these first" in page_one(pdf), paper


def test_hostile_names_are_escaped_in_html(tmp_path: Path) -> None:
    html = write_html(scan("linux-hostile-names"), tmp_path).read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "onmouseover=&#34;alert(1)" in html or "onmouseover=&quot;alert(1)" in html
    for raw in ("<img", "<script", 'onmouseover="', "onerror=alert(1)>"):
        assert raw not in html
    assert "<strong><bdi>TeamViewer</bdi></strong>" in html  # the alarm box
    assert "\u202e" not in html and "[U+202E]txt.exe" in html


def test_hostile_names_do_nothing_in_chromium(
    loaded: Callable[[str], tuple[Report, PageRecord]],
) -> None:
    _, page = loaded("linux-hostile-names")
    assert_offline_and_inert(page)
    assert HOSTILE_EXTENSION in page.probes["all_text"]  # under "What shadowaudit read"
    assert SHOWN_PROFILE in page.probes["text"]  # shown as text, with the override visible
    assert "Something here needs care" in page.probes["text"]


def test_hostile_names_are_plain_text_in_text_and_markdown() -> None:
    report = scan("linux-hostile-names")
    text, markdown = render(report, Format.text), render(report, Format.md)
    assert HOSTILE_EXTENSION in text and SHOWN_PROFILE in text
    assert "&lt;" not in text and "\u202e" not in text and "\u202e" not in markdown
    # Rendered later as Markdown (CommonMark lets raw HTML through), no tag appears, and the
    # names read as they are.
    rendered = MarkdownIt("commonmark").render(markdown)
    shown = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    assert HOSTILE_EXTENSION in shown and SHOWN_PROFILE in shown
    tags = TagCollector()
    tags.feed(rendered)
    assert not {"img", "script"} & tags.names
    assert not any(name.startswith("on") for name in tags.attributes)


class TagCollector(HTMLParser):
    """The tag and attribute names of an HTML text."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.add(tag)
        self.attributes.update(name for name, _ in attrs)


def test_the_browser_checks_notice_what_they_look_for(browser: Chromium, tmp_path: Path) -> None:
    """Controls: a page that does run, load and complain is caught by every check above."""
    plain = tmp_path / "plain.html"
    plain.write_text(
        '<!DOCTYPE html><p>control</p><img src="missing.png">'
        '<script>console.error("control error"); alert("control alert")</script>'
    )
    page = load(browser, plain)
    assert page.dialogs == ["alert: control alert"]
    assert page.scripts and page.probes["scripts"] == 1
    assert page.requests == [page.url, (tmp_path / "missing.png").as_uri()]
    assert "console.error: control error" in page.errors
    # The real report with raw markup slipped in: its policy blocks it and says so.
    report = write_html(scan("debian12-luks-lvm"), tmp_path / "injected")
    report.write_text(
        report.read_text().replace(
            "<main>", f'<main><p onmouseover="alert(3)">{HOSTILE_PROFILE}</p>{HOSTILE_EXTENSION}'
        )
    )
    page = load(browser, report)
    assert page.dialogs == [] and page.probes["active"] == 3
    blocked = " ".join(page.errors)
    assert re.search(r"Executing inline script violates .*Content Security Policy", blocked)
    assert re.search(r"Executing inline event handler violates", blocked)  # onerror, onmouseover
    assert "Loading the image" in blocked


def test_missing_chromium_fails_with_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ChromiumMissing) as missing:
        find_chromium(path=str(tmp_path))
    assert str(missing.value) == INSTALL_HINT
    assert "apt-get install -y chromium" in INSTALL_HINT
    monkeypatch.setenv("PATH", str(tmp_path))
    with Chromium() as nowhere, pytest.raises(pytest.fail.Exception, match="apt-get install"):
        load(nowhere, tmp_path)
