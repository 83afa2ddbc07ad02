#!/usr/bin/env python3
"""The floor: the least work that answers a scan's questions for a home.

    python benchmarks/floor.py HOME                      # print the browser facts it read
    python benchmarks/floor.py HOME --verify             # check them against `shadowaudit facts`
    python benchmarks/floor.py HOME --inputs LIST.json   # and make the other questions' requests

One Python process, no shadowaudit import: every browser profile of a Linux home (Firefox in
~/.config/mozilla/firefox and ~/.mozilla/firefox; Chrome, Chromium and Brave in ~/.config) is
read once, one file after the other. SQLite databases are opened read-only in place with
`immutable=1` (no lock, no copy); JSON is parsed with orjson when it is installed (it is in
requirements/run.txt), else with json; the two data lists the cookie facts need
(rules/data/trackers.yaml and platform_sessions.yaml) with PyYAML's C loader.

What it reads is what the browser rules judge: cookie hosts and login cookie names
(cookies.sqlite, Cookies), saved logins (logins.json, Login Data and Login Data For Account),
the Primary Password row of key4.db, site permissions (permissions.sqlite, Preferences),
add-ons (extensions.json, Preferences and each extension's manifest.json), settings
(prefs.js, user.js, Local State, Preferences, Secure Preferences) and versions
(compatibility.ini, Last Version). What it does not pay for is what the floor leaves out on
purpose: loading and judging the rules, writing the report, redaction and the safety bounds of
shadowaudit's Host.

The scan's other questions (the system, who else is on this computer, photos, documents,
backups ...) are answered from files, folders, commands, queries and process lists that
`system_inputs.py` records for the same home on this computer. With `--inputs`, the floor
makes those requests with nothing around them (`replay`): the commands all started at once,
each file read once up to the size the scan read, each query run on the database opened in
place. Parsing those small answers costs next to nothing beside the requests themselves.

`--verify` runs the installed `shadowaudit facts --home HOME` (the `shadowaudit` beside this
Python) and compares, profile by profile, the fields the floor computes the same way (FIELDS);
it exits 1 when one differs. The settings are read but not compared (shadowaudit merges them
with policies and build defaults, which a floor would not know).
"""

from __future__ import annotations

import argparse
import configparser
import contextlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

try:
    import orjson

    loads: Callable[[bytes], Any] = orjson.loads
except ImportError:  # pragma: no cover - orjson is a run dependency
    loads = json.loads

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "shadowaudit" / "rules" / "data"
if not DATA.is_dir():
    DATA = REPO / "rules" / "data"

#: The profile fields --verify compares with `shadowaudit facts`.
FIELDS = (
    "version",
    "saved_logins",
    "cookie_count",
    "cookie_sites",
    "tracker_companies",
    "platform_sessions",
    "site_permissions",
    "extension_names",
)

_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go", "gob"}
_FF_PERMISSIONS = {
    "camera": "camera",
    "microphone": "microphone",
    "geo": "location",
    "desktop-notification": "notifications",
    "screen": "screen sharing",
}
_CR_PERMISSIONS = {
    "media_stream_camera": "camera",
    "media_stream_mic": "microphone",
    "geolocation": "location",
    "notifications": "notifications",
}
_FF_SHIPPED = {
    "app-builtin",
    "app-builtin-addons",
    "app-system-addons",
    "app-system-defaults",
    "app-system-profile",
}
_USER_PREF = re.compile(rb'user_pref\("([^"]+)",\s*(.*?)\);')


def _site(labels: list[str]) -> str:
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


class Lists:
    """The tracker and platform-session lists, indexed for the cookie loop."""

    def __init__(self) -> None:
        load = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        trackers = yaml.load((DATA / "trackers.yaml").read_bytes(), Loader=load)
        sessions = yaml.load((DATA / "platform_sessions.yaml").read_bytes(), Loader=load)
        self.company: dict[str, str] = {}
        for entry in trackers["companies"]:
            for domain in entry["domains"]:
                self.company.setdefault(domain.lower(), entry["company"])
        self.tracker_sites = {_site(d.split(".")) for d in self.company}
        self.platforms: list[dict[str, Any]] = sessions["platforms"]
        self.session_sites = {_site(p["domain"].lower().split(".")) for p in self.platforms}
        self.names = sorted({n for p in self.platforms for n in p["cookies"]})


def _open(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)


