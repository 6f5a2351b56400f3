"""A merged workbook looks as the writer's own: rows the merge wrote fit their text, new sheets print well."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner

from agreement_builder import schema
from agreement_builder.cli import agreement

from conftest import group_sheet

LONG = ("Kommunen følger opp pasienten i hjemmet med fysioterapeut og ergoterapeut de første ukene etter "
        "utskrivning, og melder tilbake til sykehuset når behovet endrer seg eller pasienten trenger mer hjelp.")


def merged(example_path, edited, tmp_path, *changes) -> openpyxl.Workbook:
    copies = [edited(change, f"kopi-{index}.xlsx") for index, change in enumerate(changes)]
    target = tmp_path / "samlet.xlsx"
    result = CliRunner().invoke(agreement, ["merge", str(example_path), *map(str, copies), "-o", str(target)])
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(target)


def test_a_long_task_from_a_copy_gets_a_row_tall_enough(example_path, edited, tmp_path):
    def add_long_task(book):
        group_sheet(book, "KOLS")["C20"] = LONG

    book = merged(example_path, edited, tmp_path, add_long_task)
    sheet = group_sheet(book, "KOLS")
    row = next(cell.row for cell in sheet["C"] if cell.value == LONG)
    assert sheet.row_dimensions[row].height and sheet.row_dimensions[row].height >= 3 * 11 * 1.2


def test_a_row_the_merge_emptied_loses_its_height(example_path, edited, tmp_path):
    def empty_group(book):
        sheet = group_sheet(book, "KOLS")
        for row in sheet.iter_rows(min_row=schema.GROUP_HEADER_ROW + 1):
            for cell in row:
                cell.value = None
        sheet[f"A{schema.GROUP_HEADER_ROW + 1}"] = "Én kort oppgave"

    before = group_sheet(openpyxl.load_workbook(example_path), "KOLS")
    tall = [row for row in range(schema.GROUP_HEADER_ROW + 2, before.max_row + 1)
            if before.row_dimensions[row].height]
    assert tall, "the example's KOLS sheet has fitted rows below its first task"
    sheet = group_sheet(merged(example_path, edited, tmp_path, empty_group), "KOLS")
    assert all(sheet.row_dimensions[row].height is None for row in tall)


def test_a_new_group_sheet_prints_as_the_writers_do(example_path, edited, tmp_path):
    def add_group(book):
        new = book.copy_worksheet(group_sheet(book, "KOLS"))
        new["B1"] = "Astma"
        new["A6"] = LONG

    sheet = group_sheet(merged(example_path, edited, tmp_path, add_group), "Astma")
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == f"$1:${schema.GROUP_HEADER_ROW}"
    row = next(cell.row for cell in sheet["A"] if cell.value == LONG)
    assert sheet.row_dimensions[row].height >= 3 * 11 * 1.2


def test_a_long_fact_from_a_copy_gets_a_row_tall_enough(example_path, edited, tmp_path):
    def long_purpose(book):
        sheet = book[schema.FACTS_SHEET]
        row = next(cell.row for cell in sheet["A"] if cell.value == "Formål")
        sheet.cell(row=row, column=2, value=LONG * 3)

    sheet = merged(example_path, edited, tmp_path, long_purpose)[schema.FACTS_SHEET]
    row = next(cell.row for cell in sheet["A"] if cell.value == "Formål")
    assert sheet.row_dimensions[row].height >= 4 * 11 * 1.2
