"""The «Konflikter» sheet: one row per collision, a link to the cell, every version, a decision column.

Each row also holds its collision as JSON in a hidden last column, so ``merge --resolve`` can
apply a decision without the copies. The collided cells are marked with a fill and a note
signed :data:`MARK_AUTHOR`; both are removed again when a collision is resolved.
"""

from __future__ import annotations

import json

from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from .. import schema
from ..diff import Area
from ..text import comparison_key as key
from ..errors import AgreementError
from ..model import Level
from ..text import clean_text, split_items
from ..workbook import writer
from .result import Collision, Place, Version
from .sheets import fixed_sheet, group_sheet, header_columns, put

SHEET = schema.CONFLICTS_SHEET
MARK_AUTHOR = "Samarbeidsavtale-sammenslåing"
MARK_FILL = PatternFill("solid", fgColor="F8CBAD")
HEADER_ROW = 4
DECISION_HEADER = "Beslutning"
FIXED_HEADERS = ("Nr.", "Hva", "Hvor", DECISION_HEADER)
KEY_HEADER = "Nøkkel (ikke endre)"
CELL_LIMIT = 32_000  # Excel holds at most 32,767 characters in a cell; longer keys run on in the next cells
INSTRUCTIONS = (
    "Skriv i kolonnen «Beslutning» hvilken versjon som skal gjelde: navnet på en kopi (overskriften over "
    "versjonen), «grunnlag» for versjonen fra før, eller en egen tekst. Kjør så "
    "«agreement merge --resolve ARBEIDSBOK -o NY.xlsx». Rader uten beslutning blir stående."
)


# --- where a collision is in the workbook -------------------------------------------------------------
def locate(book, place: Place) -> tuple[str, str] | None:
    """(sheet title, A1 cell) of a collided value in ``book``, or ``None`` when it cannot be found."""
    finders = {Area.TASK: _task_cell, Area.GROUP: _group_cell, Area.RECOMMENDATION: _recommendation_cell,
               Area.FACTS: _fact_cell, Area.MUNICIPALITY: _row_cell, Area.SECTION: _row_cell,
               Area.STATUTE: _row_cell, Area.JOINT: _row_cell}
    cell = finders[place.area](book, place)
    return (cell.parent.title, cell.coordinate) if cell is not None else None


def _task_cell(book, place: Place):
    sheet = group_sheet(book, place.group or "")
    if sheet is None:
        return None
    header, columns = header_columns(sheet, schema.GROUP_COLUMNS)
    col = columns.get(place.level.value) if place.level else None
    if col is None:
        return sheet["B1"]
    for row in range(header + 1, sheet.max_row + 1):
        cell = sheet.cell(row=row, column=col)
        if any(key(item.text) == key(place.item) for item in split_items(cell.value)):
            return cell
    return sheet.cell(row=header, column=col)


def _group_cell(book, place: Place):
    sheet = group_sheet(book, place.group or "")
    if sheet is None:
        return None
    if place.aspect == "category":
        label = schema.sheet_key(schema.GROUP_CATEGORY_LABEL)
        row = next((r for r in range(1, 10) if schema.sheet_key(clean_text(sheet.cell(row=r, column=1).value))
                    == label), 2)
        return sheet.cell(row=row, column=2)
    return sheet["B1"]


def _recommendation_cell(book, place: Place):
    sheet = group_sheet(book, place.group or "")
    if sheet is None:
        return None
    header, columns = header_columns(sheet, schema.GROUP_COLUMNS)
    return sheet.cell(row=header + 1, column=columns.get("recommendation", 4))


def _fact_cell(book, place: Place):
    sheet = fixed_sheet(book, schema.FACTS_SHEET)
    label = next(field.label for field in schema.FACT_FIELDS if field.key == place.item)
    for row in range(1, sheet.max_row + 1):
        if schema.sheet_key(clean_text(sheet.cell(row=row, column=1).value)) == schema.sheet_key(label):
            return sheet.cell(row=row, column=2)
    return None


