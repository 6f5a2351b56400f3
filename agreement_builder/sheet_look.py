"""How the sheets this tool writes look: row heights that fit wrapped text, and the page setup.

Every painter (openpyxl for new workbooks, the package editor and xlwings for the «Validering»
sheet) takes these from here.

Neither Excel nor LibreOffice fits a row to its wrapped text when it opens a file that gives no
height: they show one line and the rest is hidden (Excel) or drawn over the next row
(LibreOffice). So the writers give each row a height: the text of each cell is wrapped word by
word on an estimate of how many characters fit in the column, and the tallest cell sets the row.

The estimate errs on the generous side: a column width counts characters of the digit «0» in
11-point Calibri (Carlito in LibreOffice, with the same metrics); ordinary text is narrower than
that digit, bold text a little wider, and a larger font takes proportionally more room.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

BASE_SIZE = 11.0  # points: the workbook's default font, the one column widths are measured in
CHARS_PER_WIDTH = 1.2  # ordinary characters of 11-point text per unit of column width
BOLD_FACTOR = 0.92  # bold text is wider
LINE_FACTOR = 1.36  # a line of text takes this many times its font size, in points (Excel: 15 for 11)
PADDING = 1.5  # points above and below the text
DEFAULT_HEIGHT = 15.0  # points: one line of 11-point text, as Excel draws it

PAGE_HEADER = "&A"  # Excel's and LibreOffice's code for the sheet's name
PAGE_FOOTER = "Side &P av &N"  # «Side 2 av 5»
MARGINS_CM = {"left": 1.5, "right": 1.5, "top": 2.0, "bottom": 2.0, "header": 0.8, "footer": 0.8}
PAPER_A4 = 9  # the paper size code in SpreadsheetML and Excel


def line_count(text: str, width: float, *, size: float = BASE_SIZE, bold: bool = False) -> int:
    """How many lines ``text`` takes when wrapped in a column ``width`` characters wide."""
    per_line = max(1, int(width * CHARS_PER_WIDTH * (BASE_SIZE / size) * (BOLD_FACTOR if bold else 1.0)) - 1)
    return sum(_wrapped_lines(paragraph, per_line) for paragraph in str(text).split("\n"))


def _wrapped_lines(paragraph: str, per_line: int) -> int:
    """Lines a paragraph takes, filled word by word; a word longer than a line is broken."""
    lines, used = 1, 0
    for word in paragraph.split():
        length = len(word)
        if used and used + 1 + length > per_line:
            lines, used = lines + 1, 0
        if length > per_line:
            extra = math.ceil(length / per_line) - 1
            lines, used = lines + extra, length - extra * per_line
        else:
            used = used + 1 + length if used else length
    return lines


def text_height(lines: int, size: float = BASE_SIZE) -> float:
    """The height in points of ``lines`` lines of text in a font of ``size`` points."""
    return round(max(DEFAULT_HEIGHT, lines * size * LINE_FACTOR + PADDING), 1)


MAX_HEIGHT = 409.5  # points: the tallest row Excel allows (a taller one makes it repair the file)


def row_height(cells: Iterable[tuple[str, float, float, bool]]) -> float | None:
    """The height a row needs for its wrapped cells, or ``None`` when the default height will do.

    ``cells`` are (text, column width in characters, font size, bold) for each wrapped cell of the row.
    Never more than Excel's :data:`MAX_HEIGHT`: a longer text scrolls inside its cell.
    """
    height = max((text_height(line_count(text, width, size=size, bold=bold), size)
                  for text, width, size, bold in cells if text), default=DEFAULT_HEIGHT)
    return min(height, MAX_HEIGHT) if height > DEFAULT_HEIGHT + 2 else None
