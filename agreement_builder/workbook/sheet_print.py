"""How the workbooks this tool writes look on screen and on paper (openpyxl).

Row heights that fit wrapped text (:mod:`agreement_builder.sheet_look`: neither Excel nor LibreOffice
fits rows that a file gives no height), and a print setup for every sheet: A4, fitted to the page
width, landscape for wide sheets, the header rows repeated on every page, the sheet's name at the
top and «Side N av M» at the bottom.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ..sheet_look import BASE_SIZE, MARGINS_CM, PAGE_FOOTER, PAGE_HEADER, PAPER_A4, row_height

DEFAULT_WIDTH = 8.43  # characters: a column openpyxl gives no width


def fit_rows(sheet: Worksheet, *, keep_set: bool = False, rows: Iterable[int] | None = None) -> None:
    """Give each row with wrapped text the height its text needs.

    ``keep_set`` leaves rows that already have a height as they are (someone's workbook, not ours).
    ``rows`` fits only those rows (their text was just written): one without wrapped text then loses
    a height it had, so a row emptied by a merge does not stay tall.
    """
    widths = _merged_widths(sheet)
    lines = sheet.iter_rows() if rows is None else (sheet[number] for number in sorted(set(rows)) if number > 0)
    for row in lines:
        number = row[0].row
        if keep_set and sheet.row_dimensions[number].height is not None:
            continue
        cells = [(str(cell.value), widths.get(cell.coordinate) or column_width(sheet, cell.column),
                  float(cell.font.sz or BASE_SIZE), bool(cell.font.b))
                 for cell in row if cell.value is not None and cell.alignment.wrap_text]
        height = row_height(cells)
        if height is not None or rows is not None:
            sheet.row_dimensions[number].height = height


def column_width(sheet: Worksheet, column: int) -> float:
    """A column's width in characters (the default when the workbook gives none)."""
    return sheet.column_dimensions[get_column_letter(column)].width or DEFAULT_WIDTH


def _merged_widths(sheet: Worksheet) -> dict[str, float]:
    """The width of each merged range on one row, by its first cell (a taller range keeps its own height)."""
    widths = {}
    for merged in sheet.merged_cells.ranges:
        if merged.min_row == merged.max_row:
            first = f"{get_column_letter(merged.min_col)}{merged.min_row}"
            widths[first] = sum(column_width(sheet, column) for column in range(merged.min_col, merged.max_col + 1))
    return widths


def set_print(sheet: Worksheet, *, landscape: bool, title_rows: int = 0) -> None:
    """A4 fitted to one page wide; ``title_rows`` rows from the top repeated on every page."""
    setup = sheet.page_setup
    setup.paperSize = PAPER_A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth, setup.fitToHeight = 1, 0  # as many pages down as it takes
    if sheet.sheet_properties.pageSetUpPr is None:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties()
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for side, centimetres in MARGINS_CM.items():
        setattr(sheet.page_margins, side, round(centimetres / 2.54, 3))
    if title_rows:
        sheet.print_title_rows = f"1:{title_rows}"
    sheet.oddHeader.center.text = PAGE_HEADER
    sheet.oddFooter.center.text = PAGE_FOOTER
