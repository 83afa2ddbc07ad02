"""Facts and the Collector interface: values read from the computer, or Missing(reason)."""

from __future__ import annotations

import copy
import functools
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from pathlib import PurePath
from typing import ClassVar, ParamSpec, TypeAlias, TypeVar, overload

from msgspec import Struct, field

from shadowaudit.errors import (
    CommandNotFound,
    CommandTimeout,
    Damaged,
    HostError,
    NotAFile,
    NotFound,
    PermissionDenied,
    TooLarge,
    TooSlow,
    Unsupported,
)
from shadowaudit.host.base import Host, Platform


class Reason(StrEnum):
    """Why a fact could not be read."""

    not_installed = "not_installed"
    permission_denied = "permission_denied"
    unsupported = "unsupported"
    parse_error = "parse_error"
    not_a_file = "not_a_file"
    too_large = "too_large"
    timeout = "timeout"
    not_answered = "not_answered"
    not_sure = "not_sure"
    not_set = "not_set"
    collector_error = "collector_error"
    directory = "directory"
    stale_list = "stale_list"
    #: The system keeps no record of what the check asks (Linux and past camera use).
    not_recorded = "not_recorded"


class Missing(Struct, frozen=True):
    """A fact that could not be read, and why. `detail` is for the log only, never shown raw."""

    reason: Reason
    detail: str = ""

    def to_json(self) -> dict[str, str]:
        """The JSON form used in facts dumps and rule examples: {"$missing": reason}."""
        return {"$missing": self.reason.value}


FactValue: TypeAlias = (
    "bool | int | float | str | None | Missing | list[FactValue] | dict[str, FactValue]"
)
FactMap: TypeAlias = dict[str, FactValue]


class FactKind(StrEnum):
    """The shape of a fact's value, as documented in the catalogue."""

    boolean = "boolean"
    integer = "integer"
    string = "string"
    list = "list"
    mapping = "mapping"
    subjects = "subjects"


class FactSpec(Struct, frozen=True):
    """One entry of the fact catalogue.

    A fact of kind `subjects` is a list of mappings, each with `id` and `label` plus the
    documented `fields`; rules evaluate once per subject with `for_each`.
    """

    name: str
    kind: FactKind
    description: str
    values: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)
    none_found: str = ""


#: Any kind of place a collector reads.
Place = TypeVar("Place")


class Collector(ABC):
    """Reads one source of facts through the Host.

    `collect` returns a value or a Missing for each fact it declares. It may let `HostError`
    escape for failures that spoil every fact it provides; the scan turns those into Missing.
    """

    name: ClassVar[str]
    platforms: ClassVar[frozenset[Platform]]
    facts: ClassVar[tuple[FactSpec, ...]]
    #: True for collectors that spend their time in SQLite; the scan runs those one after the
    #: other, since two threads querying SQLite at once are slower than one after the other.
    queries_databases: ClassVar[bool] = False
    #: Facts of other collectors this one reads: the scan brings those collectors, and runs
    #: this one after them with their facts (`derive`).
    needs: ClassVar[tuple[str, ...]] = ()

    def __init__(self, part: int = 0, parts: int = 1) -> None:
        """A collector reads all its places, or with `parts` > 1 the `part`-th share of them
        (`places`), so that the shares can be read in processes of their own (forked.py)."""
        self.part, self.parts = part, parts

    @classmethod
    def places(cls, host: Host) -> int:
        """How many places (a browser's profile folders ...) shares of this collector could
        read apart, each giving its own subjects of one list fact; 1 when it cannot be shared."""
        return 1

    def share(self, places: Sequence[Place]) -> list[Place]:
        """This collector's share of the places: a run of them, so that the subjects of the
        shares, one after the other, come in the order of the places."""
        size, extra = divmod(len(places), self.parts)
        start = self.part * size + min(self.part, extra)
        return list(places[start : start + size + (self.part < extra)])

    @abstractmethod
    def collect(self, host: Host) -> FactMap:
        """Read the facts this collector provides."""

    def derive(self, host: Host, facts: FactMap) -> FactMap:
        """Its facts from the facts of the collectors it `needs`, collected before it."""
        return self.collect(host)

    @classmethod
    def fact_names(cls) -> frozenset[str]:
        """The names of the facts this collector provides."""
        return frozenset(spec.name for spec in cls.facts)

    @classmethod
    def all_missing(cls, reason: Reason, detail: str = "") -> FactMap:
        """Every fact of this collector, Missing for the same reason."""
        return {spec.name: Missing(reason, detail) for spec in cls.facts}


