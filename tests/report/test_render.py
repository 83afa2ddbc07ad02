"""Text and Markdown reports carry the same content, in order, with notes and evidence."""

from __future__ import annotations

import json
from collections.abc import Callable

from msgspec.structs import replace

from shadowaudit.engine.model import Status
from shadowaudit.host import RecordedHost
from shadowaudit.report.render import Format, render
from shadowaudit.scan import load_selected_rules, run_scan


def reports(host: RecordedHost) -> dict[Format, str]:
    report = run_scan(host, load_selected_rules())
    return {fmt: render(report, fmt) for fmt in Format}


def test_sections_in_order_with_fix_steps(recorded: Callable[[str], RecordedHost]) -> None:
    out = reports(recorded("linux-firefox"))
    text = " ".join(out[Format.text].split())
    markdown = " ".join(out[Format.md].split())
    for heading in ("FIX THESE FIRST", "OTHER THINGS TO FIX", "COULD NOT CHECK", "WHAT IS FINE"):
        assert heading in text
    assert (
        text.index("FIX THESE FIRST")
        < text.index("OTHER THINGS TO FIX")
        < text.index("WHAT IS FINE")
    )
    for heading in ("## Fix these first", "## Could not check", "## What is fine"):
        assert heading in markdown
    for body in (text, markdown):
        assert "Firefox: protection from tracking cookies (Firefox, profile risky)" in body
        assert "about:profiles in the address bar" in body
        assert 'Choose "Enable HTTPS-Only Mode in all windows".' in body
        assert "Coupon Helper" in body and "can read every website" in body  # in words
        assert "browser.firefox" not in body and " = " not in body  # no fact name, no value
        assert "No automatic check can prove that a computer is safe." in body
        assert "Keep it private." in body


def test_the_default_profile_needs_no_opening_note(
    recorded: Callable[[str], RecordedHost],
) -> None:
    data = json.loads(reports(recorded("linux-firefox"))[Format.json])
    notes = {f["subject"]["label"]: f["subject"]["note"] for f in data["findings"] if f["subject"]}
    assert notes["Firefox, profile default-esr"] == ""
    assert notes["Firefox, profile risky"].startswith('Firefox does not open the profile "risky"')


def test_nothing_to_fix_has_no_fix_section(recorded: Callable[[str], RecordedHost]) -> None:
    # NOTE: every rule but long-term support, which this Debian 12 is in (a fail).
    rules = [r for r in load_selected_rules() if r.id != "system.long_term_support"]
    text = render(run_scan(recorded("debian12-luks-lvm"), rules), Format.text)
    assert "FIX THESE FIRST" not in text and "WHAT IS FINE" in text
    assert "DID NOT APPLY" in text


def test_indicator_checks_say_no_known_sign_apart_from_what_is_fine(
    recorded: Callable[[str], RecordedHost],
) -> None:
    out = reports(recorded("debian12-luks-lvm"))
    headings = {
        Format.text: ("WHAT IS FINE", "NO KNOWN SIGN FOUND"),
        Format.md: ("## What is fine", "## No known sign found"),
        Format.html: (">What is fine</h2>", ">No known sign found</h2>"),
    }
    for fmt, (fine_heading, heading) in headings.items():
        body = " ".join(out[fmt].split())
        fine, sign = body.index(fine_heading), body.index(heading)
        spyware = body.index("Monitoring or spying programs")
        assert fine < sign < spyware, fmt
        assert "no known sign of a spying program" in body[sign:]
        assert "cannot prove that no one watches this computer" in body[sign:]
    data = json.loads(out[Format.json])
    spying = next(f for f in data["findings"] if f["rule"] == "system.monitoring_software")
    assert spying["status"] == "pass" and spying["indicator"] is True


def test_commands_are_never_split_at_a_hyphen() -> None:
    from shadowaudit.report.render import _wrap

    step = (
        'Then type "sudo dpkg-reconfigure unattended-upgrades" and answer "Yes". Then type '
        '"sudo dnf install dnf5-plugin-automatic" in the terminal window you opened before.'
    )
    lines = _wrap(step, indent=6, first="1. ").splitlines()
    assert len(lines) > 1
    words = {word for line in lines for word in line.split()}
    assert {"dpkg-reconfigure", 'unattended-upgrades"', 'dnf5-plugin-automatic"'} <= words
    assert all(not line.endswith("-") for line in lines)


def test_the_report_gives_the_scans_exit_status(recorded: Callable[[str], RecordedHost]) -> None:
    report = run_scan(recorded("linux-firefox"), load_selected_rules())
    assert report.summary[Status.fail] and not report.summary[Status.error]
    assert report.exit_code() == 1
    clean = replace(report, summary={**report.summary, Status.fail: 0})
    assert clean.exit_code() == 0
    broken = replace(report, summary={**report.summary, Status.error: 1})
    assert broken.exit_code() == 3
