"""The workbook with a «Validering» sheet added, written without losing anything of the user's.

The sheet is drawn from :func:`agreement_builder.validation.sheet_layout.findings_layout`, as the
Excel button draws it, straight into the package (:mod:`.package_edit`): every other part of the
workbook — sheets, macros, ribbon, charts, comments, formatting — is copied unchanged. So, unlike
the Excel button, the command line puts no notes on the workbook's own cells: the sheet's «Celle»
column links to each of them instead.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import WorkbookError
from ..files import atomic_output
from ..validation import Report
from ..model import column_number
from ..validation.sheet_layout import LINK, SheetLayout, findings_layout, link_location
from .in_place import update_in_place
from .package_edit import Cell, CellStyle, PackageEditError, SheetSpec, replace_sheet, sheet_names
from .source import check_readable


def with_findings(data: bytes, report: Report, lang: str = "nb") -> bytes:
    """The package ``data`` with the «Validering» sheet for ``report`` added or replaced."""
    layout = findings_layout(report, lang, sheets=sheet_names(data))
    return replace_sheet(data, sheet_spec(layout))


def write_findings_workbook(source: Path, report: Report, target: Path, *, lang: str = "nb",
                            overwrite: bool = False) -> Path:
    """Write a copy of ``source`` with the findings sheet to ``target`` (``atomic_output`` refuses ``source``)."""
    check_readable(source)
    data = _edited(source, lambda package: with_findings(package, report, lang))
    with atomic_output(target, overwrite=overwrite) as temporary:
        temporary.write_bytes(data)
    return target


def update_findings_in_place(source: Path, report: Report, *, lang: str = "nb") -> Path:
    """Add the findings sheet to ``source`` itself; return the backup written first."""
    check_readable(source)
    return update_in_place(source, lambda package: _edited(source, lambda _: with_findings(package, report, lang)))


def _edited(source: Path, change) -> bytes:
    try:
        return change(source.read_bytes())
    except PackageEditError as error:
        raise WorkbookError(source, f"kan ikke legge til arket «Validering» uten å endre noe annet: {error}") \
            from error


def sheet_spec(layout: SheetLayout) -> SheetSpec:
    """The layout in the package editor's terms (colours, widths by column number, heights, frozen and printed rows)."""
    cells = tuple(
        Cell(cell.row, cell.column, cell.value, CellStyle(
            bold=cell.style.bold, size=cell.style.size, colour=cell.style.colour, fill=cell.style.fill,
            underline=cell.link is not None or cell.style == LINK, wrap=cell.style.wrap,
        ), link_location(cell.link) if cell.link else "")
        for cell in layout.cells
    )
    widths = {column_number(letter): width for letter, width in layout.widths}
    return SheetSpec(layout.name, cells, widths, freeze_rows=int(layout.freeze.lstrip("A")) - 1,
                     heights=dict(layout.heights), print_titles=layout.print_titles)