def cookies(path: Path, table: str, host: str, partitioned: str, lists: Lists) -> dict[str, Any]:
    """cookie_count, cookie_sites, tracker_companies, platform_sessions of one database."""
    if not path.is_file():
        return {
            "cookie_count": 0,
            "cookie_sites": 0,
            "tracker_companies": [],
            "platform_sessions": [],
        }
    db = _open(path)
    try:
        rows = db.execute(
            f"SELECT {host}, count(*), sum({partitioned}) FROM {table} GROUP BY 1"
        ).fetchall()
        total, sites, companies, platform_hosts = 0, set(), Counter[str](), []
        for name, count, parted in rows:
            total += count
            labels = name.lstrip(".").lower().split(".")
            site = _site(labels)
            sites.add(site)
            if site in lists.session_sites:
                platform_hosts.append(name)
            if site in lists.tracker_sites and count - (parted or 0) > 0:
                for size in range(len(labels), 0, -1):
                    company = lists.company.get(".".join(labels[-size:]))
                    if company:
                        companies[company] += count - (parted or 0)
                        break
        logins: list[tuple[str, str]] = []
        if platform_hosts:
            logins = db.execute(
                f"SELECT DISTINCT {host}, name FROM {table} "
                f"WHERE {host} IN ({','.join('?' * len(platform_hosts))}) "
                f"AND name IN ({','.join('?' * len(lists.names))}) AND NOT ({partitioned})",
                (*platform_hosts, *lists.names),
            ).fetchall()
    finally:
        db.close()
    found = set()
    for name, cookie in logins:
        labels = name.lstrip(".").lower().split(".")
        domains = {".".join(labels[i:]) for i in range(len(labels))}
        for entry in lists.platforms:
            if entry["domain"].lower() in domains and cookie in entry["cookies"]:
                found.add(entry["platform"])
    platforms: list[str] = []
    for entry in lists.platforms:
        if entry["platform"] in found and entry["platform"] not in platforms:
            platforms.append(entry["platform"])
    return {
        "cookie_count": total,
        "cookie_sites": len(sites),
        "tracker_companies": [c for c, _ in sorted(companies.items(), key=lambda c: (-c[1], c[0]))],
        "platform_sessions": platforms,
    }


def _read_json(path: Path) -> Any:
    try:
        return loads(path.read_bytes())
    except (OSError, ValueError):
        return None


def firefox_profile(folder: Path, lists: Lists) -> dict[str, Any]:
    """What the rules judge of one Firefox profile."""
    facts: dict[str, Any] = {}
    prefs: dict[bytes, bytes] = {}
    for name in ("prefs.js", "user.js"):
        if (folder / name).is_file():
            prefs.update(_USER_PREF.findall((folder / name).read_bytes()))
    facts["prefs_read"] = len(prefs)
    ini = (folder / "compatibility.ini").read_text(errors="replace")
    match = re.search(r"^LastVersion=([0-9][0-9a-z.]*)", ini, re.MULTILINE)
    facts["version"] = match.group(1).split("_")[0] if match else None
    logins = _read_json(folder / "logins.json") or {}
    facts["saved_logins"] = sum(
        1
        for login in logins.get("logins", [])
        if not login.get("hostname", "").startswith("chrome://")
    )
    if (folder / "key4.db").is_file():
        db = _open(folder / "key4.db")
        facts["primary_password_row"] = bool(
            db.execute("SELECT item1, item2 FROM metaData WHERE id = 'password'").fetchall()
        )
        db.close()
    facts.update(
        cookies(
            folder / "cookies.sqlite",
            "moz_cookies",
            "host",
            "originAttributes LIKE '%partitionKey=%'",
            lists,
        )
    )
    permissions = []
    if (folder / "permissions.sqlite").is_file():
        db = _open(folder / "permissions.sqlite")
        kinds = ", ".join(f"'{k}'" for k in _FF_PERMISSIONS)
        for origin, kind in db.execute(
            "SELECT origin, type FROM moz_perms WHERE permission = 1 AND expireType = 0 "
            f"AND type IN ({kinds}) ORDER BY type, origin"
        ):
            site = origin.split("^", 1)[0].split("://", 1)[-1].split("/", 1)[0]
            permissions.append({"site": site, "kind": _FF_PERMISSIONS[kind]})
        db.close()
    facts["site_permissions"] = permissions
    addons = (_read_json(folder / "extensions.json") or {}).get("addons", [])
    facts["extension_names"] = sorted(
        str((a.get("defaultLocale") or {}).get("name") or a.get("id"))
        for a in addons
        if a.get("type") == "extension" and a.get("location") not in _FF_SHIPPED
    )
    facts["signed_in_file"] = (folder / "signedInUser.json").is_file()
    return facts


