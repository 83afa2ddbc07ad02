"""Interception and management findings stay in the person's own report: never in a share
summary, a room summary or a handout, and they come right after a watching program."""

from __future__ import annotations

from collections.abc import Callable

from shadowaudit.host import RecordedHost
from shadowaudit.report.harm import watching_rank
from shadowaudit.scan import load_selected_rules, run_scan
from shadowaudit.workshop.share import share_summary
from shadowaudit.workshop.watching import may_watch

PRESENCE = {
    "presence.added_root_certificates",
    "presence.proxy",
    "presence.hosts_redirect",
    "presence.managed",
}


def test_every_presence_rule_is_kept_private() -> None:
    rules = {rule.id: rule for rule in load_selected_rules()}
    assert set(rules) >= PRESENCE
    for rule_id in PRESENCE:
        assert may_watch(rules[rule_id].tags), rule_id
        assert watching_rank(rules[rule_id].tags) == 1, rule_id


def test_a_share_summary_of_a_managed_computer_holds_none_of_them(
    recorded: Callable[[str], RecordedHost],
) -> None:
    rules = load_selected_rules()
    report = run_scan(recorded("windows11-managed"), rules)
    failing = {f.rule for f in report.findings if f.status.value == "fail"}
    assert failing >= PRESENCE
    shared = {result.rule for result in share_summary(report, rules).results}
    assert shared and not shared & PRESENCE
    first = [f.rule for f in report.fix_first]
    assert set(first) <= PRESENCE
