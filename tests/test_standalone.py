"""The standalone programs: the build script, the release workflow and the trainer's guide agree.

The Linux program itself is built and tried by .ci/run (packaging/smoke.py, in a Debian with no
Python and no network); these tests keep the pieces that cannot run here consistent.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
GUIDE = (ROOT / "docs" / "workshop.md").read_text(encoding="utf-8")
#: The files a release publishes, one per system and machine.
FILES = (
    "shadowaudit-linux-x86_64",
    "shadowaudit-windows-x86_64.exe",
    "shadowaudit-macos-arm64",
    "shadowaudit-macos-x86_64",
)


def _script(name: str) -> ModuleType:
    """A script of packaging/, imported without running it."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_program_carries_what_the_wheel_carries_and_leaves_out_babel() -> None:
    build = _script("build")
    arguments = " ".join(build.pyinstaller_arguments("shadowaudit-linux-x86_64"))
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]
    for folder, target in wheel["build"]["targets"]["wheel"]["force-include"].items():
        assert f"{ROOT / folder}" in arguments and target in arguments, folder
    assert "--onefile" in arguments
    for module in ("babel", "shadowaudit.maintain"):
        assert f"--exclude-module {module}" in arguments


@pytest.mark.parametrize(
    ("platform", "machine", "expected"),
    [
        ("linux", "x86_64", "shadowaudit-linux-x86_64"),
        ("win32", "AMD64", "shadowaudit-windows-x86_64.exe"),
        ("darwin", "arm64", "shadowaudit-macos-arm64"),
        ("darwin", "x86_64", "shadowaudit-macos-x86_64"),
    ],
)
def test_each_system_gets_the_file_name_the_guide_gives(
    monkeypatch: pytest.MonkeyPatch, platform: str, machine: str, expected: str
) -> None:
    build = _script("build")
    monkeypatch.setattr(build.sys, "platform", platform)
    monkeypatch.setattr(build.platform, "machine", lambda: machine)
    assert build.file_name() == expected
    assert f"`{expected}`" in GUIDE


def test_the_release_workflow_builds_tries_and_publishes_every_file_with_sums() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    systems = " ".join(build["strategy"]["matrix"]["os"])
    for system in ("ubuntu", "windows", "macos-14", "macos-13"):
        assert system in systems
    runs = [step.get("run", "") for step in build["steps"]]
    assert all("run" in step or "uses" in step for step in build["steps"] + publish["steps"])
    assert any("--require-hashes -r requirements/build.txt" in run for run in runs)
    assert any(run.strip() == "python packaging/build.py" for run in runs)
    assert any("--recorded tests/fixtures/hosts/windows11-browsers" in run for run in runs)
    assert publish["needs"] == "build" and publish["permissions"] == {"contents": "write"}
    assert any("SHA256SUMS" in step.get("run", "") for step in publish["steps"])
    assert workflow["permissions"] == {"contents": "read"}


def test_the_guide_has_steps_for_each_system_and_the_linux_steps_the_smoke_test_follows() -> None:
    smoke = _script("smoke")
    steps = smoke.workshop_steps()
    assert steps == [
        "sha256sum -c shadowaudit-linux-x86_64.sha256",
        "chmod +x shadowaudit-linux-x86_64",
        "./shadowaudit-linux-x86_64",
    ]
    for heading in ("### On Windows", "### On macOS", "### On Linux"):
        assert heading in GUIDE
    commands = smoke.workshop_commands(Path("dist/shadowaudit-linux-x86_64"))
    assert [c.split()[1] for c in commands] == ["scan", "workshop", "demo"]
    for name in FILES:
        assert name in GUIDE


def test_readme_tells_people_to_download_check_and_double_click() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    opening = readme.split("With Python 3.11 or newer", 1)[0]
    for words in ("No Python needed", "SHA256SUMS", "double-click", "docs/workshop.md"):
        assert words in opening
    assert all(re.search(re.escape(name), opening) for name in FILES)
