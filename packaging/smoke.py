"""Try the standalone Linux program as a person would: a clean Debian, no Python, no network.

    python3 packaging/smoke.py dist/shadowaudit-linux-x86_64 ROOT

ROOT is a Debian made with `debootstrap --variant=minbase bookworm ROOT`, which has no Python.
The program runs there through `unshare --net` (a network namespace with nothing in it) with an
empty environment. The script follows the Linux steps of docs/workshop.md word for word (check
the sum, make it runnable, double-click), then scans the container itself, a home written by a
real Firefox and a recorded Windows machine, in every format and language, and prints the
file's size and how long it takes to start. Run as root (CI does); it exits 1 on any failure.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "es", "fr", "ar", "fa", "ru")
FORMATS = ("text", "md", "html", "json")
#: Enough empty answers for every question: Enter skips a question.
SKIP_ALL = "\n" * 40
#: The budget from a double-click to the first question, in seconds (benchmarks/README.md).
FIRST_QUESTION_BUDGET = 2.0

failures: list[str] = []
passed = 0


def check(ok: bool, what: str) -> None:
    """Count one check; remember what failed."""
    global passed
    if ok:
        passed += 1
    else:
        failures.append(what)
        print(f"smoke: FAILED: {what}", flush=True)


def inside(root: Path, command: str) -> list[str]:
    """The argv that runs a shell command in the container: no network, no environment."""
    clean = "/usr/bin/env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8"
    enter = f"mount -t proc proc {shlex.quote(str(root / 'proc'))} && exec chroot"
    return [
        "unshare",
        "--net",
        "--mount",
        "--fork",
        "sh",
        "-c",
        f"{enter} {shlex.quote(str(root))} {clean} sh -c {shlex.quote(command)}",
    ]


def run(root: Path, command: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run a shell command in the container and keep what it printed."""
    return subprocess.run(
        inside(root, command), input=stdin, capture_output=True, text=True, check=False
    )


def workshop_steps() -> list[str]:
    """The Linux commands of docs/workshop.md, in order (the block after '### On Linux')."""
    text = (ROOT / "docs" / "workshop.md").read_text(encoding="utf-8")
    section = text.split("### On Linux", 1)[1]
    block = re.search(r"((?:\n {4}\S.*)+)", section)
    assert block is not None, "docs/workshop.md has no Linux commands"
    return [line.strip() for line in block.group(1).strip("\n").splitlines()]


def workshop_commands(binary: Path) -> list[str]:
    """The guide's other Linux commands: share, room summary and demo (with arguments)."""
    text = (ROOT / "docs" / "workshop.md").read_text(encoding="utf-8")
    return re.findall(rf"^ {{4}}(\./{re.escape(binary.name)} \S.*)$", text, re.MULTILINE)


def lay_out(root: Path, binary: Path) -> None:
    """Put the downloaded files, a real browser home and a recorded machine in the container."""
    downloads = root / "root" / "Downloads"
    for place in (downloads, root / "root" / "Documents", root / "opt" / "recorded"):
        shutil.rmtree(place, ignore_errors=True)
    downloads.mkdir(parents=True)
    for name in (binary.name, binary.name + ".sha256"):
        shutil.copyfile(binary.parent / name, downloads / name)  # as a browser saves it: 0644
    hosts = ROOT / "tests" / "fixtures" / "hosts"
    shutil.rmtree(root / "home" / "ana", ignore_errors=True)
    shutil.copytree(hosts / "linux-firefox" / "files" / "home" / "ana", root / "home" / "ana")
    shutil.copytree(hosts / "windows11-browsers", root / "opt" / "recorded" / "windows11-browsers")


def follow_the_workshop_guide(root: Path, binary: Path) -> None:
    """docs/workshop.md's Linux steps, word for word, in the Downloads folder."""
    steps = workshop_steps()
    check(any(binary.name in step for step in steps), "the guide names the Linux file")
    done = run(root, "cd /root/Downloads && " + " && ".join(steps), SKIP_ALL)
    check(done.returncode in (0, 1), f"the guide's steps run (exit {done.returncode})")
    check(f"{binary.name}: OK" in done.stdout, "sha256sum -c says OK")
    reports = run(root, "stat -c '%a %n' /root/Documents/shadowaudit /root/Documents/shadowaudit/*")
    lines = reports.stdout.splitlines()
    check(lines[:1] == ["700 /root/Documents/shadowaudit"], "the report folder is private")
    check(
        len(lines) == 2 and lines[1].startswith("600 ") and lines[1].endswith(".html"),
        "one private HTML report",
    )
    check("Open this file in your web browser" in done.stderr, "it says where the report is")


