"""ruff, mypy and interrogate stay clean, so the one test command also enforces the style."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1]


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *argv], cwd=SOURCE, capture_output=True, text=True, check=False
    )


def test_ruff_lint_and_format() -> None:
    lint = run("ruff", "check", "shadowaudit", "tests", "packaging")
    assert lint.returncode == 0, lint.stdout
    fmt = run("ruff", "format", "--check", "shadowaudit", "packaging")
    assert fmt.returncode == 0, fmt.stdout


def test_mypy_strict() -> None:
    checked = run("mypy")
    assert checked.returncode == 0, checked.stdout


def test_every_module_class_and_function_has_a_docstring() -> None:
    checked = run("interrogate", "shadowaudit")
    assert checked.returncode == 0, checked.stdout
