"""A real scan of the machine the tests run on: a verdict or a reasoned unknown, never an error."""

from __future__ import annotations

from shadowaudit.engine.model import Status
from shadowaudit.host import LocalHost
from shadowaudit.scan import load_selected_rules, run_scan


def test_real_scan_has_no_error_and_explains_every_unknown() -> None:
    report = run_scan(LocalHost(), load_selected_rules())
    assert report.summary[Status.error] == 0
    system = [
        f
        for f in report.findings
        if f.rule.startswith("system.") and f.status is not Status.not_applicable
    ]
    assert system
    for finding in report.with_status(Status.unknown):
        assert finding.reason is not None and finding.reason_text and finding.check_by_hand
