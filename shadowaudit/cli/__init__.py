"""The command-line program: everything that knows about terminals, files and exit codes.

`app` and `main` live in `cli/app.py`; the entry point `shadowaudit.cli:main` stays.
"""

from __future__ import annotations

from shadowaudit.cli.app import app, main

__all__ = ["app", "main"]
