"""One door: outside shadowaudit/host/, no module opens files, runs commands or reads the
environment on its own. Collectors ask the Host; the few exceptions below say why.

A static test (the source is parsed, not run), so it also covers code no test reaches.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "shadowaudit"

#: Modules that reach the computer by themselves (files, processes, network, the system).
MODULES = (
    "subprocess",
    "shutil",
    "sqlite3",
    "glob",
    "tempfile",
    "ctypes",
    "winreg",
    "socket",
    "pty",
    "fcntl",
    "mmap",
    "pwd",
    "grp",
    "webbrowser",
    "psutil",
    "urllib.request",
    "http",
)
#: Functions of `os` that touch files, processes or the environment.
OS_NAMES = {
    "open",
    "fdopen",
    "system",
    "popen",
    "getenv",
    "getenvb",
    "putenv",
    "environ",
    "environb",
    "listdir",
    "scandir",
    "walk",
    "stat",
    "lstat",
    "remove",
    "unlink",
    "rename",
    "mkdir",
    "makedirs",
    "chmod",
    "startfile",
    "execv",
    "execvp",
    "spawnv",
}
#: Methods of pathlib.Path (and file-like objects) that read, write, list or look at files.
PATH_METHODS = {
    "open",
    "read_text",
    "read_bytes",
    "write_text",
    "write_bytes",
    "iterdir",
    "glob",
    "rglob",
    "stat",
    "lstat",
    "exists",
    "is_file",
    "is_dir",
    "mkdir",
    "touch",
    "unlink",
    "chmod",
    "expanduser",
    "home",
    "cwd",
}

#: Packages that are the door itself, or never run in a scan.
EXEMPT = {
    "host": "the door: the only code that reads the computer",
    "maintain": "maintainers' tools (catalogues, schemas); a scan never imports them",
}

#: Module -> what it may do, and why. Keep this short: each entry is a door of its own.
ALLOWED: dict[str, tuple[set[str], str]] = {
    "resources.py": ({".is_dir"}, "finds the rules and templates shipped with the program"),
    "cli/__init__.py": ({"os.environ"}, "writes TYPER_USE_RICH (plain help); reads nothing"),
    "cli/options.py": (
        {".is_dir", "os.environ"},
        "checks the --home folder the person named; passes LANG and friends to the language",
    ),
    "cli/console.py": ({"import ctypes"}, "sets the Windows console to UTF-8; reads nothing"),
    "cli/guided.py": (
        {".mkdir", ".exists", ".is_file", "import webbrowser"},
        "double-clicked: makes the private report folder, picks a free name, opens the report",
    ),
    "cli/output.py": (
        {"os.open", "os.fdopen", "os.unlink", ".exists", ".is_dir", "os.lstat", "os.stat"},
        "writes the report file the person asked for (and removes its half-written twin); "
        "checks before the first question that it can be written, and that it is not a "
        "device, pipe or socket (never written over)",
    ),
    "cli/pager.py": (
        {"import subprocess", "import shutil", "os.environ"},
        "a long report on a terminal: the terminal's size, NO_COLOR and $PAGER, and the pager "
        "itself, given the report's text and nothing else",
    ),
    "cli/questionnaire.py": ({".read_text"}, "reads the --answers file the person named"),
    "cli/workshop.py": (
        {".iterdir", ".is_dir", ".is_file"},
        "lists the demo machines shipped with the program",
    ),
    "compiled.py": (
        {".is_file", ".read_bytes", ".rglob", ".stat"},
        "reads the compiled rules shipped with the program, and the rule files beside them",
    ),
    "engine/loader.py": (
        {".read_text", ".stat", ".is_dir", ".glob", ".rglob"},
        "reads the shipped rules and the --rules folders the person named",
    ),
    "facts/datalists.py": ({".read_text"}, "reads the data lists shipped in rules/data"),
    "facts/traces/photos.py": ({".open"}, "Image.open decodes bytes the Host already read"),
    "i18n/languages.py": ({"import ctypes"}, "asks Windows for its display language"),
    "i18n/translator.py": ({".glob", ".open"}, "reads the catalogues shipped in locale/"),
    "workshop/checklists.py": ({".glob", ".read_text"}, "reads the shipped checklists"),
    "workshop/room.py": (
        {".glob", ".is_dir"},
        "lists the share files in a folder the trainer named (read through host/files.py)",
    ),
}


def _is_host(node: ast.expr) -> bool:
    """True for `host` and `self.host`: a call through the door."""
    if isinstance(node, ast.Name):
        return node.id == "host"
    return isinstance(node, ast.Attribute) and node.attr in ("host", "_host")


def reaches(source: str) -> set[str]:
    """What a module's source does to the computer by itself, as short names."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            names = []
        for name in names:
            if any(name == m or name.startswith(m + ".") for m in MODULES):
                found.add(f"import {name}")
        if isinstance(node, ast.ImportFrom) and node.module == "os":
            found.update(f"os.{a.name}" for a in node.names if a.name in OS_NAMES)
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
            and node.attr in OS_NAMES
        ):
            found.add(f"os.{node.attr}")
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "open":
                found.add("open")
            if (
                isinstance(func, ast.Attribute)
                and func.attr in PATH_METHODS
                and not _is_host(func.value)
                and not (isinstance(func.value, ast.Name) and func.value.id == "os")
            ):
                found.add(f".{func.attr}")
    return found


def _modules() -> list[str]:
    """Every module of the package outside the exempt packages, relative to it."""
    return sorted(
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*.py")
        if p.relative_to(PACKAGE).parts[0] not in EXEMPT
    )


@pytest.mark.parametrize("module", _modules())
def test_no_module_reaches_the_computer_except_through_the_host(module: str) -> None:
    done = reaches((PACKAGE / module).read_text(encoding="utf-8"))
    allowed, _why = ALLOWED.get(module, (set(), ""))
    assert done <= allowed, f"{module} reaches the computer itself: {sorted(done - allowed)}"


def test_every_allowance_is_still_needed() -> None:
    unused = {
        module: sorted(allowed - reaches((PACKAGE / module).read_text(encoding="utf-8")))
        for module, (allowed, _why) in ALLOWED.items()
    }
    assert not {m: names for m, names in unused.items() if names}, unused


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("open('x')", "open"),
        ("import subprocess", "import subprocess"),
        ("from subprocess import run", "import subprocess"),
        ("import os\nos.environ['HOME']", "os.environ"),
        ("import os\nos.getenv('HOME')", "os.getenv"),
        ("from os import environ", "os.environ"),
        ("from pathlib import Path\nPath('x').read_text()", ".read_text"),
        ("from pathlib import Path\nPath.home()", ".home"),
        ("import sqlite3", "import sqlite3"),
    ],
)
def test_the_scanner_sees_each_way_out(source: str, expected: str) -> None:
    assert expected in reaches(source)


def test_the_scanner_lets_the_host_through() -> None:
    assert reaches("host.read_text(path)\nself.host.is_file(path)") == set()
