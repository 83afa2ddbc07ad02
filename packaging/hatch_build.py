"""Hatch build hook: compile the shipped rules into the wheel (shadowaudit/engine/compiled.py).

A wheel built without msgspec and PyYAML at hand (an isolated build) gets no bundle and reads
the rule files at each start, a little slower and otherwise the same. Editable installs get
none: their rule files change as people work on them.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ROOT = Path(__file__).resolve().parent.parent


class CompiledRulesHook(BuildHookInterface):  # type: ignore[misc]
    """Adds `shadowaudit/_data/compiled-rules.pickle` to a regular wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Write the bundle to a temporary folder and include it in the wheel."""
        if self.target_name != "wheel" or version == "editable":
            return
        sys.path.insert(0, str(ROOT))
        try:
            from shadowaudit.compiled import BUNDLE_NAME
            from shadowaudit.maintain.compiled_rules import compile_bundle
        except ImportError as exc:
            self.app.display_warning(f"rules not compiled into the wheel ({exc})")
            return
        finally:
            sys.path.remove(str(ROOT))
        out = Path(tempfile.mkdtemp(prefix="shadowaudit-build-")) / BUNDLE_NAME
        out.write_bytes(compile_bundle(ROOT / "rules"))
        build_data["force_include"][str(out)] = f"shadowaudit/_data/{BUNDLE_NAME}"
