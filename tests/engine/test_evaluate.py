"""Rule evaluation: platforms, when, for_each subjects, and errors that are ours."""

from __future__ import annotations

from typing import Any

from shadowaudit.engine.evaluate import evaluate_rule
from shadowaudit.engine.model import Rule, Status, read_rule
from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.collectors import catalogue
from shadowaudit.host import Platform


def make_rule(**changes: Any) -> Rule:
    data: dict[str, Any] = {
        "id": "test.rule",
        "version": 1,
        "title": "A test rule",
        "why": "Because it matters.",
        "messages": {"pass": "Fine.", "fail": "Not fine."},
        "severity": "low",
        "effort": 1,
        "applies_to": {"platforms": ["linux"]},
        "check": {
            "for_each": "browser.firefox.profiles",
            "pass_if": {"fact": 'item.prefs["p"]', "default": False, "equals": True},
        },
        "fix": {"all": ["Do it."]},
        "check_by_hand": {"all": ["Look."]},
        "references": [{"title": "x", "url": "https://example.org/"}],
        "examples": [
            {"name": "a", "facts": {}, "expect": "pass"},
            {"name": "b", "facts": {}, "expect": "fail"},
        ],
    }
    data.update(changes)
    return read_rule(data)


def profile(name: str, prefs: Any) -> dict[str, Any]:
    return {"id": name, "label": f"Firefox, profile {name}", "prefs": prefs}


def test_one_result_per_subject() -> None:
    facts = {
        "browser.firefox.profiles": [
            profile("a", {"p": True}),
            profile("b", {}),
            profile("c", Missing(Reason.parse_error)),
        ]
    }
    results = evaluate_rule(make_rule(), facts, Platform.linux, catalogue())
    assert [(r.subject.label if r.subject else None, r.status, r.reason) for r in results] == [
        ("Firefox, profile a", Status.pass_, None),
        ("Firefox, profile b", Status.fail, None),
        ("Firefox, profile c", Status.unknown, Reason.parse_error),
    ]
    assert results[1].evidence[0].note == "not set, so the default applies"


def test_no_subjects_is_not_applicable_with_the_catalogue_sentence() -> None:
    results = evaluate_rule(
        make_rule(), {"browser.firefox.profiles": []}, Platform.linux, catalogue()
    )
    assert [(r.status, r.note) for r in results] == [
        (
            Status.not_applicable,
            "shadowaudit found no Firefox, LibreWolf or Tor Browser profile on this computer.",
        )
    ]


def test_missing_subject_list_is_unknown_and_collector_crash_is_error() -> None:
    rule = make_rule()
    unreadable = {"browser.firefox.profiles": Missing(Reason.permission_denied)}
    assert evaluate_rule(rule, unreadable, Platform.linux)[0].status is Status.unknown
    crashed = {"browser.firefox.profiles": Missing(Reason.collector_error)}
    assert evaluate_rule(rule, crashed, Platform.linux)[0].status is Status.error
    not_a_list = {"browser.firefox.profiles": "oops"}
    assert evaluate_rule(rule, not_a_list, Platform.linux)[0].status is Status.error


def test_other_platform_and_when() -> None:
    rule = make_rule(
        applies_to={"platforms": ["linux"], "when": {"fact": "system.linux.ufw", "not_equals": "x"}}
    )
    facts: dict[str, Any] = {"browser.firefox.profiles": [profile("a", {})]}
    assert evaluate_rule(rule, facts, Platform.windows)[0].status is Status.not_applicable
    assert (
        evaluate_rule(rule, {**facts, "system.linux.ufw": "x"}, Platform.linux)[0].status
        is Status.not_applicable
    )
    assert (
        evaluate_rule(rule, {**facts, "system.linux.ufw": Missing(Reason.timeout)}, Platform.linux)[
            0
        ].reason
        is Reason.timeout
    )
    assert (
        evaluate_rule(rule, {**facts, "system.linux.ufw": "y"}, Platform.linux)[0].status
        is Status.fail
    )


def test_variants_pick_the_platform() -> None:
    rule = make_rule(
        check={
            "variants": {"linux": {"pass_if": {"fact": "system.linux.ufw", "equals": "enabled"}}}
        },
        applies_to={"platforms": ["linux", "macos"]},
    )
    assert evaluate_rule(rule, {"system.linux.ufw": "enabled"}, Platform.linux)[0].status is (
        Status.pass_
    )
    assert evaluate_rule(rule, {}, Platform.macos)[0].status is Status.not_applicable


def test_fix_steps_for_one_kind_of_subject() -> None:
    rule = make_rule(
        fix={"all": ["Generic."]}, fix_by_kind={"brave": {"all": ["Open Brave settings."]}}
    )
    assert rule.fix_for(Platform.linux, "brave") == ["Open Brave settings."]
    assert rule.fix_for(Platform.linux, "chrome") == ["Generic."]
    assert rule.fix_for(Platform.linux) == ["Generic."]


def test_subject_kind_and_managed_settings_reach_the_result() -> None:
    subject = {**profile("a", {"p": True}), "kind": "firefox", "managed": ["p"]}
    (result,) = evaluate_rule(make_rule(), {"browser.firefox.profiles": [subject]}, Platform.linux)
    assert result.subject is not None and result.subject.kind == "firefox"
    assert result.evidence[0].note.startswith("set by a policy")


def test_without_a_trace_the_results_and_evidence_are_the_same() -> None:
    """A scan judges without a trace (only `explain` shows it): same statuses, same evidence."""
    rule = make_rule(
        applies_to={
            "platforms": ["linux"],
            "when": {"fact": "browser.firefox.profiles", "count": {"ge": 1}},
        },
        check={
            "for_each": "browser.firefox.profiles",
            "pass_if": {
                "any": [
                    {"fact": 'item.prefs["p"]', "default": False, "equals": True},
                    {
                        "fact": "item.extensions",
                        "count": {"eq": 0, "where": {"fact": "each.enabled", "equals": True}},
                    },
                ]
            },
        },
    )
    facts = {
        "browser.firefox.profiles": [
            dict(profile("a", {"p": True}), extensions=[]),
            dict(profile("b", {}), extensions=[{"enabled": True}]),
            dict(profile("c", {}), extensions=Missing(Reason.parse_error)),
        ]
    }
    traced = evaluate_rule(rule, facts, Platform.linux, catalogue())
    quiet = evaluate_rule(rule, facts, Platform.linux, catalogue(), traced=False)
    assert [(r.status, r.reason, r.evidence) for r in quiet] == [
        (r.status, r.reason, r.evidence) for r in traced
    ]
    assert all(r.trace for r in traced)
    assert not any(r.trace for r in quiet)
    assert [r.status for r in quiet] == [Status.pass_, Status.fail, Status.unknown]
