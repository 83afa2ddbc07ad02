"""The JSON Schemas generated from the models; committed under schema/ and checked fresh by a test.

Regenerate with `python -m shadowaudit.maintain.schemas schema/`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import msgspec

from shadowaudit.engine.model import AllOf, AnyOf, ConditionNode, FactTest, NotOf, Rule
from shadowaudit.engine.questions import AnswersFile, QuestionFile
from shadowaudit.report.model import Report
from shadowaudit.workshop.checklists import Checklist
from shadowaudit.workshop.share import ShareSummary

SCHEMAS: dict[str, type[msgspec.Struct]] = {
    "rule.schema.json": Rule,
    "report.schema.json": Report,
    "question.schema.json": QuestionFile,
    "answers.schema.json": AnswersFile,
    "share.schema.json": ShareSummary,
    "checklist.schema.json": Checklist,
}

#: The kinds of condition, which a rule file tells apart by their key (engine/model.py).
CONDITIONS = (FactTest, AllOf, AnyOf, NotOf)


def _conditions(kind: type) -> dict[str, Any]:
    """A condition in a schema: one of the kinds of condition."""
    if kind is not ConditionNode:
        # NOTE: msgspec's schema_hook protocol: "not a type of mine", not something unfinished.
        raise NotImplementedError(kind)
    return {"anyOf": [{"$ref": f"#/$defs/{model.__name__}"} for model in CONDITIONS]}


def schema_text(model: type[msgspec.Struct]) -> str:
    """A model's JSON Schema (draft 2020-12), as stable, indented text: the model at its top
    level, the records it holds under $defs."""
    (top,), definitions = msgspec.json.schema_components((model,), schema_hook=_conditions)
    if any(f'"#/$defs/{kind.__name__}"' in json.dumps(definitions) for kind in CONDITIONS):
        # NOTE: a model that holds conditions refers to them by name: their records too.
        (top, *_), definitions = msgspec.json.schema_components(
            (model, *CONDITIONS), schema_hook=_conditions
        )
    schema = {**definitions.pop(model.__name__), **top}
    del schema["$ref"]
    if definitions:
        schema["$defs"] = definitions
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into a folder; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = folder / name
        path.write_text(schema_text(model), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "schema")):
        print(path)
