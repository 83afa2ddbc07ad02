"""Full scans of the recorded machines give the system verdicts their recorded state calls for."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from shadowaudit.engine.model import Status
from shadowaudit.facts.system.linux.desktop import SCREEN_LOCK, LinuxDesktopCollector
from shadowaudit.host import RecordedHost
from shadowaudit.scan import load_selected_rules, run_scan

P, F, U = "pass", "fail", "unknown"

EXPECTED: dict[str, dict[str, str]] = {
    # A risky Ubuntu 24.04 laptop: plain disk, ufw off, screen never blanks, SSH with
    # passwords (a cloud-init drop-in wins), x11vnc open to the network.
    "ubuntu2404-plain": {
        "disk_encryption": F,
        "firewall": F,
        "screen_lock": F,
        "auto_login": P,
        "automatic_updates": P,
        "supported_version": P,
        "long_term_support": P,
        "remote_access_tools": F,
        "monitoring_software": P,
        "exposed_services": F,
        "ssh_server": F,
        "admin_daily_use": F,
        "secure_boot": F,
    },
    # A well-kept Debian 12, but in Debian LTS (fixes for some packages only) until 2028.
    "debian12-luks-lvm": {
        "disk_encryption": P,
        "firewall": P,
        "screen_lock": P,
        "auto_login": P,
        "automatic_updates": P,
        "supported_version": P,
        "long_term_support": F,
        "remote_access_tools": P,
        "monitoring_software": P,
        "exposed_services": P,
        "ssh_server": P,
        "admin_daily_use": P,
        "secure_boot": P,
    },
    # Debian 12 with Cockpit's web service installed: systemd listens on 9090 for
    # cockpit.socket, judged by that unit (it used to be hidden behind "systemd").
    "debian12-cockpit-socket": {
        "disk_encryption": F,
        "firewall": F,
        "screen_lock": U,
        "auto_login": P,
        "automatic_updates": P,
        "supported_version": P,
        "long_term_support": F,
        "remote_access_tools": P,
        "monitoring_software": P,
        "exposed_services": F,
        "ssh_server": P,
        "admin_daily_use": P,
        "secure_boot": U,
    },
    # Fedora 41 KDE, kept well, but Fedora 41 reached its end of life on 2025-12-15.
    "fedora41-btrfs-luks": {
        "disk_encryption": P,
        # firewalld runs, but Fedora Workstation's zone lets in every port from 1025 up.
        "firewall": F,
        "screen_lock": P,
        "auto_login": P,
        "automatic_updates": P,
        "supported_version": F,
        "remote_access_tools": P,
        "monitoring_software": P,
        "exposed_services": P,
        "ssh_server": P,
        "admin_daily_use": F,
        "secure_boot": P,
    },
    # A container: what cannot be seen is "could not check", with its reason.
    "linux-container": {
        "disk_encryption": U,
        "firewall": U,
        "screen_lock": U,
        "auto_login": P,
        "automatic_updates": F,
        "supported_version": P,
        "long_term_support": F,
        "remote_access_tools": P,
        "monitoring_software": P,
        "exposed_services": P,
        "ssh_server": P,
        "admin_daily_use": F,
        "secure_boot": U,
    },
    # A risky Windows 11 Home: no screen saver, so the lock is "could not check".
    "windows11-24h2": {
        "disk_encryption": F,
        "firewall": F,
        "screen_lock": U,
        "auto_login": F,
        "automatic_updates": F,
        "supported_version": F,
        "remote_access_tools": F,
        "monitoring_software": F,
        "exposed_services": F,
        "ssh_server": P,
        "admin_daily_use": F,
        "secure_boot": P,
        "antimalware": F,
        "remote_desktop": F,
        "file_sharing": F,
        "guest_account": P,
        "show_file_extensions": F,
    },
    # A well-kept Windows 10 office laptop, but Windows 10 is out of support; its OpenSSH
    # server (keys only) still listens on the network.
    "windows10-22h2": {
        "disk_encryption": P,
        "firewall": P,
        "screen_lock": P,
        "auto_login": P,
        "automatic_updates": P,
        "supported_version": F,
        "remote_access_tools": P,
        "monitoring_software": P,
        "exposed_services": F,
        "ssh_server": P,
        "admin_daily_use": P,
        "secure_boot": P,
        "antimalware": P,
        "remote_desktop": P,
        "file_sharing": P,
        "guest_account": P,
        "show_file_extensions": P,
    },
    # A well-kept Mac on macOS 14, whose support Apple ended (estimated) in September 2026.
    "macos14-sonoma": {
        "disk_encryption": P,
        "firewall": P,
        "screen_lock": P,
        "auto_login": P,
        "automatic_updates": P,
        "supported_version": F,
        "remote_access_tools": P,
        "monitoring_software": P,
        "exposed_services": P,
        "ssh_server": P,
        "admin_daily_use": F,
        "secure_boot": U,
        "gatekeeper": P,
        "sip": P,
        "remote_desktop": P,
        "file_sharing": P,
        "guest_account": P,
    },
    # A risky macOS 15: everything open; sockets need administrator rights on macOS.
    "macos15-sequoia": {
        "disk_encryption": F,
        "firewall": F,
        "screen_lock": F,
        "auto_login": F,
        "automatic_updates": F,
        "supported_version": P,
        "long_term_support": P,
        "remote_access_tools": F,
        "monitoring_software": P,
        "exposed_services": U,
        "ssh_server": F,
        "admin_daily_use": F,
        "secure_boot": U,
        "gatekeeper": F,
        "sip": F,
        "remote_desktop": F,
        "file_sharing": F,
        "guest_account": F,
    },
}


@pytest.mark.parametrize("machine", sorted(EXPECTED))
def test_system_verdicts(recorded: Callable[[str], RecordedHost], machine: str) -> None:
    report = run_scan(recorded(machine), load_selected_rules(only=["system"]))
    found = {
        f.rule.removeprefix("system."): f.status.value
        for f in report.findings
        if f.status is not Status.not_applicable
    }
    assert found == EXPECTED[machine]
    assert report.summary[Status.error] == 0
    for finding in report.with_status(Status.unknown):
        assert finding.reason is not None and finding.reason_text and finding.check_by_hand


@pytest.mark.parametrize("machine", ["debian12-firewalld-public", "debian12-firewalld-trusted"])
def test_a_firewall_whose_zone_only_root_can_read_is_not_judged(
    recorded: Callable[[str], RecordedHost], machine: str
) -> None:
    # Real Debian 12 systems with firewalld running: one in its public zone, one switched to
    # the trusted zone, which lets everything in. Debian keeps the zone choice for root, so
    # neither may pass, and neither may fail on a guess.
    report = run_scan(recorded(machine), load_selected_rules(only=["system.firewall"]))
    (firewall,) = report.findings
    assert firewall.status is Status.unknown and firewall.check_by_hand


@pytest.mark.parametrize(
    ("machine", "expected", "lock_after"),
    [
        # Real Debian 12 systems with GNOME's settings (tests/fixtures/make_debian_machines.py):
        # as they come, and after `gsettings set org.gnome.desktop.screensaver lock-delay 3600`.
        ("debian12-gnome-default", Status.pass_, 300),
        ("debian12-gnome-lock-delay", Status.fail, 3900),
    ],
)
def test_the_screen_lock_counts_the_delay_after_blanking(
    recorded: Callable[[str], RecordedHost], machine: str, expected: Status, lock_after: int
) -> None:
    host = recorded(machine)
    report = run_scan(host, load_selected_rules(only=["system.screen_lock"]))
    (lock,) = report.findings
    assert lock.status is expected
    facts = LinuxDesktopCollector().collect(host)[SCREEN_LOCK]
    assert isinstance(facts, dict)
    assert facts["lock_after_seconds"] == lock_after and facts["idle_seconds"] == 300
