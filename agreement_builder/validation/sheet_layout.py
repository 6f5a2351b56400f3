"""The «Validering» sheet as data: one description that both painters draw, cell for cell.

The command line paints it with openpyxl (:mod:`agreement_builder.workbook.findings_sheet`), the Excel
button with xlwings (:mod:`agreement_builder.excel`); neither decides rows, columns, texts, colours,
widths, links or notes. Rows and columns count from 1; colours are ``RRGGBB``; every value is text,
and the painters write it as text, so what a cell holds never becomes a number or a formula.

The layout, top to bottom: the summary (row 1), a status line (row 2), the findings table with a
header on row 4 (severity in colour, the cell as a link), one empty row, the § 6-2 coverage table.
It is written for the user: severities and texts in the report's language, no rule codes (those are
in the JSON and JUnit outputs).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

from .. import schema
from ..model import CellRef, column_number
from ..sheet_look import BASE_SIZE, row_height
from .findings import SEVERITY_LABELS, Finding, Report, Severity
from .output import status_label, summary_line

SHEET = schema.FINDINGS_SHEET
HEADER_ROW = 4
NOTE_PREFIX = "Samarbeidsavtale-kontroll: "  # opens every note the tool writes, so a later run knows its own
STATUS = {  # row 2: what the next check replaces, with notes on the cells (the Excel button) or without
    "nb": {
        False: "Skrevet av kontrollen av samarbeidsavtalen; arket erstattes ved neste kontroll. Cellene funnene "
               "gjelder, er lenket i kolonnen «Celle».",
        True: "Skrevet av kontrollen av samarbeidsavtalen; arket og merknadene på cellene erstattes ved neste "
              "kontroll.",
    },
    "en": {
        False: "Written by the agreement check; the sheet is replaced on the next check. The cells the findings are "
               "about are linked in the «Cell» column.",
        True: "Written by the agreement check; the sheet and the notes on the cells are replaced on the next check.",
    },
}
FINDINGS_HEADERS = {
    "nb": ("Alvorlighet", "Celle", "§ 6-2 nr.", "Melding"),
    "en": ("Severity", "Cell", "§ 6-2 no.", "Message"),
}
COVERAGE_HEADERS = {
    "nb": ("Nr.", "Punkt", "Status", "Hvor / annen delavtale"),
    "en": ("No.", "Point", "Status", "Where / other sub-agreement"),
}
WIDTHS = (("A", 14), ("B", 34), ("C", 16), ("D", 70))  # in characters; on one landscape A4 page
FREEZE = f"A{HEADER_ROW + 1}"  # the findings header stays in view
PRINT_TITLES = (HEADER_ROW, HEADER_ROW)  # the rows repeated at the top of every printed page


@dataclass(frozen=True)
class Style:
    """How a cell looks; ``None`` and ``False`` leave the spreadsheet's default."""

    fill: str | None = None
    bold: bool = False
    size: float | None = None
    colour: str | None = None
    wrap: bool = False  # wrap the text and align it to the top of the cell


PLAIN = Style()
TITLE = Style(bold=True, size=13)
HEADER = Style(fill="1F4E79", bold=True, colour="FFFFFF")
BODY = Style(wrap=True)
LINK = Style(colour="0563C1", wrap=True)  # painters underline a linked cell, as Excel does
SEVERITY_FILLS = {Severity.ERROR: "F4C7C3", Severity.WARNING: "FCE8B2", Severity.INFO: "DDEBF7"}


@dataclass(frozen=True)
class Cell:
    """One cell of the sheet: its text, its look, and the workbook cell it links to (if any)."""

    row: int
    column: int
    value: str
    style: Style = PLAIN
    link: CellRef | None = None


@dataclass(frozen=True)
class Note:
    """A note on a cell of the workbook's own sheets: every finding about that cell, one per line."""

    ref: CellRef
    text: str


@dataclass(frozen=True)
class SheetLayout:
    """The whole sheet: its cells, the notes on the workbook's cells, column widths, row heights (points,
    for rows whose wrapped text needs more than one line), frozen rows and the rows printed on every page.

    It prints landscape, fitted to the page width, with the page setup of :mod:`agreement_builder.sheet_look`.
    """

    cells: tuple[Cell, ...]
    notes: tuple[Note, ...]
    widths: tuple[tuple[str, float], ...] = WIDTHS
    freeze: str = FREEZE
    name: str = SHEET
    print_titles: tuple[int, int] = PRINT_TITLES

    @property
    def heights(self) -> tuple[tuple[int, float], ...]:
        """(row, height in points) for every row whose text needs more than the default height."""
        widths = {column_number(letter): width for letter, width in self.widths}
        by_row: dict[int, list[tuple[str, float, float, bool]]] = {}
        for cell in self.cells:
            if cell.style.wrap and cell.column in widths:
                by_row.setdefault(cell.row, []).append(
                    (cell.value, widths[cell.column], cell.style.size or BASE_SIZE, cell.style.bold))
        heights = ((row, row_height(cells)) for row, cells in sorted(by_row.items()))
        return tuple((row, height) for row, height in heights if height is not None)

    @property
    def extent(self) -> tuple[int, int]:
        """(rows, columns) the cells span from A1."""
        return max(cell.row for cell in self.cells), max(cell.column for cell in self.cells)

    def grid(self) -> list[list[str | None]]:
        """Every value from A1 to the last cell, ``None`` where a cell is empty (for one bulk write)."""
        rows, columns = self.extent
        grid: list[list[str | None]] = [[None] * columns for _ in range(rows)]
        for cell in self.cells:
            grid[cell.row - 1][cell.column - 1] = cell.value or None
        return grid


