"""Build the standalone program of this system: one file that runs with no Python installed.

    python packaging/build.py            # dist/shadowaudit-<system>-<machine>[.exe] + .sha256

The same script on Linux, macOS and Windows (see .github/workflows/release.yml). It needs the
locked build tools: `pip install --require-hashes -r requirements/build.txt`. It bundles the
program from this source tree with its rules, templates, schemas, demo machines and compiled
catalogues, and leaves out what a scan never uses (Babel and the maintainers' tools).
"""

from __future__ import annotations

import hashlib
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
#: Folders shipped with the program, found at run time by shadowaudit/resources.py.
DATA = ("rules", "templates", "schema", "demo", "locale")
#: Packages a scan never imports: maintainers' tools, test tools, GUI toolkits.
LEFT_OUT = ("babel", "shadowaudit.maintain", "tkinter", "pytest", "setuptools", "pip")


def file_name() -> str:
    """The file people download: shadowaudit-linux-x86_64, shadowaudit-windows-x86_64.exe ..."""
    system = {"darwin": "macos", "win32": "windows"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower().replace("amd64", "x86_64").replace("aarch64", "arm64")
    return f"shadowaudit-{system}-{machine}" + (".exe" if system == "windows" else "")


def source_date_epoch() -> str:
    """The time of the last commit, so that two builds of one commit carry the same dates."""
    found = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip() or "0"


def compiled_rules() -> Path:
    """The shipped rules validated once (shadowaudit/engine/compiled.py), as a wheel has them."""
    sys.path.insert(0, str(ROOT))
    from shadowaudit.compiled import BUNDLE_NAME
    from shadowaudit.maintain.compiled_rules import compile_bundle

    WORK.mkdir(parents=True, exist_ok=True)
    bundle = WORK / BUNDLE_NAME
    bundle.write_bytes(compile_bundle(ROOT / "rules"))
    return bundle


def pyinstaller_arguments(name: str) -> list[str]:
    """What PyInstaller is asked to build."""
    arguments = [
        str(ROOT / "packaging" / "entry.py"),
        "--onefile",
        "--console",
        "--noconfirm",
        "--clean",
        "--name",
        name.removesuffix(".exe"),
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        "--specpath",
        str(WORK),
        "--paths",
        str(ROOT),
    ]
    for folder in DATA:
        arguments += ["--add-data", f"{ROOT / folder}{os.pathsep}shadowaudit/_data/{folder}"]
    bundle = compiled_rules()
    arguments += ["--add-data", f"{bundle}{os.pathsep}shadowaudit/_data"]
    for module in LEFT_OUT:
        arguments += ["--exclude-module", module]
    return arguments


def sha256(path: Path) -> str:
    """The SHA-256 of a file, in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main() -> int:
    """Build, write the .sha256 beside the file, and say where it is and how big."""
    import PyInstaller.__main__

    name = file_name()
    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch())
    started = time.monotonic()
    PyInstaller.__main__.run(pyinstaller_arguments(name))
    built = DIST / name
    (DIST / f"{name}.sha256").write_text(f"{sha256(built)}  {name}\n", encoding="utf-8")
    size = built.stat().st_size / 1024 / 1024
    print(f"build: {built} ({size:.1f} MiB) in {time.monotonic() - started:.0f} s")
    print(f"build: SHA-256 in {DIST / (name + '.sha256')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
