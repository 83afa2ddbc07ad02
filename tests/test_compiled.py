"""The compiled rules: the same rules as the YAML, used only when made from exactly those files."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from msgspec.structs import replace

from shadowaudit import compiled
from shadowaudit.compiled import Bundle, shipped_bundle
from shadowaudit.engine import loader
from shadowaudit.engine.loader import load_context_questions, load_rules
from shadowaudit.facts import datalists
from shadowaudit.maintain.compiled_rules import compile_bundle
from shadowaudit.resources import rules_dir


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bundle of the shipped rules where an installed package keeps it."""
    path = tmp_path / compiled.BUNDLE_NAME
    path.write_bytes(compile_bundle(rules_dir()))
    monkeypatch.setattr(compiled, "bundle_path", lambda: path)
    shipped_bundle.cache_clear()
    yield path
    shipped_bundle.cache_clear()


def test_the_bundle_holds_exactly_the_rules_questions_and_lists_of_the_files(
    shipped: Path,
) -> None:
    bundle = shipped_bundle()
    assert bundle is not None
    assert bundle.rules == load_rules([rules_dir()], compiled=False)
    assert bundle.questions == load_context_questions([rules_dir()], compiled=False)
    models = datalists.all_data_models()
    assert set(datalists.DATA_MODELS) == set(datalists.LISTS)
    for name, model in models.items():
        assert bundle.lists[name] == datalists.read_list(name, model, rules_dir())
    # every list, the other wings' too, is validated at build time: none is left as raw YAML
    data_files = {path.stem for path in (rules_dir() / "data").glob("*.yaml")}
    assert set(bundle.lists) == set(models) == data_files
    assert bundle.data == {}
    singles = [rule.check for rule in bundle.rules if rule.check.variants is None]
    assert singles and all(c.for_platform("linux") == c.for_platform("windows") for c in singles)


def test_a_scan_reads_the_bundle_and_not_the_rule_files(
    shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_yaml(path: Path) -> None:
        raise AssertionError(f"read {path}")

    monkeypatch.setattr(loader, "load_rule_file", no_yaml)
    bundle = shipped_bundle()
    assert bundle is not None
    assert load_rules([rules_dir()]) == bundle.rules
    assert load_context_questions([rules_dir()]) == bundle.questions


def test_rules_of_another_folder_are_read_from_their_files(shipped: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    (extra / "mine").mkdir(parents=True)
    source = rules_dir() / "system" / "firewall.yaml"
    (extra / "mine" / "firewall.yaml").write_text(
        source.read_text(encoding="utf-8").replace("id: system.firewall", "id: mine.firewall"),
        encoding="utf-8",
    )
    ids = [rule.id for rule in load_rules([rules_dir(), extra])]
    assert ids.count("mine.firewall") == 1 and "system.firewall" in ids


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda path: path.write_bytes(b"not a pickle"), id="damaged"),
        pytest.param(lambda path: path.write_bytes(pickle.dumps(["a list"])), id="not-a-bundle"),
        pytest.param(
            lambda path: path.write_bytes(
                pickle.dumps(replace(pickle.loads(path.read_bytes()), stamp=("0",)))
            ),
            id="other-versions",
        ),
        pytest.param(
            lambda path: path.write_bytes(
                pickle.dumps(replace(pickle.loads(path.read_bytes()), digest="0" * 64))
            ),
            id="other-rule-files",
        ),
    ],
)
def test_a_bundle_not_made_from_these_files_is_not_used(shipped: Path, damage: object) -> None:
    assert callable(damage)
    damage(shipped)
    assert shipped_bundle() is None
    assert [rule.id for rule in load_rules([rules_dir()])] == [
        rule.id for rule in load_rules([rules_dir()], compiled=False)
    ]


def test_an_edited_rule_file_outdates_the_bundle(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    (folder / "system").mkdir(parents=True)
    rule = folder / "system" / "firewall.yaml"
    rule.write_bytes((rules_dir() / "system" / "firewall.yaml").read_bytes())
    before = compiled.source_digest(folder)
    rule.write_bytes(rule.read_bytes().replace(b"severity: medium", b"severity: low"))
    assert compiled.source_digest(folder) != before


def test_a_source_checkout_has_no_bundle_and_reads_the_files() -> None:
    shipped_bundle.cache_clear()
    try:
        assert not compiled.bundle_path().exists()
        assert shipped_bundle() is None
    finally:
        shipped_bundle.cache_clear()


def test_the_bundle_type_is_what_is_pickled(shipped: Path) -> None:
    assert isinstance(pickle.loads(shipped.read_bytes()), Bundle)


def test_a_list_of_another_wing_is_read_from_the_bundle_without_yaml(
    shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shadowaudit.facts.presence.autostart.known import KnownApps

    from_file = datalists.read_list("autostart_known", KnownApps, rules_dir())
    monkeypatch.setattr(datalists, "read_list", lambda *args: pytest.fail("read the YAML"))
    assert datalists._load("autostart_known", KnownApps) == from_file
