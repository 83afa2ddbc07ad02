"""Plain-word descriptions for the terminal: the fact catalogue, a rule, and `explain`."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping

from shadowaudit.engine.conditions import Tri
from shadowaudit.engine.evaluate import Evaluation
from shadowaudit.engine.model import Rule, Status
from shadowaudit.facts.base import FactKind, FactSpec
from shadowaudit.host.base import Platform
from shadowaudit.report.reasons import reason_text
from shadowaudit.report.values import visible

_RESULT_WORDS = {Tri.true: "yes", Tri.false: "no", Tri.unknown: "could not tell"}
_STATUS_WORDS = {
    Status.pass_: "fine",
    Status.fail: "needs fixing",
    Status.unknown: "could not check",
    Status.not_applicable: "does not apply",
    Status.error: "broken (our mistake)",
}


def describe_catalogue(specs: Mapping[str, FactSpec]) -> str:
    """The documented list of facts, one block each."""
    blocks = []
    for name in sorted(specs):
        spec = specs[name]
        lines = [
            f"{name}  ({spec.kind})",
            textwrap.fill(
                spec.description,
                76,
                initial_indent="    ",
                subsequent_indent="    ",
                break_on_hyphens=False,
            ),
        ]
        if spec.values:
            lines.append(f"    values: {spec.values}")
        prefix = "item" if spec.kind is FactKind.subjects else name
        for field, text in spec.fields.items():
            lines.append(f"    {prefix}.{field}: {text}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def describe_rule(rule: Rule, platform: Platform) -> str:
    """A rule as a person reads it, with the fix steps for a platform."""
    lines = [
        f"{rule.id} (version {rule.version})",
        f"{rule.title}",
        f"Severity: {rule.severity}. Time to fix: about {rule.effort} min.",
        f"Platforms: {', '.join(p.shown for p in rule.applies_to.platforms)}",
        "",
        textwrap.fill(f"Why it matters: {rule.why}", 78, break_on_hyphens=False),
        "",
        f"How to fix it on {platform.shown}:",
        *[f"  {i}. {step}" for i, step in enumerate(rule.fix.for_platform(platform), 1)],
        "",
        "How to check it yourself:",
        *[f"  {i}. {s}" for i, s in enumerate(rule.check_by_hand.for_platform(platform), 1)],
        "",
        "Learn more:",
        *[f"  - {ref.title}: {ref.url}" for ref in rule.references],
    ]
    return "\n".join(lines) + "\n"


def describe_evaluation(rule: Rule, results: list[Evaluation]) -> str:
    """What `explain` prints: each fact read, each condition's outcome and the final status."""
    lines = [f"{rule.id}: {rule.title}", ""]
    for result in results:
        about = visible(result.subject.label) if result.subject else "this computer"
        lines.append(f"On {about}:")
        for line in result.trace:
            indent = "  " * (line.depth + 1)
            lines.append(f"{indent}- {visible(line.text)} -> {_RESULT_WORDS[line.result]}")
        for item in result.evidence:
            if any(item.fact in line.text for line in result.trace):
                continue
            shown = visible(json.dumps(item.value, ensure_ascii=False))
            note = f" ({visible(item.note)})" if item.note else ""
            lines.append(f"  also read: {item.fact} = {shown}{note}")
        lines.append(f"  Result: {_STATUS_WORDS[result.status]}.")
        if result.note:
            lines.append(f"  {visible(result.note)}")
        if result.reason is not None:
            lines.append(f"  {reason_text(result.reason)}")
        lines.append("")
    return "\n".join(lines)
