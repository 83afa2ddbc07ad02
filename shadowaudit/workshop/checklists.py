"""Checklists: a named selection of rules for a short session (rules/checklists/<id>.yaml)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, PrivateAttr, ValidationError

from shadowaudit import yamlio
from shadowaudit.engine.strict import StrictModel
from shadowaudit.errors import RuleLoadError


class Checklist(StrictModel):
    """A named selection of rules: ids, id prefixes or tags, for a session of `minutes`."""

    schema_: Literal["shadowaudit.checklist/1"] | None = Field(default=None, alias="schema")
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    title: str = Field(min_length=3)
    description: str = Field(min_length=10)
    minutes: int = Field(ge=5, le=600, description="How long a session on it takes.")
    rules: list[str] = Field(min_length=1, description="Rule ids, id prefixes or tags.")
    iocs: list[str] = Field(
        default_factory=list,
        description="Indicator files (STIX 2, Echap ioc.yaml, extension-ID lists) to look for "
        "signs of spyware with, relative to the checklist's folder. Never downloaded.",
    )
    #: The folder the checklist was read from.
    _folder: Path = PrivateAttr(default=Path("."))

    def ioc_files(self) -> list[Path]:
        """The indicator files it names, relative to its own folder."""
        return [self._folder / name for name in self.iocs]


def load_checklists(folders: Iterable[Path]) -> dict[str, Checklist]:
    """Every checklist in the `checklists/` folder of the rules folders (later ones win)."""
    found: dict[str, Checklist] = {}
    for folder in folders:
        for path in sorted((folder / "checklists").glob("*.yaml")):
            try:
                checklist = Checklist.model_validate(
                    yamlio.safe_load(path.read_text(encoding="utf-8"))
                )
            except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
                raise RuleLoadError(str(path), None, None, "cannot be read") from exc
            except ValidationError as exc:
                first = exc.errors()[0]
                field = ".".join(str(p) for p in first["loc"]) or None
                raise RuleLoadError(str(path), None, field, str(first["msg"])) from exc
            if checklist.id != path.stem:
                raise RuleLoadError(str(path), None, "id", f"must be '{path.stem}'")
            checklist._folder = path.parent
            found[checklist.id] = checklist
    return found
