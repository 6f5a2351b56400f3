"""Loading a workbook file into plain grids of cell values (python-calamine)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple
from collections.abc import Iterable, Mapping, Sequence

from ..errors import WorkbookError
from ..files import input_problem
from ..package_limits import LIMITS, open_package
from ..paths import note_input
from .prescan import SheetPlan, plan_sheets

if TYPE_CHECKING:
    from .sheet_media import SheetMedia, SheetPicture

READABLE_SUFFIXES = (".xlsx", ".xlsm")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OTHER_FORMATS = {
    ".xls": "det gamle .xls-formatet",
    ".ods": "OpenDocument-regneark (.ods)",
    ".csv": "CSV",
    ".numbers": "Numbers-formatet",
    ".xlsb": "binært Excel-format (.xlsb)",
}


# The error values python-calamine knows; it refuses a whole workbook holding another (#SPILL!, #CALC! …).
_CALAMINE_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"})
# An error cell up to its cached value: never past the end of the cell, nor into the next one.
_ERROR_CELL = re.compile(rb'(<(?:\w+:)?c\b[^>]*?\bt="e"[^>]*(?<!/)>'
                         rb'(?:(?!</(?:\w+:)?c>|<(?:\w+:)?c\b).){0,2000}?<(?:\w+:)?v>)([^<]*)(<)', re.S)


class SheetData(NamedTuple):
    """A sheet as a grid of values from A1: ``rows[r][c]`` is the cell in row r+1, column c+1.

    The grid is what Excel shows: a value under a merged cell (other than its top-left cell) is
    left out of it and listed in ``under_merges``. ``errors`` and ``uncached`` list cells the grid
    holds as empty although they are not (Excel shows an error value; a formula was saved without
    its value). From Excel (xlwings) only ``name`` and ``rows`` are known.
    """

    name: str
    rows: Sequence[Sequence[Any]]
    state: str = "visible"  # or "hidden", "veryHidden", as Excel saves it
    under_merges: tuple[tuple[str, str, Any], ...] = ()  # (cell, merged range, value left out)
    errors: tuple[tuple[str, str], ...] = ()  # (cell, error value)
    uncached: tuple[str, ...] = ()  # cells holding a formula without its value
    links: Mapping[tuple[int, int], str] = MappingProxyType({})  # hyperlink targets by 0-based (row, col)
    pictures: tuple[SheetPicture, ...] = ()  # pictures placed on the sheet, in anchor order

    def value(self, row: int, col: int) -> Any:
        """The value at 0-based (row, col), or ``None`` outside the grid."""
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return None


def column_letter(col: int) -> str:
    """0-based column index to Excel letters: 0 → A, 26 → AA."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    """0-based (row, col) to an A1 coordinate."""
    return f"{column_letter(col)}{row + 1}"


def check_readable(path: Path) -> None:
    """Raise a one-line :class:`WorkbookError` unless ``path`` looks like a readable .xlsx.

    Looks at the file's kind before opening it: a named pipe or a device is refused unread
    (opening a pipe for reading waits for a writer forever).
    """
    problem = input_problem(path, "arbeidsbok")
    if problem:
        raise WorkbookError(path, problem)
    note_input(path)
    suffix = path.suffix.lower()
    if suffix in _OTHER_FORMATS:
        raise WorkbookError(
            path, f"{_OTHER_FORMATS[suffix]} støttes ikke – lagre arbeidsboken som Excel-arbeidsbok (.xlsx)"
        )
    if suffix not in READABLE_SUFFIXES:
        raise WorkbookError(path, "er ikke en Excel-arbeidsbok (.xlsx)")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise WorkbookError(path, f"kan ikke åpnes ({exc.strerror or exc})") from None
    if head == _OLE2_MAGIC:
        raise WorkbookError(path, _OLE_PROBLEMS[_ole_kind(path)])
    if not zipfile.is_zipfile(path):
        raise WorkbookError(path, _not_a_package(path))


_SAVE_AS = " – åpne den i Excel og lagre den som Excel-arbeidsbok (.xlsx)"


def _not_a_package(path: Path) -> str:
    """What a file that is no zip package most likely is, from its first bytes (web page, text, cut short)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        return f"kan ikke åpnes ({exc.strerror or exc})"
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if not head:
        return "er tom (0 byte)"
    if head.startswith(b"PK\x03\x04"):
        return "er skadet: zip-pakken er avkortet eller ufullstendig (ble filen lagret eller lastet ned helt?)"
    if start.startswith(b"<") and (b"<html" in start or b"<table" in start or b"<!doctype html" in start):
        return f"er en nettside (HTML) selv om navnet slutter på .xlsx{_SAVE_AS}"
    if start.startswith(b"<?xml") or start.startswith(b"<workbook"):
        return f"er en XML-fil, ikke en Excel-arbeidsbok (.xlsx){_SAVE_AS}"
    if b"\0" not in head and _is_text(head):
        return f"er en tekstfil (for eksempel CSV), ikke en Excel-arbeidsbok (.xlsx){_SAVE_AS}"
    return "er skadet eller ikke en Excel-arbeidsbok (.xlsx)"


def _is_text(head: bytes) -> bool:
    text = head.decode("utf-8", "replace")
    return sum(character.isprintable() or character in "\r\n\t" for character in text) >= 0.95 * len(text)


_OLE_PROBLEMS = {
    "encrypted": "er passordbeskyttet (kryptert) – lagre en kopi uten passord og prøv igjen",
    "xls": "er i det gamle .xls-formatet selv om navnet slutter på .xlsx – lagre arbeidsboken som "
           "Excel-arbeidsbok (.xlsx)",
    "other": "er en fil i et eldre Office-format, ikke en Excel-arbeidsbok (.xlsx)",
}
_OLE_STREAMS = (("encrypted", "EncryptedPackage"), ("xls", "Workbook"), ("xls", "Book"))
_OLE_SCAN_BYTES = 64 * 1024 * 1024


