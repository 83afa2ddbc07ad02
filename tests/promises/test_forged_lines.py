"""Names from the computer stay on one line and inert: no forged report line, no terminal
control sequence, no direction override, in every format and every command."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from shadowaudit.cli import app
from shadowaudit.report.values import BIDI_CONTROLS
from shadowaudit.scan import load_selected_rules

runner = CliRunner()

FORGED = "What is fine: Firewall"
PROFILE_NAME = f"risky\n{FORGED}\r\u2028{FORGED}\u2029{FORGED}\x85{FORGED}\x0b\x0c"
EXTENSION_NAME = f"Coupon\x1b]0;pwned\x07 Helper\x1b[2J\u202e\u2066\r\n{FORGED}\u2028\x9b31m"
#: A rendered line that starts (after indentation and Markdown marks) with the forged heading.
FORGED_LINE = re.compile(r"^[\s#>*\-|`_]*what is fine: firewall", re.IGNORECASE | re.MULTILINE)
LINE_BREAKS = "\r\x0b\x0c\x85\u2028\u2029"


def forge(home: Path) -> None:
    """Give the copied profiles hostile names: a Firefox and a Chromium profile, an extension."""
    firefox = home / ".config/mozilla/firefox"
    ini = firefox / "profiles.ini"
    # INI continuation lines: a name over several lines, as a hand-edited profiles.ini can hold.
    ini.write_text(ini.read_text().replace("Name=risky", f"Name=risky\n  {FORGED}"))
    (risky,) = firefox.glob("*.risky")
    extensions = json.loads((risky / "extensions.json").read_text())
    for addon in extensions["addons"]:
        if addon.get("defaultLocale", {}).get("name") == "Coupon Helper":
            addon["defaultLocale"]["name"] = EXTENSION_NAME
    (risky / "extensions.json").write_text(json.dumps(extensions))
    local_state = home / ".config/chromium/Local State"
    data = json.loads(local_state.read_text())
    data["profile"]["info_cache"]["Profile 1"]["name"] = PROFILE_NAME
    local_state.write_text(json.dumps(data))
    preferences = home / ".config/chromium/Profile 1/Preferences"
    prefs = json.loads(preferences.read_text())
    for setting in prefs["extensions"]["settings"].values():
        if setting.get("manifest", {}).get("name") == "Coupon Helper":
            setting["manifest"]["name"] = EXTENSION_NAME
    preferences.write_text(json.dumps(prefs))


def _outputs(home: Path) -> dict[str, str]:
    """Every command's output on a forged home: scans in every format, facts, explain."""
    commands = {
        f"scan {fmt}": ["scan", "--home", str(home), "--format", fmt, "--no-questions"]
        for fmt in ("text", "md", "json", "html")
    }
    commands["facts"] = ["facts", "--home", str(home)]
    for rule in load_selected_rules(only=["browser"]):
        commands[f"explain {rule.id}"] = ["explain", rule.id, "--home", str(home)]
    texts = {}
    for name, command in commands.items():
        result = runner.invoke(app, ["-v", *command])
        assert result.exception is None or isinstance(result.exception, SystemExit), name
        texts[name] = result.stdout + result.stderr
    return texts


def test_forged_names_add_no_line_and_no_control(browser_home: Path) -> None:
    forge(browser_home)
    texts = _outputs(browser_home)
    for name, text in texts.items():
        assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text, name
        assert not BIDI_CONTROLS & set(text), name
        if name != "scan html":
            assert not FORGED_LINE.search(text), (name, FORGED_LINE.search(text))
            assert not set(LINE_BREAKS) & set(text), name
    # The names are still there for the person to recognise, on one line.
    assert "risky\\nWhat is fine: Firewall" in texts["scan text"]
    assert "Coupon[U+001B]]0;pwned[U+0007] Helper" in texts["scan md"].replace("\\", "")
    assert (
        "risky\\nWhat is fine: Firewall\\r\\u2028What"
        in texts["explain browser.chromium.safe_browsing"]
    )


def test_rule_files_cannot_drive_the_terminal(tmp_path: Path) -> None:
    """A rule folder from someone else: its texts reach `rules list` and `rules show` inert."""
    (rule,) = [r for r in load_selected_rules() if r.id == "system.firewall"]
    text = (Path(__file__).parents[2] / "rules/system/firewall.yaml").read_text()
    folder = tmp_path / "mine" / "mine"
    folder.mkdir(parents=True)
    hostile = text.replace("id: system.firewall", "id: mine.firewall").replace(
        f"title: {rule.title}", 'title: "Firewall\\e]0;pwned\\a\\u202e\\nWhat is fine: Firewall"'
    )
    assert "pwned" in hostile
    (folder / "firewall.yaml").write_text(hostile)
    for command in (["rules", "list"], ["rules", "show", "mine.firewall"]):
        result = runner.invoke(app, [*command, "--rules", str(tmp_path / "mine")])
        assert "\x1b" not in result.output and "\u202e" not in result.output, command
    listed = runner.invoke(app, ["rules", "list", "--rules", str(tmp_path / "mine")]).output
    assert "Firewall[U+001B]]0;pwned[U+0007][U+202E]\\nWhat is fine: Firewall" in listed
    assert not FORGED_LINE.search(listed)
