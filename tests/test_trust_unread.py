"""What Excel shows differently from what is read is said, with its cell: never a silent drop.

Hidden sheets that are read, values under merged cells, error values and formulas saved without
their value each become a warning; the workbooks are the example edited with openpyxl, or its
package edited where only Excel (or another tool) writes such cells.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_builder.cli import agreement
from agreement_builder.model import CellRef, Level
from agreement_builder.validation.findings import Severity
from agreement_builder.validation.notices import NOTICES
from agreement_builder.workbook import read_workbook

from conftest import set_cached_values

SHEET = "KOLS"  # B5 «Sikre gode overganger i fellesskap», C5 «Tverrfaglig oppfølging», C6 «Mestringstilbud»


def _notices(path: Path, code: str):
    return [notice for notice in read_workbook(path).notices if notice.code == code]


def _kols_tasks(path: Path) -> list[str]:
    group = next(group for group in read_workbook(path).agreement.groups if group.name == SHEET)
    return [task.text for task in group.tasks]


def _edit_cell_xml(path: Path, sheet_index: int, cell: str, xml: str) -> None:
    """Replace cell ``cell`` of sheet part ``sheet_index`` (1-based) by ``xml``, as another tool wrote it."""
    member = f"xl/worksheets/sheet{sheet_index}.xml"
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    text, count = re.subn(rf'<c r="{cell}"[^>]*?(?:/>|>.*?</c>)', xml, parts[member].decode("utf-8"), count=1)
    assert count == 1
    parts[member] = text.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def _index(path: Path, name: str = SHEET) -> int:
    import openpyxl

    return openpyxl.load_workbook(path, read_only=True).sheetnames.index(name) + 1


# --- hidden sheets ------------------------------------------------------------------------------
@pytest.mark.parametrize(("state", "said"), [("hidden", "skjult i Excel"), ("veryHidden", "svært skjult")])
def test_a_hidden_group_sheet_is_read_and_said(edited, example, state, said):
    path = edited(lambda book: setattr(book[SHEET], "sheet_state", state))
    result = read_workbook(path)
    assert len(result.agreement.tasks) == len(example.tasks)  # the group is the agreement's
    [notice] = [notice for notice in result.notices if notice.code == "sheet-hidden"]
    assert notice.ref == CellRef(SHEET) and notice.severity is Severity.WARNING
    assert said in notice.message() and "tatt med i avtalen" in notice.message()


def test_a_hidden_sheet_that_is_not_read_is_not_called_read(edited):
    def change(book):
        book.create_sheet("Notater")["A1"] = "egne notater"
        book["Notater"].sheet_state = "hidden"

    path = edited(change)
    assert not _notices(path, "sheet-hidden")
    assert _notices(path, "sheet-not-read")


def test_the_hidden_sheet_warning_reaches_validate(edited):
    path = edited(lambda book: setattr(book[SHEET], "sheet_state", "hidden"))
    result = CliRunner().invoke(agreement, ["validate", str(path)])
    assert result.exit_code == 0  # warnings do not change the exit code
    assert f"{SHEET}  advarsel: Arket «{SHEET}» er skjult i Excel" in result.output


# --- merged cells -------------------------------------------------------------------------------
def test_a_value_under_a_merged_cell_is_left_out_and_said(edited, example):
    path = edited(lambda book: book[SHEET].merged_cells.add("B5:C5"))
    tasks = _kols_tasks(path)
    assert "Sikre gode overganger i fellesskap" in tasks and "Tverrfaglig oppfølging" not in tasks
    assert len(read_workbook(path).agreement.tasks) == len(example.tasks) - 1
    [notice] = _notices(path, "value-under-merged-cell")
    assert notice.ref == CellRef(SHEET, "C5") and notice.severity is Severity.WARNING
    assert "B5:C5" in notice.message() and "«Tverrfaglig oppfølging» er ikke tatt med" in notice.message()


def test_a_merge_over_empty_cells_says_nothing(edited, example):
    path = edited(lambda book: book[SHEET].merged_cells.add("E1:H40"))
    assert not _notices(path, "value-under-merged-cell")
    assert len(read_workbook(path).agreement.tasks) == len(example.tasks)


# --- error values and formulas without a value ----------------------------------------------------
@pytest.mark.parametrize("error", ["#REF!", "#DIV/0!", "#N/A"])
def test_an_error_value_is_said_with_its_cell(edited, error):
    path = edited(lambda book: book[SHEET].__setitem__("C6", error))  # openpyxl writes these as errors
    assert "Mestringstilbud" not in _kols_tasks(path)
    [notice] = _notices(path, "cell-error-value")
    assert notice.ref == CellRef(SHEET, "C6") and notice.severity is Severity.WARNING
    assert f"feilverdien {error} og leses som tom" in notice.message()


@pytest.mark.parametrize("error", ["#SPILL!", "#CALC!", "#BUSY!"])
def test_an_error_value_calamine_does_not_know_is_read_and_said(edited, example, error):
    path = edited(lambda book: None)
    _edit_cell_xml(path, _index(path), "C6", f'<c r="C6" t="e"><f>SEQUENCE(3)</f><v>{error}</v></c>')
    result = read_workbook(path)  # before: the whole workbook was refused as damaged
    assert len(result.agreement.tasks) == len(example.tasks) - 1
    [notice] = [notice for notice in result.notices if notice.code == "cell-error-value"]
    assert notice.ref == CellRef(SHEET, "C6") and error in notice.message()


def test_text_that_looks_like_an_error_is_text(edited):
    path = edited(lambda book: None)
    _edit_cell_xml(path, _index(path), "C6", '<c r="C6" t="inlineStr"><is><t>#SPILL!</t></is></c>')
    assert "#SPILL!" in _kols_tasks(path)
    assert not _notices(path, "cell-error-value")


def test_a_formula_saved_without_its_value_is_said(edited):
    path = edited(lambda book: book[SHEET].__setitem__("C6", '="Mestrings"&"tilbud"'))  # openpyxl computes nothing
    assert "Mestringstilbud" not in _kols_tasks(path)
    [notice] = _notices(path, "formula-without-value")
    assert notice.ref == CellRef(SHEET, "C6") and notice.severity is Severity.WARNING
    assert "lagret uten utregnet verdi" in notice.message()


def test_a_formula_with_its_value_is_read_quietly(edited):
    path = edited(lambda book: book[SHEET].__setitem__("C6", '="Mestrings"&"tilbud"'))
    set_cached_values(path, _index(path), {"C6": "Mestringstilbud"})
    assert "Mestringstilbud" in _kols_tasks(path)
    assert not _notices(path, "formula-without-value")


def test_a_formula_whose_value_is_empty_text_is_read_quietly(edited):
    path = edited(lambda book: book[SHEET].__setitem__("E6", "x"))
    _edit_cell_xml(path, _index(path), "E6", '<c r="E6" t="str"><f>IF(1,"","x")</f><v></v></c>')
    assert not _notices(path, "formula-without-value")


def test_error_values_in_sheets_not_read_are_not_said(edited):
    def change(book):
        sheet = book.create_sheet("Beregning")
        sheet["A1"], sheet["A2"], sheet["A3"] = "Hjelpeark", "#REF!", "=1+1"

    path = edited(change)
    assert not _notices(path, "cell-error-value") and not _notices(path, "formula-without-value")


def test_many_error_values_are_told_up_to_a_limit(edited):
    from agreement_builder.workbook.sheet_scan import MAX_UNREAD_CELLS

    def change(book):
        for row in range(10, 10 + MAX_UNREAD_CELLS + 50):
            book[SHEET].cell(row, 5, "#N/A")

    assert len(_notices(edited(change), "cell-error-value")) == MAX_UNREAD_CELLS


# --- the catalogue ------------------------------------------------------------------------------
def test_the_new_notices_are_warnings_in_the_catalogue():
    severities = {notice.code: notice.severity for notice in NOTICES}
    for code in ("sheet-hidden", "value-under-merged-cell", "cell-error-value", "formula-without-value"):
        assert severities[code] is Severity.WARNING
    assert severities["sheet-not-read"] is Severity.INFO


def test_the_workbook_documentation_says_hidden_sheets_are_read():
    from agreement_builder.documentation import workbook_markdown

    text = workbook_markdown()
    assert "skjult" in text and "sammenslått" in text and "#REF!" in text


def test_municipal_tasks_level_untouched_by_merges_elsewhere(edited, example):
    path = edited(lambda book: book["Avtale"].merged_cells.add("B2:C2"))  # C2 holds the help text, not read
    agreement_ = read_workbook(path).agreement
    assert agreement_.facts.title == example.facts.title
    assert [t.text for t in agreement_.tasks if t.level is Level.MUNICIPAL] == \
        [t.text for t in example.tasks if t.level is Level.MUNICIPAL]


def test_rewriting_unknown_errors_touches_no_other_cell(edited):
    path = edited(lambda book: book[SHEET].__setitem__("E5", "x"))
    index = _index(path)
    _edit_cell_xml(path, index, "E5", '<c r="E5" t="e"><v>#SPILL!</v></c>')
    _edit_cell_xml(path, index, "C6", '<c r="B6" t="e"/><c r="C6"><v>42</v></c>')  # an empty error cell first
    assert "42" in _kols_tasks(path)
    assert [notice.ref.cell for notice in _notices(path, "cell-error-value")] == ["E5"]


def test_a_long_error_text_is_shortened_in_the_notice(edited):
    path = edited(lambda book: book[SHEET].__setitem__("E5", "x"))
    _edit_cell_xml(path, _index(path), "E5", f'<c r="E5" t="e"><v>#{"X" * 5000}</v></c>')
    [notice] = _notices(path, "cell-error-value")
    assert len(notice.message()) < 200


def test_a_hidden_sheet_in_a_group_workbook_is_said_too(tmp_path, example_path):
    import openpyxl

    from agreement_builder.workbook.inputs import read_input
    from agreement_builder.workbook.split import split_workbook

    folder = split_workbook(example_path, tmp_path / "avtale").folder
    book_path = next(path for path in folder.iterdir() if SHEET in path.name)
    book = openpyxl.load_workbook(book_path)
    group = next(sheet for sheet in book.worksheets if sheet["A1"].value == "Diagnosegruppe")
    group.sheet_state = "hidden"
    group.title = f"{group.title}\u202e"
    book.save(book_path)
    notices = read_input(folder).notices
    hidden = [notice for notice in notices if notice.code == "sheet-hidden"]
    assert len(hidden) == 1 and "\u202e" not in hidden[0].sheet
    assert [notice for notice in notices if notice.code == "sheet-name-control-characters"]
