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

#: The kinds of value msgspec names, in the words of a person writing a rule file.
_KIND_WORDS = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "array": "a list",
    "object": "a mapping (name: value)",
    "null": "empty",
}
#: msgspec's messages, and the same in plain words ({0}, {1}: what the pattern found).
_PLAIN = [
    (re.compile(r"Expected `([^`]*)`, got `([^`]*)`"), "should be {0}, not {1}"),
    (re.compile(r"Expected `str` of length >= (\d+)"), "should have at least {0} characters"),
    (re.compile(r"Expected `str` of length <= (\d+)"), "should have at most {0} characters"),
    (re.compile(r"Expected `array` of length >= (\d+)"), "should list at least {0} items"),
    (re.compile(r"Expected `(?:int|float)` >= (\S+)"), "should be at least {0}"),
    (re.compile(r"Expected `(?:int|float)` <= (\S+)"), "should be at most {0}"),
    (re.compile(r"Expected `str` matching regex '(.*)'"), "does not have the form it needs ({0})"),
    (re.compile(r"Invalid enum value '(.*)'"), "'{0}' is not one of the values allowed here"),
]


def _kind(name: str) -> str:
    """msgspec's name of a kind of value (`int | null`), in plain words."""
    return " or ".join(_KIND_WORDS.get(part, part) for part in name.split(" | "))


def _plain(message: str) -> str:
    """One of msgspec's messages as a short plain phrase (any other message, as it is)."""
    for pattern, words in _PLAIN:
        if found := pattern.fullmatch(message):
            return words.format(*(_kind(group) for group in found.groups()))
    message = message.replace("`", "'")
    return message[:1].lower() + message[1:]


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
        message = _plain(message)
    return ".".join(parts) or None, message
