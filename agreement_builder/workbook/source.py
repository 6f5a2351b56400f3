"""Loading a workbook file into plain grids of cell values (python-calamine)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Sequence

from ..errors import WorkbookError
from ..files import input_problem
from ..package_limits import open_package
from ..paths import note_input
from .prescan import SheetPlan, plan_sheets
from .sheet_media import SheetMedia, SheetPicture, read_sheet_media

READABLE_SUFFIXES = (".xlsx", ".xlsm")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OTHER_FORMATS = {
    ".xls": "det gamle .xls-formatet",
    ".ods": "OpenDocument-regneark (.ods)",
    ".csv": "CSV",
    ".numbers": "Numbers-formatet",
    ".xlsb": "binært Excel-format (.xlsb)",
}


@dataclass(frozen=True)
class SheetData:
    """A sheet as a grid of values from A1: ``rows[r][c]`` is the cell in row r+1, column c+1."""

    name: str
    rows: Sequence[Sequence[Any]]
    links: dict[tuple[int, int], str] = field(default_factory=dict)  # hyperlink targets by 0-based (row, col)
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
        raise WorkbookError(path, "er passordbeskyttet (kryptert) – lagre en kopi uten passord og prøv igjen")
    if not zipfile.is_zipfile(path):
        raise WorkbookError(path, "er skadet eller ikke en Excel-arbeidsbok (.xlsx)")


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
        media = {plan.name: read_sheet_media(package, path, plan.part) for plan in plans.values() if plan.read}
    try:
        book = CalamineWorkbook.from_path(str(path))
        return [_sheet(book, plans[name], media.get(name, SheetMedia())) if name in plans else SheetData(name, [])
                for name in book.sheet_names]
    except Exception as exc:  # calamine raises several types for damaged files
        raise WorkbookError(path, f"er skadet og kan ikke leses ({type(exc).__name__})") from None


def _sheet(book, plan: SheetPlan, media: SheetMedia) -> SheetData:
    if not plan.read:
        return SheetData(plan.name, [[plan.first_cell]] if plan.first_cell is not None else [])
    rows = book.get_sheet_by_name(plan.name).to_python(skip_empty_area=False)
    return SheetData(plan.name, rows, media.links, media.pictures)
