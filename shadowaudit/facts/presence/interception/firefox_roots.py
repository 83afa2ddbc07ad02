"""Firefox and the system's roots: whether Firefox also trusts the roots added to Windows or
macOS, and the roots a Firefox policy installs (`Certificates`).

Firefox keeps its own list of roots, but the pref `security.enterprise_roots.enabled` (set
by the person in Settings, or locked by the `Certificates.ImportEnterpriseRoots` policy)
makes it trust the roots someone added to the system as well. Firefox 120 and later turn it
on by default. Firefox reads such roots on Windows and macOS only (its EnterpriseRoots.cpp
gathers none on Linux), so on Linux an added system root does not reach Firefox this way.
`Certificates.Install` names certificate files that Firefox adds to each profile as roots.
"""

from __future__ import annotations

from shadowaudit.facts.base import FactValue, Missing, Reason
from shadowaudit.facts.browser.firefox.collector import read_prefs
from shadowaudit.facts.browser.firefox.policies import SystemPrefs, read_system_prefs
from shadowaudit.facts.presence.interception.roots import added_root
from shadowaudit.facts.presence.interception.stores import Roots, firefox_profiles
from shadowaudit.host.base import Host, Platform

ENTERPRISE_ROOTS = "security.enterprise_roots.enabled"
#: The systems whose added roots Firefox can trust.
READS_SYSTEM_ROOTS = frozenset({Platform.windows, Platform.macos})
#: The stores of the system (not of a browser) whose roots Firefox then trusts too.
SYSTEM_STORES = ("windows_", "macos_")
STORE = "firefox_policy"


def trusts_system_roots(host: Host, system: SystemPrefs) -> bool:
    """True when a Firefox on this computer trusts the roots added to the system: a policy
    locks the pref on, or a profile leaves it on (the default since Firefox 120)."""
    if host.platform not in READS_SYSTEM_ROOTS:
        return False
    if ENTERPRISE_ROOTS in system.managed:
        return system.managed[ENTERPRISE_ROOTS] is True
    default = system.defaults.get(ENTERPRISE_ROOTS, True)
    for profile in firefox_profiles(host):
        prefs = read_prefs(host, profile)
        own = prefs.get(ENTERPRISE_ROOTS, default) if isinstance(prefs, dict) else default
        if own is True:
            return True
    return False


def policy_roots(system: SystemPrefs) -> Roots:
    """The roots the `Certificates.Install` policy adds, by file name (the file itself is
    not read: it may be anywhere, and Firefox reads it at its next start)."""
    roots: Roots = []
    for name in system.installed_roots:
        root = added_root(name, "", STORE)
        root["id"] = f"{STORE}:{name}"
        root["sha256"] = Missing(Reason.not_sure, "a policy names the file; it is not read")
        roots.append(root)
    return roots


def with_firefox(host: Host, found: FactValue) -> FactValue:
    """The roots found, with the Firefox policy's roots added and, when Firefox trusts the
    system's roots, each root of the system marked `firefox_trusts`."""
    system = read_system_prefs(host)
    extra = policy_roots(system)
    if not isinstance(found, list):
        return list[FactValue](extra) if extra else found
    if trusts_system_roots(host, system):
        for root in found:
            if isinstance(root, dict) and str(root.get("store", "")).startswith(SYSTEM_STORES):
                root["firefox_trusts"] = True
    seen = {str(root["id"]) for root in found if isinstance(root, dict)}
    return [*found, *(root for root in extra if str(root["id"]) not in seen)]
