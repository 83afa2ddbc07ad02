"""Where the shipped rules, templates and schemas are: in the installed package or the source."""

from __future__ import annotations

from pathlib import Path

#: The package's own folder (in an installed program, or in the standalone one's unpacked
#: files). Not importlib.resources: that imports zipfile and tempfile at every start (2 ms),
#: and the shipped files are always plain files beside the code.
_PACKAGE = Path(__file__).resolve().parent
_SOURCE_ROOT = _PACKAGE.parent


def data_dir(name: str) -> Path:
    """The folder `rules`, `templates` or `schema`, wherever shadowaudit was installed from."""
    packaged = _PACKAGE / "_data" / name
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
