"""The shipped rules, validated when the wheel is built, read back without YAML or validation.

A wheel carries `_data/compiled-rules.pickle` beside the rule files (packaging/hatch_build.py
writes it with `shadowaudit.maintain.compiled_rules`). A scan uses it only when it was made
from exactly the rule files beside it (a digest of their bytes) by the same Python, msgspec
and shadowaudit; anything else (a source checkout, an edited rule, an upgraded msgspec, a
damaged file) falls back to reading the YAML. Nothing is ever written on the person's computer.
The rules in it are records already checked: loading them checks nothing again.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import sys
from functools import cache
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from shadowaudit import __version__
from shadowaudit.resources import rules_dir

log = logging.getLogger(__name__)

#: The bundle's name, inside the package's `_data` folder.
BUNDLE_NAME = "compiled-rules.pickle"
#: Largest bundle read (the 58 rules of 2026-12 make about 400 KiB).
MAX_BUNDLE_BYTES = 16 * 1024 * 1024


class Bundle(Struct, frozen=True):
    """Rules, context questions and data lists, validated, with what they were made from.

    (engine.model.Rule, engine.questions.QuestionFile and facts.datalists models: this module
    sits below them, so it names them only here.)
    """

    stamp: tuple[str, ...]
    digest: str
    rules: list[Any]
    questions: list[Any]
    lists: dict[str, Any] = field(default_factory=dict)
    #: The other data lists (rules/data/<name>.yaml) as parsed YAML, validated when read.
    data: dict[str, Any] = field(default_factory=dict)


def stamp() -> tuple[str, ...]:
    """What must be the same when the bundle is read as when it was made."""
    import msgspec

    python = ".".join(str(part) for part in sys.version_info[:2])
    return ("4", python, msgspec.__version__, __version__)


def source_digest(folder: Path) -> str:
    """SHA-256 over every YAML file below `folder`: its place and its bytes."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.yaml")):
        name = path.relative_to(folder).as_posix().encode()
        data = path.read_bytes()
        digest.update(b"%d:%s%d:" % (len(name), name, len(data)))
        digest.update(data)
    return digest.hexdigest()


def bundle_path() -> Path:
    """Where an installed package keeps its bundle (beside the shipped rules folder)."""
    return rules_dir().parent / BUNDLE_NAME


@cache
def shipped_bundle() -> Bundle | None:
    """The bundle of the shipped rules, when there is one made from exactly these rules."""
    path = bundle_path()
    try:
        if not path.is_file() or path.stat().st_size > MAX_BUNDLE_BYTES:
            return None
        # The bundle is part of the installed program, as its code is: loading it is as safe
        # as importing a module from the same folder.
        bundle = pickle.loads(path.read_bytes())  # noqa: S301
    except Exception:  # a damaged file is only a slower start
        log.info("the compiled rules could not be read; reading the rule files")
        return None
    if not isinstance(bundle, Bundle) or bundle.stamp != stamp():
        log.info("the compiled rules were made for other versions; reading the rule files")
        return None
    if bundle.digest != source_digest(rules_dir()):
        log.info("the rule files changed since the rules were compiled; reading them")
        return None
    return bundle


def shipped_for(folder: Path) -> Bundle | None:
    """The shipped bundle when `folder` is the shipped rules folder; None for any other."""
    if folder.resolve() != rules_dir().resolve():
        return None
    return shipped_bundle()
