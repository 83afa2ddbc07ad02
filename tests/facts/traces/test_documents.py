"""Document traces on real LibreOffice files (tests/fixtures/documents), damaged and fuzzed."""

from __future__ import annotations

import io
import json
import os
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shadowaudit.facts.traces import docmeta
from shadowaudit.facts.traces.docmeta import READERS, DocumentTraces, Unreadable
from shadowaudit.facts.traces.documents import DOCUMENTS, DocumentsCollector
from shadowaudit.host import LocalHost

DOCS = Path(__file__).resolve().parents[2] / "fixtures" / "documents"
#: What the fixtures hold and no output may show: names, the title, the folder.
SECRETS = ("Ana Witness", "Bea Source", "Secret report", "Witness", "Source", "Casework")


def read(name: str) -> DocumentTraces:
    """What the reader for this file's kind says about a recorded document."""
    return READERS[Path(name).suffix]((DOCS / name).read_bytes())


@pytest.mark.parametrize("kind", ["odt", "docx", "pdf"])
def test_libreoffice_documents(kind: str) -> None:
    notes = read(f"notes.{kind}")
    assert notes.names_person is True
    # NOTE: LibreOffice's PDF keeps the author but not the comment or tracked change.
    assert notes.has_notes is (kind != "pdf")
    assert read(f"plain.{kind}") == DocumentTraces(names_person=False, has_notes=False)


@pytest.mark.parametrize("name", ["notes.odt", "notes.docx", "notes.pdf"])
def test_truncated_documents_tell_nothing_or_only_what_they_hold(name: str) -> None:
    data = (DOCS / name).read_bytes()
    for cut in range(0, len(data), 97):
        try:
            found = READERS[Path(name).suffix](data[:cut])
        except Unreadable:
            continue
        # A PDF cut after its Info dictionary still names the person; never invented.
        assert name.endswith(".pdf") and found.names_person


def zipped(members: dict[str, bytes]) -> bytes:
    """A zip holding these members, deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_decompression_bomb_is_refused_cheaply() -> None:
    bomb = zipped({"word/document.xml": b'<w:ins w:author="x">' + b"\x00" * 50_000_000})
    assert len(bomb) < 100_000
    start = time.perf_counter()
    with pytest.raises(Unreadable):
        READERS[".docx"](bomb)
    assert time.perf_counter() - start < 1.0


def test_entities_are_never_expanded() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "Ana Witness">]>'
        b"<cp:coreProperties><dc:creator>&a;</dc:creator></cp:coreProperties>"
    )
    with pytest.raises(Unreadable):
        READERS[".docx"](zipped({"docProps/core.xml": laughs}))


def test_a_pdf_packing_its_objects_tells_nothing() -> None:
    with pytest.raises(Unreadable):
        READERS[".pdf"](
            b"%PDF-1.7\n1 0 obj << /Type /ObjStm /N 3 >> stream\nx\nendstream\n"
            b"startxref\n9\n%%EOF\n"
        )


@settings(max_examples=200, deadline=1000)
@given(st.binary(max_size=2048), st.integers(min_value=0, max_value=9000))
def test_fuzzed_documents_never_crash(noise: bytes, cut: int) -> None:
    for name in ("notes.odt", "notes.docx", "notes.pdf"):
        data = (DOCS / name).read_bytes()
        mixed = data[:cut] + noise + data[cut + len(noise) :]
        try:
            found = READERS[Path(name).suffix](mixed)
        except Unreadable:
            continue
        assert isinstance(found, DocumentTraces)


def test_the_collector_counts_and_never_names(tmp_path: Path) -> None:
    folder = tmp_path / "Documents" / "Casework"
    folder.mkdir(parents=True)
    for name in ("notes.odt", "notes.docx", "notes.pdf", "plain.odt", "plain.docx"):
        (folder / name).write_bytes((DOCS / name).read_bytes())
    (tmp_path / "Downloads").mkdir()
    (tmp_path / "Downloads" / "broken.docx").write_bytes(b"PK\x03\x04 not really")
    old = tmp_path / "Downloads" / "old.pdf"
    old.write_bytes((DOCS / "notes.pdf").read_bytes())
    stamp = time.time() - 400 * 86_400
    os.utime(old, (stamp, stamp))
    found = DocumentsCollector().collect(LocalHost(tmp_path))[DOCUMENTS]
    assert isinstance(found, dict)
    assert found["looked_in"] == ["~/Documents", "~/Downloads"]
    assert (found["recent"], found["checked"], found["not_checked"]) == (6, 5, 1)
    assert (found["name_a_person"], found["with_notes"]) == (3, 2)
    shown = json.dumps(found, default=str)
    for secret in SECRETS:
        assert secret not in shown


def test_none_found_is_not_none_there_when_some_could_not_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "Desktop").mkdir()
    (tmp_path / "Desktop" / "plain.odt").write_bytes((DOCS / "plain.odt").read_bytes())
    (tmp_path / "Desktop" / "big.pdf").write_bytes(b"%PDF-1.4\n" + b" " * 10_000)
    monkeypatch.setattr("shadowaudit.facts.traces.documents.MAX_DOCUMENT_BYTES", 9_000)
    found = DocumentsCollector().collect(LocalHost(tmp_path))[DOCUMENTS]
    assert isinstance(found, dict)
    assert (found["checked"], found["not_checked"]) == (1, 1)
    assert found["name_a_person"].reason.value == "unsupported"  # type: ignore[union-attr]


def test_member_caps_are_sane() -> None:
    assert docmeta.MAX_MEMBER <= 8 * 1024 * 1024 and docmeta.MAX_RATIO >= 10
