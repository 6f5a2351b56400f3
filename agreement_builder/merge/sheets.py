"""Writing a merged agreement onto an openpyxl copy of the workbook it came from.

Only what changed is written: facts by their cells, the table sheets that changed are
filled again row by row (their formatting and dropdowns stay), group sheets that changed are
filled again through the layout of :mod:`agreement_builder.workbook.writer`, new groups get a
sheet from that writer, removed groups lose theirs. Every text is written as a string cell,
so a copy's ``=...`` never becomes a formula.
"""

from __future__ import annotations

import datetime as dt

from openpyxl.cell.cell import MergedCell
from openpyxl.worksheet.worksheet import Worksheet

from .. import schema
from ..model import Agreement, DiagnosisGroup, Level
from ..text import clean_text, join_items
from ..text import comparison_key as key
from ..workbook import writer
from ..workbook.sheet_print import fit_rows
from .draft import Layout

HEADER_SEARCH_ROWS = 10


def put(cell, value) -> None:
    """Set a cell; text is always a string cell (never a formula), empty text clears it."""
    if isinstance(cell, MergedCell):
        return
    if isinstance(value, str):
        cell.value = value or None
        if value:
            cell.data_type = "s"
    else:
        cell.value = value


def header_columns(sheet: Worksheet, columns) -> tuple[int, dict[str, int]]:
    """The 1-based header row and the 1-based column of each header found (tolerant as the reader)."""
    wanted = {schema.sheet_key(column.header): column.key for column in columns}
    for row in range(1, HEADER_SEARCH_ROWS + 1):
        found = {}
        for cell in sheet[row]:
            name = schema.sheet_key(clean_text(cell.value))
            if name in wanted:
                found[wanted[name]] = cell.column
        if found:
            return row, found
    return 1, {}


def rewrite_table(sheet: Worksheet, table: schema.TableSheet, rows: list[dict[str, object]]) -> None:
    """Replace the data rows of a table sheet with ``rows`` (values by column key), keeping formatting."""
    header, columns = header_columns(sheet, table.columns)
    if not columns:  # a sheet without headers: lay it out as the writer does
        for col, column in enumerate(table.columns, start=1):
            put(sheet.cell(row=1, column=col), column.header)
        header, columns = 1, {column.key: col for col, column in enumerate(table.columns, start=1)}
    for row in range(header + 1, max(sheet.max_row, header + len(rows)) + 1):
        for col in columns.values():
            put(sheet.cell(row=row, column=col), None)
    for offset, values in enumerate(rows, start=header + 1):
        for name, value in values.items():
            if name in columns:
                cell = sheet.cell(row=offset, column=columns[name])
                put(cell, value)
                cell.alignment = writer.WRAP
    fit_rows(sheet, rows=range(header + 1, max(sheet.max_row, header + len(rows)) + 1))


def write_facts(sheet: Worksheet, before, after) -> None:
    """Write every fact of ``after`` that differs from ``before`` into its row (added at the end if missing)."""
    rows = {schema.sheet_key(clean_text(sheet.cell(row=r, column=1).value)): r for r in range(1, sheet.max_row + 1)}
    written = []
    for field in schema.FACT_FIELDS:
        old, new = _fact(before, field.key), _fact(after, field.key)
        if old == new:
            continue
        row = rows.get(schema.sheet_key(field.label))
        if row is None:
            row = sheet.max_row + 1
            put(sheet.cell(row=row, column=1), field.label)
        cell = sheet.cell(row=row, column=2)
        put(cell, new)
        written.append(row)
        if isinstance(new, dt.date):
            cell.number_format = "DD.MM.YYYY"
    fit_rows(sheet, rows=written)


def _fact(facts, field_key: str) -> str | dt.date | None:
    """A fact as its cell holds it: texts (blocks joined as the writer does), points and choices as
    text, dates as dates."""
    if field_key in schema.FACT_TEXT_KEYS:
        return join_items(facts.texts.get(field_key, ()))
    if field_key == "handled_points":
        return schema.points_text(facts.handled_points)
    value = getattr(facts, field_key)
    if value is None or isinstance(value, (str, dt.date)):
        return value or ""
    return value.value  # a choice (status, document type)


def write_tables(book, agreement: Agreement, layout: Layout) -> None:
    """Fill again every fixed table sheet the merge changed."""
    makers = {
        schema.MUNICIPALITIES.name: lambda: [{"number": m.number, "name": m.name} for m in agreement.municipalities],
        schema.CATEGORIES.name: lambda: [{"name": name} for name in agreement.categories],
        schema.SECTIONS.name: lambda: _section_rows(agreement),
        schema.JOINT_MEASURES.name: lambda: [
            {"name": j.name, "group": j.group, "responsibility": j.responsibility,
             "organisation": j.organisation, "financing": j.financing} for j in agreement.joint_measures],
    }
    for table in schema.TABLE_SHEETS:
        if table.name not in layout.rewritten_sheets or table is schema.STATUTE:
            continue
        sheet = fixed_sheet(book, table.name)
        if sheet is None:
            sheet = writer.table_sheet(book, table, [])
        rewrite_table(sheet, table, makers[table.name]())


def fixed_sheet(book, name: str) -> Worksheet | None:
    """A fixed sheet by its name or one of its aliases, tolerant of case and spaces."""
    table = next((t for t in schema.TABLE_SHEETS if t.name == name), None)
    names = {schema.sheet_key(n) for n in (name, *(table.aliases if table else ()))}
    return next((sheet for sheet in book.worksheets if schema.sheet_key(sheet.title) in names), None)


