"""`reader`: the one place that turns the Host's errors into fact values."""

from __future__ import annotations

from pathlib import Path

import pytest

from shadowaudit.errors import CommandTimeout, Damaged, HostError, NotFound, PermissionDenied
from shadowaudit.facts.base import FactValue, Missing, Reason, reader
from shadowaudit.facts.decode import read_json_file
from shadowaudit.host.local import LocalHost


def _raising(error: HostError | None) -> FactValue:
    if error is not None:
        raise error
    return ["read"]


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (NotFound("x"), Reason.not_installed),
        (PermissionDenied("x"), Reason.permission_denied),
        (Damaged("x"), Reason.parse_error),
        (CommandTimeout("x"), Reason.timeout),
    ],
)
def test_a_host_error_becomes_missing_with_its_reason(error: HostError, reason: Reason) -> None:
    assert reader()(_raising)(error) == Missing(reason, "x")


def test_not_found_gives_the_absent_value_and_a_fresh_copy_each_time() -> None:
    read = reader(absent=[])(_raising)
    first = read(NotFound("x"))
    assert first == []
    assert isinstance(first, list)
    first.append("changed")
    assert read(NotFound("x")) == []
    assert read(PermissionDenied("x")) == Missing(Reason.permission_denied, "x")
    assert read(None) == ["read"]


def test_other_exceptions_are_not_caught() -> None:
    @reader(absent=0)
    def broken() -> FactValue:
        raise KeyError("a bug, not the computer")

    with pytest.raises(KeyError):
        broken()


def test_a_damaged_json_file_raises_damaged_named_by_the_file(tmp_path: Path) -> None:
    (tmp_path / "extensions.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(Damaged, match=r"^extensions\.json$"):
        read_json_file(LocalHost(tmp_path), tmp_path / "extensions.json")