def _ole_kind(path: Path) -> str:
    """What an OLE compound file (the container Excel encrypts into, and old .xls) holds, by its stream names.

    The names stand in the file's directory in UTF-16; the file is searched for them in chunks,
    up to a bound, so a large file costs no more than reading it.
    """
    wanted = [(kind, name.encode("utf-16-le")) for kind, name in _OLE_STREAMS]
    found: set[str] = set()
    overlap = max(len(name) for _, name in wanted)
    tail = b""
    with path.open("rb") as handle:
        for _ in range(_OLE_SCAN_BYTES // (1024 * 1024)):
            chunk = handle.read(1024 * 1024)
            if not chunk:
                break
            window, tail = tail + chunk, (tail + chunk)[-overlap:]
            found |= {kind for kind, name in wanted if name in window}
            if "encrypted" in found:
                break
    return next((kind for kind in ("encrypted", "xls") if kind in found), "other")


def load_sheets(path: str | Path) -> list[SheetData]:
    """Every worksheet of ``path`` in workbook order, with cached values for formulas.

    The package is checked first (:func:`~agreement_builder.workbook.prescan.plan_sheets`);
    sheets the schema does not read are never parsed and come back holding only A1's text.
    """
    from python_calamine import CalamineWorkbook

    path = Path(path)
    check_readable(path)
    with open_package(path) as package:
        plans = {plan.name: plan for plan in plan_sheets(package, path)}
        unknown = any(error not in _CALAMINE_ERRORS for plan in plans.values() for _, error in plan.errors)
        data = _known_errors_only(package) if unknown else None
        media = _media(package, path, plans.values())
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data)) if data else CalamineWorkbook.from_path(str(path))
        states = {sheet.name: _STATES.get(str(sheet.visible), "visible") for sheet in book.sheets_metadata}
        return [_sheet(book, plans[name], states.get(name, "visible"), media.get(name))
                if name in plans else SheetData(name, [])
                for name in book.sheet_names]
    except Exception as exc:  # calamine raises several types for damaged files
        raise WorkbookError(path, f"er skadet og kan ikke leses ({type(exc).__name__})") from None


_STATES = {"SheetVisibleEnum.Hidden": "hidden", "SheetVisibleEnum.VeryHidden": "veryHidden"}


def _media(package: zipfile.ZipFile, path: Path, plans: Iterable[SheetPlan]) -> dict[str, SheetMedia]:
    """The hyperlinks and pictures of the read sheets that have any (the pre-scan found their ids)."""
    with_media = [plan for plan in plans if plan.read and plan.has_media]
    if not with_media:
        return {}
    from .sheet_media import MediaBudget, read_sheet_media

    budget = MediaBudget()  # the pictures of all the sheets together
    return {plan.name: read_sheet_media(package, path, plan, budget=budget) for plan in with_media}


def _sheet(book, plan: SheetPlan, state: str, media: SheetMedia | None) -> SheetData:
    if not plan.read:
        return SheetData(plan.name, [[plan.first_cell]] if plan.first_cell is not None else [], state)
    sheet = book.get_sheet_by_name(plan.name)
    rows = sheet.to_python(skip_empty_area=False)
    merged = _leave_out_merged(rows, sheet.merged_cell_ranges or ())
    if media is None:
        return SheetData(plan.name, rows, state, merged, plan.errors, plan.uncached)
    return SheetData(plan.name, rows, state, merged, plan.errors, plan.uncached, links=media.links,
                     pictures=media.pictures)


def _leave_out_merged(rows: list[list[Any]], merges) -> tuple[tuple[str, str, Any], ...]:
    """Empty the cells a merge covers (all but its top-left) in ``rows``; return the values found there.

    Work is bounded by the grid's size, however many (overlapping) merges a package declares.
    """
    found: list[tuple[str, str, Any]] = []
    budget = sum(len(row) for row in rows)
    for (top, left), (bottom, right) in merges:
        merged = f"{cell_name(top, left)}:{cell_name(bottom, right)}"
        for row in range(top, min(bottom, len(rows) - 1) + 1):
            cells = rows[row]
            for col in range(left if row > top else left + 1, min(right, len(cells) - 1) + 1):
                budget -= 1
                if cells[col] not in ("", None):
                    found.append((cell_name(row, col), merged, cells[col]))
                    cells[col] = ""
            if budget < 0:
                return tuple(found)
    return tuple(found)


def _known_errors_only(package: zipfile.ZipFile) -> bytes:
    """The package with every error value python-calamine does not know (#SPILL!, #CALC! …) as #N/A.

    Only the worksheets' cached error values change; the sheet scan has already told the real ones.
    Parts calamine never reads (media, macros) and parts past the size limit (sheets that are not
    read) are left out of the copy, so no part is unpacked that the limits have not allowed.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy:
        for entry in package.infolist():
            if not entry.filename.endswith((".xml", ".rels")) or entry.file_size > LIMITS.part_bytes:
                continue
            data = package.read(entry)
            if "worksheets/" in entry.filename and entry.filename.endswith(".xml"):
                data = _ERROR_CELL.sub(_as_known_error, data)
            copy.writestr(entry, data)
    return buffer.getvalue()


def _as_known_error(match: re.Match) -> bytes:
    known = match.group(2).strip().decode("utf-8", "replace") in _CALAMINE_ERRORS
    return match.group(0) if known else match.group(1) + b"#N/A" + match.group(3)
