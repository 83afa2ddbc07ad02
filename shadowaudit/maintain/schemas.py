"""The JSON Schemas generated from the models; committed under schema/ and checked fresh by a test.

Regenerate with `python -m shadowaudit.maintain.schemas schema/`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import msgspec
from pydantic import BaseModel

from shadowaudit.engine.model import Rule
from shadowaudit.engine.questions import AnswersFile, QuestionFile
from shadowaudit.report.model import Report
from shadowaudit.workshop.checklists import Checklist
from shadowaudit.workshop.share import ShareSummary

SCHEMAS: dict[str, type[BaseModel] | type[msgspec.Struct]] = {
    "rule.schema.json": Rule,
    "report.schema.json": Report,
    "question.schema.json": QuestionFile,
    "answers.schema.json": AnswersFile,
    "share.schema.json": ShareSummary,
    "checklist.schema.json": Checklist,
}


def schema_text(model: type[BaseModel] | type[msgspec.Struct]) -> str:
    """A model's JSON Schema (draft 2020-12), as stable, indented text."""
    if issubclass(model, msgspec.Struct):
        # NOTE: msgspec puts every model in $defs; the schema's own model is its top level.
        schema = msgspec.json.schema(model)
        definitions = schema.pop("$defs")
        schema = {**definitions.pop(model.__name__), **schema, "$defs": definitions}
        del schema["$ref"]
    else:
        schema = model.model_json_schema(by_alias=True, mode="validation")
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
