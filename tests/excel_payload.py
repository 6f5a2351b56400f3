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