def run_the_room(root: Path, binary: Path) -> None:
    """The guide's share, summary and demo commands; the share file copied as people do."""
    commands = workshop_commands(binary)
    check(len(commands) >= 3, "the guide has share, summary and demo commands")
    for command in commands:
        done = run(root, f"cd /root/Downloads && {command}")
        check(done.returncode in (0, 1), f"{command}: exit {done.returncode}")
        if "--share share.json" in command:
            run(
                root,
                "cd /root/Downloads && cp share.json share-1.json && cp share.json share-2.json",
            )
    written = run(root, "cd /root/Downloads && ls room.html demo.html share.json").stdout.split()
    check(written == ["demo.html", "room.html", "share.json"], f"the guide's files: {written}")


def scan_everything(root: Path, program: str) -> None:
    """Every format and language on a recorded Windows machine; en and fa on the container
    itself and on a home written by a real Firefox."""
    targets = {"recorded Windows": "--recorded /opt/recorded/windows11-browsers"}
    cases = [(name, option, lang) for name, option in targets.items() for lang in LANGUAGES]
    for name, option in {"this machine": "", "a real Firefox home": "--home /home/ana"}.items():
        cases += [(name, option, lang) for lang in ("en", "fa")]
    for name, option, lang in cases:
        for fmt in FORMATS:
            done = run(root, f"{program} scan --no-questions --lang {lang} -f {fmt} {option}")
            what = f"{name}, {lang}, {fmt}"
            check(done.returncode in (0, 1) and done.stdout, f"{what}: exit {done.returncode}")
            if fmt == "json" and done.stdout:
                check(json.loads(done.stdout)["language"] == lang, f"{what}: language")
            if fmt == "html":
                check(f'lang="{lang}"' in done.stdout, f"{what}: html lang")


def seconds_to_first_question(root: Path, program: str) -> float:
    """From start to the first question, double-clicked (no arguments)."""
    started = time.monotonic()
    process = subprocess.Popen(
        inside(root, program),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stderr is not None
    seen = ""
    while "Question 1 of" not in seen:
        line = process.stderr.readline()
        if not line:
            break
        seen += line
    elapsed = time.monotonic() - started
    process.communicate(SKIP_ALL)
    return elapsed


def main(argv: list[str]) -> int:
    """Run every check; print the numbers; exit 1 on any failure."""
    binary, root = Path(argv[1]).resolve(), Path(argv[2]).resolve()
    program = f"/root/Downloads/{binary.name}"
    lay_out(root, binary)
    check(run(root, "command -v python3 python").returncode != 0, "no Python in the container")
    interfaces = run(root, "tail -n +3 /proc/net/dev").stdout.split()
    check(interfaces[:1] == ["lo:"] and interfaces.count("lo:") == 1, "no network but lo")
    follow_the_workshop_guide(root, binary)
    run_the_room(root, binary)
    version = run(root, f"{program} --version")
    check(version.stdout.startswith("shadowaudit "), "--version")
    scan_everything(root, program)
    starts = []
    for _ in range(3):
        began = time.monotonic()
        run(root, f"{program} --version")
        starts.append(time.monotonic() - began)
    first_question = statistics.median(seconds_to_first_question(root, program) for _ in range(3))
    check(first_question <= FIRST_QUESTION_BUDGET, f"first question after {first_question:.2f} s")
    size = binary.stat().st_size / 1024 / 1024
    print(f"smoke: {binary.name}: {size:.1f} MiB")
    print(f"smoke: cold start (--version), median of 3: {statistics.median(starts):.2f} s")
    print(f"smoke: double-click to the first question, median of 3: {first_question:.2f} s")
    print(f"smoke: {passed} checks passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
