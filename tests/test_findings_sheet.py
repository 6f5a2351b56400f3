"""The «Validering» sheet: one layout, drawn the same by the command line (openpyxl) and the Excel button (xlwings)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils import get_column_letter

from agreement_builder import excel
from agreement_builder.cli import agreement
from agreement_builder.model import CellRef
from agreement_builder.validation import RULES, Report, Severity
from agreement_builder.validation.notices import NOTICES, SHEET_NOT_READ
from agreement_builder.validation.sheet_layout import (
    HEADER, HEADER_ROW, LINK, NOTE_PREFIX, PLAIN, STATUS, findings_layout, link_location, style_blocks,
)

from conftest import group_sheet, replace_in_package
from excel_payload import book_from, painted

GROUP = "Hjerneslag - milde og moderate"
BOOKKEEPING = "H"  # the button's «Merket celle» column


@pytest.fixture
def workbook(tmp_path, example_path) -> Path:
    """The example with a folder for the agreement, reader notices, and cell text that looks like a formula."""
    book = openpyxl.load_workbook(example_path)
    facts = book["Avtale"]
    row = next(r for r in range(1, 40) if facts.cell(row=r, column=1).value == "Mappe for avtaledokument")
    facts.cell(row=row, column=2, value=str(tmp_path / "avtaler"))
    book.create_sheet("Notater")["A1"] = "Husk møtet"
    group_sheet(book, GROUP)["C5"] = "Kommunal MARKER døgnenhet"
    where = book["§ 6-2"]["D2"]  # where point 1 is handled: shown in the coverage table
    where.value, where.data_type = "=1+1", "s"  # text that starts like a formula
    path = tmp_path / "arbeidsbok.xlsx"
    book.save(path)
    replace_in_package(path, "MARKER ", "_x0001_")  # a control character, as Excel stores it
    return path


def _by_cli(workbook: Path, tmp_path: Path) -> dict:
    target = tmp_path / "kontrollert.xlsx"
    result = CliRunner().invoke(agreement, ["validate", str(workbook), "--write-sheet", str(target)])
    assert result.exit_code == 1, result.output
    return _painted_by_openpyxl(target)


def _painted_by_openpyxl(path: Path) -> dict:
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    assert sheet.title == "Validering"
    cells = {}
    for row in sheet.iter_rows():
        for cell in row:
            cells[(cell.row, cell.column)] = _openpyxl_cell(cell)
            assert bool(cell.font.u) == bool(cell.hyperlink), cell.coordinate  # links are underlined
    notes = {(s.title, c.coordinate): c.comment.text for s in book.worksheets for r in s.iter_rows() for c in r
             if c.comment is not None and c.comment.text.startswith(NOTE_PREFIX)}
    widths = {letter: d.width for letter, d in sheet.column_dimensions.items() if d.customWidth}
    heights = {row: d.height for row, d in sheet.row_dimensions.items() if d.customHeight}
    return {"cells": cells, "widths": widths, "heights": heights, "freeze": sheet.freeze_panes, "notes": notes}


def _openpyxl_cell(cell) -> dict:
    drawn = {"value": cell.value, "number_format": cell.number_format}
    if cell.fill.fill_type == "solid":
        drawn["fill"] = cell.fill.fgColor.rgb[-6:]
    drawn["bold"] = bool(cell.font.b)
    drawn["size"] = cell.font.sz if cell.font.sz not in (None, 11) else None
    if cell.font.color is not None and cell.font.color.type == "rgb":
        drawn["color"] = cell.font.color.rgb[-6:]
    drawn["wrap"], drawn["valign"] = cell.alignment.wrap_text, cell.alignment.vertical
    if cell.hyperlink is not None:
        drawn["link"] = cell.hyperlink.target or f"#{cell.hyperlink.location}"
    return drawn


def _normalised(drawn: dict, *, skip_rows=()) -> dict:
    """Cells that hold or show something, without unset keys, and without the button's own bookkeeping.

    Notes on the workbook's own cells are the button's alone (Excel writes them itself); the command line
    changes no sheet of the user's, so they are compared apart.
    """
    cells = {}
    for (row, column), cell in drawn["cells"].items():
        if get_column_letter(column) == BOOKKEEPING or row in skip_rows:
            continue
        shown = {key: value for key, value in cell.items() if value not in (None, False, "General")}
        if set(shown) - {"number_format"}:
            cells[(row, column)] = shown
    widths = {letter: width for letter, width in drawn["widths"].items() if letter != BOOKKEEPING}
    heights = {row: height for row, height in drawn["heights"].items() if row not in skip_rows}
    return {"cells": cells, "widths": widths, "heights": heights, "freeze": drawn["freeze"]}


def test_validate_button_and_cli_draw_the_same_sheet(workbook, tmp_path):
    drawn_by_cli = _by_cli(workbook, tmp_path)
    by_cli = _normalised(drawn_by_cli, skip_rows=(2,))
    book = book_from(workbook)
    excel.validate(book)
    drawn_by_button = painted(book)
    button_cells = _normalised(drawn_by_button, skip_rows=(2,))["cells"]
    assert {k: v for k, v in button_cells.items() if by_cli["cells"].get(k) != v} == {}
    assert {k: v for k, v in by_cli["cells"].items() if button_cells.get(k) != v} == {}
    assert _normalised(drawn_by_button, skip_rows=(2,)) == by_cli
    assert drawn_by_cli["notes"] == {}  # the command line leaves the user's sheets as they are
    # row 2 says what the next check replaces: the sheet, and for the button the notes on the cells too
    assert drawn_by_cli["cells"][(2, 1)]["value"] == STATUS["nb"][False] and "merknad" not in STATUS["nb"][False]
    assert drawn_by_button["cells"][(2, 1)]["value"] == STATUS["nb"][True]
    cells = by_cli["cells"]
    # what the comparison covered: notices as findings, text kept as text, links, notes on cells, heights
    values = [cell.get("value") for cell in cells.values()]
    assert "Arket «Notater» hører ikke til malen og ble ikke lest" in values
    assert not ({rule.code for rule in RULES} | {notice.code for notice in NOTICES}) & set(values)
    assert "=1+1" in values and all(cell["number_format"] == "@" for cell in cells.values())
    assert any(cell.get("link") == f"#'{GROUP}'!C5" for cell in cells.values())
    assert drawn_by_button["notes"][(GROUP, "C5")].startswith(f"{NOTE_PREFIX}merknad: Fjernet 1")
    assert by_cli["freeze"] == "A5" and by_cli["widths"] == {"A": 14, "B": 34, "C": 16, "D": 70}
    assert len(by_cli["heights"]) > 5  # the wrapped messages and coverage rows


def test_the_button_after_writing_differs_only_in_the_saved_to_line(workbook, tmp_path, monkeypatch):
    import agreement_builder.render as render

    rendered_with = []
    real = render.render_agreement

    def recording(agreement, target, **options):
        rendered_with.append(options["report"])
        return real(agreement, target, **options)

    monkeypatch.setattr(render, "render_agreement", recording)
    by_cli = _normalised(_by_cli(workbook, tmp_path), skip_rows=(2,))
    book = book_from(workbook)
    excel.main(book)
    # the document is made from the rules' findings, as build-agreement makes it; notices are for the sheet
    notices = {notice.code for notice in NOTICES}
    assert [finding.code for finding in rendered_with[0].findings if finding.code in notices] == []
    drawn = painted(book)
    assert drawn["cells"][(2, 1)]["value"].startswith(f"Avtalen er lagret i {tmp_path / 'avtaler'}")
    assert _normalised(drawn, skip_rows=(2,)) == by_cli
    assert drawn["cells"][(HEADER_ROW, 8)]["value"] == "Merket celle"
    rule_notes = sum(1 for finding in rendered_with[0].findings if finding.severity is Severity.INFO)
    assert f"{rule_notes + 2} merknader" in drawn["cells"][(1, 1)]["value"]  # and the reader's 2, on the sheet


# --- the layout itself ---------------------------------------------------------------------------------
def test_layout_places_the_coverage_table_after_one_empty_row(example):
    from agreement_builder.validation import validate

    report = validate(example)
    layout = findings_layout(report, sheets=["§ 6-2"])
    last_finding = HEADER_ROW + len(report.findings)
    header = [cell for cell in layout.cells if cell.style == HEADER]
    assert {cell.row for cell in header} == {HEADER_ROW, last_finding + 2}
    assert not [cell for cell in layout.cells if cell.row == last_finding + 1]
    assert layout.extent == (last_finding + 2 + 13, 4)
    # links and notes only to cells on sheets the workbook has
    linked = [cell for cell in layout.cells if cell.link]
    assert linked and {cell.link.sheet for cell in linked} == {"§ 6-2"}
    assert all(cell.style == LINK for cell in linked)
    assert {note.ref.sheet for note in layout.notes} == {"§ 6-2"}


def test_layout_without_findings_and_in_english():
    layout = findings_layout(Report((), ()), "en", sheets=[])
    values = {(cell.row, cell.column): cell.value for cell in layout.cells}
    assert values[(1, 1)] == "0 errors, 0 warnings, 0 notes – the agreement meets the requirements checked."
    assert values[(HEADER_ROW, 1)] == "Severity" and values[(HEADER_ROW + 2, 1)] == "No."
    assert layout.notes == ()


def test_one_note_per_cell_lists_every_finding_on_it():
    ref = CellRef("Ark", "B2")
    first = SHEET_NOT_READ.finding(ref, sheet="x")
    second = SHEET_NOT_READ.finding(CellRef("Ark", "B3"), sheet="y")
    third = SHEET_NOT_READ.finding(ref, sheet="z")
    layout = findings_layout(Report((first, second, third), ()), sheets=["Ark"])
    notes = {str(note.ref): note.text for note in layout.notes}
    assert notes["Ark!B2"].splitlines() == [
        f"{NOTE_PREFIX}merknad: Arket «x» hører ikke til malen og ble ikke lest",
        "merknad: Arket «z» hører ikke til malen og ble ikke lest",
    ]
    assert len(notes) == 2 and first.severity is Severity.INFO


def test_style_blocks_cover_every_styled_cell_once(example):
    from agreement_builder.validation import validate

    layout = findings_layout(validate(example), sheets=["§ 6-2"])
    covered: dict[tuple[int, int], object] = {}
    for style, (top, left, bottom, right) in style_blocks(layout.cells):
        for row in range(top, bottom + 1):
            for column in range(left, right + 1):
                assert (row, column) not in covered
                covered[(row, column)] = style
    assert covered == {(cell.row, cell.column): cell.style for cell in layout.cells if cell.style != PLAIN}
    assert len(style_blocks(layout.cells)) < len(covered) / 4


def test_link_location_quotes_sheet_names():
    assert link_location(CellRef("Kari's ark", "A1")) == "'Kari''s ark'!A1"


def test_the_cli_leaves_every_note_and_sheet_of_the_user_as_it_was(edited, tmp_path):
    from openpyxl.comments import Comment

    from package_fixtures import read_parts

    def change(book):
        group_sheet(book, "KOLS")["B1"].comment = Comment("Min egen merknad", "Kari Nordmann")

    source = edited(change)
    target = tmp_path / "k.xlsx"
    result = CliRunner().invoke(agreement, ["validate", str(source), "--write-sheet", str(target)])
    assert result.exit_code == 0, result.output
    before, after = read_parts(source), read_parts(target)
    assert {name for name in before if before[name] != after.get(name)} <= {
        "[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}
    assert group_sheet(openpyxl.load_workbook(target), "KOLS")["B1"].comment.text == "Min egen merknad"


def test_the_layout_is_pure_data():
    import subprocess
    import sys

    code = ("import sys, agreement_builder.validation.sheet_layout; "
            "print(sorted(m for m in ('openpyxl', 'xlwings', 'docx', 'lxml') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
