"""Bounds checked on an Office package (.xlsx, .docx) before any library parses it.

A small file can hold a huge part (a zip bomb), a cell in the last row and column (the
reader builds the whole grid up to it), or an XML entity bomb. Everything here streams the
package with a fixed amount of memory and stops at the first limit, so the libraries that
parse afterwards (python-calamine, openpyxl, python-docx) only see packages no real agreement
exceeds. See docs/limits.md for the numbers and why.

Independent of the workbook layer: templates and documents to import use the same checks.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from .errors import PackageError

MB = 1024 * 1024
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """What a package may hold; far beyond any real agreement (docs/limits.md)."""

    parts: int = 10_000  # entries in the zip
    part_bytes: int = 50 * MB  # uncompressed size of a part that is read
    ratio: int = 200  # uncompressed / compressed, for parts larger than ratio_from
    ratio_from: int = 5 * MB
    sheets: int = 1_000
    rows: int = 200_000
    columns: int = 500
    cells: int = 5_000_000  # rows × columns of the grid one sheet is read into
    workbook_cells: int = 10_000_000  # the grids of all sheets read, together
    shared_strings: int = 1_000_000
    cell_chars: int = 32_767  # Excel's own limit for the text of one cell
    values: int = 100_000  # cells holding a value, in all sheets read together (a task is one)
    text_chars: int = 10_000_000  # characters in those cells together (a shared text counts each time it is used)
    tasks: int = 50_000  # tasks in one agreement (a workbook, or a folder of them)
    municipalities: int = 1_000  # rows on «Kommuner» (Norway has 357 municipalities)
    batch_tasks: int = 2_000_000  # tasks × documents in one --per-municipality run


LIMITS = Limits()


def number_text(value: int) -> str:
    """``value`` with spaces between thousands, as bokmål writes it."""
    return f"{value:,}".replace(",", " ")


def too_many_tasks(limits: Limits | None = None) -> str:
    """The line for an agreement past the task limit."""
    limits = limits or LIMITS
    return (f"avtalen har flere enn {number_text(limits.tasks)} oppgaver – langt flere enn noen avtale har "
            "(de største har noen hundre); del den opp")


def batch_problem(documents: int, tasks: int, limits: Limits | None = None) -> str | None:
    """Why a batch of ``documents`` agreements of ``tasks`` tasks each is too large; ``None`` when it is not."""
    limits = limits or LIMITS
    if documents * max(tasks, 1) <= limits.batch_tasks:
        return None
    return (f"{number_text(documents)} dokumenter med {number_text(tasks)} oppgaver hver er over grensen på "
            f"{number_text(limits.batch_tasks)} oppgaver i alle dokumentene til sammen – del avtalen opp")


def open_package(path: Path, limits: Limits = LIMITS) -> zipfile.ZipFile:
    """Open ``path`` as a zip package after checking its directory; the caller closes it."""
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise PackageError(path, "er skadet eller ikke en Office-fil (zip-pakken kan ikke åpnes)") from None
    entries = package.infolist()
    names = [entry.filename.casefold() for entry in entries]
    problem = ""
    if len(entries) > limits.parts:
        problem = f"har {number_text(len(entries))} deler (grensen er {number_text(limits.parts)})"
    elif len(set(names)) != len(names):
        problem = "er skadet: samme del finnes to ganger i pakken"
    if problem:
        package.close()
        raise PackageError(path, problem)
    return package


def check_part_size(package: zipfile.ZipFile, path: Path, name: str, limits: Limits = LIMITS,
                    where: str = "") -> zipfile.ZipInfo:
    """The entry ``name``, after checking its declared size and compression ratio."""
    try:
        entry = package.getinfo(name)
    except KeyError:
        raise PackageError(path, f"er skadet: delen {name} mangler", where) from None
    if entry.file_size > limits.part_bytes:
        raise PackageError(path, f"er for stor: {_megabytes(entry.file_size)} utpakket "
                                 f"(grensen er {_megabytes(limits.part_bytes)})", where)
    if entry.file_size > limits.ratio_from and entry.file_size > limits.ratio * max(entry.compress_size, 1):
        raise PackageError(path, f"er mistenkelig sterkt komprimert ({entry.file_size // max(entry.compress_size, 1)}:1"
                                 f", grensen er {limits.ratio}:1)", where)
    return entry


def _megabytes(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{size / MB:.1f} MB"


def check_package(path: Path, limits: Limits = LIMITS) -> None:
    """Check every part of ``path`` (for packages a library reads whole, such as a .docx)."""
    with open_package(path, limits) as package:
        for entry in package.infolist():
            if not entry.is_dir():
                check_part_size(package, path, entry.filename, limits, f"delen {entry.filename}")
        for entry in package.infolist():
            if entry.filename.lower().endswith((".xml", ".rels")):
                parse_expat(path, stream_part(package, path, entry.filename, limits, f"delen {entry.filename}"),
                            None, where=f"delen {entry.filename}")


def stream_part(package: zipfile.ZipFile, path: Path, name: str, limits: Limits = LIMITS,
                where: str = "", *, check_size: bool = True) -> Iterator[bytes]:
    """The bytes of part ``name`` in chunks; never more than its declared size.

    The declared size is checked against ``limits`` first, unless ``check_size`` is false (for a
    caller that stops reading early and bounds what it reads itself).
    """
    try:
        entry = check_part_size(package, path, name, limits, where) if check_size else package.getinfo(name)
    except KeyError:
        raise PackageError(path, f"er skadet: delen {name} mangler", where) from None
    try:
        with package.open(entry) as handle:  # zipfile stops at the declared size and checks the CRC
            while chunk := handle.read(_CHUNK):
                yield chunk
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise PackageError(path, f"er skadet og kan ikke leses ({_reason(exc)})", where) from None


def _reason(exc: Exception) -> str:
    if isinstance(exc, RuntimeError) and "encrypted" in str(exc):
        return "delen er kryptert"
    return type(exc).__name__


class StopParsing(Exception):
    """Raised by a handler that has seen enough."""


def parse_xml(path: Path, chunks: Iterable[bytes], start: Callable[[str, dict[str, str]], None], *,
              end: Callable[[str], None] | None = None, text: Callable[[str], None] | None = None,
              where: str = "") -> None:
    """Feed ``chunks`` to expat, calling ``start(local_name, attributes)`` and friends.

    Element and attribute names come without their namespace. Document type declarations are
    refused (OOXML never has one; they carry entity bombs), so no entity is ever expanded or
    fetched. A handler may raise :class:`StopParsing`.
    """
    local = LocalNames()

    def on_start(name: str, attributes: dict[str, str]) -> None:
        if attributes and " " in "".join(attributes):  # only namespaced names hold a space
            attributes = {local[key]: value for key, value in attributes.items()}
        start(local[name], attributes)

    parse_expat(path, chunks, on_start, end=None if end is None else lambda name: end(local[name]), text=text,
                where=where)


def parse_expat(path: Path, chunks: Iterable[bytes], start: Callable[[str, dict[str, str]], None] | None, *,
                end: Callable[[str], None] | None = None, text: Callable[[str], None] | None = None,
                where: str = "") -> None:
    """:func:`parse_xml` with expat's own names (``"namespace local"``), the handlers called directly.

    For the large parts (worksheets, shared texts): one Python call per event. A handler finds
    an element's local name through a :class:`LocalNames`; attribute names without a namespace
    (``r``, ``t``) are as written. Text arrives in one call per run of text up to 64 KiB.
    With no handler at all, the part is only checked to be well-formed XML without a DTD.
    """
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse(*_args) -> None:
        raise PackageError(path, "er skadet eller mistenkelig: XML-en har en dokumenttypedefinisjon (DTD)", where)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.buffer_size = _CHUNK
    if start is not None:
        parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except StopParsing:
        pass
    except expat.ExpatError as exc:
        raise PackageError(path, f"er skadet: ugyldig XML ({expat.ErrorString(exc.code)})", where) from None
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:  # a generator stopped early (a limit, StopParsing) lets go of the part at once
            close()


class LocalNames(dict):
    """Expat's ``"namespace local"`` names to their local part, each worked out once per parse."""

    _LEARN = 4096  # distinct names remembered; a part full of made-up names cannot grow it further

    def __missing__(self, name: str) -> str:
        local = name.rpartition(" ")[2]
        if len(self) < self._LEARN:
            self[name] = local
        return local