def _section_rows(agreement: Agreement) -> list[dict[str, object]]:
    rows = []
    for section in agreement.sections:
        for index, block in enumerate(section.blocks or (None,)):
            kind = "" if block is None or block.kind.value == "avsnitt" else writer.BLOCK_LABELS[block.kind]
            rows.append({"heading": section.heading if index == 0 else "", "kind": kind,
                         "text": block.text if block else ""})
    return rows


def write_statute(sheet: Worksheet, source: Agreement, agreement: Agreement) -> None:
    """Write the § 6-2 rows that differ from ``source`` into their rows (found by point number)."""
    header, columns = header_columns(sheet, schema.STATUTE.columns)
    rows = {}
    for row in range(header + 1, sheet.max_row + 1):
        text = clean_text(sheet.cell(row=row, column=columns.get("point", 1)).value).rstrip(".")
        if text.isdigit():
            rows[int(text)] = row
    written = []
    for coverage in agreement.statute_map:
        if coverage == source.coverage_of(coverage.point):
            continue
        row = rows.get(coverage.point) or max([header, *rows.values()]) + 1
        rows[coverage.point] = row
        written.append(row)
        values = {"point": coverage.point, "status": schema.COVERAGE_LABELS[coverage.status],
                  "where": "; ".join(coverage.where), "other": coverage.other_agreement,
                  "other_version": coverage.other_agreement_version, "note": coverage.note}
        for name, value in values.items():
            if name in columns:
                put(sheet.cell(row=row, column=columns[name]), value)
    fit_rows(sheet, rows=written)


# --- group sheets -------------------------------------------------------------------------------------
def group_sheet(book, name: str) -> Worksheet | None:
    """The group sheet whose B1 holds ``name`` (tolerant of case and spaces)."""
    for sheet in book.worksheets:
        marker = schema.sheet_key(clean_text(sheet.cell(row=1, column=1).value))
        if marker == schema.sheet_key(schema.GROUP_MARKER) and key(clean_text(sheet["B1"].value)) == key(name):
            return sheet
    return None


def fill_group(sheet: Worksheet, group: DiagnosisGroup) -> None:
    """Write a group's name, category, tasks (one per cell) and recommendation into its sheet."""
    put(sheet["B1"], group.name)
    header, columns = header_columns(sheet, schema.GROUP_COLUMNS)
    category_row = next((r for r in range(1, header) if schema.sheet_key(clean_text(sheet.cell(row=r, column=1).value))
                         == schema.sheet_key(schema.GROUP_CATEGORY_LABEL)), 2)
    put(sheet.cell(row=category_row, column=2), group.category)
    texts = {level.value: [task.text for task in group.tasks_at(level)] for level in Level}
    texts["recommendation"] = [writer.cell_text(block) for block in group.recommendation]
    last = max(sheet.max_row, header + max(map(len, texts.values()), default=0))
    for name, col in columns.items():
        for row in range(header + 1, last + 1):
            put(sheet.cell(row=row, column=col), None)
        for offset, text in enumerate(texts.get(name, ()), start=header + 1):
            cell = sheet.cell(row=offset, column=col)
            put(cell, text)
            cell.alignment = writer.WRAP
    fit_rows(sheet, rows=[1, category_row, *range(header + 1, last + 1)])


def write_groups(book, source: Agreement, agreement: Agreement, layout: Layout) -> None:
    """Remove, rewrite and add group sheets so the workbook holds ``agreement``'s groups."""
    sheets = {group.name: book[group.ref.sheet] for group in source.groups
              if group.ref and group.ref.sheet in book.sheetnames}
    kept = set(filter(None, layout.group_sources))
    for name, sheet in sheets.items():
        if name not in kept:
            book.remove(sheet)
    used = {title.casefold() for title in book.sheetnames}
    previous = None
    for index, (group, origin) in enumerate(zip(agreement.groups, layout.group_sources)):
        sheet = sheets.get(origin) if origin else None
        created = sheet is None
        if created:
            title = writer.sheet_title(group.name, used)
            position = book.index(previous) + 1 if previous is not None else len(book.sheetnames)
            sheet = book.create_sheet(title, position)
            writer.lay_out_group(sheet, DiagnosisGroup(group.name, group.category))
        if index in layout.rewritten_groups or created:
            fill_group(sheet, group)
            if origin and origin != group.name and sheet.title == writer.sheet_title(origin, set()):
                used.discard(sheet.title.casefold())
                sheet.title = writer.sheet_title(group.name, used)
        if created:
            writer.finish_sheet(sheet)  # fitted rows and print setup, as the writer's own group sheets
        previous = sheet


def write_agreement(book, source: Agreement, agreement: Agreement, layout: Layout) -> None:
    """Bring ``book`` (holding ``source``) to ``agreement``, writing only what the layout says changed."""
    facts = fixed_sheet(book, schema.FACTS_SHEET)
    if facts is not None:
        write_facts(facts, source.facts, agreement.facts)
    write_tables(book, agreement, layout)
    statute = fixed_sheet(book, schema.STATUTE.name)
    if statute is not None and schema.STATUTE.name in layout.rewritten_sheets:
        write_statute(statute, source, agreement)
    write_groups(book, source, agreement, layout)