_ROW_TABLES = {
    Area.MUNICIPALITY: (schema.MUNICIPALITIES, "number", {"name": "name", "delete": "name", "add": "number"}),
    Area.SECTION: (schema.SECTIONS, "heading", {"heading": "heading", "text": "text", "delete": "heading"}),
    Area.STATUTE: (schema.STATUTE, "point", {"other_agreement": "other", "other_agreement_version": "other_version"}),
    Area.JOINT: (schema.JOINT_MEASURES, "name", {"delete": "name"}),
}


def _row_cell(book, place: Place):
    table, key_column, columns_by_aspect = _ROW_TABLES[place.area]
    sheet = fixed_sheet(book, table.name)
    if sheet is None:
        return None
    header, columns = header_columns(sheet, table.columns)
    wanted = columns_by_aspect.get(place.aspect, place.aspect)
    col = columns.get(wanted, columns.get(key_column, 1))
    for row in range(header + 1, sheet.max_row + 1):
        value = clean_text(sheet.cell(row=row, column=columns.get(key_column, 1)).value)
        if key(value).zfill(4 if place.area is Area.MUNICIPALITY else 0) == key(place.item).zfill(
                4 if place.area is Area.MUNICIPALITY else 0):
            return sheet.cell(row=row, column=col)
    return sheet.cell(row=header, column=col)


