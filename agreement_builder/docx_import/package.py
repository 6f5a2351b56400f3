"""Opening a Word package safely: what kind of file it is, bounded reading, XML without entities.

Everything that can make the import refuse to run is decided here, before any parsing of
content: PDFs, encrypted files, other formats, damaged or oversized zip packages (zip bombs),
and XML with document type declarations (entities). The size, ratio and XML checks are the
project's shared ones (:mod:`agreement_builder.package_limits`, :mod:`agreement_builder.package_xml`).
The result is a :class:`Package` holding the parsed parts the walker needs.
"""

from __future__ import annotations

import dataclasses
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import PackageError
from ..files import input_problem
from ..package_limits import LIMITS, check_part_size, open_package as open_zip, stream_part
from ..package_xml import parse_part

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_STRICT = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": W.encode(),
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": R.encode(),
}
MAX_FILE_BYTES = 100 * 1024 * 1024
# The XML parts the importer parses (document, styles, notes) become an lxml tree of about 20 times
# their size: 20 MB of XML (a real agreement has 1–5 MB) keeps any document under 1 GB and 30 s.
XML_LIMITS = dataclasses.replace(LIMITS, part_bytes=20 * 1024 * 1024)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ImportProblem(PackageError):
    """The document cannot be imported; ``str()`` is one bokmål line naming the file."""


@dataclass
class Package:
    """The parts of a .docx the importer reads, parsed; missing optional parts are ``None``."""

    path: Path
    document: etree._Element
    styles: etree._Element | None = None
    numbering: etree._Element | None = None
    comments: etree._Element | None = None
    footnotes: etree._Element | None = None
    endnotes: etree._Element | None = None
    links: dict[str, str] = field(default_factory=dict)  # relationship id → external target


def file_kind(path: Path) -> str:
    """``docx``, ``odt``, ``doc``, ``rtf``, ``pdf``, ``encrypted`` or ``other``, from the first bytes."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head == _OLE:
        return "encrypted" if _is_encrypted_ole(path) else "doc"
    if head.startswith(b"PK"):
        return _zip_kind(path)
    return "other"


def _is_encrypted_ole(path: Path) -> bool:
    """An OLE file holding an encrypted OOXML package (Word's «Krypter med passord»)."""
    data = path.read_bytes()[: 4 * 1024 * 1024]
    return "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                mimetype = archive.read("mimetype")
                if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
                    return "odt"
            if "[Content_Types].xml" in names:
                return "docx"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return "damaged"
    return "other"


def check_input(path: Path) -> None:
    """Refuse what is not a readable regular file of a sane size."""
    problem = input_problem(path, "Word-dokument")
    if problem:
        raise ImportProblem(path, problem)
    size = path.stat().st_size
    if size == 0:
        raise ImportProblem(path, "filen er tom")
    if size > MAX_FILE_BYTES:
        raise ImportProblem(path, f"filen er større enn {MAX_FILE_BYTES // (1024 * 1024)} MB og leses ikke")


def parse_xml(path: Path, name: str, data: bytes) -> etree._Element:
    """Parse one part (Strict names read as transitional); entities or broken XML stop the import."""
    for strict, transitional in _STRICT.items():
        data = data.replace(strict, transitional)
    return parse_part(data, name, lambda message: ImportProblem(path, message))


def read_part(path: Path, archive: zipfile.ZipFile, name: str) -> etree._Element:
    """Check the part's size and compression ratio, read it (bounded) and parse it."""
    data = b"".join(stream_part(archive, path, name, XML_LIMITS, where=f"delen {name}"))
    return parse_xml(path, name, data)


def _relationships(path: Path, archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str, str]]:
    """Relationship id → (type, target, mode) for ``part``; empty when it has none."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in archive.namelist():
        return {}
    root = read_part(path, archive, rels_name)
    result = {}
    for rel in root.iter(f"{{{PR}}}Relationship"):
        target = rel.get("Target", "")
        mode = rel.get("TargetMode", "Internal")
        if mode != "External":
            target = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
        result[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], target, mode)
    return result


def open_package(path: Path) -> Package:
    """Read and parse the parts of the .docx at ``path``; :class:`PackageError` if it cannot be read."""
    with open_zip(path) as archive:
        for entry in archive.infolist():  # a bomb anywhere in the package refuses it, read or not
            if not entry.is_dir():
                check_part_size(archive, path, entry.filename, where=f"delen {entry.filename}")
        return _read_parts(path, archive)


def _read_parts(path: Path, archive: zipfile.ZipFile) -> Package:
    package_rels = _relationships(path, archive, "")
    main = next((target for kind, target, _ in package_rels.values()
                 if kind == "officeDocument" and target in archive.namelist()), None)
    if main is None:
        raise ImportProblem(path, "er ikke et Word-dokument (fant ingen dokumentdel)")
    document = read_part(path, archive, main)
    if document.tag != f"{{{W}}}document":
        raise ImportProblem(path, "er ikke et Word-dokument (hoveddelen er ikke tekst)")
    package = Package(path, document)
    for rel_id, (kind, target, mode) in _relationships(path, archive, main).items():
        if mode == "External":
            package.links[rel_id] = target
        elif kind in ("styles", "numbering", "comments", "footnotes", "endnotes") and target in archive.namelist():
            setattr(package, kind, read_part(path, archive, target))
    return package
