"""Password managers installed or running on this computer (rules/data/password_managers.yaml)."""

from __future__ import annotations

from shadowaudit.errors import HostError
from shadowaudit.facts.base import Collector, FactKind, FactMap, FactSpec, FactValue, missing_from
from shadowaudit.facts.datalists import password_managers
from shadowaudit.facts.system.software import find_programs
from shadowaudit.host.base import Host, Platform

PASSWORD_MANAGERS = "accounts.password_managers"


class PasswordManagersCollector(Collector):
    """Looks for known password managers by process name and install path."""

    name = "password_managers"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            PASSWORD_MANAGERS,
            FactKind.list,
            "Names of password managers found installed or running.",
            values="for example ['KeePassXC']",
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Match the running programs and install paths."""
        try:
            processes = host.processes()
        except HostError as exc:
            return {PASSWORD_MANAGERS: missing_from(exc)}
        found = find_programs(host, password_managers().tools, processes)
        names: list[FactValue] = [item["name"] for item in found if isinstance(item, dict)]
        return {PASSWORD_MANAGERS: names}
