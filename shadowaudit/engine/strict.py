"""The base of every rule-file model: frozen, and unknown keys refused."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """A frozen model that refuses unknown keys."""

    # defer_build: a scan reads the shipped rules already validated (engine/compiled.py), so
    # their validators are built only when something is validated (a rule file, an answer).
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)
