"""Which sheets of an .xlsx are read, each checked against the limits before any parser sees it.

python-calamine builds a dense grid from A1 to the last cell holding a value, so one value in
XFD1048576 asks for 17 billion cells. This module streams the package first
(:mod:`agreement_builder.package_limits`): sheets the schema does not read are only looked at
up to row 1 (to tell a diagnosis group by its marker in A1) and are never parsed, and the
sheets it reads must fit the limits in docs/limits.md.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import NamedTuple

from .. import schema
from ..errors import PackageError
from ..package_limits import (LIMITS, Limits, StopParsing, check_part_size, has_part, parse_xml, relationships,
                              stream_part)
from .sheet_scan import ReadBudget, SharedStrings, scan_shared_strings, scan_sheet, shared_index
from ..text import clean_name, clean_text


class SheetPlan(NamedTuple):
    """One sheet: its name, whether the schema reads it, and A1's text when it is not read."""

    name: str
    read: bool
    first_cell: str | None = None
    errors: tuple[tuple[str, str], ...] = ()  # (cell, error value) in a sheet that is read
    uncached: tuple[str, ...] = ()  # cells of a sheet that is read holding a formula saved without its value
    part: str = ""  # the worksheet's part name in the package, for a sheet that is read
    hyperlinks: tuple[tuple[str, str], ...] = ()  # (cell range, relationship id) of each hyperlink of a read sheet
    drawings: tuple[str, ...] = ()  # relationship ids of a read sheet's drawings (its pictures)
    value_cells: frozenset[int] = frozenset()  # sheet_scan.cell_key of each cell with a value, when it has hyperlinks

    @property
    def has_media(self) -> bool:
        """Whether the sheet has hyperlinks or drawings to read after the values."""
        return bool(self.hyperlinks or self.drawings)


def _known_keys() -> set[str]:
    names = [schema.FACTS_SHEET]
    for table in schema.TABLE_SHEETS:
        names += [table.name, *table.aliases]
    return {schema.sheet_key(name) for name in names}


def _workbook_sheets(package: zipfile.ZipFile, path: Path, part: str, limits: Limits) -> list[tuple[str, str]]:
    """(name, relationship id) of each sheet listed in the workbook part."""
    sheets: list[tuple[str, str]] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        if tag == "sheet":
            sheets.append((attributes.get("name", ""), attributes.get("id", "")))
            if len(sheets) > limits.sheets:
                raise PackageError(path, f"har mer enn {limits.sheets} ark")
        elif tag == "calcPr":
            raise StopParsing  # the sheet list comes before it

    parse_xml(path, stream_part(package, path, part, limits), start, where=f"delen {part}")
    return sheets


def workbook_part(package: zipfile.ZipFile, path: Path, limits: Limits = LIMITS) -> str | None:
    """The name of the package's workbook part, or None when it has none (not a workbook)."""
    office = [target for _, kind, target, _ in relationships(package, path, "", limits)
              if kind.endswith("/officeDocument")]
    return office[0] if office and has_part(package, office[0]) else None


def sheet_names(package: zipfile.ZipFile, path: Path, limits: Limits = LIMITS) -> list[str] | None:
    """The sheet names the workbook part lists, in order, parsed within the limits; None if it is no workbook."""
    part = workbook_part(package, path, limits)
    return None if part is None else [name for name, _ in _workbook_sheets(package, path, part, limits)]


# Sheets recognised by A1 rather than by name: diagnosis-group sheets and a group workbook's header sheet.
_MARKER_KEYS = {schema.sheet_key(schema.GROUP_MARKER), schema.sheet_key(schema.GROUP_BOOK_MARKER)}


