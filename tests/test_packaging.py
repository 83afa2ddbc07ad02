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
    assert "shadowaudit/_data/compiled-rules.pickle" in names
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
        "print(r.rules_dir());"
        "from shadowaudit.compiled import shipped_bundle as b; print(b() is not None)"
    )
    where = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
    ).stdout.split()
    assert where[-1] == "True", "the installed program does not use its compiled rules"
    assert all(line.startswith(str(target)) for line in where[:-1]), where
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


#: Run in a fresh interpreter where `import babel` fails, as in a plain install: every shipped
#: language and every format, through the command line. Prints one JSON line of results.
NO_BABEL = """
import importlib.abc, json, sys

class NoBabel(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "babel" or name.startswith("babel."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NoBabel())
try:
    import babel
except ImportError:
    pass
else:
    raise SystemExit("the blocker let babel in")

from typer.testing import CliRunner
from shadowaudit.cli import app
from shadowaudit.i18n.translator import shipped_languages
from shadowaudit.report.formats import Format

results = {}
for language in shipped_languages():
    for fmt in Format:
        done = CliRunner().invoke(
            app,
            ["scan", "--recorded", sys.argv[1], "--no-questions", "--lang", language,
             "--format", fmt.value],
        )
        results[f"{language}.{fmt.value}"] = [done.exit_code, done.stdout]
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "babel"
                or m.startswith("shadowaudit.maintain"))
print(json.dumps({"results": results, "loaded": loaded}))
"""


def test_a_plain_install_scans_and_translates_every_language_without_babel() -> None:
    machine = SOURCE / "tests" / "fixtures" / "hosts" / "windows11-browsers"
    done = subprocess.run(
        [sys.executable, "-c", NO_BABEL, str(machine)],
        capture_output=True,
        text=True,
        cwd=SOURCE,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["loaded"] == [], "a scan imported Babel or the maintainers' tools"
    results = found["results"]
    languages = {key.split(".")[0] for key in results}
    assert {"en", "es", "fr", "ar", "fa", "ru"} <= languages
    for key, (code, out) in results.items():
        assert code in (0, 1), f"{key}: exit code {code}"
        assert out.strip(), f"{key}: nothing written"
    for language in languages:
        report = json.loads(results[f"{language}.json"][1])
        assert report["language"] == language
        assert report["untranslated"] == [], f"{language}: texts left in English without Babel"
        if language != "en":
            assert results[f"{language}.text"][1] != results["en.text"][1], language
            assert results[f"{language}.html"][1] != results["en.html"][1], language
