"""Facts about accounts and keys (`accounts.*`): password managers, SSH keys, git identity."""

from __future__ import annotations

from shadowaudit.facts.accounts.git_identity import GitIdentityCollector
from shadowaudit.facts.accounts.password_managers import PasswordManagersCollector
from shadowaudit.facts.accounts.ssh_keys import SshKeysCollector
from shadowaudit.facts.base import Collector

ACCOUNTS: list[type[Collector]] = [
    PasswordManagersCollector,
    SshKeysCollector,
    GitIdentityCollector,
]

__all__ = ["ACCOUNTS"]
