"""Commands, paths and addresses stay exact in Arabic and Persian, as Chromium shows them.

A person types what the report shows. In a right-to-left sentence the browser lays out a
left-to-right run by the rules of the sentence around it: without isolation
`/etc/dnf/automatic.conf.` shows as `.etc/dnf/automatic.conf/`, a command breaks at its
hyphen across two lines, "2-Step Verification" shows as "Step Verification-2".

For every recorded machine, each command, path and address of the English report (found by the
translators' own check, shadowaudit/maintain/checks.py, and a path pattern) must appear in the
Arabic and the Persian report, as Chromium renders it, as the whole text of one element that
isolates it left to right (`<code dir="ltr">`), or as whole words of one (a path in a
command); no word of it may be broken across two lines, nor drawn in another order than it is
written (its characters, sorted by where Chromium draws them, spell it); and each Latin run of
a right-to-left sentence (a product name, an English label) is isolated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from shadowaudit.host import RecordedHost
from shadowaudit.i18n.translator import translator_for
from shadowaudit.maintain.checks import verbatim
from shadowaudit.report.exact import exact_html, exact_md, is_code, segments
from shadowaudit.report.model import Finding, Report
from shadowaudit.report.render import Format, render
from shadowaudit.scan import load_selected_rules, run_scan
from tests.chromium_page import Chromium, ChromiumMissing
from tests.conftest import HOSTS

MACHINES = sorted(p.name for p in HOSTS.iterdir() if (p / "host.yaml").is_file())
LANGUAGES = ("ar", "fa")
#: Paths a person types or looks for: /etc/..., ~/.ssh/..., C:\ProgramData\...
_PATH = re.compile(r"(?<![\w/\\:.])(?:~|[A-Z]:)?[/\\][\w.-]+(?:[/\\][\w.-]+)+")
# What DevTools asks of the page: each isolating element, its text, its direction and
# isolation, and whether one of its words spans two lines.
PROBE = """Array.from(document.querySelectorAll('code[dir=ltr], bdi, span[dir=ltr]'), el => {
  const style = getComputedStyle(el);
  const broken = Array.from(el.querySelectorAll('.nw'))
    .filter(w => new Set(Array.from(w.getClientRects(), r => Math.round(r.top))).size > 1)
    .map(w => w.textContent);
  return [el.tagName.toLowerCase(), el.textContent, style.direction, style.unicodeBidi, broken];
})"""
# Each word of a command, each short label and each Latin run as the eye reads it: its
# characters sorted by where they are drawn, left to right. Equal to its text when nothing
# reordered it.
SEEN = """Array.from(document.querySelectorAll('code .nw, bdi.nw, span[dir=ltr]'), el => {
  const node = el.firstChild, drawn = [];
  const lines = new Set(Array.from(el.getClientRects(), r => Math.round(r.top)));
  if (!node || node.nodeType !== Node.TEXT_NODE || lines.size !== 1) return null;
  for (let i = 0; i < node.length; i++) {
    const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
    const box = range.getBoundingClientRect();
    if (box.width > 0) drawn.push([box.left, node.data[i]]);
  }
  drawn.sort((a, b) => a[0] - b[0]);
  return [node.data.replace(/\\s/g, ''), drawn.map(d => d[1]).join('').replace(/\\s/g, '')];
}).filter(x => x)"""


def texts_of(finding: Finding) -> Iterator[str]:
    """The rule texts of a finding that the HTML report shows."""
    yield from (finding.title, finding.message)
    if finding.status.value == "fail":
        yield from (finding.why, *finding.fix, *finding.verify)
    elif finding.status.value in ("unknown", "error"):
        yield from (finding.reason_text, *finding.check_by_hand)


def exact_parts(report: Report) -> set[str]:
    """The commands, paths and addresses of a report's texts (without exact.py's help)."""
    found: set[str] = set()
    for finding in report.findings:
        if finding.status.value == "not_applicable":
            continue
        for text in texts_of(finding):
            found |= verbatim(text)
            found |= {p.rstrip(".") for p in _PATH.findall(text)}
    return {part for part in found if len(part) > 2}


def _rendered(
    browser: Chromium, report: Report, folder: Path
) -> tuple[list[list[object]], list[list[str]]]:
    path = folder / "report.html"
    path.write_text(render(report, Format.html, saved_as=str(path)), encoding="utf-8")
    try:
        page = browser.load(path, {"isolated": PROBE, "seen": SEEN}, print_pdf=False)
    except ChromiumMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    return page.probes["isolated"], page.probes["seen"]


@pytest.mark.parametrize("machine", MACHINES)
def test_commands_paths_and_addresses_stay_exact_right_to_left(
    machine: str, browser: Chromium, tmp_path: Path
) -> None:
    rules = load_selected_rules()
    english = run_scan(RecordedHost(HOSTS / machine), rules)
    wanted = exact_parts(english)
    for language in LANGUAGES:
        report = run_scan(RecordedHost(HOSTS / machine), rules, tr=translator_for(language))
        folder = tmp_path / language
        folder.mkdir()
        isolated, seen = _rendered(browser, report, folder)
        reordered = [text for text, drawn in seen if drawn != text]
        assert not reordered, f"{language}: drawn in another order than written: {reordered}"
        code = {
            " ".join(str(text).split())
            for tag, text, direction, bidi, _ in isolated
            if tag == "code" and direction == "ltr" and "isolate" in str(bidi)
        }
        missing = sorted(
            part
            for part in wanted
            if not any(f" {part} " in f" {whole} " for whole in code)  # whole, or a whole word
        )
        assert not missing, f"{language}: not isolated as code, or changed: {missing}"
        broken = sorted({w for *_, words in isolated for w in words})  # type: ignore[union-attr]
        assert not broken, f"{language}: words of a command broken across lines: {broken}"
        ltr = [text for tag, text, direction, *_ in isolated if tag == "span"]
        assert all(direction == "ltr" for tag, _, direction, *_ in isolated if tag == "span")
        if any(re.search(r"[A-Za-z]", str(p)) for f in report.findings for p in texts_of(f)):
            assert ltr, f"{language}: no Latin run isolated"


def test_the_probe_catches_a_command_left_in_the_sentence_and_a_word_broken_at_a_hyphen(
    browser: Chromium, tmp_path: Path
) -> None:
    """Controls: the same Arabic sentence without `exact` shows no isolated command, and
    without the no-wrap style a narrow column breaks "unattended-upgrades" at its hyphen."""
    sentence = 'افتح الطرفية واكتب "sudo dpkg-reconfigure unattended-upgrades" ثم أعد التشغيل.'
    isolated = str(exact_html(sentence, rtl=True))
    head = '<!DOCTYPE html><html lang="ar" dir="rtl"><meta charset="utf-8">'
    pages = {
        "plain": f"{head}<body><p>{sentence}</p>",
        "unstyled": f'{head}<body style="width:6em"><p>{isolated}</p>',
        "styled": f"{head}<style>code .nw {{ white-space: nowrap; }}</style>"
        f'<body style="width:6em"><p>{isolated}</p>',
    }
    seen = {}
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        seen[name] = browser.load(path, {"isolated": PROBE}, print_pdf=False).probes["isolated"]
    command = "sudo dpkg-reconfigure unattended-upgrades"
    assert not [r for r in seen["plain"] if r[0] == "code"]  # would be reported missing
    assert [r[1] for r in seen["unstyled"] if r[0] == "code"] == [command]
    assert any(words for *_, words in seen["unstyled"])  # broken at a hyphen: caught
    assert not any(words for *_, words in seen["styled"])  # the report's style keeps it


def test_the_probe_sees_a_label_drawn_in_another_order(browser: Chromium, tmp_path: Path) -> None:
    """Control: "00-" laid out in the sentence's direction (right to left) is drawn "-00"."""
    head = '<!DOCTYPE html><html lang="ar" dir="rtl"><meta charset="utf-8">'
    path = tmp_path / "label.html"
    path.write_text(
        f'{head}<p>ولذلك فإن <bdi dir="rtl" class="nw">«00-»</bdi> مهمة.</p>'
        f"<p>{exact_html('ولذلك فإن «00-» مهمة.', rtl=True)}</p>",
        encoding="utf-8",
    )
    seen = browser.load(path, {"seen": SEEN}, print_pdf=False).probes["seen"]
    assert seen == [["«00-»", "»-00«"], ["«00-»", "«00-»"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'type "sudo ufw enable".',
            [("text", "type "), ("code", "sudo ufw enable"), ("text", ".")],
        ),
        (
            "in the file /etc/dnf/automatic.conf.",
            [("text", "in the file "), ("code", "/etc/dnf/automatic.conf"), ("text", ".")],
        ),
        (
            'open "2-Step Verification" at myaccount.google.com',
            [
                ("text", "open "),
                ("label", '"2-Step Verification"'),
                ("text", " at "),
                ("code", "myaccount.google.com"),
            ],
        ),
        (
            "tapez « sudo apt install gufw » (https://x.org/a).",
            [
                ("text", "tapez "),
                ("code", "sudo apt install gufw"),
                ("text", " ("),
                ("code", "https://x.org/a"),
                ("text", ")."),
            ],
        ),
    ],
)
def test_exact_parts_are_found_in_any_language(text: str, expected: list[tuple[str, str]]) -> None:
    assert [tuple(s) for s in segments(text)] == expected


