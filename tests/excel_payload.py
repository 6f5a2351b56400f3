"""xlwings Books built from workbooks, as an Excel client would send them (for tests on Linux).

The payload format is the one xlwings' remote clients (Office.js) send; xw.Book(json=...)
needs xlwings PRO, used here under its `noncommercial` licence key (tests only).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from python_calamine import CalamineWorkbook


def _cell(value):
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="milliseconds") + "Z"
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time()).isoformat(timespec="milliseconds") + "Z"
    return None if value == "" else value


def payload(path: Path, *, name: str | None = None, notes: dict[str, list[str]] | None = None) -> dict:
    import xlwings as xw

    book = CalamineWorkbook.from_path(str(path))
    sheets = []
    for sheet_name in book.sheet_names:
        rows = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        width = max((len(row) for row in rows), default=0)
        values = [[_cell(v) for v in row] + [None] * (width - len(row)) for row in rows] or [[None]]
        sheets.append({
            "name": sheet_name, "values": values, "pictures": [], "tables": [], "shapes": [], "charts": [],
            "notes": [{"address": address} for address in (notes or {}).get(sheet_name, [])],
        })
    return {
        "client": "Office.js", "version": xw.__version__,
        "book": {"name": name or path.name, "active_sheet_index": 0, "selection": "A1"},
        "names": [], "sheets": sheets,
    }


def book_from(path: Path, **options):
    import xlwings as xw

    return xw.Book(json=payload(path, **options))


def actions(book) -> list[dict]:
    return book.impl.json()["actions"]


def painted(book, position: int = 0) -> dict:
    """What the recorded actions drew on the sheet at ``position``, and the notes they added anywhere.

    Returns ``{"cells": {(row, column): {...}}, "widths": {letter: width}, "heights": {row: points},
    "freeze": str | None, "notes": {(sheet, cell): text}}`` with 1-based rows and columns and colours as
    RRGGBB; a cell's entry holds only what was set on it (value, number_format, fill, bold, size, colour, wrap,
    valign, link).
    """
    from openpyxl.utils import get_column_letter

    cells: dict[tuple[int, int], dict] = {}
    drawn = {"cells": cells, "widths": {}, "heights": {}, "freeze": None, "notes": {}}
    for action in actions(book):
        func, args = action["func"], action["args"]
        if func == "addNote":
            sheet = book.sheets[action["sheet_position"]].name
            drawn["notes"][(sheet, args[0].replace("$", ""))] = args[1]
            continue
        if action["sheet_position"] != position:
            continue
        if func == "freezePaneAtRange":
            drawn["freeze"] = args[0]
            continue
        top, left = action["start_row"] + 1, action["start_column"] + 1
        if func == "setColumnWidth":
            drawn["widths"][get_column_letter(left)] = args[0]
        elif func == "setRowHeight":
            drawn["heights"][top] = args[0]
        elif func == "setValues":
            for r, row in enumerate(action["values"]):
                for c, value in enumerate(row):
                    cells.setdefault((top + r, left + c), {})["value"] = value if value != "" else None
        else:
            for r in range(action["row_count"]):
                for c in range(action["column_count"]):
                    _apply(cells.setdefault((top + r, left + c), {}), func, args)
    return drawn


def _apply(cell: dict, func: str, args: list) -> None:
    if func == "setNumberFormat":
        cell["number_format"] = args[0]
    elif func == "setRangeColor":
        cell["fill"] = args[0].lstrip("#").upper()
    elif func == "setFontProperty":
        name, value = args
        cell[name] = value.lstrip("#").upper() if name == "color" else value
    elif func == "setWrapText":
        cell["wrap"] = args[0]
    elif func == "setVerticalAlignment":
        cell["valign"] = args[0].lower()
    elif func == "addHyperlink":
        cell["link"], cell["value"] = args[0], args[1]
    else:
        raise AssertionError(f"an action the comparison does not know: {func}")