# --- relationships (Open Packaging Conventions) ----------------------------------------------
def has_part(package: zipfile.ZipFile, name: str) -> bool:
    """Whether the package holds part ``name`` (without listing all its names)."""
    try:
        package.getinfo(name)
    except KeyError:
        return False
    return True


def relationships(package: zipfile.ZipFile, path: Path, part: str, limits: Limits = LIMITS, *,
                  external: bool = False) -> list[tuple[str, str, str, bool]]:
    """(id, type, target, external) of each relationship of ``part`` ('' for the package).

    Internal targets are resolved to part names. External targets (a hyperlink's address) are
    left out, or with ``external`` kept as written.
    """
    folder, _, name = part.rpartition("/")
    rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    if not has_part(package, rels):
        return []
    found: list[tuple[str, str, str, bool]] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        if tag != "Relationship":
            return
        target, outside = attributes.get("Target", ""), attributes.get("TargetMode") == "External"
        if outside and not external:
            return
        if not outside:
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
        found.append((attributes.get("Id", ""), attributes.get("Type", ""), target, outside))

    parse_xml(path, stream_part(package, path, rels, limits, f"delen {rels}"), start, where=f"delen {rels}")
    return found


# --- Word documents -------------------------------------------------------------------------
_WORD_TYPES = ("wordprocessingml.document.main", "wordprocessingml.template.main")


def check_word_file(path: Path, what: str = "Word-dokument", limits: Limits = LIMITS) -> None:
    """Refuse ``path`` unless it is a regular file holding a Word package within ``limits``."""
    from .files import input_problem

    problem = input_problem(path, what)
    if problem:
        raise PackageError(path, problem)
    if not zipfile.is_zipfile(path):
        raise PackageError(path, "er ikke et Word-dokument (.docx)")
    check_package(path, limits)
    with open_package(path, limits) as package:
        office = [target for _, kind, target, _ in relationships(package, path, "", limits)
                  if kind.endswith("/officeDocument")]
        types: list[str] = []

        def start(tag: str, attributes: dict[str, str]) -> None:
            name = office[0] if office else ""
            if (tag == "Override" and attributes.get("PartName", "").lstrip("/").casefold() == name.casefold()) or (
                    tag == "Default" and name.casefold().endswith("." + attributes.get("Extension", "").casefold())):
                types.insert(0 if tag == "Override" else len(types), attributes.get("ContentType", ""))

        if has_part(package, "[Content_Types].xml"):
            parse_xml(path, stream_part(package, path, "[Content_Types].xml", limits), start)
    if not types or types[0].removesuffix("+xml").rpartition("officedocument.")[2] not in _WORD_TYPES:
        sheet = " – det er et regneark" if _is_sheet(types) else ""
        raise PackageError(path, f"er ikke et Word-dokument (.docx){sheet}")


def _is_sheet(types: list[str]) -> bool:
    return bool(types) and "spreadsheetml" in types[0]
