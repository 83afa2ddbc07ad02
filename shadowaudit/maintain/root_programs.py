"""Regenerate rules/data/root_programs.yaml from Debian's copy of Mozilla's root program.

    python -m shadowaudit.maintain.root_programs [FOLDER] [--version VERSION]

FOLDER holds the roots as PEM files, one a file: Debian's `ca-certificates` package installs
them in /usr/share/ca-certificates/mozilla/ (the default), built from NSS's certdata.txt, the
list of Mozilla's root program. Only each root's SHA-256 fingerprint and name are kept: no
certificate text, so nothing of certdata.txt (MPL-2.0) is copied but facts about it.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import yaml
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from shadowaudit.resources import rules_dir

DEBIAN_FOLDER = Path("/usr/share/ca-certificates/mozilla")
HEADER = """\
# Roots of Mozilla's root program (NSS certdata.txt), as Debian's ca-certificates package ships
# them: SHA-256 fingerprint of each root (lower-case hex, no colons) and its file name, nothing
# else. A root certificate found on a computer and not here (nor in the platform's own list)
# was added by a person, a program or an organisation.
# Regenerate: python -m shadowaudit.maintain.root_programs /usr/share/ca-certificates/mozilla
"""


def fingerprints(folder: Path) -> dict[str, str]:
    """{sha256: name} of every PEM root in a folder."""
    roots: dict[str, str] = {}
    for path in sorted(folder.glob("*.crt")):
        for cert in x509.load_pem_x509_certificates(path.read_bytes()):
            digest = hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest()
            roots[digest] = path.stem.replace("_", " ")
    return roots


def _package_version() -> str:
    """The installed ca-certificates package version (Debian), or "unknown"."""
    done = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", "ca-certificates"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "unknown"


def main(argv: list[str] | None = None) -> None:
    """Write rules/data/root_programs.yaml."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", nargs="?", type=Path, default=DEBIAN_FOLDER)
    parser.add_argument("--version", default="")
    args = parser.parse_args(argv)
    version = args.version or _package_version()
    roots = fingerprints(args.folder)
    data = {
        "as_of": datetime.now(UTC).date().isoformat(),
        "shelf_life_days": 365,
        "sources": [
            f"Debian ca-certificates {version}, /usr/share/ca-certificates/mozilla "
            "(from Mozilla NSS certdata.txt, MPL-2.0: fingerprints and names only)",
        ],
        "mozilla": [{"sha256": k, "name": v} for k, v in sorted(roots.items())],
    }
    target = rules_dir() / "data" / "root_programs.yaml"
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=200)
    target.write_text(HEADER + text, encoding="utf-8")
    print(f"{len(roots)} roots written to {target}")


if __name__ == "__main__":
    main()
