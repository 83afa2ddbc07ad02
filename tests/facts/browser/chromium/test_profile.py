"""Chromium settings: branches no rule reads are counted, not named, and the count is exact."""

from __future__ import annotations

from collections.abc import Mapping

from hypothesis import given, settings
from hypothesis import strategies as st

from shadowaudit.facts.base import FactValue
from shadowaudit.facts.browser.chromium import profile
from shadowaudit.facts.browser.chromium.profile import PrefLayers, count_settings, flatten, holds
from shadowaudit.facts.redact import CHROMIUM_PREFS, kept_settings

#: Keys as Chromium writes them, a few of them on the allow-list, some holding dots.
KEYS = st.sampled_from(
    [
        "profile",
        "content_settings",
        "exceptions",
        "https://a.example:443,*",
        "safebrowsing",
        "enabled",
        "cookie_controls_mode",
        "default_content_setting_values",
        "geolocation",
        "browser",
        "a.b",
        "setting",
        "last_modified",
    ]
)
VALUES = st.one_of(st.booleans(), st.integers(), st.text(max_size=3), st.none(), st.just([1]))
TREES = st.recursive(
    VALUES, lambda inner: st.dictionaries(KEYS, inner, max_size=5), max_leaves=40
).filter(lambda tree: isinstance(tree, dict))


def every_setting(tree: Mapping[str, object]) -> dict[str, FactValue]:
    """All the settings of a tree, named, as `flatten` did before it could skip branches."""
    named, skipped = flatten(tree)
    assert skipped == 0
    return named


@given(TREES)
@settings(max_examples=300, deadline=None)
def test_skipped_branches_hold_exactly_the_unnamed_settings(tree: dict[str, object]) -> None:
    everything = every_setting(tree)
    named, skipped = flatten(tree, CHROMIUM_PREFS)
    assert named.items() <= everything.items()
    # a setting that may be kept is always named, with its value
    kept, _ = kept_settings(everything, CHROMIUM_PREFS)
    assert kept == kept_settings(named, CHROMIUM_PREFS)[0]
    # two branches may spell one name ({"a.b": {"c": 1}} and {"a": {"b": {"c": 1}}}): `flatten`
    # named it once, the count counts both; without such keys the count is exact
    assert len(named) + skipped >= len(everything)
    if not any("." in key for key in _keys(tree)):
        assert len(named) + skipped == len(everything) == count_settings(tree)


def _keys(tree: Mapping[str, object]) -> list[str]:
    """Every key of a tree."""
    found = list(tree)
    for value in tree.values():
        if isinstance(value, dict):
            found += _keys(value)
    return found


@given(TREES, st.sampled_from(["profile.content_settings.exceptions.setting", "a.b.enabled"]))
@settings(max_examples=200, deadline=None)
def test_holds_says_whether_flatten_names_a_setting(tree: dict[str, object], name: str) -> None:
    assert holds(tree, name) == (name in every_setting(tree))


def test_settings_counts_other_settings_as_before_with_layers_and_local_state() -> None:
    site = "https://a.example:443,*"
    preferences: dict[str, object] = {
        "profile": {
            "cookie_controls_mode": 1,
            "content_settings": {"exceptions": {"geolocation": {site: {"setting": 1}}}},
            "exit_type": "Normal",
        },
        "browser": {"has_seen_welcome_page": True},
    }
    local_state = {"browser": {"has_seen_welcome_page": False}, "profile": {"info_cache": {}}}
    layers = PrefLayers(
        defaults={"safebrowsing.enabled": True, "browser.has_seen_welcome_page": False},
        recommended={f"profile.content_settings.exceptions.geolocation.{site}.setting": 2},
        mandatory={"profile.exit_type": "Crashed"},
    )
    found = profile.settings(preferences, local_state, layers)
    # named before: profile.cookie_controls_mode, the site's setting, profile.exit_type,
    # browser.has_seen_welcome_page (Local State, Preferences and a default: once), and the
    # default safebrowsing.enabled: 5 settings, 2 of them kept
    assert found.prefs == {"profile.cookie_controls_mode": 1, "safebrowsing.enabled": True}
    assert found.other_prefs == 3
    assert found.recommended == []