def test_labels_and_code_are_told_apart() -> None:
    assert is_code("sudo systemctl enable --now ssh")
    assert is_code("apply_updates = yes") and is_code("PermitRootLogin no")
    assert is_code("about:config") and is_code("safe")  # a word typed in a search box
    assert not is_code("Privacy & Security") and not is_code("2-Step Verification")


def test_html_isolates_and_escapes_markdown_quotes() -> None:
    html = str(exact_html('Tapez "<b>x</b> --y" ou «Sécurité» à Firefox.', rtl=True))
    assert '<code dir="ltr" class="exact"><span class="nw">&lt;b&gt;x&lt;/b&gt;</span>' in html
    assert '<bdi dir="ltr" class="nw">«Sécurité»</bdi>' in html  # no right-to-left letter
    assert '<bdi dir="rtl">«الأمان»</bdi>' in str(exact_html("افتح «الأمان».", rtl=True))
    assert '<bdi dir="rtl">«<span dir="ltr">Windows 11</span>، الإصدار <span dir="ltr">25H2' in (
        str(exact_html("«Windows 11، الإصدار 25H2»", rtl=True))
    )
    assert '<bdi dir="ltr" class="nw">«00-»</bdi>' in str(exact_html("لذا «00-» مهمة.", True))
    assert '<span dir="ltr">Tapez</span>' in html and '<span dir="ltr">Firefox</span>' in html
    assert exact_md('type "sudo ufw enable" at about:config.') == (
        "type `sudo ufw enable` at `about:config`."
    )
