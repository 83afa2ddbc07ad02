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


#: Maintainers' tools, which a scan never imports: they may use the `dev` extra too.
MAINTAIN = ROOT / "shadowaudit" / "maintain"


def _declared(extra: str | None = None) -> set[str]:
    """The normalised names of the dependencies in pyproject.toml (and of one extra)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    return {_normal(re.split(r"[<>=!~ ;\[]", spec, maxsplit=1)[0]) for spec in specs}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported(maintain: bool = False) -> dict[str, set[str]]:
    """Top-level modules imported anywhere in the package (also inside functions), by file:
    outside shadowaudit/maintain/, or with `maintain` only inside it."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "shadowaudit").rglob("*.py")):
        if path.is_relative_to(MAINTAIN) != maintain:
            continue
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


def _undeclared(imported: dict[str, set[str]], declared: set[str]) -> dict[str, list[str]]:
    """The imported third-party modules whose distribution is not declared, with their files."""
    owners = packages_distributions()
    missing = {}
    for module, files in imported.items():
        if module in sys.stdlib_module_names or module in ("shadowaudit", "__future__"):
            continue
        distributions = {_normal(d) for d in owners.get(module, [module])}
        if not distributions & declared:
            missing[module] = sorted(files)
    return missing


def test_every_imported_package_is_a_declared_dependency() -> None:
    missing = _undeclared(_imported(), _declared())
    assert not missing, f"imported but not in [project].dependencies: {missing}"


def test_the_maintainers_tools_import_only_declared_packages() -> None:
    missing = _undeclared(_imported(maintain=True), _declared("dev"))
    assert not missing, f"imported by shadowaudit/maintain but not declared: {missing}"


def test_babel_is_a_maintainers_tool_only() -> None:
    assert "babel" not in _declared()
    assert "babel" in _declared("dev")
    assert "babel" not in _imported()
