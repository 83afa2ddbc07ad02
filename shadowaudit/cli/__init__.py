"""The command-line program: everything that knows about terminals, files and exit codes.

`app` and `main` live in `cli/app.py`; the entry point `shadowaudit.cli:main` stays.
"""

from __future__ import annotations

import os

# Typer draws help and usage errors with rich when rich is installed, and imports it for that
# at every start (40-80 ms, half the time of `shadowaudit --help`). Plain help reads the same
# in every terminal and screen reader. TYPER_USE_RICH=1 brings the boxes back.
os.environ.setdefault("TYPER_USE_RICH", "0")

from shadowaudit.cli.app import app, main  # noqa: E402

__all__ = ["app", "main"]
