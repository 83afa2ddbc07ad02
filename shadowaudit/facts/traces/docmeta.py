"""Whether a document's bytes name a person or hold comments or tracked changes. Never what.

PDF: the Info dictionary's /Author and XMP's dc:creator, found by a bounded byte scan (no PDF
parser). Office (OOXML) and ODF: a zip read with size and ratio caps per member, and the XML
scanned as bytes for a few elements (never parsed, so no entity is ever expanded; a file that
declares a DOCTYPE is refused). Only yes/no answers leave this module: no name, no title.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from msgspec import Struct

#: The most a document member (decompressed) may be, and its largest compression ratio.
MAX_MEMBER = 4 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 5_000

_PDF_AUTHOR = re.compile(rb"/Author\s*(\((?!\s*\))|<(?!\s*>)(?:FEFF)?(?!\s*>)[0-9A-Fa-f]{2})")
_XMP_CREATOR = re.compile(rb"<dc:creator>\s*<rdf:(?:Seq|Bag)>\s*<rdf:li[^>]*>[^<]")
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm")
_CORE_PERSON = re.compile(rb"<(?:dc:creator|cp:lastModifiedBy)>\s*[^<\s]")
_WORD_CHANGE = re.compile(rb"<w:(?:ins|del)\b[^>]*\bw:author=\"[^\"]")
_WORD_COMMENT = re.compile(rb"<w:comment\b")
_ODF_PERSON = re.compile(rb"<(?:meta:initial-creator|dc:creator)>\s*[^<\s]")
_ODF_NOTES = re.compile(rb"<office:annotation\b|<text:changed-region\b")
#: What a damaged zip may raise while read (Unreadable is a ValueError: passed on as is).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    ValueError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    zlib.error,
)
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class DocumentTraces(Struct, frozen=True):
    """What a document gives away: a person's name, and comments or tracked changes."""

    names_person: bool
    has_notes: bool


class Unreadable(ValueError):
    """The document could not be read within the caps: it tells nothing either way."""


def pdf_traces(data: bytes) -> DocumentTraces:
    """A PDF read whole: an /Author or an XMP creator names a person. A PDF that packs its
    objects in compressed streams may hide its Info dictionary: then it tells nothing."""
    if not data.startswith(b"%PDF-"):
        raise Unreadable("not a PDF")
    # NOTE: a cut PDF may have lost its Info dictionary (it sits near the end): no verdict.
    if b"%%EOF" not in data[-1024:] or b"startxref" not in data[-1024:]:
        raise Unreadable("no end: cut short")
    person = bool(_PDF_AUTHOR.search(data) or _XMP_CREATOR.search(data))
    if not person and _OBJECT_STREAM.search(data):
        raise Unreadable("objects in compressed streams")
    # NOTE: PDF comments (annotations) are not judged: a reader adds them too, without author.
    return DocumentTraces(names_person=person, has_notes=False)


def _member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """A member's bytes within the caps, None when absent; Unreadable past a cap."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_MEMBER or info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise Unreadable("member too large or too compressed")
    # NOTE: zipfile stops a member at its declared size (checked above) and checks its CRC.
    data = archive.read(info)
    if len(data) > MAX_MEMBER:
        raise Unreadable("member larger than it said")
    if _DOCTYPE.search(data[:4096]):
        raise Unreadable("XML with a DOCTYPE")
    return data


def _members(data: bytes, *names: str) -> list[bytes | None]:
    """These members of an Office or ODF zip (None when absent), within the caps."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise Unreadable("not a zip") from exc
    try:
        with archive:
            if len(archive.infolist()) > MAX_MEMBERS:
                raise Unreadable("too many members")
            found = [_member(archive, name) for name in names]
    except Unreadable:
        raise
    except _ZIP_ERRORS as exc:
        raise Unreadable("damaged zip") from exc
    if not any(part is not None for part in found):
        raise Unreadable("none of the expected parts")
    return found


def office_traces(data: bytes) -> DocumentTraces:
    """An OOXML document (docx, xlsx, pptx): creator or last editor, Word comments and
    tracked changes with an author."""
    core, comments, body = _members(
        data, "docProps/core.xml", "word/comments.xml", "word/document.xml"
    )
    person = bool(core and _CORE_PERSON.search(core))
    notes = bool(comments and _WORD_COMMENT.search(comments))
    notes = notes or bool(body and _WORD_CHANGE.search(body))
    return DocumentTraces(names_person=person, has_notes=notes)


def odf_traces(data: bytes) -> DocumentTraces:
    """An ODF document (odt, ods, odp): creators in meta.xml, comments and tracked changes in
    content.xml."""
    meta, content = _members(data, "meta.xml", "content.xml")
    person = bool(meta and _ODF_PERSON.search(meta))
    notes = bool(content and _ODF_NOTES.search(content))
    return DocumentTraces(names_person=person, has_notes=notes)


READERS = {
    ".pdf": pdf_traces,
    ".docx": office_traces,
    ".xlsx": office_traces,
    ".pptx": office_traces,
    ".odt": odf_traces,
    ".ods": odf_traces,
    ".odp": odf_traces,
}
