"""The base of every rule-file model (frozen, unknown keys refused), and what a check raises."""

from __future__ import annotations

import re

import msgspec
from msgspec import Struct


class StrictModel(Struct, frozen=True, forbid_unknown_fields=True):
    """A frozen record that refuses unknown keys when read (msgspec.convert).

    Each model gives its fields by name (`kw_only`, which msgspec does not pass on to
    subclasses). A record is only a shape: what its values must say together (one operator, a
    pass and a fail example ...) is checked by the reader of its file (`read_rule`,
    `read_question`), once, so that a scan reads the shipped rules already checked, at no cost.
    """


class ModelProblem(ValueError):
    """A file of the right shape that says something a model does not allow, and where."""

    def __init__(self, where: tuple[str | int, ...], message: str) -> None:
        """`where`: the place in the file, as keys and list positions."""
        super().__init__(message)
        self.where = where
        self.message = message


#: A place msgspec names in its message (" - at `$.check.pass_if`"), one per level.
_AT = re.compile(r" - at `\$([^`]*)`")
_KEY_OR_INDEX = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
_UNKNOWN = re.compile(r"Object contains unknown field `([^`]*)`")
_MISSING = re.compile(r"Object missing required field `([^`]*)`")


def located(error: msgspec.ValidationError | ModelProblem) -> tuple[str | None, str]:
    """Where a problem is in a file, dotted (check.pass_if.any.1.equal; None for the whole
    file), and what it is, as a short plain phrase."""
    if isinstance(error, ModelProblem):
        return ".".join(str(part) for part in error.where) or None, error.message
    text = str(error)
    # NOTE: msgspec names the innermost place first, each outer one after it.
    places = _AT.findall(text)
    message = _AT.sub("", text)
    parts = [
        key or index for place in reversed(places) for key, index in _KEY_OR_INDEX.findall(place)
    ]
    if unknown := _UNKNOWN.fullmatch(message):
        parts.append(unknown[1])
        message = "is not a field this file can have (check the spelling)"
    elif missing := _MISSING.fullmatch(message):
        parts.append(missing[1])
        message = "is required but missing"
    else:
        message = message.replace("`", "'")
        message = message[:1].lower() + message[1:]
    return ".".join(parts) or None, message
