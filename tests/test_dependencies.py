"""Every package the program imports is one it declares: a plain `pip install .` must run it.

The development tools pull in more packages than a person's install has (click came in with a
test tool while the program imported it), so the test environment alone cannot catch this.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _declared() -> set[str]:
    """The normalised names of the dependencies in pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {
        _normal(re.split(r"[<>=!~ ;\[]", spec, maxsplit=1)[0]) for spec in project["dependencies"]
    }


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported() -> dict[str, set[str]]:
    """Top-level modules imported anywhere in the package (also inside functions), by file."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "shadowaudit").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(path.name)
    return found


def test_every_imported_package_is_a_declared_dependency() -> None:
    declared = _declared()
    owners = packages_distributions()
    missing = {}
    for module, files in _imported().items():
        if module in sys.stdlib_module_names or module in ("shadowaudit", "__future__"):
            continue
        distributions = {_normal(d) for d in owners.get(module, [module])}
        if not distributions & declared:
            missing[module] = sorted(files)
    assert not missing, f"imported but not in [project].dependencies: {missing}"
