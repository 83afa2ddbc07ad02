"""Checklists: a named selection of rules for a short session (rules/checklists/<id>.yaml)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal

import msgspec
import yaml
from msgspec import Meta, field

from shadowaudit import yamlio
from shadowaudit.engine.strict import StrictModel, located
from shadowaudit.errors import RuleLoadError


class Checklist(StrictModel, frozen=True, kw_only=True, rename={"schema_": "schema"}):
    """A named selection of rules: ids, id prefixes or tags, for a session of `minutes`."""

    schema_: Literal["shadowaudit.checklist/1"] | None = None
    id: Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_-]*$")]
    title: Annotated[str, Meta(min_length=3)]
    description: Annotated[str, Meta(min_length=10)]
    minutes: Annotated[int, Meta(ge=5, le=600, description="How long a session on it takes.")]
    rules: Annotated[list[str], Meta(min_length=1, description="Rule ids, id prefixes or tags.")]
    iocs: Annotated[
        list[str],
        Meta(
            description="Indicator files (STIX 2, Echap ioc.yaml, extension-ID lists) to look "
            "for signs of spyware with, relative to the checklist's folder. Never downloaded."
        ),
    ] = field(default_factory=list)


class PlacedChecklist(Checklist, frozen=True, kw_only=True):
    """A checklist with the folder it was read from (never a field of the file itself)."""

    folder: Path

    def ioc_files(self) -> list[Path]:
        """The indicator files it names, relative to its own folder."""
        return [self.folder / name for name in self.iocs]


def load_checklists(folders: Iterable[Path]) -> dict[str, PlacedChecklist]:
    """Every checklist in the `checklists/` folder of the rules folders (later ones win)."""
    found: dict[str, PlacedChecklist] = {}
    for folder in folders:
        for path in sorted((folder / "checklists").glob("*.yaml")):
            try:
                data = yamlio.safe_load(path.read_text(encoding="utf-8"))
                checklist = msgspec.convert(data, Checklist)
            except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
                raise RuleLoadError(str(path), None, None, "cannot be read") from exc
            except msgspec.ValidationError as exc:
                raise RuleLoadError(str(path), None, *located(exc)) from exc
            if checklist.id != path.stem:
                raise RuleLoadError(str(path), None, "id", f"must be '{path.stem}'")
            fields = msgspec.structs.asdict(checklist)
            found[checklist.id] = PlacedChecklist(**fields, folder=path.parent)
    return found
