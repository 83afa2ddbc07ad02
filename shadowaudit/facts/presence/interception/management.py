"""Management by an organisation (`presence.management`): MDM enrolment, configuration
profiles, and Linux management agents. Browser policies are read by the browser wing
(`browser.*.profiles` field `managed`); the rule reads both.

An organisation that manages a computer can install programs, change settings and, with a
root certificate or a proxy, see web traffic. That is normal on a work computer; on a personal
one the person should know who it is.
"""

from __future__ import annotations

import functools
import re

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import Collector, FactKind, FactMap, FactSpec, FactValue
from shadowaudit.facts.presence.interception.addresses import pac_host
from shadowaudit.facts.presence.interception.gather import Found, gather
from shadowaudit.host.base import Host, Platform
from shadowaudit.i18n.translator import N_

MANAGEMENT = "presence.management"
PROFILES = "/usr/bin/profiles"
#: Where macOS writes the settings configuration profiles enforce, one plist per domain
#: (readable without admin rights, unlike `profiles list` for the whole computer).
MANAGED_PREFERENCES = "/Library/Managed Preferences"
#: Most managed domains named.
MAX_DOMAINS = 8
ENROLLMENTS = "HKLM\\SOFTWARE\\Microsoft\\Enrollments"
#: Most enrolments looked at.
MAX_ENROLMENTS = 100
#: Linux management agents: (kind, config file, the setting naming the server).
LINUX_AGENTS = (
    ("landscape", "/etc/landscape/client.conf", "url"),
    ("puppet", "/etc/puppetlabs/puppet/puppet.conf", "server"),
    ("salt", "/etc/salt/minion", "master"),
)


def _manager(kind: str, server: str, source: str, account: bool = False) -> dict[str, FactValue]:
    """One manager as a fact subject: what kind, its server's host, where it was seen."""
    return {
        "id": f"{kind}:{server or source}",
        "label": server or KINDS.get(kind, kind),
        "name": server or KINDS.get(kind, kind),
        "kind": kind,
        "mdm_host": server,
        "source": source,
        "work_account": account,
    }


#: What the report names a manager by when its server is not known.
KINDS = {
    "mdm": "MDM",
    "configuration_profile": "macOS profiles",
    "managed_preferences": "macOS managed settings",
    "landscape": "Landscape",
    "puppet": "Puppet",
    "salt": "Salt",
}


def _windows(host: Host) -> Found:
    """MDM enrolments under HKLM\\SOFTWARE\\Microsoft\\Enrollments: those that name a
    provider or a server. The account (UPN) is only noted as present, never kept."""
    found: Found = []
    for name in host.registry_subkeys(ENROLLMENTS)[:MAX_ENROLMENTS]:
        try:
            values = host.registry_values(f"{ENROLLMENTS}\\{name}")
        except NotFound:
            continue
        provider = values.get("ProviderID")
        url = values.get("DiscoveryServiceFullURL")
        if not (isinstance(provider, str) and provider.strip()) and not isinstance(url, str):
            continue
        server = pac_host(url) if isinstance(url, str) and url.strip() else ""
        account = isinstance(values.get("UPN"), str) and bool(str(values.get("UPN")).strip())
        found.append(_manager("mdm", server, "windows_enrollment", account))
    return found


def parse_enrollment(text: str) -> tuple[bool, bool, str]:
    """(enrolled in MDM, enrolled through Apple's Device Enrollment, the MDM server's host)
    from `profiles status -type enrollment`: "Enrolled via DEP: Yes", "MDM enrollment: Yes
    (User Approved)", and when enrolled "MDM server: https://..." (macOS 11 and later)."""
    dep = re.search(r"^Enrolled via DEP:\s*Yes", text, re.MULTILINE) is not None
    mdm = re.search(r"^MDM enrollment:\s*Yes", text, re.MULTILINE) is not None
    server = re.search(r"^MDM server:\s*(\S+)", text, re.MULTILINE)
    return mdm, dep, pac_host(server.group(1)) if server else ""


