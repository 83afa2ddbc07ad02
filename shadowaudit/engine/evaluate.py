"""Judge one rule against the facts: one result per subject, with reason, evidence and trace."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from msgspec import Struct, field

from shadowaudit.engine.conditions import Context, EvidenceItem, TraceLine, Tri, evaluate
from shadowaudit.engine.model import Rule, Status
from shadowaudit.engine.paths import lookup
from shadowaudit.facts.base import FactSpec, FactValue, Missing, Reason, fact_to_json
from shadowaudit.host.base import Platform
from shadowaudit.i18n.computed import ITEM_LABEL, NOT_FOR_PLATFORM
from shadowaudit.i18n.translator import N_

log = logging.getLogger(__name__)

DOES_NOT_APPLY = N_("This check does not apply here.")

#: The evidence note for a setting that a policy fixes (an organisation or a program).
MANAGED_NOTE = N_("set by a policy; you may not be able to change it yourself")


class SubjectRef(Struct, frozen=True):
    """The thing a result is about (a browser profile, a disk), as id and readable label."""

    id: str
    label: str
    note: str = ""
    kind: str = ""


class Evaluation(Struct):
    """What a rule concluded about one subject (or about the computer when subject is None)."""

    status: Status
    subject: SubjectRef | None = None
    reason: Reason | None = None
    note: str = ""
    evidence: list[EvidenceItem] = field(default_factory=list)
    trace: list[TraceLine] = field(default_factory=list)


def _status(result: Tri, missing: list[Missing]) -> tuple[Status, Reason | None]:
    """The status a three-valued result gives, and why when unknown."""
    if any(m.reason is Reason.collector_error for m in missing):
        return Status.error, Reason.collector_error
    if result is Tri.true:
        return Status.pass_, None
    if result is Tri.false:
        return Status.fail, None
    return Status.unknown, missing[0].reason if missing else Reason.not_set


def _subject(value: FactValue, index: int) -> SubjectRef:
    """The id and label of a subject (with a fallback for malformed subjects)."""
    if isinstance(value, dict):
        ident, label = value.get("id"), value.get("label")
        note, kind = value.get("note", ""), value.get("kind", "")
        if isinstance(ident, str) and isinstance(label, str):
            return SubjectRef(
                ident,
                label,
                note if isinstance(note, str) else "",
                kind if isinstance(kind, str) else "",
            )
    return SubjectRef(str(index), ITEM_LABEL.format(number=index + 1))


def _judge_subject(
    rule: Rule,
    platform: Platform,
    facts: Mapping[str, FactValue],
    scopes: dict[str, FactValue],
    subject: SubjectRef | None,
    traced: bool = True,
) -> Evaluation:
    """Evaluate a check's condition once, for one subject or for the computer."""
    check = rule.check.for_platform(platform)
    assert check is not None
    ctx = Context(facts=facts, scopes=scopes, traced=traced)
    result = evaluate(check.pass_if, ctx)
    status, reason = _status(result, ctx.missing)
    managed = scopes.get("item", {})
    managed_names = managed.get("managed", []) if isinstance(managed, dict) else []
    if isinstance(managed_names, list) and managed_names:
        ctx.evidence = [
            EvidenceItem(e.fact, e.value, MANAGED_NOTE) if e.fact in managed_names else e
            for e in ctx.evidence
        ]
    # NOTE: which browser a subject is, its label already says.
    ctx.evidence = [e for e in ctx.evidence if e.fact != "kind"]
    for path in check.evidence:
        value = lookup(path, facts, scopes).value
        ctx.evidence.append(EvidenceItem(path.removeprefix("item."), fact_to_json(value)))
    return Evaluation(status, subject, reason, evidence=ctx.evidence, trace=ctx.trace)


def evaluate_rule(
    rule: Rule,
    facts: Mapping[str, FactValue],
    platform: Platform,
    catalogue: Mapping[str, FactSpec] | None = None,
    traced: bool = True,
) -> list[Evaluation]:
    """Judge a rule on a platform. Never raises: a crash becomes one result with status error.
    Without `traced` the results carry no trace (only `explain` shows one)."""
    try:
        return _evaluate_rule(rule, facts, platform, catalogue or {}, traced)
    except Exception:
        log.exception("rule %s crashed while being evaluated", rule.id)
        return [Evaluation(Status.error, reason=Reason.collector_error, note="engine error")]


def _evaluate_rule(
    rule: Rule,
    facts: Mapping[str, FactValue],
    platform: Platform,
    catalogue: Mapping[str, FactSpec],
    traced: bool = True,
) -> list[Evaluation]:
    """The evaluation itself; evaluate_rule wraps it so that it never raises."""
    check = rule.check.for_platform(platform)
    if platform not in rule.applies_to.platforms or check is None:
        return [
            Evaluation(Status.not_applicable, note=NOT_FOR_PLATFORM.format(platform=platform.shown))
        ]
    if rule.applies_to.when is not None:
        ctx = Context(facts=facts, traced=traced)
        applies = evaluate(rule.applies_to.when, ctx)
        if applies is Tri.false:
            note = rule.applies_to.otherwise or DOES_NOT_APPLY
            return [Evaluation(Status.not_applicable, trace=ctx.trace, note=note)]
        if applies is Tri.unknown:
            status, reason = _status(applies, ctx.missing)
            return [Evaluation(status, reason=reason, evidence=ctx.evidence, trace=ctx.trace)]
    if check.for_each is None:
        return [_judge_subject(rule, platform, facts, {}, None, traced)]
    subjects = lookup(check.for_each, facts).value
    if isinstance(subjects, Missing):
        status, reason = _status(Tri.unknown, [subjects])
        return [Evaluation(status, reason=reason)]
    if not isinstance(subjects, list):
        return [
            Evaluation(
                Status.error, reason=Reason.collector_error, note=f"{check.for_each} is not a list"
            )
        ]
    results = []
    for index, subject in enumerate(subjects):
        if check.where is not None:
            chosen = evaluate(
                check.where, Context(facts=facts, scopes={"item": subject}, record=False)
            )
            if chosen is Tri.false:
                continue
            if chosen is Tri.unknown:
                results.append(
                    Evaluation(
                        Status.unknown,
                        _subject(subject, index),
                        Reason.not_set,
                        note="cannot tell if this applies",
                    )
                )
                continue
        results.append(
            _judge_subject(
                rule, platform, facts, {"item": subject}, _subject(subject, index), traced
            )
        )
    if not results:
        spec = catalogue.get(check.for_each)
        none_found = (
            check.none_found
            or (spec.none_found if spec else "")
            or N_("Nothing to check was found.")
        )
        return [Evaluation(Status.not_applicable, note=none_found)]
    return results