def plan_sheets(package: zipfile.ZipFile, path: Path, limits: Limits = LIMITS) -> list[SheetPlan]:
    """Check the parts the reader will parse and decide, sheet by sheet, what is read."""
    workbook = workbook_part(package, path, limits)
    if workbook is None:
        raise PackageError(path, _other_package(package))
    kind = _content_type(package, path, workbook, limits)
    if kind and "spreadsheetml" not in kind and "ms-excel" not in kind:
        raise PackageError(path, next((line for key, line in _OTHER_OFFICE.items() if key in kind), _NOT_A_WORKBOOK))
    related = {rid: (kind, target) for rid, kind, target, _ in relationships(package, path, workbook, limits)}
    for kind, target in related.values():
        if kind.endswith("/styles"):
            check_part_size(package, path, target, limits, "stildelen")
    sheets = [(name, related.get(rid, ("", ""))) for name, rid in _workbook_sheets(package, path, workbook, limits)]
    known = _known_keys()
    firsts = {}
    for name, (kind, target) in sheets:
        known_sheet = schema.sheet_key(clean_name(name)) in known
        if not known_sheet and kind.endswith("/worksheet") and has_part(package, target):
            firsts[name] = scan_sheet(package, path, target, limits, where=f"ark «{name}»",
                                      first_row_only=True).first_cell
    strings = _shared_strings(package, path, related, firsts, limits)
    budget = ReadBudget(limits, strings)
    plans, cells = [], 0
    for name, (kind, target) in sheets:
        first = _first_text(firsts.get(name), strings.texts)
        read = schema.sheet_key(clean_name(name)) in known or schema.sheet_key(clean_text(first)) in _MARKER_KEYS
        found: tuple = ((), (), "", (), (), frozenset())
        if read and kind.endswith("/worksheet") and has_part(package, target):
            scan = scan_sheet(package, path, target, limits, where=f"ark «{name}»", budget=budget)
            found = (tuple(scan.errors), tuple(scan.uncached), target, tuple(scan.hyperlinks), tuple(scan.drawings),
                     frozenset(scan.cells) if scan.hyperlinks else frozenset())
            cells += scan.rows * scan.columns
            if cells > limits.workbook_cells:
                raise PackageError(path, f"arkene som leses, strekker seg til sammen over "
                                         f"{limits.workbook_cells:,} celler".replace(",", " "), f"ark «{name}»")
        elif read:
            raise PackageError(path, "er skadet: arket mangler i pakken", f"ark «{name}»")
        plans.append(SheetPlan(name, read, None if read else first, *found))
    return plans


def _shared_strings(package: zipfile.ZipFile, path: Path, related: dict[str, tuple[str, str]],
                    firsts: dict[str, tuple[str, str] | None], limits: Limits) -> SharedStrings:
    wanted = {shared_index(raw) for kind, raw in filter(None, firsts.values()) if kind == "s"} - {-1}
    for kind, target in related.values():
        if kind.endswith("/sharedStrings") and has_part(package, target):
            return scan_shared_strings(package, path, target, wanted, limits)
    return SharedStrings()


def _first_text(first: tuple[str, str] | None, strings: dict[int, str]) -> str | None:
    """A1 as text, as the reader would see it; ``None`` for empty cells and numbers."""
    if first is None:
        return None
    kind, raw = first
    if kind == "s":
        return strings.get(shared_index(raw))
    return raw if kind in ("inlineStr", "str") else None


_NOT_A_WORKBOOK = "er skadet eller ikke en Excel-arbeidsbok (fant ikke arbeidsbokdelen)"
_OTHER_OFFICE = {
    "wordprocessingml": "er et Word-dokument, ikke en Excel-arbeidsbok – velg arbeidsboken (.xlsx)",
    "presentationml": "er en PowerPoint-presentasjon, ikke en Excel-arbeidsbok – velg arbeidsboken (.xlsx)",
}
_OPEN_DOCUMENT = "application/vnd.oasis.opendocument."


def _other_package(package: zipfile.ZipFile) -> str:
    """What a zip package without a workbook part is: an OpenDocument file, or something else."""
    if has_part(package, "mimetype") and package.getinfo("mimetype").file_size < 200:
        mimetype = package.read("mimetype").decode("ascii", "replace")
        if mimetype.startswith(_OPEN_DOCUMENT + "spreadsheet"):
            return ("er et OpenDocument-regneark (.ods) selv om navnet slutter på .xlsx – lagre det som "
                    "Excel-arbeidsbok (.xlsx)")
        if mimetype.startswith(_OPEN_DOCUMENT):
            return "er et OpenDocument-dokument, ikke en Excel-arbeidsbok – velg arbeidsboken (.xlsx)"
    return _NOT_A_WORKBOOK


def _content_type(package: zipfile.ZipFile, path: Path, part: str, limits: Limits) -> str:
    """The content type [Content_Types].xml gives ``part`` ('' when it gives none)."""
    if not has_part(package, "[Content_Types].xml"):
        return ""
    found = {"Override": "", "Default": ""}

    def start(tag: str, attributes: dict[str, str]) -> None:
        if tag == "Override" and attributes.get("PartName", "").lstrip("/").casefold() == part.casefold():
            found["Override"] = attributes.get("ContentType", "")
        elif tag == "Default" and part.casefold().endswith("." + attributes.get("Extension", "").casefold()):
            found["Default"] = attributes.get("ContentType", "")

    parse_xml(path, stream_part(package, path, "[Content_Types].xml", limits), start)
    return found["Override"] or found["Default"]