# --- marks ----------------------------------------------------------------------------------------------------
def clear_marks(book) -> None:
    """Remove the merge's notes and fills (from an earlier run) from every sheet."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.comment is not None and cell.comment.author == MARK_AUTHOR:
                    cell.comment = None
                    cell.fill = PatternFill()


def _mark(book, where: tuple[str, str], number: int, what: str) -> None:
    cell = book[where[0]][where[1]]
    if isinstance(cell, MergedCell) or (cell.comment is not None and cell.comment.author != MARK_AUTHOR):
        return
    text = f"Konflikt {number}: {what}. Se arket «{SHEET}»."
    if cell.comment is not None:
        text = f"{cell.comment.text}\n{text}"
    comment = Comment(text, MARK_AUTHOR)
    comment.width, comment.height = 300, 90
    cell.comment = comment
    cell.fill = MARK_FILL


# --- the sheet --------------------------------------------------------------------------------------------
def write_conflicts(book, collisions: tuple[Collision, ...], copies: tuple[str, ...]) -> None:
    """Replace the «Konflikter» sheet with ``collisions`` (none: no sheet) and mark their cells."""
    if SHEET in book.sheetnames:
        book.remove(book[SHEET])
    clear_marks(book)
    if not collisions:
        return
    names = list(dict.fromkeys([*copies, *(v.copy for c in collisions for v in c.versions)]))
    sheet = book.create_sheet(SHEET, 0)
    put(sheet["A1"], f"{len(collisions)} konflikt{'er' if len(collisions) != 1 else ''} ved sammenslåingen")
    sheet["A1"].font = Font(bold=True, size=13)
    put(sheet["A2"], INSTRUCTIONS)
    headers = [*FIXED_HEADERS, "grunnlag", *names, KEY_HEADER]
    for col, header in enumerate(headers, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=col)
        put(cell, header)
        cell.fill, cell.font, cell.alignment = writer.HEADER_FILL, writer.HEADER_FONT, writer.WRAP
    for number, collision in enumerate(collisions, start=1):
        _row(book, sheet, HEADER_ROW + number, number, collision, names)
    for col, width in enumerate((6, 34, 30, 30, 40, *([40] * len(names)), 12), start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.column_dimensions[get_column_letter(len(headers))].hidden = True
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    book.active = 0


def _row(book, sheet, row: int, number: int, collision: Collision, names: list[str]) -> None:
    where = locate(book, collision.place)
    put(sheet.cell(row=row, column=1), number)
    put(sheet.cell(row=row, column=2), collision.what)
    link = sheet.cell(row=row, column=3)
    put(link, f"{where[0]}!{where[1]}" if where else "")
    if where:
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{where[0]}'!{where[1]}")
        link.font = Font(color="0563C1", underline="single")
        _mark(book, where, number, collision.what)
    put(sheet.cell(row=row, column=5), _shown(collision.base.text))
    for version in collision.versions:
        put(sheet.cell(row=row, column=6 + names.index(version.copy)), _shown(version.text))
    for col in range(1, 6 + len(names)):
        sheet.cell(row=row, column=col).alignment = writer.WRAP
    data = json.dumps(_as_data(collision), ensure_ascii=False)
    for offset, start in enumerate(range(0, len(data), CELL_LIMIT)):
        put(sheet.cell(row=row, column=6 + len(names) + offset), data[start:start + CELL_LIMIT])
        sheet.column_dimensions[get_column_letter(6 + len(names) + offset)].hidden = True


def _shown(text: str) -> str:
    """A version as a cell can hold it; the whole text stays in the key."""
    return text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT] + " … (forkortet her; hele teksten brukes)"


def _as_data(collision: Collision) -> dict:
    place = collision.place
    return {
        "what": collision.what,
        "place": {"area": place.area.value, "aspect": place.aspect, "group": place.group,
                  "level": place.level.value if place.level else None, "item": place.item},
        "base": [collision.base.copy, collision.base.text, collision.base.deleted],
        "versions": [[v.copy, v.text, v.deleted] for v in collision.versions],
    }


def _from_data(data: dict) -> Collision:
    place = data["place"]
    return Collision(
        str(data["what"]),
        Place(Area(place["area"]), str(place["aspect"]), place["group"],
              Level(place["level"]) if place["level"] else None, str(place["item"])),
        Version(*data["base"]),
        tuple(Version(*version) for version in data["versions"]),
    )


def conflict_copies(book) -> list[str]:
    """The copies' names in the header of the «Konflikter» sheet (between «grunnlag» and the key)."""
    if SHEET not in book.sheetnames:
        return []
    headers = [clean_text(cell.value) for cell in book[SHEET][HEADER_ROW]]
    first = len(FIXED_HEADERS) + 1  # after the base column
    last = headers.index(KEY_HEADER) if KEY_HEADER in headers else len(headers)
    return [name for name in headers[first:last] if name]


def read_conflicts(book, path) -> list[tuple[Collision, str, str]]:
    """Every row of the «Konflikter» sheet as (collision, decision, decision cell); decision '' when empty."""
    if SHEET not in book.sheetnames:
        return []
    sheet = book[SHEET]
    headers = [clean_text(cell.value) for cell in sheet[HEADER_ROW]]
    if DECISION_HEADER not in headers or KEY_HEADER not in headers:
        raise AgreementError(f"{path.name}, ark «{SHEET}»: mangler kolonnene «{DECISION_HEADER}» og "
                             f"«{KEY_HEADER}» i rad {HEADER_ROW}")
    decision_col, key_col = headers.index(DECISION_HEADER) + 1, headers.index(KEY_HEADER) + 1
    rows = []
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        raw = "".join(str(sheet.cell(row=row, column=col).value or "") for col in range(key_col, sheet.max_column + 1))
        if not raw:
            continue
        try:
            collision = _from_data(json.loads(raw))
        except (ValueError, KeyError, TypeError, IndexError):
            cell = f"{get_column_letter(key_col)}{row}"
            raise AgreementError(f"{path.name}, ark «{SHEET}», celle {cell}: nøkkelen er endret og kan ikke "
                                 "leses – lag sammenslåingen på nytt") from None
        decision = sheet.cell(row=row, column=decision_col)
        rows.append((collision, clean_text(decision.value), decision.coordinate))
    return rows
