"""The model → an .xlsx workbook laid out by :mod:`agreement_builder.schema` (openpyxl).

Writes the blank workbook (``agreement init``) and filled ones (the shipped example,
test fixtures): styled headers, frozen panes, widths, wrapped text and dropdowns.
"""

from __future__ import annotations

import re
from pathlib import Path
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .. import schema
from ..files import atomic_output
from ..law import load_statute
from ..model import Agreement, Block, BlockKind, DiagnosisGroup, Facts, Level
from ..text import join_items
from .sheet_print import column_width, fit_rows, set_print

FONT = "Calibri"  # LibreOffice draws it with Carlito, which has the same metrics
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(name=FONT, bold=True, color="FFFFFF")
LABEL_FONT = Font(name=FONT, bold=True)
HELP_FONT = Font(name=FONT, italic=True, color="595959")
TITLE_FONT = Font(name=FONT, bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
# The recommendation column: text about the group, not tasks; set apart by colour and a rule on its left.
RECOMMENDATION_HEADER_FILL = PatternFill("solid", fgColor="7F6000")
RECOMMENDATION_FILL = PatternFill("solid", fgColor="FFF8E1")
RECOMMENDATION_BORDER = Border(left=Side(style="medium", color="7F6000"))
RECOMMENDATION_ROWS = 20  # a blank group sheet gets this many rows set apart, to write in
PORTRAIT_WIDTH = 100  # characters of column width that fit across a portrait A4 page
DATA_ROWS = 500
NOTICES_HEADING = "Merknader fra importen"
BLOCK_LABELS = {kind: label for label, kind in schema.BLOCK_CHOICES.items()}
_FORBIDDEN_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def write_workbook(path: str | Path, agreement: Agreement | None = None, *, overwrite: bool = False,
                   notices: Sequence[str] = ()) -> Path:
    """Write ``agreement`` (or a blank workbook) to ``path`` atomically; ``notices`` go on the guidance sheet."""
    book = build_workbook(agreement, notices=notices)
    with atomic_output(Path(path), overwrite=overwrite) as temporary:
        book.save(temporary)
    return Path(path)


def build_workbook(agreement: Agreement | None = None, *, notices: Sequence[str] = (),
                   blank_group: bool = True) -> Workbook:
    """An openpyxl Workbook for ``agreement``; ``None`` gives the blank workbook.

    ``notices`` (e.g. what an import could not place) are listed at the end of the guidance sheet.
    Without groups the workbook gets one blank group sheet to copy, unless ``blank_group`` is
    false (the main workbook of an agreement folder, whose groups live in group workbooks).
    """
    book = Workbook()
    book.remove(book.active)
    _guidance(book.create_sheet(schema.GUIDANCE_SHEET), notices)
    _facts(book.create_sheet(schema.FACTS_SHEET), agreement.facts if agreement else Facts())
    municipalities = [(m.number, m.name) for m in agreement.municipalities] if agreement else []
    table_sheet(book, schema.MUNICIPALITIES, municipalities)
    table_sheet(book, schema.CATEGORIES, [(name,) for name in agreement.categories] if agreement else [])
    table_sheet(book, schema.SECTIONS, _section_rows(agreement) if agreement else [])
    _statute(book, agreement)
    table_sheet(
        book,
        schema.JOINT_MEASURES,
        [(j.name, j.group, j.responsibility, j.organisation, j.financing) for j in agreement.joint_measures]
        if agreement
        else [],
    )
    book.defined_names["Kategoriliste"] = DefinedName(
        "Kategoriliste", attr_text=f"'{schema.CATEGORIES.name}'!$A$2:$A${DATA_ROWS}"
    )
    groups = agreement.groups if agreement and agreement.groups else (None,) if blank_group else ()
    add_group_sheets(book, groups)
    open_on_first_sheet(book)
    keep_text(book)
    for sheet in book.worksheets:
        finish_sheet(sheet)
    return book


def open_on_first_sheet(book: Workbook) -> None:
    """The workbook opens on its first sheet (the guidance), the only tab selected."""
    book.active = 0
    for index, sheet in enumerate(book.worksheets):
        sheet.sheet_view.tabSelected = index == 0


def finish_sheet(sheet: Worksheet, *, keep_set: bool = False) -> None:
    """Rows fitted to their text, and the print setup.

    A group sheet is landscape with its name and header on every page; a table (header in row 1)
    repeats that row, landscape when its columns are wider than a portrait page; the guidance is portrait.
    """
    fit_rows(sheet, keep_set=keep_set)
    if sheet.cell(row=1, column=1).value == schema.GROUP_MARKER:
        set_print(sheet, landscape=True, title_rows=schema.GROUP_HEADER_ROW)
        return
    table = sheet.cell(row=1, column=1).fill == HEADER_FILL
    wide = sum(column_width(sheet, column) for column in range(1, sheet.max_column + 1)) > PORTRAIT_WIDTH
    set_print(sheet, landscape=wide and sheet.title != schema.GUIDANCE_SHEET, title_rows=int(table))


def keep_text(book: Workbook) -> None:
    """Text from cells stays text: openpyxl would store «=…» as a formula; this writer writes none."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def add_group_sheets(book: Workbook, groups: Sequence[DiagnosisGroup | None]) -> None:
    """One sheet per group, titled by its name made unique (``None`` gives a blank group sheet)."""
    used = {sheet.title.casefold() for sheet in book.worksheets}
    for index, group in enumerate(groups, start=1):
        title = sheet_title(group.name if group else f"Diagnosegruppe {index}", used)
        lay_out_group(book.create_sheet(title), group)


def _style_header(sheet: Worksheet, row: int, headers: Sequence[str], widths: Sequence[int]) -> None:
    for col, (header, width) in enumerate(zip(headers, widths), start=1):
        cell = sheet.cell(row=row, column=col, value=header)
        cell.fill, cell.font, cell.alignment = HEADER_FILL, HEADER_FONT, WRAP
        sheet.column_dimensions[get_column_letter(col)].width = width


def _dropdown(sheet: Worksheet, formula: str, cells: str, what: str) -> None:
    validation = DataValidation(type="list", formula1=formula, allow_blank=True)
    validation.error = f"Velg {what} fra listen."
    validation.errorTitle = "Ugyldig verdi"
    validation.prompt = f"Velg {what} fra listen."
    validation.showErrorMessage = validation.showInputMessage = True
    sheet.add_data_validation(validation)
    validation.add(cells)


def _quoted_list(choices: Iterable[str]) -> str:
    return '"' + ",".join(choices) + '"'


def _guidance(sheet: Worksheet, notices: Sequence[str] = ()) -> None:
    lines = [
        ("Slik fyller du ut arbeidsboken", True),
        ("Arbeidsboken er grunnlaget for samarbeidsavtalen. Verktøyet build-agreement lager Word-avtalen av "
         "den.", False),
        ("", False),
        (f"«{schema.FACTS_SHEET}»: avtalens fakta – tittel, versjon, status, datoer, helseforetak og tekster.", False),
        (f"«{schema.MUNICIPALITIES.name}»: {schema.MUNICIPALITIES.purpose}", False),
        (f"«{schema.CATEGORIES.name}»: {schema.CATEGORIES.purpose}", False),
        (f"«{schema.SECTIONS.name}»: {schema.SECTIONS.purpose}", False),
        (f"«{schema.STATUTE.name}»: {schema.STATUTE.purpose}", False),
        (f"«{schema.JOINT_MEASURES.name}»: {schema.JOINT_MEASURES.purpose}", False),
        ("Diagnosegrupper: ett ark per gruppe. Lag en ny ved å kopiere et gruppeark (høyreklikk på fanen > "
         "Flytt eller kopier > Lag en kopi). Arknavnet kan du velge fritt; gruppens navn står i B1.", False),
        ("Skriv én oppgave per celle i kolonnene for Spesialisthelsetjenesten, Felles ansvar og "
         "Kommunehelsetjenesten, og ett avsnitt per celle i kolonnen Anbefaling. Tomme rader er greit.", False),
        ("Punktlister limt inn fra Word (•, –, -) blir egne oppgaver; linjeskift (Alt+Enter) beholdes.", False),
        ("Ark du legger til selv, blir ikke lest. Ikke gi de faste arkene nye navn.", False),
        ("Lenker: skriv adressen (https://…) i teksten, gjerne i parentes etter navnet, eller [tekst](https://…); "
         "lenker satt inn i Excel tas også med. Figurer: sett inn et bilde på arket, eller skriv på en egen "
         "linje ![beskrivelse](bilde.png) med bildet i samme mappe som arbeidsboken (se docs/workbook.md).",
         False),
    ]
    for row, (text, bold) in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.alignment = WRAP
        cell.font = TITLE_FONT if bold else Font(name=FONT)
    if notices:
        row = len(lines) + 2
        sheet.cell(row=row, column=1, value=NOTICES_HEADING).font = TITLE_FONT
        for offset, text in enumerate(notices, start=1):
            sheet.cell(row=row + offset, column=1, value=text).alignment = WRAP
    sheet.column_dimensions["A"].width = 110


def _facts(sheet: Worksheet, facts: Facts) -> None:
    _style_header(sheet, 1, schema.FACTS_HEADERS, (26, 70, 60))
    sheet.freeze_panes = "B2"
    for row, field in enumerate(schema.FACT_FIELDS, start=2):
        sheet.cell(row=row, column=1, value=field.label).font = LABEL_FONT
        if field.key in schema.FACT_TEXT_KEYS:
            value = join_items(facts.texts.get(field.key, ()))
        elif field.kind == "points":
            value = schema.points_text(facts.handled_points)
        else:
            value = getattr(facts, field.key)
        if field.kind == "choice" and value is not None:
            value = value.value
        cell = sheet.cell(row=row, column=2, value=value or None)
        cell.alignment = WRAP
        if field.kind == "date":
            cell.number_format = "DD.MM.YYYY"
        help_cell = sheet.cell(row=row, column=3, value=field.help)
        help_cell.font, help_cell.alignment = HELP_FONT, WRAP
        if field.kind == "choice":
            _dropdown(sheet, _quoted_list(field.choices), f"B{row}", field.label.lower())
        if field.kind == "date":
            validation = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
            validation.error, validation.showErrorMessage = "Skriv en dato (dd.mm.åååå).", True
            sheet.add_data_validation(validation)
            validation.add(f"B{row}")


def table_sheet(book: Workbook, table: schema.TableSheet, rows: Sequence[Sequence[object]]) -> Worksheet:
    """A new sheet for ``table``: its styled header row, then ``rows``."""
    sheet = book.create_sheet(table.name)
    _style_header(sheet, 1, [c.header for c in table.columns], [c.width for c in table.columns])
    sheet.freeze_panes = "A2"
    for row_index, values in enumerate(rows, start=2):
        for col_index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_index, column=col_index, value=value if value != "" else None)
            cell.alignment = WRAP
    for col_index, column in enumerate(table.columns, start=1):
        if column.choices:
            letter = get_column_letter(col_index)
            _dropdown(sheet, _quoted_list(column.choices), f"{letter}2:{letter}{DATA_ROWS}", column.header.lower())
        if column.key == "number":
            for row_index in range(2, DATA_ROWS + 1):
                sheet.cell(row=row_index, column=col_index).number_format = "@"
    return sheet


def _section_rows(agreement: Agreement) -> list[tuple[str, str, str]]:
    rows = []
    for section in agreement.sections:
        for index, block in enumerate(section.blocks or (None,)):
            heading = section.heading if index == 0 else ""
            if block is None:
                rows.append((heading, "", ""))
            else:
                rows.append((heading, BLOCK_LABELS[block.kind] if block.kind is not BlockKind.PARAGRAPH else "",
                             block.text))
    return rows


def _statute(book: Workbook, agreement: Agreement | None) -> None:
    statute = load_statute()
    rows = []
    for point in statute.points:
        row = agreement.coverage_of(point.number) if agreement else None
        rows.append((
            point.number,
            point.wording,
            schema.COVERAGE_LABELS[row.status] if row else "",
            "; ".join(row.where) if row else "",
            row.other_agreement if row else "",
            row.other_agreement_version if row else "",
            row.note if row else "",
        ))
    sheet = table_sheet(book, schema.STATUTE, rows)
    for row_index in range(2, len(rows) + 2):
        sheet.cell(row=row_index, column=2).font = HELP_FONT


def cell_text(block: Block) -> str:
    """A block as a cell: list items keep a marker so the reader gives the same kind back."""
    if block.kind is BlockKind.BULLET:
        return f"• {block.text}"
    if block.kind is BlockKind.NUMBERED:
        return f"1. {block.text}"
    return block.text


def sheet_title(name: str, used: set[str]) -> str:
    """A sheet name Excel accepts for ``name``, unlike every name in ``used`` (case-folded)."""
    base = _FORBIDDEN_IN_SHEET_NAMES.sub("-", name).strip("'")[:31].strip() or "Diagnosegruppe"
    title, counter = base, 2
    while title.casefold() in used:
        suffix = f" ({counter})"
        title, counter = base[: 31 - len(suffix)] + suffix, counter + 1
    used.add(title.casefold())
    return title


def lay_out_group(sheet: Worksheet, group: DiagnosisGroup | None) -> None:
    """A group sheet's frame: marker and name, category list, the task table's header; ``group``'s name and category."""
    sheet.cell(row=1, column=1, value=schema.GROUP_MARKER).font = LABEL_FONT
    sheet.cell(row=1, column=2, value=group.name if group else None).font = Font(name=FONT, bold=True, size=13)
    sheet.cell(row=2, column=1, value=schema.GROUP_CATEGORY_LABEL).font = LABEL_FONT
    sheet.cell(row=2, column=2, value=group.category if group else None)
    _dropdown(sheet, "Kategoriliste", "B2", "kategori")
    header_row = schema.GROUP_HEADER_ROW
    _style_header(sheet, header_row, [c.header for c in schema.GROUP_COLUMNS], [c.width for c in schema.GROUP_COLUMNS])
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    columns: list[list[str]] = [[task.text for task in group.tasks_at(level)] for level in Level] if group else []
    columns.append([cell_text(block) for block in group.recommendation] if group else [])
    for col_index, texts in enumerate(columns, start=1):
        for offset, text in enumerate(texts):
            sheet.cell(row=header_row + 1 + offset, column=col_index, value=text).alignment = WRAP
    _set_apart_recommendation(sheet, max(RECOMMENDATION_ROWS, *(len(texts) for texts in columns)))


def _set_apart_recommendation(sheet: Worksheet, rows: int) -> None:
    """The recommendation column in its own colour, with a rule between it and the tasks."""
    column = len(schema.GROUP_COLUMNS)
    sheet.cell(row=schema.GROUP_HEADER_ROW, column=column).fill = RECOMMENDATION_HEADER_FILL
    for row in range(schema.GROUP_HEADER_ROW + 1, schema.GROUP_HEADER_ROW + 1 + rows):
        cell = sheet.cell(row=row, column=column)
        cell.fill, cell.border, cell.alignment = RECOMMENDATION_FILL, RECOMMENDATION_BORDER, WRAP