def findings_layout(report: Report, lang: str = "nb", *, sheets: Collection[str], status: str | None = None,
                    notes: bool = False) -> SheetLayout:
    """The sheet for ``report`` in ``lang``.

    ``sheets`` are the names of the workbook's sheets: a finding links to, and puts a note on, only a
    cell of one of them. ``notes`` says whether the painter puts the notes on the workbook's cells
    (the Excel button does, the command line does not). Row 2 is ``status`` (what became of the
    document), or else what the next check replaces, as true for that painter.
    """
    sheets = set(sheets) - {SHEET}
    line = status or STATUS[lang][notes]
    return SheetLayout(tuple(_cells(report, lang, sheets, line)), _notes(report, lang, sheets))


def link_location(ref: CellRef) -> str:
    """``'Sheet'!A1``: where a link inside the workbook points (quotes in a sheet name doubled)."""
    sheet = ref.sheet.replace("'", "''")
    return f"'{sheet}'!{ref.cell}"


def style_blocks(cells: Iterable[Cell]) -> list[tuple[Style, tuple[int, int, int, int]]]:
    """Rectangles (top, left, bottom, right) of cells with the same style other than plain.

    For a painter that pays per call (Excel through xlwings): a block of cells styled alike is one call.
    Each row's runs of alike cells are found first; a run directly below one as wide extends it.
    """
    runs: list[_Block] = []
    for cell in sorted(cells, key=lambda cell: (cell.row, cell.column)):
        if cell.style == PLAIN:
            continue
        last = runs[-1] if runs else None
        if last and (last.style, last.bottom, last.right + 1) == (cell.style, cell.row, cell.column):
            last.right = cell.column
        else:
            runs.append(_Block(cell.style, cell.row, cell.column, cell.row, cell.column))
    blocks: list[_Block] = []
    above: dict[tuple[Style, int, int], _Block] = {}  # the lowest block of each style and width
    for run in runs:
        block = above.get((run.style, run.left, run.right))
        if block is not None and block.bottom + 1 == run.top:
            block.bottom = run.bottom
        else:
            blocks.append(run)
            above[(run.style, run.left, run.right)] = run
    return [(block.style, (block.top, block.left, block.bottom, block.right)) for block in blocks]


@dataclass
class _Block:
    style: Style
    top: int
    left: int
    bottom: int
    right: int


def _cells(report: Report, lang: str, sheets: Collection[str], status: str) -> Iterator[Cell]:
    yield Cell(1, 1, summary_line(report, lang), TITLE)
    yield Cell(2, 1, status)
    yield from _header(HEADER_ROW, FINDINGS_HEADERS[lang])
    row = HEADER_ROW
    for row, finding in enumerate(report.findings, start=HEADER_ROW + 1):
        yield from _finding_row(row, finding, lang, sheets)
    start = row + 2
    yield from _header(start, COVERAGE_HEADERS[lang])
    for row, point in enumerate(report.coverage, start=start + 1):
        values = (str(point.point), point.short_name, status_label(point, lang), "; ".join(point.where))
        yield from (Cell(row, column, value, BODY) for column, value in enumerate(values, start=1))


def _header(row: int, headers: Iterable[str]) -> Iterator[Cell]:
    return (Cell(row, column, header, HEADER) for column, header in enumerate(headers, start=1))


def _finding_row(row: int, finding: Finding, lang: str, sheets: Collection[str]) -> Iterator[Cell]:
    link = finding.ref if _on_a_cell(finding, sheets) else None
    yield Cell(row, 1, SEVERITY_LABELS[lang][finding.severity], Style(fill=SEVERITY_FILLS[finding.severity], wrap=True))
    yield Cell(row, 2, str(finding.ref) if finding.ref else "–", LINK if link else BODY, link)
    yield Cell(row, 3, str(finding.point or ""), BODY)
    yield Cell(row, 4, finding.message(lang), BODY)


def _notes(report: Report, lang: str, sheets: Collection[str]) -> tuple[Note, ...]:
    lines: dict[CellRef, list[str]] = {}
    for finding in report.findings:
        if _on_a_cell(finding, sheets):
            label = SEVERITY_LABELS[lang][finding.severity]
            lines.setdefault(finding.ref, []).append(f"{label}: {finding.message(lang)}")
    return tuple(Note(ref, NOTE_PREFIX + "\n".join(texts)) for ref, texts in lines.items())


def _on_a_cell(finding: Finding, sheets: Collection[str]) -> bool:
    # a ref naming a file is in another workbook of an agreement folder: no link, no note
    return bool(finding.ref and finding.ref.cell and finding.ref.sheet in sheets and not finding.ref.file)
