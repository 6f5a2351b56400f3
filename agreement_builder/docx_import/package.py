"""Opening a Word package safely: what kind of file it is, bounded reading, XML without entities.

Everything that can make the import refuse to run is decided here, before any parsing of
content: PDFs, encrypted files, other formats, damaged or oversized zip packages (zip bombs),
and XML with document type declarations (entities). The result is a :class:`Package` holding
the parsed parts the walker needs.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import AgreementError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_STRICT = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": W.encode(),
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": R.encode(),
}

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_PART_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 400 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for parts above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_ENTRIES = 5000

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ImportProblem(AgreementError):
    """The document cannot be imported; ``str()`` is one bokmål line naming the file."""

    def __init__(self, path: Path, message: str):
        super().__init__(f"{path.name}: {message}")


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
    if not path.exists():
        raise ImportProblem(path, "filen finnes ikke")
    if path.is_dir():
        raise ImportProblem(path, "er en mappe, ikke et Word-dokument")
    if not path.is_file():
        raise ImportProblem(path, "er ikke en vanlig fil")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportProblem(path, f"filen er større enn {MAX_FILE_BYTES // (1024 * 1024)} MB og leses ikke")
    if path.stat().st_size == 0:
        raise ImportProblem(path, "filen er tom")


def _check_archive(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse zip bombs before reading: entry count, part sizes, total size, compression ratio."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise ImportProblem(path, f"pakken har {len(entries)} deler – mer enn et Word-dokument kan ha")
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > MAX_PART_BYTES or (entry.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
            raise ImportProblem(path, f"delen {entry.filename} pakkes ut til mistenkelig mye data "
                                      "(mulig zip-bombe) – filen leses ikke")
    if total > MAX_TOTAL_BYTES:
        raise ImportProblem(path, "pakken pakkes ut til mistenkelig mye data (mulig zip-bombe) – filen leses ikke")
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise ImportProblem(path, "dokumentet er kryptert – åpne det i Word, fjern passordet og lagre på nytt")


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                          huge_tree=False, remove_comments=True, remove_pis=True)


def parse_xml(path: Path, name: str, data: bytes) -> etree._Element:
    """Parse one part; a document type declaration (entities) or broken XML stops the import."""
    if b"<!DOCTYPE" in data[:65536] or b"<!ENTITY" in data[:65536]:
        raise ImportProblem(path, f"delen {name} inneholder XML-entiteter (DOCTYPE) – filen leses ikke")
    for strict, transitional in _STRICT.items():
        data = data.replace(strict, transitional)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        raise ImportProblem(path, f"delen {name} er skadet (ugyldig XML) – åpne filen i Word og lagre på nytt") \
            from None
    if root.getroottree().docinfo.doctype:
        raise ImportProblem(path, f"delen {name} inneholder XML-entiteter (DOCTYPE) – filen leses ikke")
    return root


def _relationships(path: Path, archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str, str]]:
    """Relationship id → (type, target, mode) for ``part``; empty when it has none."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in archive.namelist():
        return {}
    root = parse_xml(path, rels_name, archive.read(rels_name))
    result = {}
    for rel in root.iter(f"{{{PR}}}Relationship"):
        target = rel.get("Target", "")
        mode = rel.get("TargetMode", "Internal")
        if mode != "External":
            target = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
        result[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], target, mode)
    return result


def open_package(path: Path) -> Package:
    """Read and parse the parts of the .docx at ``path``; :class:`ImportProblem` if it cannot be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            _check_archive(path, archive)
            return _read_parts(path, archive)
    except zipfile.BadZipFile:
        raise ImportProblem(path, "filen er skadet (ikke en gyldig zip-pakke) – åpne den i Word og lagre på nytt") \
            from None
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, KeyError) as exc:
        raise ImportProblem(path, f"filen kan ikke leses ({type(exc).__name__}) – åpne den i Word og lagre på nytt") \
            from None


def _read_parts(path: Path, archive: zipfile.ZipFile) -> Package:
    package_rels = _relationships(path, archive, "")
    main = next((target for kind, target, _ in package_rels.values()
                 if kind == "officeDocument" and target in archive.namelist()), None)
    if main is None:
        raise ImportProblem(path, "er ikke et Word-dokument (fant ingen dokumentdel)")
    document = parse_xml(path, main, archive.read(main))
    if document.tag != f"{{{W}}}document":
        raise ImportProblem(path, "er ikke et Word-dokument (hoveddelen er ikke tekst)")
    package = Package(path, document)
    for rel_id, (kind, target, mode) in _relationships(path, archive, main).items():
        if mode == "External":
            package.links[rel_id] = target
        elif kind in ("styles", "numbering", "comments", "footnotes", "endnotes") and target in archive.namelist():
            setattr(package, kind, parse_xml(path, target, archive.read(target)))
    return package
