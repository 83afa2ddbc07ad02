"""The one allow-list of what a fact may show: setting names kept, identifiers and addresses hidden.

Every output (`facts`, `explain`, the JSON report and every rendered format) shows facts and
nothing else, so what is dropped here can never be printed:

- **Setting names:** only those a rule judges (`FIREFOX_PREFS`, `CHROMIUM_PREFS`); the others
  are counted, never listed, because a name can hold a site or an address.
- **Identifiers** (telemetry client IDs, profile-group IDs, GUIDs, device, sync and account IDs):
  shown as `IDENTIFIER`. They follow a person across services as surely as an email address.
- **Addresses** (proxy and DNS servers, host names, IP addresses): shown as `ADDRESS`. Sites are
  only named where a rule judges them (trackers, platforms, site permissions), never here.
- **Free text** (an account's email, a homepage URL, a download folder, any long string): shown
  as `HIDDEN`. Rules judge settings by short words, numbers and yes/no.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from shadowaudit.facts.base import FactValue

HIDDEN = "(hidden by shadowaudit)"
IDENTIFIER = "(an identifier, hidden)"
ADDRESS = "(an address, hidden)"

#: Firefox prefs a rule judges or a fix names. An entry ending in "." or "_" is a prefix; any
#: other entry is a whole name (so "x.enabled.canary.example.org" is not kept).
FIREFOX_PREFS = (
    "app.update.auto",
    "browser.contentblocking.category",
    "browser.safebrowsing.downloads.enabled",
    "browser.safebrowsing.malware.enabled",
    "browser.safebrowsing.phishing.enabled",
    "browser.search.suggest.enabled",
    "browser.security_level.security_slider",
    "browser.startup.page",
    "browser.urlbar.suggest.searches",
    "datareporting.healthreport.uploadEnabled",
    "datareporting.policy.dataSubmissionEnabled",
    "datareporting.usage.uploadEnabled",
    "doh-rollout.mode",
    "dom.security.https_only_mode",
    "extensions.pocket.enabled",
    "identity.fxaccounts.enabled",
    "media.peerconnection.enabled",
    "network.cookie.cookieBehavior",
    "network.proxy.type",
    "network.trr.mode",
    "permissions.default.camera",
    "permissions.default.desktop-notification",
    "permissions.default.geo",
    "permissions.default.microphone",
    "privacy.resistFingerprinting",
    "privacy.sanitize.sanitizeOnShutdown",
    "privacy.trackingprotection.enabled",
    "security.enterprise_roots.enabled",
    "signon.rememberSignons",
    "toolkit.telemetry.enabled",
    "xpinstall.signatures.required",
)
#: Chromium-family prefs a rule may judge (prefixes end in "." or "_").
CHROMIUM_PREFS = (
    "safebrowsing.",
    "profile.cookie_controls_mode",
    "profile.block_third_party_cookies",
    "profile.default_content_setting_values.",
    "https_only_mode_",
    "https_first_",
    "credentials_enable_",
    "session.restore_on_startup",
    "enable_do_not_track",
    "net.network_prediction_options",
    "webrtc.ip_handling_policy",
    "autofill.profile_enabled",
    "autofill.credit_card_enabled",
    "google.services.consented_to_sync",
    "sync.has_setup_completed",
    "signin.allowed",
    "dns_over_https.mode",
    "user_experience_metrics.reporting_enabled",
    "brave.",
    "privacy_sandbox.",
    "smartscreen.",
)

_SAFE_TEXT = re.compile(r"^[A-Za-z0-9_.,:+\- ]{0,40}$")
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_ID_WORDS = {"guid", "guids", "uuid", "uuids", "clientid"}
_LAST_ID_WORDS = {"id", "ids", *_ID_WORDS}
_ID_VALUE = re.compile(
    r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
    r"|[0-9a-fA-F]{16,}"
)
_HOST = re.compile(r"(?:[A-Za-z0-9-]+\.)+[A-Za-z][A-Za-z0-9-]*\.?(?::[0-9]+)?")
_IP = re.compile(
    r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}(?::[0-9]+)?|[0-9a-fA-F]*:[0-9a-fA-F:]*:[0-9a-fA-F.]*"
)
_ADDRESS_NAME = re.compile(
    r"(?i)proxy\.(?!type$)|autoconfig|trr\.(?!mode$)|dns_over_https\.(?!mode$)"
)


def is_identifier_name(name: str) -> bool:
    """True when a setting's name says it holds an identifier (`cachedClientID`,
    `metrics.client_id`, `cachedProfileGroupID`, `...guid`)."""
    words = [w.lower() for w in _WORDS.findall(name)]
    return bool(words) and (words[-1] in _LAST_ID_WORDS or any(w in _ID_WORDS for w in words))


def _is_address(text: str) -> bool:
    """True when a short text is a host name or an IP address."""
    return bool(_HOST.fullmatch(text) or _IP.fullmatch(text))


def safe_setting(value: FactValue) -> FactValue:
    """The value itself when it can identify nobody, else IDENTIFIER, ADDRESS or HIDDEN (lists
    are checked item by item, mappings are hidden)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        if _ID_VALUE.search(value):
            return IDENTIFIER
        if _is_address(value):
            return ADDRESS
        return value if _SAFE_TEXT.match(value) and "@" not in value else HIDDEN
    if isinstance(value, list):
        return [safe_setting(item) for item in value]
    return HIDDEN


def shown_setting(name: str, value: FactValue) -> FactValue:
    """A setting's value as facts may hold it: by its name first (an identifier, an address),
    then by its value."""
    if value is None or isinstance(value, bool):
        return value
    if is_identifier_name(name):
        return IDENTIFIER
    if _ADDRESS_NAME.search(name):
        return ADDRESS
    return safe_setting(value)


def safe_settings(values: Mapping[str, FactValue]) -> dict[str, FactValue]:
    """Every value of a settings mapping passed through `shown_setting`."""
    return {name: shown_setting(name, value) for name, value in values.items()}


@cache
def _allow_list(kept: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """An allow-list split into whole names and prefixes (entries ending in "." or "_")."""
    prefixes = tuple(entry for entry in kept if entry.endswith((".", "_")))
    return frozenset(kept), prefixes


def is_kept(name: str, kept: tuple[str, ...]) -> bool:
    """True when a setting's name is on an allow-list and holds no address or identifier."""
    names, prefixes = _allow_list(kept)
    # NOTE: a set look-up and one startswith over a tuple: a long-used Chromium profile has
    # 600,000 settings, and this runs for each of them.
    listed = name in names or name.startswith(prefixes)
    return (
        listed
        and not is_identifier_name(name)
        and not any(ch in name for ch in ":/@[]*,")
        and not _IP.search(name)
    )


def could_hold(prefix: str, kept: tuple[str, ...]) -> bool:
    """True when a setting named `prefix`... (a prefix ending in ".") could be on an allow-list:
    some whole name or prefix of the list starts with it, or it starts with a listed prefix."""
    _, prefixes = _allow_list(kept)
    return prefix.startswith(prefixes) or any(entry.startswith(prefix) for entry in kept)


def kept_settings(
    values: Mapping[str, FactValue], kept: tuple[str, ...]
) -> tuple[dict[str, FactValue], int]:
    """(the settings whose names are kept, their values made safe; how many others there are)."""
    names, prefixes = _allow_list(kept)
    listed = [n for n in values if n in names or n.startswith(prefixes)]
    shown = {name: values[name] for name in sorted(listed) if is_kept(name, kept)}
    return safe_settings(shown), len(values) - len(shown)