def _manifest_name(folder: Path) -> str | None:
    versions = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    if not versions:
        return None
    manifest = _read_json(folder / versions[-1] / "manifest.json") or {}
    name = manifest.get("name")
    if isinstance(name, str) and name.startswith("__MSG_") and name.endswith("__"):
        locale = str(manifest.get("default_locale", "en"))
        messages = _read_json(folder / versions[-1] / "_locales" / locale / "messages.json") or {}
        entry = messages.get(name[6:-2]) or messages.get(name[6:-2].lower())
        name = entry.get("message") if isinstance(entry, dict) else None
    return name if isinstance(name, str) else None


def _merge(base: dict[str, Any], over: dict[str, Any]) -> None:
    for key, value in over.items():
        if isinstance(base.get(key), dict) and isinstance(value, dict):
            _merge(base[key], value)
        else:
            base[key] = value


def chromium_profile(folder: Path, lists: Lists) -> dict[str, Any]:
    """What the rules judge of one Chromium-family profile."""
    facts: dict[str, Any] = {}
    prefs = _read_json(folder / "Preferences") or {}
    _merge(prefs, _read_json(folder / "Secure Preferences") or {})
    total = 0
    for name in ("Login Data", "Login Data For Account"):
        if (folder / name).is_file():
            db = _open(folder / name)
            total += len(
                db.execute(
                    "SELECT substr(password_value, 1, 3) FROM logins WHERE blacklisted_by_user = 0"
                ).fetchall()
            )
            db.close()
    facts["saved_logins"] = total
    path = folder / "Network" / "Cookies"
    facts.update(
        cookies(
            path if path.is_file() else folder / "Cookies",
            "cookies",
            "host_key",
            "top_frame_site_key != ''",
            lists,
        )
    )
    exceptions = prefs.get("profile", {}).get("content_settings", {}).get("exceptions", {})
    permissions = []
    for kind, words in _CR_PERMISSIONS.items():
        for pattern, setting in sorted(exceptions.get(kind, {}).items()):
            if isinstance(setting, dict) and setting.get("setting") == 1:
                origin = pattern.split(",", 1)[0].split("://", 1)[-1].split("/", 1)[0]
                site = origin.rsplit(":", 1)[0].removeprefix("[*.]")
                permissions.append({"site": site, "kind": words})
    facts["site_permissions"] = permissions
    names = []
    for ext_id, entry in sorted(prefs.get("extensions", {}).get("settings", {}).items()):
        if entry.get("was_installed_by_default") or entry.get("location") in (5, 10):
            continue
        manifest = entry.get("manifest")
        shown = _manifest_name(folder / "Extensions" / ext_id) or (
            manifest.get("name") if isinstance(manifest, dict) else None
        )
        names.append(str(shown or ext_id))
    facts["extension_names"] = sorted(names)
    return facts


def read_home(home: Path) -> dict[str, dict[str, Any]]:
    """Facts of every browser profile of a Linux home, by shadowaudit's profile id."""
    lists = Lists()
    found: dict[str, dict[str, Any]] = {}
    for root in (home / ".config/mozilla/firefox", home / ".mozilla/firefox"):
        if not (root / "profiles.ini").is_file():
            continue
        ini = configparser.ConfigParser(interpolation=None, strict=False)
        ini.optionxform = str  # type: ignore[assignment,method-assign]
        ini.read_string((root / "profiles.ini").read_text())
        for section in ini.sections():
            entry = ini[section]
            if section.startswith("Profile") and "Path" in entry:
                relative = entry.get("IsRelative", "1").strip() != "0"
                folder = root / entry["Path"] if relative else Path(entry["Path"])
                found[f"Firefox:{entry['Path']}"] = firefox_profile(folder, lists)
    for sub, label in (
        ("google-chrome", "Chrome"),
        ("chromium", "Chromium"),
        ("BraveSoftware/Brave-Browser", "Brave"),
    ):
        root = home / ".config" / sub
        if not root.is_dir():
            continue
        state = _read_json(root / "Local State") or {}
        cache = state.get("profile", {}).get("info_cache", {})
        version = (
            (root / "Last Version").read_text().strip()
            if (root / "Last Version").is_file()
            else None
        )
        for folder in sorted(cache):
            facts = chromium_profile(root / folder, lists)
            facts["version"] = version
            found[f"{label}:{folder}"] = facts
    return found


def _read(path: str, offset: int, size: int) -> None:
    with open(path, "rb") as file:
        if offset:
            file.seek(offset)
        file.read(size)


