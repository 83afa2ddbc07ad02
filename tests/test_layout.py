"""The house keeps its shape: small folders, few top-level modules, no import upward.

Packages stand in layers, lowest first. A module may import its own layer or a lower one:
the Host knows nothing of facts, facts nothing of rules, the engine nothing of reports, and
nothing but the command line and the maintainers' tools sits on top.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "shadowaudit"

#: Each top-level package or module of shadowaudit and its layer (higher imports lower).
LAYERS = {
    "errors": 0,
    "resources": 0,
    # NOTE: reads back the rules compiled into a wheel; imports nothing of shadowaudit's above.
    "compiled": 0,
    "yamlio": 0,
    "__init__": 0,
    "host": 1,
    "i18n": 2,
    "facts": 3,
    "engine": 4,
    # NOTE: runs collectors against a deadline for scan.py; reads facts and the host only.
    "collecting": 4,
    # NOTE: runs collectors in a forked process for scan.py; reads facts and the host only.
    "forked": 4,
    "report": 5,
    "workshop": 6,
    "scan": 7,
    "cli": 8,
    "maintain": 8,
    "__main__": 9,
}


def _module(path: Path) -> str:
    """The dotted name of a module file of the package."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    """The layer of a dotted module name (`shadowaudit` itself is the lowest)."""
    parts = module.split(".")
    return LAYERS[parts[1]] if len(parts) > 1 else 0


def _imports(path: Path) -> set[str]:
    """The shadowaudit modules a file imports (`from pkg import module` counts as module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = PACKAGE.parent.joinpath(*node.module.split("."), alias.name + ".py")
                found.add(f"{node.module}.{alias.name}" if submodule.is_file() else node.module)
    return {name for name in found if name.split(".")[0] == "shadowaudit"}


def test_every_top_level_name_has_a_layer() -> None:
    names = {
        p.stem for p in PACKAGE.iterdir() if p.suffix == ".py" or (p / "__init__.py").is_file()
    }
    assert names == set(LAYERS)


def test_no_module_imports_a_layer_above_it_or_its_own_package() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module(path)
        for name in _imports(path):
            above = _layer(name) > _layer(module)
            # A package's __init__ composes its modules; a module must not import it back
            # (shadowaudit/__init__.py, which holds only the version, is the lowest layer).
            own_package = (
                path.name != "__init__.py"
                and name != "shadowaudit"
                and module.startswith(name + ".")
            )
            if above or own_package:
                upward.append(f"{module} -> {name}")
    assert upward == []


def test_folders_stay_small() -> None:
    modules = Counter(
        p.parent.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*.py")
        if p.name != "__init__.py"
    )
    assert modules["."] <= 8, "the top level of shadowaudit/ holds at most 8 modules"
    crowded = {folder: n for folder, n in modules.items() if n > 12}
    assert crowded == {}, "no folder holds more than 12 modules"


def test_facts_go_no_deeper_than_area_and_source() -> None:
    deep = [
        p.relative_to(PACKAGE).as_posix()
        for p in (PACKAGE / "facts").rglob("*.py")
        if len(p.relative_to(PACKAGE / "facts").parts) > 3
    ]
    assert deep == []
