"""Compiling the rules for a wheel needs only what pyproject's build-system asks for."""

from __future__ import annotations

import pickle
import subprocess
import sys
import tomllib
from pathlib import Path

from shadowaudit.compiled import Bundle, source_digest, stamp
from shadowaudit.maintain import compiled_rules
from shadowaudit.resources import rules_dir

ROOT = Path(__file__).resolve().parents[2]


def test_the_build_hook_needs_only_the_build_requirements() -> None:
    """An isolated build (a plain `pip install .`) has hatchling and the build requirements:
    the compiler must import nothing else from outside the standard library."""
    code = (
        "import sys; before = set(sys.modules);"
        "from shadowaudit.maintain.compiled_rules import compile_bundle;"
        "from shadowaudit.resources import rules_dir;"
        "compile_bundle(rules_dir());"
        "print('\\n'.join(sorted({m.split('.')[0] for m in set(sys.modules) - before})))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    outside = {m for m in found if m not in sys.stdlib_module_names and not m.startswith("_")}
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    allowed = {"shadowaudit", "cython_runtime"} | {
        name.split(">")[0].split("=")[0].lower().replace("pyyaml", "yaml") for name in requires
    }
    # msgspec uses typing_extensions when it is installed (a dev environment), never needs it
    allowed.add("typing_extensions")
    assert outside <= allowed, sorted(outside - allowed)


def test_main_writes_the_bundle_of_the_shipped_rules(tmp_path: Path) -> None:
    out = tmp_path / "compiled-rules.pickle"
    assert compiled_rules.main([str(out)]) == 0
    bundle = pickle.loads(out.read_bytes())
    assert isinstance(bundle, Bundle)
    assert bundle.stamp == stamp() and bundle.digest == source_digest(rules_dir())
    assert compiled_rules.main([]) == 2
