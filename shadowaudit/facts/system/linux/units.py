"""Asking systemd about a unit (`systemctl is-enabled` / `is-active UNIT`, no root needed)."""

from __future__ import annotations

from collections.abc import Callable

from shadowaudit.errors import HostError
from shadowaudit.facts.base import FactValue, Missing, Reason, missing_from
from shadowaudit.host.base import CommandResult, Host

# NOTE: states from systemctl(1), table "is-enabled output". Only these two start the unit
# by themselves; "static", "indirect", "generated" and "alias" units are started by others.
_ENABLED = {"enabled", "enabled-runtime"}
_NOT_ENABLED = {
    "disabled",
    "static",
    "indirect",
    "generated",
    "transient",
    "alias",
    "linked",
    "linked-runtime",
    "masked",
    "masked-runtime",
    "bad",
    "not-found",
}
# NOTE: systemd before 253 printed no state for a unit that does not exist, only this on
# stderr (exit 1); newer versions print "not-found" and exit 4 (systemd PR #25689).
_NO_SUCH_UNIT = "No such file or directory"
_NO_SYSTEMD = ("has not been booted with systemd", "Failed to connect to bus")


def systemd_absent(stdout: str, stderr: str) -> bool:
    """True when systemctl says systemd is not running (a container, another init)."""
    return any(marker in stderr or marker in stdout for marker in _NO_SYSTEMD)


def run_systemctl(host: Host, verb: str, unit: str) -> CommandResult | Missing:
    """`systemctl VERB UNIT`; Missing when it cannot run (no systemctl: not a systemd system)."""
    try:
        return host.run(["systemctl", verb, unit], timeout=5)
    except HostError as exc:
        missing = missing_from(exc)
        if missing.reason is Reason.not_installed:
            return Missing(Reason.unsupported, "no systemctl: not a systemd system")
        return missing


def parse_is_enabled(returncode: int, stdout: str, stderr: str) -> FactValue:
    """True/False from `systemctl is-enabled UNIT`; Missing when systemd cannot say."""
    lines = stdout.strip().splitlines()
    state = lines[0].strip() if lines else ""
    if state in _ENABLED:
        return True
    if state in _NOT_ENABLED or (not state and _NO_SUCH_UNIT in stderr):
        return False
    if systemd_absent(stdout, stderr):
        return Missing(Reason.unsupported, "systemd is not running")
    return Missing(Reason.parse_error, f"systemctl is-enabled exit {returncode}")


#: Reads one systemctl answer: (exit status, stdout, stderr) -> fact value.
Parser = Callable[[int, str, str], FactValue]


def ask_systemd(host: Host, verb: str, unit: str, parse: Parser) -> FactValue:
    """`systemctl VERB UNIT`, its answer read by `parse`; Missing when it cannot run."""
    result = run_systemctl(host, verb, unit)
    if isinstance(result, Missing):
        return result
    return parse(result.returncode, result.stdout, result.stderr)


def unit_enabled(host: Host, unit: str) -> FactValue:
    """Ask systemd whether a unit starts by itself (at boot, or on a timer or socket)."""
    return ask_systemd(host, "is-enabled", unit, parse_is_enabled)