def _macos(host: Host) -> Found:
    """MDM enrolment (`profiles status -type enrollment` needs no admin rights) and the
    person's configuration profiles (`profiles list` shows only theirs without admin)."""
    found: Found = []
    done = host.run([PROFILES, "status", "-type", "enrollment"])
    if done.returncode == 0:
        mdm, dep, server = parse_enrollment(done.stdout)
        if mdm or dep:
            found.append(_manager("mdm", server, "macos_dep" if dep else "macos_enrollment"))
    listed = host.run([PROFILES, "list"])
    names = re.findall(r"profileIdentifier:\s*(\S+)", listed.stdout)
    if listed.returncode == 0 and names:
        shown = ", ".join(dict.fromkeys(n[:100] for n in names[:5]))
        found.append({**_manager("configuration_profile", "", "profiles list"), "name": shown})
    return found


def _managed_preferences(host: Host) -> Found:
    """The settings domains configuration profiles manage, as one manager."""
    domains = managed_domains(host)
    if not domains:
        return []
    shown = ", ".join(domains[:MAX_DOMAINS])
    return [{**_manager("managed_preferences", "", MANAGED_PREFERENCES), "name": shown}]


def managed_domains(host: Host) -> list[str]:
    """The settings domains that configuration profiles manage (com.google.Chrome,
    com.apple.SoftwareUpdate, ...): the plists in /Library/Managed Preferences, for the
    computer and in the person's own folder. Names only; complete.plist is macOS's merge."""
    folder = host.path(MANAGED_PREFERENCES)
    found: list[str] = []
    for where in (folder, folder / host.home.name):
        try:
            names = host.list_dir(where)[:100]
        except HostError:
            continue
        found += [
            name.removesuffix(".plist")[:100]
            for name in names
            if name.endswith(".plist") and name != "complete.plist" and host.is_file(where / name)
        ]
    return sorted(set(found))


def _setting(text: str, key: str) -> str:
    """The value of `key = value` or `key: value` in a configuration file, or ""."""
    match = re.search(rf"^\s*{key}\s*[=:]\s*(\S+)", text, re.MULTILINE)
    return match.group(1) if match else ""


def _linux(host: Host) -> Found:
    """Management agents installed with a server set: Landscape, Puppet, Salt."""
    found: Found = []
    for kind, path, key in LINUX_AGENTS:
        try:
            text = host.read_text(host.path(path), 1024 * 1024)
        except NotFound:
            continue
        server = _setting(text, key)
        found.append(_manager(kind, pac_host(server) if server else "", path))
    return found


class ManagementCollector(Collector):
    """Reads whether an organisation manages this computer."""

    name = "presence_management"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            name=MANAGEMENT,
            kind=FactKind.subjects,
            description="Who manages this computer: MDM enrolment (Windows Enrollments, "
            "macOS `profiles`), macOS configuration profiles of the person and the settings "
            "domains profiles manage (/Library/Managed Preferences; listing the computer's "
            "profiles themselves needs admin rights), Linux management agents (Landscape, "
            "Puppet, Salt).",
            fields={
                "name": "what the report names it by: the server's host, the profiles' "
                "identifiers, or the kind",
                "kind": "mdm, configuration_profile, managed_preferences (the settings "
                "domains in /Library/Managed Preferences), landscape, puppet or salt",
                "mdm_host": "the host of the management server, when the system names it",
                "source": "where it was seen",
                "work_account": "true when a work account is tied to the enrolment (its "
                "name is never kept)",
            },
            none_found=N_("We found no sign that a group manages this computer."),
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read the places of this platform."""
        system = {
            Platform.windows: (_windows,),
            Platform.macos: (_macos, _managed_preferences),
            Platform.linux: (_linux,),
        }
        readers = [functools.partial(read, host) for read in system[host.platform]]
        return {MANAGEMENT: gather(readers, "management")}
