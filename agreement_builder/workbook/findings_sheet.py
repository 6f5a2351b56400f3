"""A copy of the workbook with a "Validering" sheet and the offending cells marked (openpyxl).

The sheet and the notes are drawn from :func:`agreement_builder.validation.sheet_layout.findings_layout`,
as the Excel button draws them. Marks are notes (comments) signed :data:`MARK_AUTHOR`; they and the
Validering sheet are replaced on every run, and a cell that already holds someone's own note is left alone.
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from ..files import atomic_output
from ..validation import Report
from ..validation.sheet_layout import NOTE_PREFIX, SHEET, SheetLayout, Style, findings_layout, link_location
from .source import check_readable

MARK_AUTHOR = "Samarbeidsavtale-kontroll"
WRAP = Alignment(wrap_text=True, vertical="top")


def write_findings_workbook(source: Path, report: Report, target: Path, *, lang: str = "nb",
                            overwrite: bool = False) -> Path:
    """Write ``source`` plus the findings to ``target`` (which may be ``source`` itself)."""
    check_readable(source)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about Excel features it does not keep
        book = load_workbook(source)
    _clear(book)
    layout = findings_layout(report, lang, sheets=book.sheetnames)
    paint(book, layout)
    _mark_cells(book, layout)
    with atomic_output(target, overwrite=overwrite or target == source) as temporary:
        book.save(temporary)
    return target


def backup_path(source: Path) -> Path:
    return source.with_name(f"{source.stem} (før validering){source.suffix}")


def backup(source: Path) -> Path:
    """Copy ``source`` beside itself before it is changed in place."""
    target = backup_path(source)
    shutil.copy2(source, target)
    return target


def _clear(book) -> None:
    if SHEET in book.sheetnames:
        book.remove(book[SHEET])
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.comment is not None and _is_ours(cell.comment):
                    cell.comment = None


def _is_ours(comment: Comment) -> bool:
    """Signed by this tool, or opened the way the Excel button opens its notes."""
    return comment.author == MARK_AUTHOR or (comment.text or "").startswith(NOTE_PREFIX)


def paint(book, layout: SheetLayout) -> None:
    """Draw ``layout`` as the first sheet of ``book`` and make it the active one."""
    sheet = book.create_sheet(layout.name, 0)
    for cell in layout.cells:
        target = sheet.cell(row=cell.row, column=cell.column)
        if cell.value:
            target.value = cell.value
            target.data_type = "s"  # text, even when it starts with «=»
        target.number_format = "@"
        _style(target, cell.style, linked=cell.link is not None)
        if cell.link is not None:
            target.hyperlink = f"#{link_location(cell.link)}"
    for letter, width in layout.widths:
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = layout.freeze
    book.active = 0


def _style(cell, style: Style, *, linked: bool) -> None:
    if style.fill:
        cell.fill = PatternFill("solid", fgColor=style.fill)
    if style.bold or style.size or style.colour or linked:
        cell.font = Font(bold=style.bold or None, size=style.size, color=style.colour,
                         underline="single" if linked else None)
    if style.wrap:
        cell.alignment = WRAP


def _mark_cells(book, layout: SheetLayout) -> None:
    """A note on each cell with findings, unless it holds someone's own note (or is inside a merge)."""
    for note in layout.notes:
        cell = book[note.ref.sheet][note.ref.cell]
        if not isinstance(cell, MergedCell) and cell.comment is None:
            comment = Comment(note.text, MARK_AUTHOR)
            comment.width, comment.height = 360, 120
            cell.comment = comment
