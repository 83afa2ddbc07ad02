"""YAML reading with libyaml's C parser when PyYAML was built with it (about 9x faster).

PyYAML is imported on first use: a scan reads its rules compiled (shadowaudit/compiled.py) and
needs no YAML unless a rule folder, an answers file or a recording is given.
"""

from __future__ import annotations

from typing import Any


def safe_load(text: str) -> Any:
    """Parse one YAML document with only plain types, as `yaml.safe_load` does."""
    import yaml

    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
