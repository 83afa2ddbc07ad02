"""Importing the command line loads no engine, collector or renderer: `--help` stays quick.

A structural test, not a timed one: the commands import what they need when they run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2]

#: Modules that only a running command needs (each costs tens of milliseconds to import).
HEAVY = ("shadowaudit.facts", "shadowaudit.engine.model", "jinja2", "cryptography", "psutil")

PROBE = (
    "import shadowaudit.cli, sys; "
    "print('\\n'.join(sorted(m for m in sys.modules "
    "if m.startswith(('shadowaudit.facts', 'shadowaudit.engine', 'jinja2', 'cryptography', "
    "'psutil')))))"
)


def test_importing_the_cli_loads_no_heavy_module() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=SOURCE, capture_output=True, text=True, check=True
    )
    loaded = done.stdout.split()
    # A prefix match would also catch e.g. `jinja2x`: compare whole module names.
    heavy = [m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY)]
    assert heavy == [], f"importing shadowaudit.cli loads {heavy}"


def test_the_probe_sees_the_heavy_modules_once_a_command_needs_them() -> None:
    probe = PROBE.replace("import shadowaudit.cli,", "import shadowaudit.cli, shadowaudit.scan,")
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=SOURCE, capture_output=True, text=True, check=True
    )
    assert "shadowaudit.engine.model" in done.stdout.split()


#: Modules a JSON scan of a Linux home never needs in its own process: other report formats
#: (Jinja2, MarkupSafe, the exact-text patterns), property lists and XML (Macs, a few
#: settings files), importlib.resources, the share summary (only with --share) and pydantic
#: (no longer used at all).
NOT_FOR_A_JSON_SCAN = (
    "jinja2",
    "markupsafe",
    "shadowaudit.report.exact",
    "plistlib",
    "xml.etree",
    "importlib.resources",
    "shadowaudit.workshop.share",
    "pydantic",
)

SCAN_PROBE = """
import io, contextlib, sys
sys.argv = ["shadowaudit", "scan", "--recorded", sys.argv[1], "--format", "json", "--no-questions"]
import importlib
app = importlib.import_module("shadowaudit.cli.app")
app.leave = lambda code: None  # keep the process, to look at its modules
with contextlib.redirect_stdout(io.StringIO()):
    try:
        app.main()
    except SystemExit:
        pass
print("\\n".join(sorted(sys.modules)))
"""


def test_a_json_scan_loads_only_what_it_needs() -> None:
    machine = SOURCE / "tests" / "fixtures" / "hosts" / "debian12-luks-lvm"
    done = subprocess.run(
        [sys.executable, "-c", SCAN_PROBE, str(machine)],
        cwd=SOURCE,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = done.stdout.split()
    assert "shadowaudit.scan" in loaded and "msgspec" in loaded
    extra = [m for m in loaded if any(m == n or m.startswith(n + ".") for n in NOT_FOR_A_JSON_SCAN)]
    assert extra == [], f"a JSON scan loads {extra}"


def test_the_commands_annotations_are_not_strings() -> None:
    """Typer evaluates a command's string annotations at each start: they are objects."""
    import typer.main

    from shadowaudit.cli.app import app

    def callbacks(group: typer.Typer) -> list[object]:
        found: list[object] = [c.callback for c in group.registered_commands]
        found += [group.registered_callback.callback] if group.registered_callback else []
        for sub in group.registered_groups:
            assert sub.typer_instance is not None
            found += callbacks(sub.typer_instance)
        return found

    commands = callbacks(app)
    assert len(commands) >= 8
    for command in commands:
        annotations = getattr(command, "__annotations__", {})
        strings = [name for name, value in annotations.items() if isinstance(value, str)]
        assert strings == [], f"{command}: {strings}"
    assert typer.main.get_command(app) is not None
