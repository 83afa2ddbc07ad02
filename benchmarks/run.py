#!/usr/bin/env python3
"""Time shadowaudit as whole processes against its speed and memory budget.

    python benchmarks/run.py                 # 7 runs of each case after one warm-up
    python benchmarks/run.py --runs 3 --json results.json
    python benchmarks/run.py --check         # exit 1 when a case is over budget
    python benchmarks/run.py --heavy-home DIR --typical-home DIR   # reuse generated homes

Generates a heavy and a typical synthetic home (make_heavy_home.py) in a new temporary folder,
then runs, each time as a fresh `python -m shadowaudit ...` with this interpreter:

    heavy    shadowaudit scan --home HEAVY --format json --no-questions   (all rules)
    typical  shadowaudit scan --home TYPICAL --format json --no-questions
    help     shadowaudit --help

Wall time is taken around the whole process (start to exit). Peak resident memory comes from
os.wait4(), which returns the resource usage of exactly the child that was waited for (its
ru_maxrss, KiB on Linux, covers that process and any program it ran and reaped). This is why
getrusage(RUSAGE_CHILDREN) is not used: its ru_maxrss is the largest of all children so far,
so a "delta" between two runs is 0 whenever a later run uses less than an earlier one. Where
wait4 does not exist (Windows) memory is not reported.

What the children may write goes into the temporary folder: TMPDIR points there (shadowaudit
copies a database with a pending -wal there, as XDG_RUNTIME_DIR is removed from the children's
environment), and so does PYTHONPYCACHEPREFIX (bytecode compiled by the warm-up run, reused by
the measured runs). The scans read the generated home and, as every scan does, the system
(/etc, /proc, a few programs such as systemctl); shadowaudit never opens a network connection,
and neither does this script. The temporary folder is removed at the end unless --keep.

NOTE: on Linux a child's ru_maxrss starts from the memory of the process it was started from
(the kernel records the old address space's peak at exec), so the homes are generated in a
separate process and this script itself stays small (about 10 MiB, below any shadowaudit run).

A benchmark, not a test: it exits 0 even when over budget, unless --check is given (then 1).
It exits 2 when a run fails (a scan exit code other than 0 or 1, or output that is not JSON).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GENERATOR = HERE / "make_heavy_home.py"
FLOOR = HERE / "floor.py"
RECORDER = HERE / "system_inputs.py"

#: The budgets (issue 22). A scan's time is a ratio to the floor (benchmarks/floor.py) on the
#: same home: the median of the ratios of runs taken in pairs (scan, floor, scan, floor ...), so
#: that what slows the machine slows both. --help has a plain time budget; memory is peak RSS.
BUDGETS: dict[str, dict[str, float]] = {
    "help": {"median_s": 0.1},
    "scan-help": {"median_s": 0.15},
    "typical": {"ratio": 2.0},
    "heavy": {"ratio": 1.25, "rss_mib": 150.0},
    "million": {"rss_mib": 150.0},
}
_MIB = 1024 * 1024


@dataclass
class Case:
    """One command to time (and the floor it is compared with), and its normal exit codes."""

    name: str
    argv: list[str]
    ok_codes: tuple[int, ...]
    json_output: bool
    floor: list[str] | None = None
    walls: list[float] = field(default_factory=list)
    floor_walls: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)
    error: str = ""
    output_bytes: int = 0

    def ratios(self) -> list[float]:
        """scan / floor of each pair of runs."""
        return [w / f for w, f in zip(self.walls, self.floor_walls, strict=False) if f > 0]

    def summary(self) -> dict[str, object]:
        budget = BUDGETS[self.name]
        median = statistics.median(self.walls) if self.walls else None
        floor = statistics.median(self.floor_walls) if self.floor_walls else None
        ratios = self.ratios()
        ratio = statistics.median(ratios) if ratios else None
        peak = max(self.rss) / _MIB if self.rss else None
        over = []
        if median is not None and median > budget.get("median_s", float("inf")):
            over.append("time")
        if ratio is not None and ratio > budget.get("ratio", float("inf")):
            over.append("ratio")
        if peak is not None and peak > budget.get("rss_mib", float("inf")):
            over.append("memory")
        return {
            "case": self.name,
            "command": " ".join(self.argv[1:]),
            "floor": " ".join(self.floor[1:]) if self.floor else None,
            "runs": len(self.walls),
            "median_s": None if median is None else round(median, 4),
            "max_s": round(max(self.walls), 4) if self.walls else None,
            "floor_median_s": None if floor is None else round(floor, 4),
            "ratio": None if ratio is None else round(ratio, 3),
            "max_ratio": round(max(ratios), 3) if ratios else None,
            "walls_s": [round(w, 4) for w in self.walls],
            "floor_walls_s": [round(w, 4) for w in self.floor_walls],
            "peak_rss_mib": None if peak is None else round(peak, 1),
            "exit_codes": sorted(set(self.codes)),
            "output_bytes": self.output_bytes,
            "budget": budget,
            "over_budget": over,
            "error": self.error,
        }


def child_env(work: Path) -> dict[str, str]:
    """The environment of the measured processes: this one, with scratch space in `work`."""
    env = dict(os.environ)
    for name in (
        "XDG_RUNTIME_DIR",
        "PYTHONPROFILEIMPORTTIME",
        "PYTHONTRACEMALLOC",
        "PYTHONDEVMODE",
        "PYTHONSTARTUP",
        "PYTHONDONTWRITEBYTECODE",
    ):
        env.pop(name, None)
    (work / "tmp").mkdir(exist_ok=True)
    env.update(
        {
            "TMPDIR": str(work / "tmp"),
            "TEMP": str(work / "tmp"),
            "TMP": str(work / "tmp"),
            "PYTHONPYCACHEPREFIX": str(work / "pycache"),
            "NO_COLOR": "1",
        }
    )
    return env


def run_once(
    argv: list[str], env: dict[str, str], out: Path, err: Path
) -> tuple[float, int | None, int]:
    """(wall seconds, peak RSS bytes or None, exit code) of one fresh process."""
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, cwd=REPO, env=env
        )
        if hasattr(os, "wait4"):
            _pid, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)
            scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
            return wall, usage.ru_maxrss * scale, process.returncode
        code = process.wait()
        return time.perf_counter() - started, None, code


def _tail(path: Path, lines: int = 15) -> str:
    text = path.read_text(errors="replace").strip().splitlines()
    return "\n".join(text[-lines:])


def measure(case: Case, runs: int, env: dict[str, str], work: Path) -> None:
    """One warm-up run of the command and of its floor (checked), then `runs` measured runs,
    each of the command followed by one of its floor."""
    out, err = work / f"{case.name}.out", work / f"{case.name}.err"
    for index in range(runs + 1):
        wall, rss, code = run_once(case.argv, env, out, err)
        if code not in case.ok_codes:
            case.error = f"exit code {code}:\n{_tail(err)}"
            return
        if index == 0 and case.json_output:
            case.output_bytes = out.stat().st_size
            try:
                json.loads(out.read_text())
            except ValueError as exc:
                case.error = f"output is not JSON ({exc})"
                return
        floor_wall = None
        if case.floor is not None:
            floor_wall, _rss, floor_code = run_once(case.floor, env, out, err)
            if floor_code != 0:
                case.error = f"floor exit code {floor_code}:\n{_tail(err)}"
                return
        if index == 0:
            continue
        case.walls.append(wall)
        if floor_wall is not None:
            case.floor_walls.append(floor_wall)
        if rss is not None:
            case.rss.append(rss)
        case.codes.append(code)
        print(
            f"  {case.name} run {index}/{runs}: {wall:.3f} s"
            + (f", floor {floor_wall:.3f} s ({wall / floor_wall:.2f}x)" if floor_wall else "")
            + (f", {rss / _MIB:.0f} MiB" if rss is not None else ""),
            file=sys.stderr,
            flush=True,
        )


def generate(work: Path, kind: str) -> dict[str, Any]:
    """Write a home with make_heavy_home.py in its own process; return its summary."""
    summary_file = work / f"{kind}-summary.json"
    argv = [sys.executable, str(GENERATOR), str(work / kind), "--summary", str(summary_file)]
    if kind != "heavy":
        argv.append(f"--{kind}")
    subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=sys.stderr, check=True)
    summary = json.loads(summary_file.read_text())
    assert isinstance(summary, dict)
    return summary


def installed_program(folder: Path | None = None) -> Path | None:
    """The `shadowaudit` entry point in `folder` (default: beside this Python)."""
    folder = folder or Path(sys.executable).parent
    for name in ("shadowaudit", "shadowaudit.exe"):
        if (folder / name).is_file():
            return folder / name
    return None


def _quietly(argv: list[str]) -> str:
    """Run a setup command; its standard output, or CalledProcessError."""
    done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        done.check_returncode()
    return done.stdout


def install_wheel(work: Path) -> Path:
    """Build a wheel of this source tree and install it in a new environment in `work`, as a
    person's `pip install` does (a regular wheel with its compiled rules, bytecode written by
    pip). Its dependencies are this environment's (a .pth file): nothing is downloaded."""
    wheels, venv = work / "wheel", work / "venv"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    _quietly([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(REPO)])
    _quietly([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = str(venv / "bin" / "python")
    where = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    target = Path(_quietly([python, "-c", where]).strip())
    (target / "benchmark-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = str(next(wheels.glob("shadowaudit-*.whl")))
    _quietly([*pip, "--python", python, "install", "--no-deps", "--no-index", wheel])
    program = installed_program(venv / "bin")
    if program is None:
        raise RuntimeError("the wheel installed no shadowaudit program")
    return program


def python_of(program: Path) -> str:
    """The Python the installed `shadowaudit` program runs on (its environment's)."""
    for name in ("python", "python.exe"):
        if (program.parent / name).is_file():
            return str(program.parent / name)
    return sys.executable


def record_inputs(program: Path, home: Path, out: Path) -> Path:
    """What a scan of `home` asks this computer for, beside the browser profiles
    (system_inputs.py, run by the installed program's Python): the floor makes the same
    requests."""
    _quietly([python_of(program), str(RECORDER), str(home), str(out)])
    return out


def make_case(name: str, program: Path, home: Path | None, inputs: Path | None = None) -> Case:
    """The command of one case, with its floor (same home, and the same requests for the
    other questions when `inputs` is given) when its budget is a ratio."""
    if name == "help":
        return Case(name, [str(program), "--help"], (0,), False)
    if name == "scan-help":
        return Case(name, [str(program), "scan", "--help"], (0,), False)
    assert home is not None
    scan = [str(program), "scan", "--format", "json", "--no-questions", "--home", str(home)]
    floor = [sys.executable, str(FLOOR), str(home)]
    if inputs is not None:
        floor += ["--inputs", str(inputs)]
    return Case(name, scan, (0, 1), True, floor=floor)


def _fmt(value: object, unit: str) -> str:
    return "-" if value is None else f"{value:.2f} {unit}" if unit == "s" else f"{value:.0f} {unit}"


def _budget_text(budget: dict[str, float]) -> str:
    parts = []
    if "median_s" in budget:
        parts.append(f"{budget['median_s']:.2f} s")
    if "ratio" in budget:
        parts.append(f"{budget['ratio']:.2f}x")
    if "rss_mib" in budget:
        parts.append(f"{budget['rss_mib']:.0f} MiB")
    return ", ".join(parts)


def table(results: list[dict[str, object]]) -> str:
    """The results as a plain-text table."""
    head = ("case", "runs", "median", "max", "floor", "ratio", "max ratio", "peak RSS", "budget")
    rows = [(*head, "result")]
    for r in results:
        budget = r["budget"]
        assert isinstance(budget, dict)
        if r["error"]:
            verdict = "FAILED"
        elif r["over_budget"]:
            verdict = "OVER (" + ", ".join(r["over_budget"]) + ")"  # type: ignore[arg-type]
        else:
            verdict = "ok"
        ratio, top = r["ratio"], r["max_ratio"]
        rows.append(
            (
                str(r["case"]),
                str(r["runs"]),
                _fmt(r["median_s"], "s"),
                _fmt(r["max_s"], "s"),
                _fmt(r["floor_median_s"], "s"),
                "-" if ratio is None else f"{ratio:.2f}x",
                "-" if top is None else f"{top:.2f}x",
                _fmt(r["peak_rss_mib"], "MiB"),
                _budget_text(budget),
                verdict,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _own_peak_mib() -> float | None:
    """This script's own peak memory: a floor under every child's figure (see the NOTE)."""
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (_MIB if sys.platform == "darwin" else 1024), 1)


def _git_commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except OSError:
        return None
    return done.stdout.strip() or None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time shadowaudit on a heavy and a typical home against its budget."
    )
    parser.add_argument("--runs", type=int, default=7, help="measured runs per case (default 7)")
    parser.add_argument("--check", action="store_true", help="exit 1 when over budget")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also save the results here")
    parser.add_argument("--heavy-home", type=Path, metavar="DIR", help="reuse this heavy home")
    parser.add_argument("--typical-home", type=Path, metavar="DIR", help="reuse this typical home")
    parser.add_argument(
        "--million-home", type=Path, metavar="DIR", help="reuse this home of 1,000,000 cookies"
    )
    parser.add_argument(
        "--cases",
        default=",".join(BUDGETS),
        help=f"the cases to time, comma-separated (default {','.join(BUDGETS)})",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--installed",
        action="store_true",
        help="time the shadowaudit installed beside this Python (default: a wheel of this tree)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    wanted = [name.strip() for name in args.cases.split(",") if name.strip()]
    for name in wanted:
        if name not in BUDGETS:
            parser.error(f"there is no case {name}")
    given_homes = {"heavy": args.heavy_home, "typical": args.typical_home}
    given_homes["million"] = args.million_home
    for given in given_homes.values():
        if given is not None and not given.is_dir():
            parser.error(f"there is no folder {given}")
    program = installed_program() if args.installed else None
    if args.installed and program is None:
        parser.error(f"there is no shadowaudit program beside {sys.executable}; pip install it")

    # NOTE: a SIGTERM becomes SystemExit, so the temporary folder is still removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    work = Path(tempfile.mkdtemp(prefix="shadowaudit-bench-"))
    print(f"Working in {work}", file=sys.stderr)
    generated: dict[str, dict[str, Any]] = {}
    try:
        homes: dict[str, Path] = {}
        for kind, given in given_homes.items():
            if kind not in wanted:
                continue
            if given is not None:
                homes[kind] = given.absolute()
                continue
            summary = generate(work, kind)
            generated[kind] = summary
            homes[kind] = Path(str(summary["home"]))

        if program is None:
            print("Installing a wheel of this source tree", file=sys.stderr, flush=True)
            program = install_wheel(work)
        cases = []
        for name in wanted:
            home = homes.get(name)
            inputs = None
            if home is not None:
                print(f"Recording the {name} scan's other requests", file=sys.stderr, flush=True)
                inputs = record_inputs(program, home, work / f"{name}-inputs.json")
            cases.append(make_case(name, program, home, inputs))
        env = child_env(work)
        for case in cases:
            print(f"Timing {case.name}: {' '.join(case.argv[1:])}", file=sys.stderr, flush=True)
            measure(case, args.runs, env, work)
        results = [case.summary() for case in cases]
    finally:
        if args.keep:
            print(f"Kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    print()
    for kind, summary in generated.items():
        print(
            f"{kind} home: generated in {summary['seconds']:.1f} s, "
            f"{int(summary['bytes']) / 1_000_000:,.0f} MB in {summary['files']:,} files"
        )
    print(
        f"python {platform.python_version()} on {platform.platform()}, "
        f"{os.cpu_count()} CPUs; median and max of {args.runs} run(s) after a warm-up\n"
    )
    print(table(results))
    failed = [r for r in results if r["error"]]
    for r in failed:
        print(f"\n{r['case']} failed: {r['error']}")
    over = [r for r in results if r["over_budget"]]

    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    "commit": _git_commit(),
                    "python": sys.version,
                    "platform": platform.platform(),
                    "cpus": os.cpu_count(),
                    "runner_peak_rss_mib": _own_peak_mib(),
                    "runs": args.runs,
                    "generated": generated,
                    "results": results,
                    "over_budget": bool(over),
                },
                indent=2,
            )
            + "\n"
        )
        print(f"\nSaved {args.json}")
    if failed:
        return 2
    if args.check and over:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
