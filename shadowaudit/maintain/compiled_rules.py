"""Compile the shipped rules for a wheel: read and validated once, the slow way (the YAML).

python -m shadowaudit.maintain.compiled_rules OUT   # write the bundle (the build does this)
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from shadowaudit import yamlio
from shadowaudit.compiled import Bundle, source_digest, stamp
from shadowaudit.engine.loader import load_context_questions, load_rules
from shadowaudit.facts.datalists import all_data_models, read_list


def compile_bundle(folder: Path) -> bytes:
    """The bundle of the rules, context questions and data lists in `folder`."""
    models = all_data_models()
    bundle = Bundle(
        stamp=stamp(),
        digest=source_digest(folder),
        rules=load_rules([folder], compiled=False),
        questions=load_context_questions([folder], compiled=False),
        lists={name: read_list(name, model, folder) for name, model in models.items()},
        data={
            path.stem: yamlio.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted((folder / "data").glob("*.yaml"))
            if path.stem not in models
        },
    )
    return pickle.dumps(bundle, protocol=pickle.HIGHEST_PROTOCOL)


def main(argv: list[str]) -> int:
    """Write the bundle of the source tree's rules to the file named."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    rules = Path(__file__).resolve().parents[2] / "rules"
    Path(argv[0]).write_bytes(compile_bundle(rules))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
