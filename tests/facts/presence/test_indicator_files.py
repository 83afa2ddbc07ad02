"""Indicator files: the published formats read in place, and every file that cannot be used
reported with why (bounded in size, depth and work)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shadowaudit.facts.presence.indicators.files import (
    MAX_BYTES,
    Loaded,
    load_indicator_file,
)
from shadowaudit.facts.presence.indicators.model import Kind, Problem, Unusable
from tests.facts.presence.conftest import published


def _loaded(path: Path) -> Loaded:
    result = load_indicator_file(path)
    assert isinstance(result, Loaded), result
    return result


def test_amnesty_pegasus_bundle(pegasus: Path) -> None:
    result = _loaded(pegasus)
    assert result.found.name == "Pegasus"
    assert result.found.date == "2024-01-26"
    processes = result.found.values[Kind.process]
    assert len(processes) == 81
    assert processes["accountpfd"] == "Pegasus"
    # Its email addresses and the file name cannot be checked on a computer: counted apart.
    assert result.skipped == 30
    assert len(result.found.values[Kind.mdm_host]) == 1438


def test_amnesty_bundles_name_their_campaign() -> None:
    names = {
        "2021-12-16_cytrox_cytrox.stix2": "Predator",
        "2024-05-02_wintego_helios_wintego_helios.stix2": "Wintego Helios",
        "2024-12-16_serbia_novispy_novispy.stix2": "NoviSpy",
    }
    for file, name in names.items():
        result = _loaded(published(f"amnesty-investigations/{file}"))
        assert result.found.name == name
        assert result.found.count > 0


def test_echap_ioc_yaml(echap: Path) -> None:
    result = _loaded(echap)
    panels = result.found.values[Kind.panel_host]
    assert panels["cp.xnspy.com"] == "XNSpy"
    # Shops and blogs are never compared with cookies: only control panels are.
    assert "xnspy.com" not in panels
    assert "flexispy.com" not in panels
    # C2 domains go to the management server's host only.
    assert Kind.mdm_host in result.found.values
    assert result.skipped > 1000  # Android packages and certificates


def test_malicious_extension_id_list(mal_ids: Path) -> None:
    result = _loaded(mal_ids)
    ids = result.found.values[Kind.extension]
    assert len(ids) == 615
    assert "acmnokigkgihogfbeooklgemindnbine" in ids


def test_malicious_extension_csv_keeps_confirmed_rows_only() -> None:
    result = _loaded(published("chrome-mal-ids/current-list-meta.csv"))
    assert 0 < result.skipped < 100
    assert result.found.count > 2000


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", Problem.empty),
        (b"   \n\n", Problem.empty),
        (b"[]\n", Problem.empty),
        (b'{"type": "bundle", "objects": [', Problem.broken),
        (b'{"type": "bundle", "objects": []}', Problem.empty),
        (b'{"hello": "world"}', Problem.unknown_format),
        (b"- {name: OnlyAndroid, packages: [com.example.spy]}\n", Problem.empty),
        (b"key: [unclosed\n", Problem.broken),
        (b"just: a mapping\n", Problem.unknown_format),
        (b"[" * 100_000 + b"]" * 100_000, Problem.broken),
        (b"- " * 200 + b"x\n", Problem.too_large),
    ],
)
def test_a_file_that_cannot_be_used_says_why(
    tmp_path: Path, content: bytes, problem: Problem
) -> None:
    path = tmp_path / "signs.yaml"
    path.write_bytes(content)
    assert load_indicator_file(path) == Unusable("signs.yaml", problem)


def test_aliases_cannot_multiply_the_work(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 9):
        lines.append(
            f"{chr(97 + n)}: &{chr(97 + n)} " + "[" + ", ".join([f"*{chr(96 + n)}"] * 10) + "]"
        )
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert load_indicator_file(path) == Unusable("laughs.yaml", Problem.too_large)


def test_a_file_larger_than_the_cap_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.stix2"
    with path.open("wb") as out:
        out.truncate(MAX_BYTES + 1)
    assert load_indicator_file(path) == Unusable("huge.stix2", Problem.too_large)


def test_missing_folder_and_device_are_unreadable(tmp_path: Path) -> None:
    assert load_indicator_file(tmp_path / "nope.stix2") == Unusable(
        "nope.stix2", Problem.unreadable
    )
    assert load_indicator_file(tmp_path) == Unusable(tmp_path.name, Problem.unreadable)
    assert load_indicator_file(Path("/dev/zero")) == Unusable("zero", Problem.unreadable)


def test_reading_changes_no_byte(pegasus: Path, echap: Path, tmp_path: Path) -> None:
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (pegasus, echap)}
    load_indicator_file(pegasus)
    load_indicator_file(echap)
    assert before == {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (pegasus, echap)}
