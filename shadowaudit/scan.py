"""The pipeline: choose rules -> collect only the facts they need -> evaluate -> a Report."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from shadowaudit import __version__
from shadowaudit.collecting import Run
from shadowaudit.engine.conditions import Context, Tri, evaluate
from shadowaudit.engine.evaluate import DOES_NOT_APPLY, Evaluation, evaluate_rule
from shadowaudit.engine.facts_read import rule_paths, top_level_paths
from shadowaudit.engine.loader import all_questions, load_context_questions, load_rules
from shadowaudit.engine.model import Rule, Status
from shadowaudit.engine.paths import top_fact
from shadowaudit.engine.questions import Question, answer_facts, question_specs
from shadowaudit.errors import HostError
from shadowaudit.facts.base import (
    Collector,
    FactMap,
    FactSpec,
    FactValue,
    Missing,
    Reason,
    fact_to_json,
    missing_from,
)
from shadowaudit.facts.collectors import COLLECTORS, catalogue
from shadowaudit.forked import Worker, Workers, can_fork
from shadowaudit.host.base import Host, Platform
from shadowaudit.i18n.computed import translate_built
from shadowaudit.i18n.translator import N_, Translator, current, translator_for
from shadowaudit.report.harm import harm_key
from shadowaudit.report.model import Evidence, Finding, Report, Subject, Tool, area_of
from shadowaudit.report.reasons import reason_text
from shadowaudit.report.values import visible
from shadowaudit.resources import rules_dir

log = logging.getLogger(__name__)

Progress = Callable[[str], None]
#: Time one collector may take before its facts are "could not check (took too long)".
COLLECTOR_SECONDS = 60.0


def load_questions(
    rules: Iterable[Rule], extra: Iterable[Path] = (), platform: Platform | None = None
) -> dict[str, Question]:
    """The questions whose answers these rules read (their own and context questions), in the
    order a person meets them: context questions first. With `platform`, only those the rules
    read on that platform (a Mac's FileVault question is not asked on Windows)."""
    rules = list(rules)
    read = {
        path.split(".")[1]
        for rule in rules
        for path in rule_paths(rule, platform=platform)
        if path.startswith("answers.")
    }
    questions = all_questions(rules, load_context_questions([rules_dir(), *extra]))
    return {qid: q for qid, q in questions.items() if qid in read}


def still_relevant(
    rules: Iterable[Rule], questions: Mapping[str, Question]
) -> Callable[[Question, dict[str, str | list[str]]], bool]:
    """A test telling whether a question still matters: some rule that reads its answer does
    not already say "does not apply" because of the answers given so far."""
    readers: dict[str, list[Rule]] = {}
    for rule in rules:
        for path in rule_paths(rule):
            if path.startswith("answers."):
                readers.setdefault(path.split(".")[1], []).append(rule)

    def relevant(question: Question, answers: dict[str, str | list[str]]) -> bool:
        """True unless every rule reading this answer already does not apply."""
        facts = answer_facts(questions.values(), answers)
        return not readers.get(question.id) or any(
            rule.applies_to.when is None
            or evaluate(rule.applies_to.when, Context(facts=facts, record=False)) is not Tri.false
            for rule in readers[question.id]
        )

    return relevant


def full_catalogue(questions: Mapping[str, Question]) -> dict[str, FactSpec]:
    """The collectors' facts and the `answers.*` facts of the questions."""
    return {**catalogue(), **question_specs(questions.values())}


def load_selected_rules(extra: Iterable[Path] = (), only: Iterable[str] = ()) -> list[Rule]:
    """The shipped rules plus those in `extra` folders, narrowed to ids, id prefixes or tags."""
    rules = load_rules([rules_dir(), *extra])
    return select_rules(rules, only)


def select_rules(rules: list[Rule], only: Iterable[str]) -> list[Rule]:
    """Keep rules whose id equals or starts with one of `only`, or that carry it as a tag."""
    wanted = list(only)
    if not wanted:
        return rules
    return [
        r
        for r in rules
        if any(r.id == w or r.id.startswith(w.rstrip(".") + ".") or w in r.tags for w in wanted)
    ]


def needed_collectors(rules: Iterable[Rule], host: Host) -> list[type[Collector]]:
    """The collectors that provide a fact one of the rules reads on this host's platform."""
    known = catalogue()
    needed = {top_fact(path, known) for rule in rules for path in top_level_paths(rule)}
    chosen = [c for c in COLLECTORS if host.platform in c.platforms and c.fact_names() & needed]
    # NOTE: a step that derives its facts from others' (`needs`) brings those collectors.
    needed.update(fact for c in chosen for fact in c.needs)
    return [c for c in COLLECTORS if host.platform in c.platforms and c.fact_names() & needed]


def derive(
    host: Host, facts: FactMap, steps: list[type[Collector]], progress: Progress | None = None
) -> FactMap:
    """Run the steps that read other collectors' facts (those with `needs`), after them."""
    for step in steps:
        try:
            facts.update(step().derive(host, facts))
        except Exception:
            log.exception("step %s crashed", step.name)
            facts.update(step.all_missing(Reason.collector_error, "crashed"))
        if progress:
            progress(step.name)
    return facts


def run_collector(collector: Collector, host: Host) -> FactMap:
    """Run one collector; a failure becomes Missing facts and never stops the scan."""
    try:
        facts = collector.collect(host)
    except HostError as exc:
        log.info("%s: %s", collector.name, type(exc).__name__)
        return collector.all_missing(missing_from(exc).reason)
    except Exception:
        log.exception("collector %s crashed", collector.name)
        return collector.all_missing(Reason.collector_error, "crashed")
    for name in collector.fact_names() - facts.keys():
        log.error("collector %s did not return %s", collector.name, name)
        facts[name] = Missing(Reason.collector_error, "not returned")
    return facts


def _cores() -> int:
    """The processor cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


#: Most shares of one collector read in processes of their own.
MOST_SHARES = 4


def fork_worker(host: Host, collectors: list[type[Collector]]) -> Workers | None:
    """Start the collectors that query databases (the browsers) in forked processes
    (forked.py), when this host and process allow it; None otherwise. Each reads in a process
    of its own, away from the threads of the others (one core each, where there are two); with
    several places to read (user data folders), each of up to `shares` runs of them in a
    process of its own. Call it before any thread starts."""
    databases = [c for c in collectors if c.queries_databases]
    if not databases or not host.forks or not can_fork():
        return None
    return Workers(
        [
            Worker(host, [collector], run_collector, (part, shares))
            for collector in databases
            for shares in [max(1, min(collector.places(host), _cores(), MOST_SHARES))]
            for part in range(shares)
        ]
    )


def collect_facts(
    host: Host,
    collectors: list[type[Collector]],
    progress: Progress | None = None,
    budget: float | None = None,
    worker: Workers | None = None,
) -> FactMap:
    """Run collectors concurrently and merge their facts. A collector still running after
    `budget` seconds (default COLLECTOR_SECONDS) is left behind: its facts are "could not
    check" (timeout) and the rest of the scan goes on. `worker` runs some of them already
    (`fork_worker`); without one, one is forked here when it can be."""
    if not collectors:
        return {}
    steps = [c for c in collectors if c.needs]
    if steps:
        rest = [c for c in collectors if c not in steps]
        facts = collect_facts(host, rest, progress, budget, worker)
        return derive(host, facts, steps, progress)
    # NOTE: collectors that query databases run in forked processes where they can
    # (forked.py), started before any thread. Here, they share one thread, one after the
    # other: SQLite in two threads at once was measured 50% slower (1.52 s -> 1.43 s for a
    # heavy home). That thread starts first: it has the most to do.
    seconds = COLLECTOR_SECONDS if budget is None else budget
    if worker is None:
        worker = fork_worker(host, collectors)
    forked = worker.collectors if worker is not None else []
    collectors = [c for c in collectors if c not in forked]
    databases = [c for c in collectors if c.queries_databases]
    groups = [[c] for c in collectors if not c.queries_databases]
    if databases:
        groups.insert(0, databases)
    run = Run(host, groups, seconds, run_collector)
    # NOTE: as each finishes, so a slow collector holds neither the others nor the progress.
    for collector in run.finished():
        if progress:
            progress(collector.name)
    if worker is None:
        return run.facts
    run.facts.update(worker.facts(seconds))
    for collector in worker.collectors:
        if progress:
            progress(collector.name)
    return run.facts


def explain_rule(host: Host, rule: Rule) -> list[Evaluation]:
    """One rule judged here with its trace, reading only the facts it needs (`explain`)."""
    facts = collect_facts(host, needed_collectors([rule], host))
    return evaluate_rule(rule, facts, host.platform, catalogue())


def read_facts(host: Host) -> dict[str, object]:
    """Every fact the collectors for this platform read, by name, as JSON data (`facts`)."""
    collectors = [c for c in COLLECTORS if host.platform in c.platforms]
    return {k: fact_to_json(v) for k, v in sorted(collect_facts(host, collectors).items())}


def _message(rule: Rule, result: Evaluation) -> str:
    """The finding's headline in English: the rule's message, or why there is no verdict."""
    if result.status is Status.pass_:
        return rule.messages.pass_
    if result.status is Status.fail:
        return rule.messages.fail
    if result.status is Status.not_applicable:
        return result.note or DOES_NOT_APPLY
    if result.status is Status.error:
        return N_("shadowaudit could not finish this check because of a mistake in shadowaudit.")
    if result.reason is Reason.not_answered:
        return N_("shadowaudit needs your answer to judge this.")
    if result.reason is Reason.not_sure:
        return N_("You were not sure, so shadowaudit cannot judge this yet.")
    return N_("shadowaudit could not check this.")


def _finding(rule: Rule, result: Evaluation, host: Host, tr: Translator) -> Finding:
    """A finding: the rule's text for this platform around one result, in tr's language."""
    platform = host.platform
    kind = result.subject.kind if result.subject else ""
    return Finding(
        rule=rule.id,
        rule_version=rule.version,
        subject=Subject(
            id=result.subject.id,
            label=visible(translate_built(result.subject.label, tr)),
            note=visible(translate_built(result.subject.note, tr)),
        )
        if result.subject
        else None,
        status=result.status,
        severity=rule.severity,
        effort_minutes=rule.effort,
        reason=result.reason,
        reason_text=tr.text(reason_text(result.reason)),
        title=tr.text(rule.title, rule.id),
        message=translate_built(_message(rule, result), tr, rule.id),
        why=tr.text(rule.why, rule.id),
        fix=tr.texts(rule.fix_for(platform, kind), rule.id),
        verify=tr.texts(rule.verify.for_platform(platform), rule.id),
        check_by_hand=tr.texts(rule.check_by_hand.for_platform(platform), rule.id),
        evidence=[
            Evidence(fact=e.fact, value=e.value, note=tr.text(e.note)) for e in result.evidence
        ],
        tags=rule.tags,
        references=[ref.url for ref in rule.references],
        area=area_of(rule.id),
        alarm="alarm" in rule.tags,
        indicator=rule.indicator,
    )


_STATUS_ORDER = [Status.fail, Status.error, Status.unknown, Status.pass_, Status.not_applicable]


def order_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Failures first, most harmful first (report/harm.py), then errors, unknowns, passes and
    checks that did not apply, each in the same order of harm."""
    return sorted(findings, key=lambda f: (_STATUS_ORDER.index(f.status), harm_key(f)))


def judge(
    rules: list[Rule],
    facts: Mapping[str, FactValue],
    host: Host,
    specs: Mapping[str, FactSpec],
    tr: Translator,
) -> list[Finding]:
    """Evaluate every rule on the collected facts; the text in tr's language."""
    return order_findings(
        _finding(rule, result, host, tr)
        for rule in rules
        for result in evaluate_rule(rule, facts, host.platform, specs, traced=False)
    )


def run_scan(
    host: Host,
    rules: list[Rule],
    progress: Progress | None = None,
    answers: Mapping[str, str | list[str]] | None = None,
    questions: Mapping[str, Question] | None = None,
    tr: Translator | None = None,
    worker: Workers | None = None,
    collectors: list[type[Collector]] | None = None,
) -> Report:
    """Scan a host with the given rules (and the person's answers) and return the report,
    in tr's language (default: the one in use). `worker`: from `fork_worker` with the
    collectors these rules need, started before a thread (a progress spinner) was;
    `collectors`: those collectors, when the caller has them already (`needed_collectors`)."""
    tr = tr or translator_for(current().language)
    if collectors is None:
        collectors = needed_collectors(rules, host)
    log.debug("collectors needed: %s", [c.name for c in collectors])
    facts = collect_facts(host, collectors, progress, worker=worker)
    asked = questions if questions is not None else load_questions(rules)
    facts.update(answer_facts(asked.values(), answers or {}))
    findings = judge(rules, facts, host, full_catalogue(asked), tr)
    summary = {status: sum(f.status is status for f in findings) for status in Status}
    return Report(
        tool=Tool(version=__version__),
        generated_at=host.now(),
        platform=host.platform,
        rules_checked=len(rules),
        summary=summary,
        findings=findings,
        language=tr.language,
        untranslated=untranslated_parts(tr),
    )


def untranslated_parts(tr: Translator) -> list[str]:
    """What fell back to English: rule ids, and 'shadowaudit' for the program's own words."""
    return sorted(context or "shadowaudit" for context in tr.missed())