def fact_to_json(value: FactValue) -> object:
    """A fact value as plain JSON data, with Missing as {"$missing": reason}."""
    if isinstance(value, Missing):
        return value.to_json()
    if isinstance(value, list):
        return [fact_to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: fact_to_json(v) for k, v in value.items()}
    return value


def fact_from_json(data: object) -> FactValue:
    """Read plain JSON data back into a fact value ({"$missing": reason} becomes Missing)."""
    if isinstance(data, dict):
        if set(data) == {"$missing"}:
            return Missing(Reason(str(data["$missing"])))
        return {str(k): fact_from_json(v) for k, v in data.items()}
    if isinstance(data, list):
        return [fact_from_json(v) for v in data]
    if data is None or isinstance(data, bool | int | float | str):
        return data
    return str(data)


def missing_from(exc: HostError) -> Missing:
    """The Missing value that says why a Host question failed."""
    reasons: list[tuple[type[HostError], Reason]] = [
        (NotFound, Reason.not_installed),
        (PermissionDenied, Reason.permission_denied),
        (TooLarge, Reason.too_large),
        (NotAFile, Reason.not_a_file),
        (Damaged, Reason.parse_error),
        (CommandNotFound, Reason.not_installed),
        (CommandTimeout, Reason.timeout),
        (TooSlow, Reason.timeout),
        (Unsupported, Reason.unsupported),
    ]
    for kind, reason in reasons:
        if isinstance(exc, kind):
            return Missing(reason, str(exc))
    return Missing(Reason.unsupported, str(exc))


P = ParamSpec("P")
R = TypeVar("R")
_NO_ABSENT = object()


@overload
def reader() -> Callable[[Callable[P, R]], Callable[P, R | Missing]]:
    """Without `absent`, NotFound gives Missing(not_installed) like any other HostError."""


@overload
def reader(absent: FactValue) -> Callable[[Callable[P, FactValue]], Callable[P, FactValue]]:
    """With `absent`, NotFound gives that value: the file is simply not there."""


def reader(absent: object = _NO_ABSENT) -> Callable[[Callable[P, R]], Callable[P, R | Missing]]:
    """Map the Host's errors to fact values, in one place, for a reader of one fact.

    Any HostError the reader lets out becomes Missing with its reason (a damaged file gives
    parse_error); NotFound gives `absent` instead when one is given (a fresh copy each time).
    A reader whose NotFound needs a second look keeps its own `try`.
    """

    def wrap(read: Callable[P, R]) -> Callable[P, R | Missing]:
        """The reader, guarded."""

        @functools.wraps(read)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R | Missing:
            """Call the reader; turn a HostError into its fact value."""
            try:
                return read(*args, **kwargs)
            except NotFound as exc:
                if absent is _NO_ABSENT:
                    return missing_from(exc)
                return copy.deepcopy(absent)  # type: ignore[return-value]
            except HostError as exc:
                return missing_from(exc)

        return guarded

    return wrap


def display_path(host: Host, path: PurePath) -> str:
    """A path shown to the person, relative to their home as ~/... when inside it."""
    try:
        return "~/" + path.relative_to(host.home).as_posix()
    except ValueError:
        return path.as_posix()
