"""Exact text inside sentences: commands, paths, addresses, labels and product names.

A person types a command or an address exactly as it is shown. Inside an Arabic or Persian
sentence, the browser lays out left-to-right words by the rules of the sentence around them,
so that `/etc/dnf/automatic.conf.` can show as `.etc/dnf/automatic.conf/` and "2-Step
Verification" as "Step Verification-2". This module finds the exact parts of a sentence (in any
language) so that each format can isolate them: HTML in `<code dir="ltr">`, `<bdi>` and
`<span dir="ltr">`, Markdown in backticks.

    segments("Type \"sudo ufw enable\".")
    -> [Segment("text", "Type "), Segment("code", "sudo ufw enable"), Segment("text", ".")]
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from markupsafe import Markup, escape

#: Programs a person is asked to type: a quoted text starting with one of them is a command.
COMMAND_WORDS = (
    "sudo",
    "cat",
    "gsettings",
    "defaults",
    "firewall-cmd",
    "fdesetup",
    "systemctl",
    "apt",
    "apt-get",
    "dnf",
    "dpkg",
    "ssh-keygen",
    "git",
    "csrutil",
    "spctl",
    "mokutil",
    "lsblk",
    "powershell",
    "manage-bde",
    "whoami",
    "ufw",
    "ls",
    "chmod",
    "exiftool",
    "shadowaudit",
    "Get-MpComputerStatus",
    "Set-MpPreference",
    "netsh",
    "net",
    "reg",
    "bcdedit",
    "Confirm-SecureBootUEFI",
    "sharing",
    "launchctl",
    "pmset",
    "sysadminctl",
    "fdisk",
    "cryptsetup",
    "nft",
    "iptables",
    "ss",
)
Kind = Literal["text", "code", "label", "ltr"]


class Segment(NamedTuple):
    """A piece of a sentence: plain text, exact text (`code`: typed as written), a quoted
    label (`label`, quotes kept around it) or a left-to-right run (`ltr`, product names)."""

    kind: Kind
    text: str


_TRAILING = ".,;:!?)»”"
#: Web and browser addresses a person types.
_ADDRESS = r"(?:https?://|(?:chrome|edge|brave|opera|vivaldi)://|about:)[^\s\"«»“”<>()،,;]+"
#: Bare host names: myaccount.google.com, digitalfirstaid.org.
_HOST = (
    r"(?<![\w@./-])(?:[a-z0-9-]+\.)+(?:com|org|net|io|me|app|info|eu|ch|de|fr|uk|edu|gov)"
    r"(?:/[\w./#?=&%-]*)?(?![\w@-])"
)
#: Paths: /etc/dnf/automatic.conf, ~/.ssh/id_ed25519, %USERPROFILE%\.ssh, C:\Windows.
_PATH = (
    r"(?<![\w/\\:.])(?:~|%\w+%|[A-Z]:)?[/\\](?:[\w.$~%-]+[/\\]?)+"
    r"|(?<![\w/\\])~(?=[/\\])"
)
#: Email addresses: help@accessnow.org (right to left, it would read accessnow.org@help).
_EMAIL = r"(?<![\w.+-])[\w.+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,}(?![\w@-])"
_UNQUOTED = re.compile(f"{_ADDRESS}|{_EMAIL}|{_HOST}|{_PATH}")
#: A quoted text: "…" (English and most translations), « … », “…” and „…“.
_QUOTED = re.compile(r'"([^"\n]+)"|«([^»\n]+)»|“([^”\n]+)”|„([^“\n]+)“')
_COMMAND = re.compile(
    r"(?:" + "|".join(re.escape(w) for w in sorted(COMMAND_WORDS, key=len, reverse=True)) + r")"
    r"(?:\s|$)"
)
#: A quoted text that is code rather than a label: a setting, a file, an option, a word to
#: type in a search box ("safe"), a name a command shows ("sshd", "wheel"), a line of a
#: configuration file ("PermitRootLogin no").
_CODE_LIKE = re.compile(
    r"[=_\\]|--|^[\w-]+\.[\w.-]+$|^[/~%]|^[a-z][a-z0-9._-]+$|^[A-Z][a-z]+(?:[A-Z][a-z]+)+ \S+$"
)
#: A run of Latin letters and digits with what joins them inside a name or a label.
_LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’&+./-]*(?:[ \u00a0]+[A-Za-z0-9][A-Za-z0-9'’&+./-]*)*")


def _trim(token: str) -> tuple[str, str]:
    """A token without the punctuation that ends the sentence after it: (token, the rest)."""
    kept = token.rstrip(_TRAILING)
    if kept.count("(") > kept.count(")") and token[len(kept) :].startswith(")"):
        kept += ")"
    return kept, token[len(kept) :]


def is_code(quoted: str) -> bool:
    """True when a quoted text is typed as written (a command, an address, a path, a setting)
    rather than a label to look for."""
    text = quoted.strip()
    if _COMMAND.match(text + " ") or _CODE_LIKE.search(text):
        return text.isascii()
    whole = _UNQUOTED.fullmatch(text)
    return whole is not None


def _unquoted(text: str) -> list[Segment]:
    """Addresses (web and email) and paths found in text outside quotes; the rest is plain
    text."""
    found: list[Segment] = []
    end = 0
    for match in _UNQUOTED.finditer(text):
        token, rest = _trim(match.group(0))
        if len(token) < 2:
            continue
        found.append(Segment("text", text[end : match.start()]))
        found.append(Segment("code", token))
        end = match.start() + len(token)
    found.append(Segment("text", text[end:]))
    return [s for s in found if s.text]


def segments(text: str) -> list[Segment]:
    """A sentence cut into plain text and exact parts (see Segment)."""
    found: list[Segment] = []
    end = 0
    for match in _QUOTED.finditer(text):
        inner = next(g for g in match.groups() if g is not None)
        found.extend(_unquoted(text[end : match.start()]))
        if is_code(inner):
            found.append(Segment("code", inner.strip()))
        else:
            found.append(Segment("label", match.group(0)))
        end = match.end()
    found.extend(_unquoted(text[end:]))
    return found


def _ltr_runs(text: str) -> list[Segment]:
    """Plain text of a right-to-left sentence with its Latin runs set apart."""
    found: list[Segment] = []
    end = 0
    for match in _LATIN.finditer(text):
        run = match.group(0).rstrip(".")
        if not re.search(r"[A-Za-z]", run):
            continue
        found.append(Segment("text", text[end : match.start()]))
        found.append(Segment("ltr", run))
        end = match.start() + len(run)
    found.append(Segment("text", text[end:]))
    return [s for s in found if s.text]


def _code_html(code: str) -> str:
    """Exact text as HTML code, left to right, broken between words only (never at a hyphen
    or a dot: "dpkg-reconfigure" stays whole)."""
    words = [f'<span class="nw">{escape(w)}</span>' for w in code.split(" ")]
    return f'<code dir="ltr" class="exact">{" ".join(words)}</code>'


#: Letters of the scripts written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko...).
_RTL_LETTER = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
#: A quoted label this short stays on one line ("Encrypt the new installation").
SHORT_LABEL = 32


def _label_html(label: str, rtl: bool) -> str:
    """A quoted label, isolated: left to right when it holds no right-to-left letter (an
    English label, "00-"); a translated label of a right-to-left page right to left, its Latin
    runs set apart ("«Windows 11، الإصدار 25H2»"); a short left-to-right label never breaks
    across lines."""
    if _RTL_LETTER.search(label):
        if not rtl:
            return f"<bdi>{escape(label)}</bdi>"
        return f'<bdi dir="rtl">{_rtl_text_html(label)}</bdi>'
    short = ' class="nw"' if len(label) <= SHORT_LABEL else ""
    return f'<bdi dir="ltr"{short}>{escape(label)}</bdi>'


def _rtl_text_html(text: str) -> str:
    """Plain text of a right-to-left page, escaped, its Latin runs in `<span dir="ltr">`."""
    return "".join(
        f'<span dir="ltr">{escape(part)}</span>' if kind == "ltr" else str(escape(part))
        for kind, part in _ltr_runs(text)
    )


def exact_html(text: str, rtl: bool = False) -> Markup:
    """A sentence as HTML with its exact parts isolated: code in `<code dir="ltr">`, quoted
    labels in `<bdi>`, and, in a right-to-left sentence, Latin runs in `<span dir="ltr">`."""
    parts: list[str] = []
    for kind, part in segments(str(text)):
        if kind == "code":
            parts.append(_code_html(part))
        elif kind == "label":
            parts.append(_label_html(part, rtl))
        elif rtl:
            parts.append(_rtl_text_html(part))
        else:
            parts.append(str(escape(part)))
    return Markup("".join(parts))


def exact_md(text: str) -> str:
    """A sentence as Markdown with commands, paths and addresses in backticks."""
    parts = []
    for kind, part in segments(text):
        if kind == "code":
            fence = "``" if "`" in part else "`"
            pad = " " if fence == "``" else ""
            parts.append(f"{fence}{pad}{part}{pad}{fence}")
        else:
            parts.append(part)
    return "".join(parts)


def keep_commands_whole(text: str, joiner: str = "\x00") -> str:
    """The text with the spaces inside each quoted command replaced by `joiner`, so that a
    line wrapper keeps the command on one line; the caller puts the spaces back."""

    def join(match: re.Match[str]) -> str:
        """A quoted command with its spaces replaced; any other quoted text as it is."""
        inner = next(g for g in match.groups() if g is not None)
        return match.group(0).replace(" ", joiner) if is_code(inner) else match.group(0)

    return _QUOTED.sub(join, text)
