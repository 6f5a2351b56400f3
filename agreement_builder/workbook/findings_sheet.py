"""A copy of the workbook with a "Validering" sheet and the offending cells marked (openpyxl).

Marks are notes (comments) signed :data:`MARK_AUTHOR`; they and the Validering sheet are
replaced on every run, and a cell that already holds someone's own note is left alone.
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Font, PatternFill

from .. import schema
from ..files import atomic_output
from ..validation import Report, Severity
from ..validation.output import (
    COVERAGE_HEADERS, FINDINGS_HEADER_ROW, FINDINGS_HEADERS, coverage_rows, findings_rows, summary_line,
)
from .source import check_readable
from .writer import HEADER_FILL, HEADER_FONT

SHEET = schema.FINDINGS_SHEET
MARK_AUTHOR = "Samarbeidsavtale-kontroll"
SEVERITY_FILLS = {
    Severity.ERROR: PatternFill("solid", fgColor="F4C7C3"),
    Severity.WARNING: PatternFill("solid", fgColor="FCE8B2"),
    Severity.INFO: PatternFill("solid", fgColor="DDEBF7"),
}
WRAP = Alignment(wrap_text=True, vertical="top")


def write_findings_workbook(source: Path, report: Report, target: Path, *, lang: str = "nb",
                            overwrite: bool = False) -> Path:
    """Write ``source`` plus the findings to ``target`` (which may be ``source`` itself)."""
    check_readable(source)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about Excel features it does not keep
        book = load_workbook(source)
    _clear(book)
    _findings_sheet(book, report, lang)
    _mark_cells(book, report, lang)
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
                if cell.comment is not None and cell.comment.author == MARK_AUTHOR:
                    cell.comment = None


def _findings_sheet(book, report: Report, lang: str) -> None:
    sheet = book.create_sheet(SHEET, 0)
    sheet["A1"] = summary_line(report, lang)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = "Skrevet av agreement validate; arket og merknadene erstattes ved neste kontroll."
    headers = FINDINGS_HEADERS[lang]
    for col, header in enumerate(headers, start=1):
        cell = sheet.cell(row=FINDINGS_HEADER_ROW, column=col, value=header)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
    row = FINDINGS_HEADER_ROW
    for row, (finding, values) in enumerate(findings_rows(report, lang), start=FINDINGS_HEADER_ROW + 1):
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=col, value=value)
            cell.alignment = WRAP
        sheet.cell(row=row, column=1).fill = SEVERITY_FILLS[finding.severity]
        if finding.ref and finding.ref.cell and finding.ref.sheet in book.sheetnames:
            link = sheet.cell(row=row, column=4)
            link.hyperlink = f"#'{finding.ref.sheet}'!{finding.ref.cell}"
            link.font = Font(color="0563C1", underline="single")
    start = row + 2
    for col, header in enumerate(COVERAGE_HEADERS[lang], start=1):
        cell = sheet.cell(row=start, column=col, value=header)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
    for offset, values in enumerate(coverage_rows(report, lang), start=1):
        for col, value in enumerate(values, start=1):
            sheet.cell(row=start + offset, column=col, value=value).alignment = WRAP
    for letter, width in zip("ABCDE", (12, 30, 10, 34, 100)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{FINDINGS_HEADER_ROW + 1}"
    book.active = 0


def _mark_cells(book, report: Report, lang: str) -> None:
    notes: dict[tuple[str, str], list[str]] = {}
    for finding in report.findings:
        if finding.ref and finding.ref.cell and finding.ref.sheet in book.sheetnames:
            notes.setdefault((finding.ref.sheet, finding.ref.cell), []).append(
                f"{finding.severity.value.upper()} {finding.code}: {finding.message(lang)}"
            )
    for (sheet_name, cell_name), lines in notes.items():
        cell = book[sheet_name][cell_name]
        if not isinstance(cell, MergedCell) and cell.comment is None:
            comment = Comment("\n".join(lines), MARK_AUTHOR)
            comment.width, comment.height = 360, 120
            cell.comment = comment
