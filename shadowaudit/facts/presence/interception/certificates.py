"""Root certificates added to this computer or its browsers (`presence.certificates`).

A root certificate lets whoever holds its key make any site's certificate: with it, they
can read traffic the browser shows as encrypted. Antivirus web shields, company TLS
inspection and development tools add roots on purpose; so can stalkerware or a state.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from shadowaudit.facts.base import Collector, FactKind, FactMap, FactSpec
from shadowaudit.facts.presence.interception.firefox_roots import with_firefox
from shadowaudit.facts.presence.interception.gather import gather
from shadowaudit.facts.presence.interception.stores import (
    WINDOWS_STORES,
    Roots,
    linux_anchors,
    macos_domain,
    nss_databases,
    nss_store,
    windows_store,
)
from shadowaudit.host.base import Host, Platform
from shadowaudit.i18n.translator import N_

CERTIFICATES = "presence.certificates"


class CertificatesCollector(Collector):
    """Reads every store of root certificates a person can read without admin rights."""

    name = "presence_certificates"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            name=CERTIFICATES,
            kind=FactKind.subjects,
            description="Root certificates trusted on this computer or in a browser that "
            "neither Mozilla's root program (rules/data/root_programs.yaml) nor Windows "
            "itself ships: someone added them, and those a Firefox policy installs. "
            "Windows' AuthRoot store is not read: Windows fills it from Microsoft's own "
            "program. Missing when no root was found but a store could not be read.",
            fields={
                "name": "the same as subject (what the report names it by)",
                "subject": "the root's common name and organisation",
                "sha256": "SHA-256 fingerprint of the certificate, lower-case hex",
                "store": "windows_user_root, windows_machine_root, windows_enterprise_root, "
                "windows_group_policy_root, windows_user_policy_root, macos_user_trust, "
                "macos_admin_trust, linux_anchors, firefox_nss, chromium_nssdb or "
                "firefox_policy (a file the Certificates.Install policy adds; its sha256 is "
                "Missing, the file is not read)",
                "firefox_trusts": "true on a root of the Windows or macOS stores when Firefox "
                "trusts the system's roots too (security.enterprise_roots.enabled, on by "
                "default since Firefox 120, or the Certificates.ImportEnterpriseRoots policy)",
                "likely_owner": "antivirus, company, development or unknown (from its name, "
                "rules/data/interception.yaml)",
            },
            none_found=N_("shadowaudit found no root certificate that someone added."),
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read each store; a store that cannot be read is noted, never taken for empty."""
        return {CERTIFICATES: with_firefox(host, gather(_readers(host), "certificates"))}


def _readers(host: Host) -> list[Callable[[], Roots]]:
    """One reader per store of this platform, then one per NSS database."""
    readers: list[Callable[[], Roots]] = []
    if host.platform is Platform.windows:
        readers += [functools.partial(windows_store, host, store) for store in WINDOWS_STORES]
    elif host.platform is Platform.macos:
        readers += [
            functools.partial(macos_domain, host, "macos_user_trust", []),
            functools.partial(macos_domain, host, "macos_admin_trust", ["-d"]),
        ]
    else:
        readers.append(functools.partial(linux_anchors, host))
    readers += [functools.partial(nss_store, host, s, db) for s, db in nss_databases(host)]
    return readers
