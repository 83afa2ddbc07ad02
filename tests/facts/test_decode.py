"""JSON nesting: exactly MAX_JSON_DEPTH levels are kept, one more is refused."""

from __future__ import annotations

import pytest

from shadowaudit.facts.decode import MAX_JSON_DEPTH, json_loads


def _nested(levels: int, mixed: bool) -> str:
    """`levels` containers one inside the other (lists, or lists and objects in turn)."""
    opens = "".join('{"k":' if mixed and i % 2 else "[" for i in range(levels))
    closes = "".join("}" if mixed and i % 2 else "]" for i in reversed(range(levels)))
    return opens + "1" + closes


@pytest.mark.parametrize("mixed", [False, True])
def test_nesting_up_to_the_limit_is_read_and_one_more_level_is_refused(mixed: bool) -> None:
    assert json_loads(_nested(MAX_JSON_DEPTH, mixed)) is not None
    with pytest.raises(ValueError):
        json_loads(_nested(MAX_JSON_DEPTH + 1, mixed))


def test_wide_and_empty_containers_are_not_deep() -> None:
    wide = "[" + ",".join(["{}", "[]", '{"a": [1, {"b": []}]}'] * 10_000) + "]"
    assert len(json_loads(wide)) == 30_000  # type: ignore[arg-type]
    assert json_loads("{}") == {} and json_loads("1") == 1