def _listeners() -> None:
    import psutil

    names = {}
    for conn in psutil.net_connections(kind="inet"):
        if conn.status == psutil.CONN_LISTEN and conn.pid is not None and conn.pid not in names:
            names[conn.pid] = psutil.Process(conn.pid).name()


def _processes() -> None:
    import psutil

    for process in psutil.process_iter(["name", "exe"], ad_value=None):
        process.info.get("name")


def _device_users(prefixes: list[str]) -> None:
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with contextlib.suppress(OSError):
                    os.readlink(f"/proc/{pid}/fd/{fd}").startswith(tuple(prefixes))


def replay(requests: list[list[Any]]) -> dict[str, int]:
    """Make the requests `system_inputs.py` recorded, the commands all at once; how many of
    each kind were made (a request that fails fails as it did for the scan, and counts)."""
    made: Counter[str] = Counter()
    running = []
    for request in requests:
        if request[0] == "run":
            with contextlib.suppress(OSError):
                running.append(
                    (
                        subprocess.Popen(
                            request[1],
                            stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE,
                        ),
                        request[2],
                    )
                )
            made["run"] += 1
    databases: dict[str, sqlite3.Connection] = {}
    for kind, *args in requests:
        with contextlib.suppress(OSError, sqlite3.Error, ImportError):
            if kind == "read":
                _read(*args)
            elif kind == "stat":
                os.stat(args[0])
            elif kind == "list":
                os.listdir(args[0])
            elif kind == "sql":
                if args[0] not in databases:
                    databases[args[0]] = _open(Path(args[0]))
                databases[args[0]].execute(args[1], args[2]).fetchall()
            elif kind == "processes":
                _processes()
            elif kind == "listeners":
                _listeners()
            elif kind == "device_users":
                _device_users(args[0])
        if kind != "run":
            made[kind] += 1
    for process, timeout in running:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.communicate(timeout=timeout)
    return dict(made)


def shadowaudit_profiles(home: Path) -> dict[str, dict[str, Any]]:
    """The same fields from `shadowaudit facts --home HOME`, by profile id."""
    program = Path(sys.executable).parent / "shadowaudit"
    done = subprocess.run(
        [str(program), "facts", "--home", str(home)],
        capture_output=True,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    facts = json.loads(done.stdout)
    profiles: dict[str, dict[str, Any]] = {}
    for key in ("browser.firefox.profiles", "browser.chromium.profiles"):
        for profile in facts.get(key) or []:
            extensions = profile.get("extensions")
            profile["extension_names"] = (
                sorted(e["name"] for e in extensions)
                if isinstance(extensions, list)
                else extensions
            )
            profiles[profile["id"]] = {f: profile.get(f) for f in FIELDS}
    return profiles


def verify(home: Path, floor: dict[str, dict[str, Any]]) -> list[str]:
    """Every difference between the floor's answers and shadowaudit's."""
    theirs = shadowaudit_profiles(home)
    problems = [f"profile {p}: only shadowaudit found it" for p in theirs.keys() - floor.keys()]
    problems += [f"profile {p}: only the floor found it" for p in floor.keys() - theirs.keys()]
    for profile in sorted(floor.keys() & theirs.keys()):
        for name in FIELDS:
            if floor[profile].get(name) != theirs[profile][name]:
                problems.append(
                    f"{profile} {name}: floor {floor[profile].get(name)!r:.80} "
                    f"!= shadowaudit {theirs[profile][name]!r:.80}"
                )
    return problems


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("home", type=Path, help="the home folder to read")
    parser.add_argument("--verify", action="store_true", help="compare with shadowaudit facts")
    parser.add_argument(
        "--inputs",
        type=Path,
        metavar="LIST",
        help="also make the requests system_inputs.py recorded for the other questions",
    )
    args = parser.parse_args(None if argv is None else list(argv))
    floor = read_home(args.home.absolute())
    made = replay(json.loads(args.inputs.read_bytes())) if args.inputs else {}
    if not args.verify:
        sys.stdout.write(json.dumps({"profiles": floor, "requests": made}, sort_keys=True) + "\n")
        return 0
    problems = verify(args.home.absolute(), floor)
    for problem in problems:
        print(problem)
    compared = sum(1 for p in floor.values() for _ in FIELDS)
    print(
        f"{len(floor)} profiles, {compared} answers compared ({', '.join(FIELDS)}): "
        + (f"{len(problems)} differ" if problems else "all the same")
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
