"""README's first commands stay true: what they install, what CI runs, and the locks they use.

README.md opens with the command that installs and scans, for Linux and macOS and for Windows,
and the command that installs the locked versions and runs the tests. CI runs that test command
word for word; the locks pin, with hashes, every dependency that pyproject.toml declares.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def _commands() -> list[str]:
    """The indented one-line code blocks of README.md, in order."""
    return [line[4:] for line in README.splitlines() if re.match(r" {4}\S", line)]


def _pins(name: str) -> dict[str, Version]:
    """A lock's pinned versions by normalised name; every pin must carry a hash."""
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    pins = {}
    for block in blocks:
        match = PIN.match(block)
        if match:
            assert "--hash=sha256:" in block, f"{name}: {match.group(1)} has no hash"
            pins[canonicalize_name(match.group(1))] = Version(match.group(2))
    assert pins, f"{name} pins nothing"
    return pins


def test_readme_starts_with_the_scan_and_the_test_command() -> None:
    scan, tests = _commands()[:2]
    assert scan == "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/shadowaudit scan"
    assert tests.startswith("python3 -m venv .venv && ")
    assert "--require-hashes -r requirements/dev.txt" in tests
    assert tests.endswith(" && .venv/bin/pytest")


def test_ci_runs_the_readme_test_command_word_for_word() -> None:
    tests = _commands()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert any(line.startswith(tests) for line in ci.splitlines()), (
        ".ci/run must run README's test command as written"
    )


def test_the_windows_command_is_the_same_steps_in_powershell() -> None:
    scan = _commands()[0]
    windows = next(c for c in _commands() if c.startswith("py -m venv"))
    expected = (
        scan.replace("python3 -m venv", "py -m venv")
        .replace(".venv/bin/", ".venv\\Scripts\\")
        .replace(" && ", "; ")
    )
    assert windows == expected


def test_the_commands_name_a_program_that_the_package_installs() -> None:
    assert PROJECT["scripts"]["shadowaudit"] == "shadowaudit.cli:main"
    assert "pipx install ." in _commands()


@pytest.mark.parametrize(
    ("lock", "extras"), [("dev.txt", ["dev"]), ("run.txt", []), ("build.txt", ["build"])]
)
def test_each_lock_pins_every_declared_dependency_within_its_range(
    lock: str, extras: list[str]
) -> None:
    pins = _pins(lock)
    declared = list(PROJECT["dependencies"])
    for extra in extras:
        declared += PROJECT["optional-dependencies"][extra]
    for spec in declared:
        requirement = Requirement(spec)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{lock} does not pin {name}: run bash .ci/lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{lock} pins {name} {pins[name]}, outside {requirement.specifier}: run bash .ci/lock"
        )


def test_the_plain_lock_is_the_test_lock_without_the_development_tools() -> None:
    dev, run, build = _pins("dev.txt"), _pins("run.txt"), _pins("build.txt")
    assert {name: dev.get(name) for name in run} == run
    assert {name: build.get(name) for name in run} == run
    for tool in ("pytest", "mypy", "ruff", "hypothesis"):
        assert tool in dev and tool not in run


def test_the_tools_to_refresh_the_lock_are_where_readme_says() -> None:
    for command in ("bash .ci/lock", "bash .ci/run --latest"):
        assert command in README
    assert "--latest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "--upgrade" in (ROOT / ".ci" / "lock").read_text(encoding="utf-8")
    assert _pins("lock-tool.txt").keys() == {"uv"}
