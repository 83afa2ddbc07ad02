"""Where the shipped rules, templates and schemas are: in the installed package or the source."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The folder `rules`, `templates` or `schema`, wherever shadowaudit was installed from."""
    packaged = Path(str(resources.files("shadowaudit"))) / "_data" / name
    if packaged.is_dir():
        return packaged
    return _SOURCE_ROOT / name


def rules_dir() -> Path:
    """The shipped rules."""
    return data_dir("rules")


def templates_dir() -> Path:
    """The shipped report templates."""
    return data_dir("templates")


def schema_dir() -> Path:
    """The committed JSON Schemas."""
    return data_dir("schema")
