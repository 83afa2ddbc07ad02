"""Rule examples as tests: each case gives its status; missing evidence never decides a verdict."""

from __future__ import annotations

from collections.abc import Mapping

from msgspec import Struct

from shadowaudit.engine.evaluate import evaluate_rule
from shadowaudit.engine.facts_read import subject_fields, top_level_paths
from shadowaudit.engine.model import Example, Rule, Status
from shadowaudit.engine.paths import top_fact
from shadowaudit.facts.base import FactSpec, FactValue, Missing, Reason, fact_from_json

#: What a rule may say when one fact it reads is missing.
HONEST_WHEN_MISSING = frozenset({Status.unknown, Status.not_applicable})
#: The reasons tried when a fact is taken away.
MISSING_REASONS = (
    Reason.parse_error,
    Reason.permission_denied,
    Reason.not_answered,
    Reason.not_sure,
)


class ExampleFailure(Struct, frozen=True):
    """An example whose outcome is not what it expects."""

    rule: str
    example: str
    message: str


def example_facts(example: Example) -> dict[str, FactValue]:
    """The facts of an example, with {"$missing": reason} read as Missing."""
    return {name: fact_from_json(value) for name, value in example.facts.items()}


def _statuses(
    rule: Rule, example: Example, facts: Mapping[str, FactValue], catalogue: Mapping[str, FactSpec]
) -> list[Status]:
    """The statuses a rule gives for an example's facts."""
    platform = example.platform or rule.applies_to.platforms[0]
    return [result.status for result in evaluate_rule(rule, facts, platform, catalogue)]


def _without(
    facts: dict[str, FactValue], names: list[str], fields: list[str], reason: Reason
) -> dict[str, FactValue]:
    """A copy of the facts with facts `names`, and subject fields `fields`, made Missing."""
    changed = dict(facts)
    for name in names:
        value = facts.get(name)
        if fields and isinstance(value, list):
            changed[name] = [
                {**s, **dict.fromkeys(fields, Missing(reason))} if isinstance(s, dict) else s
                for s in value
            ]
        elif not fields:
            changed[name] = Missing(reason)
    return changed


class Mutation(Struct, frozen=True):
    """Facts with some evidence taken away, and the statuses the rule may still give."""

    description: str
    facts: dict[str, FactValue]
    allowed: frozenset[Status]


def _mutations(
    rule: Rule, example: Example, facts: dict[str, FactValue], catalogue: Mapping[str, FactSpec]
) -> list[Mutation]:
    """Take away each judged fact alone, then all of them together.

    Alone, a fact's absence may leave the verdict standing when the other facts decide it
    (three-valued logic: `any` with one true part is true), but it may never turn it into the
    other verdict. With every judged fact gone, only unknown or not_applicable is honest.
    """
    known = set(catalogue) | set(facts)
    tops = [
        t
        for t in dict.fromkeys(top_fact(p, known) for p in top_level_paths(rule, True))
        if t and t in facts
    ]
    lists = [t for t in tops if isinstance(facts[t], list)]
    fields = subject_fields(rule, judged_only=True)
    alone = HONEST_WHEN_MISSING | {example.expect}
    mutations = []
    for reason in MISSING_REASONS:
        for name in tops:
            mutations.append(
                Mutation(f"{name} is {reason}", _without(facts, [name], [], reason), alone)
            )
            for field in fields if name in lists else []:
                mutations.append(
                    Mutation(
                        f"item.{field} of {name} is {reason}",
                        _without(facts, [name], [field], reason),
                        alone,
                    )
                )
        mutations.append(
            Mutation(
                f"every fact it judges is {reason}",
                _without(facts, tops, [], reason),
                HONEST_WHEN_MISSING,
            )
        )
        if lists and fields:
            mutations.append(
                Mutation(
                    f"every subject field it judges is {reason}",
                    _without(facts, lists, fields, reason),
                    HONEST_WHEN_MISSING,
                )
            )
    return mutations


def check_example(
    rule: Rule, example: Example, catalogue: Mapping[str, FactSpec]
) -> list[ExampleFailure]:
    """Run one example and its missing-fact variants; return what went wrong."""
    facts = example_facts(example)
    failures = []
    statuses = _statuses(rule, example, facts, catalogue)
    if not statuses or any(status is not example.expect for status in statuses):
        shown = ", ".join(s.value for s in statuses)
        failures.append(
            ExampleFailure(rule.id, example.name, f"expected {example.expect.value}, got {shown}")
        )
    if example.expect not in (Status.pass_, Status.fail):
        return failures
    for mutation in _mutations(rule, example, facts, catalogue):
        got = _statuses(rule, example, mutation.facts, catalogue)
        dishonest = [s for s in got if s not in mutation.allowed]
        if dishonest:
            failures.append(
                ExampleFailure(
                    rule.id,
                    example.name,
                    f"when {mutation.description}, it says {dishonest[0].value}; "
                    "missing evidence must give unknown or not_applicable",
                )
            )
    return failures


def check_rule_examples(rule: Rule, catalogue: Mapping[str, FactSpec]) -> list[ExampleFailure]:
    """Run every example of a rule."""
    return [f for example in rule.examples for f in check_example(rule, example, catalogue)]
