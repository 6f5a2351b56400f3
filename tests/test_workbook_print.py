"""The workbooks on screen and on paper: fitted row heights, print setup, the sheet they open on."""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest
from click.testing import CliRunner

from agreement_builder import schema
from agreement_builder.cli import agreement
from agreement_builder.sheet_look import DEFAULT_HEIGHT, MAX_HEIGHT, line_count, row_height
from agreement_builder.workbook.writer import RECOMMENDATION_FILL, write_workbook

from conftest import group_sheet

GROUP = "Hjerneslag - milde og moderate"


def test_line_count_wraps_by_words_and_keeps_line_breaks():
    assert line_count("kort", 30) == 1
    assert line_count("ord " * 40, 30) > 3
    assert line_count("én\nto\ntre", 30) == 3
    assert line_count("x" * 200, 20) >= 9  # a word longer than the column is broken
    assert line_count("ord " * 40, 30, size=14) > line_count("ord " * 40, 30)


def test_a_row_of_one_line_keeps_the_default_height():
    assert row_height([("kort tekst", 30, 11, False)]) is None
    assert row_height([("ord " * 40, 30, 11, False), ("kort", 30, 11, False)]) > 3 * DEFAULT_HEIGHT


def test_no_row_is_taller_than_excel_allows():
    assert MAX_HEIGHT == 409.5
    assert row_height([("ord " * 3000, 30, 11, False)]) == MAX_HEIGHT  # 12,000 characters scroll in their cell


def test_the_example_opens_on_the_guidance_and_prints_well(example_path):
    book = openpyxl.load_workbook(example_path)
    assert book.active.title == schema.GUIDANCE_SHEET
    assert [sheet.sheet_view.tabSelected for sheet in book.worksheets].count(True) == 1
    sheet = group_sheet(book, GROUP)
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == f"$1:${schema.GROUP_HEADER_ROW}"
    assert sheet.oddHeader.center.text == "&A" and sheet.oddFooter.center.text == "Side &P av &N"
    assert book["Kommuner"].print_title_rows == "$1:$1" and book["Kommuner"].page_setup.orientation == "portrait"
    assert book[schema.GUIDANCE_SHEET].print_title_rows is None


def test_rows_with_long_text_are_as_tall_as_their_lines(example_path):
    sheet = group_sheet(openpyxl.load_workbook(example_path), GROUP)
    first = schema.GROUP_HEADER_ROW + 1
    recommendation = sheet.cell(row=first, column=len(schema.GROUP_COLUMNS)).value
    lines = line_count(recommendation, sheet.column_dimensions["D"].width)
    assert lines > 4 and sheet.row_dimensions[first].height >= lines * 11 * 1.3
    assert sheet.row_dimensions[1].height is None  # one line: Excel's own height


def test_the_recommendation_column_is_set_apart(tmp_path):
    path = write_workbook(tmp_path / "blank.xlsx")
    sheet = openpyxl.load_workbook(path)["Diagnosegruppe 1"]
    column = len(schema.GROUP_COLUMNS)
    header = sheet.cell(row=schema.GROUP_HEADER_ROW, column=column)
    below = sheet.cell(row=schema.GROUP_HEADER_ROW + 1, column=column)
    assert header.fill.fgColor.rgb != sheet.cell(row=schema.GROUP_HEADER_ROW, column=1).fill.fgColor.rgb
    assert below.fill.fgColor.rgb == RECOMMENDATION_FILL.fgColor.rgb and below.border.left.style == "medium"
    assert sheet.cell(row=schema.GROUP_HEADER_ROW + 1, column=1).fill.fill_type is None


def test_the_validering_sheet_prints_landscape_with_its_header_on_every_page(example_path, tmp_path):
    target = tmp_path / "kontrollert.xlsx"
    result = CliRunner().invoke(agreement, ["validate", str(example_path), "--write-sheet", str(target)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    sheet = book["Validering"]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$4:$4" and sheet.oddFooter.center.text == "Side &P av &N"
    coverage = [row for row in range(1, sheet.max_row + 1) if sheet.cell(row=row, column=1).value == "Nr."][0]
    two_lines = [row for row in range(coverage + 1, sheet.max_row + 1)
                 if line_count(sheet.cell(row=row, column=2).value, 34) > 1]
    assert two_lines and all(sheet.row_dimensions[row].height >= 28 for row in two_lines)
    assert book.active.title == openpyxl.load_workbook(example_path).active.title  # the user's sheet still opens


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_a_group_sheet_on_one_page_wide(example_path, tmp_path):
    """Printed by LibreOffice: one page per group sheet, with its name above and «Side N av M» below."""
    book = openpyxl.load_workbook(example_path)
    for sheet in list(book.worksheets):
        if sheet.title != GROUP:
            book.remove(sheet)
    path = tmp_path / "gruppe.xlsx"
    book.save(path)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=120)
    pdf = tmp_path / "gruppe.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    pages = text.split("\f")
    assert len([page for page in pages if page.strip()]) == 1
    assert GROUP in pages[0] and "Side 1 av 1" in pages[0] and "Anbefaling" in pages[0]
