"""Workbooks as people really edit them still read into the same agreement."""

from agreement_builder.model import CellRef, Level
from agreement_builder.validation import Severity
from agreement_builder.workbook import read_workbook

from conftest import group_sheet, replace_in_package, set_cached_values

GROUP = "Hjerneslag - milde og moderate"


def _group(path, name=GROUP):
    result = read_workbook(path)
    return next(group for group in result.agreement.groups if group.name == name), result


def test_spaces_and_non_breaking_spaces_are_trimmed(edited):
    def change(book):
        sheet = group_sheet(book, GROUP)
        sheet["C5"] = "  Kommunal\u00a0døgnenhet\u00a0 "
        sheet["B1"] = f" {GROUP}  "

    group, _ = _group(edited(change))
    assert group.tasks_at(Level.MUNICIPAL)[0].text == "Kommunal døgnenhet"


def test_pasted_bullets_in_one_cell_become_separate_tasks(edited):
    def change(book):
        sheet = group_sheet(book, GROUP)
        sheet["C5"] = "• Kommunal døgnenhet\n• Hjemmerehabilitering"
        sheet["C6"] = None

    group, _ = _group(edited(change))
    assert [t.text for t in group.tasks_at(Level.MUNICIPAL)] == ["Kommunal døgnenhet", "Hjemmerehabilitering"]
    assert {str(t.ref) for t in group.tasks_at(Level.MUNICIPAL)} == {f"'{GROUP}'!C5"}


def test_dash_bullets_at_the_start_of_a_task_are_removed(edited):
    def change(book):
        sheet = group_sheet(book, GROUP)
        sheet["B5"] = "– Utredning og kartlegging, herunder kognitive vansker"
        sheet["B6"] = "- Pasientforløp"

    group, _ = _group(edited(change))
    assert [t.text for t in group.tasks_at(Level.SHARED)] == [
        "Utredning og kartlegging, herunder kognitive vansker", "Pasientforløp", "Pakkeforløp"
    ]


def test_alt_enter_inside_a_task_is_kept_as_a_line_break(edited):
    def change(book):
        group_sheet(book, GROUP)["A5"] = "Ambulant eller fysisk\nveiledning i kommunene"

    group, _ = _group(edited(change))
    assert group.tasks_at(Level.SPECIALIST)[0].text == "Ambulant eller fysisk\nveiledning i kommunene"


def test_empty_rows_between_tasks_are_skipped(edited):
    def change(book):
        sheet = group_sheet(book, GROUP)
        sheet.insert_rows(6, amount=3)

    group, _ = _group(edited(change))
    assert [t.text for t in group.tasks_at(Level.SHARED)] == [
        "Utredning og kartlegging, herunder kognitive vansker", "Pasientforløp", "Pakkeforløp"
    ]


def test_sheets_reordered_and_group_sheets_renamed(edited, example):
    def change(book):
        book.move_sheet("Avtale", offset=10)
        book.move_sheet(group_sheet(book, "KOLS").title, offset=-12)
        group_sheet(book, GROUP).title = "Slag lett"

    agreement = read_workbook(edited(change)).agreement
    assert [g.name for g in agreement.groups] == [g.name for g in example.groups]
    assert agreement.groups[0].tasks[0].ref.sheet == "Slag lett"
    assert [t.text for t in agreement.tasks] == [t.text for t in example.tasks]


def test_extra_sheets_are_ignored_and_said_so(edited, example):
    def change(book):
        notes = book.create_sheet("Notater")
        notes["A1"] = "Husk møtet"

    result = read_workbook(edited(change))
    assert len(result.agreement.tasks) == 58
    [notice] = result.notices
    assert (notice.code, notice.severity, notice.ref) == ("sheet-not-read", Severity.INFO, CellRef("Notater"))
    assert notice.message() == "Arket «Notater» hører ikke til malen og ble ikke lest"
    assert notice.message("en") == "The sheet «Notater» is not part of the template and was not read"


def test_formulas_give_their_cached_values(edited, tmp_path):
    def change(book):
        sheet = group_sheet(book, GROUP)
        sheet["B6"] = '="Pasient"&"forløp"'

    path = edited(change)
    import openpyxl

    index = openpyxl.load_workbook(path).sheetnames.index(GROUP) + 1
    set_cached_values(path, index, {"B6": "Pasientforløp"})
    group, _ = _group(path)
    assert [t.text for t in group.tasks_at(Level.SHARED)][1] == "Pasientforløp"


def test_category_matching_ignores_case_and_spaces(edited):
    def change(book):
        group_sheet(book, GROUP)["B2"] = "  ervervede SKADER "

    group, _ = _group(edited(change))
    assert group.category == "Ervervede skader"


def test_municipality_numbers_typed_as_numbers_get_their_leading_zero(edited):
    def change(book):
        book["Kommuner"]["A2"] = 301
        book["Kommuner"]["B2"] = "Oslo"

    agreement = read_workbook(edited(change)).agreement
    assert agreement.municipalities[0].number == "0301"


def test_control_characters_are_dropped_and_reported(edited):
    def change(book):
        group_sheet(book, GROUP)["C5"] = "Kommunal MARKER døgnenhet"

    path = edited(change)
    replace_in_package(path, "MARKER ", "_x0001__x0007_")  # how Excel stores control characters
    group, result = _group(path)
    assert group.tasks_at(Level.MUNICIPAL)[0].text == "Kommunal døgnenhet"
    [notice] = [n for n in result.notices if n.code == "text-control-characters"]
    assert notice.ref == CellRef(GROUP, "C5") and notice.severity is Severity.INFO
    assert notice.message().startswith("Fjernet 2 kontrolltegn") and notice.message("en").startswith("Removed 2")


def test_a_blank_group_sheet_is_skipped_with_a_notice(edited):
    def change(book):
        sheet = book.create_sheet("Ny gruppe")
        sheet["A1"], sheet["A2"] = "Diagnosegruppe", "Kategori"
        headers = ["Spesialisthelsetjenesten", "Felles ansvar", "Kommunehelsetjenesten", "Anbefaling"]
        for col, header in enumerate(headers):
            sheet.cell(row=4, column=col + 1, value=header)

    result = read_workbook(edited(change))
    assert len(result.agreement.groups) == 15
    assert [(n.code, n.ref) for n in result.notices] == [("group-sheet-empty", CellRef("Ny gruppe"))]
    assert "«Ny gruppe»" in result.notices[0].message()


def test_dates_written_as_text_are_understood(edited):
    import datetime as dt

    def change(book):
        book["Avtale"]["B8"] = "01.01.2021"

    agreement = read_workbook(edited(change)).agreement
    assert agreement.facts.valid_from == dt.date(2021, 1, 1)
