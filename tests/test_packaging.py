"""A plain (non-editable) install carries the rules, templates and schemas, and scans."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from jsonschema import Draft202012Validator

SOURCE = Path(__file__).resolve().parents[1]


def test_wheel_installs_and_scans(tmp_path: Path) -> None:
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(SOURCE),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("shadowaudit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "shadowaudit/_data/rules/system/firewall.yaml" in names
    assert "shadowaudit/_data/templates/report.txt.j2" in names
    assert "shadowaudit/_data/schema/report.schema.json" in names
    assert "shadowaudit/_data/demo/macbook/host.yaml" in names
    assert not any(name.startswith("tests/") for name in names)

    target = tmp_path / "site"
    installed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = (
        "import shadowaudit, shadowaudit.resources as r; print(shadowaudit.__file__);"
        "print(r.rules_dir())"
    )
    where = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
    ).stdout.split()
    assert all(line.startswith(str(target)) for line in where), where
    scan = subprocess.run(
        [sys.executable, "-m", "shadowaudit", "scan", "--home", str(home), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert scan.returncode in (0, 1), scan.stderr
    report = json.loads(scan.stdout)
    schema = json.loads((target / "shadowaudit/_data/schema/report.schema.json").read_text())
    Draft202012Validator(schema).validate(report)
    shipped = [
        n
        for n in names
        if n.startswith("shadowaudit/_data/rules/")
        and n.endswith(".yaml")
        and not {"data", "questions", "checklists"} & set(n.split("/"))
    ]
    assert report["rules_checked"] == len(shipped) >= 29
