"""YAML reading with libyaml's C parser when PyYAML was built with it (about 9x faster)."""

from __future__ import annotations

from typing import Any

import yaml

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """Parse one YAML document with only plain types, as `yaml.safe_load` does."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
