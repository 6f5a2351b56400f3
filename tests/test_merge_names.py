"""Copy names never collide with decision words or with each other; an ambiguous decision is refused by cell."""

from __future__ import annotations

import openpyxl
import pytest

from agreement_builder.merge.workbook import unique_names
from agreement_builder.workbook import read_workbook
from test_merge_cli import reword_heart, run

HEART_TASK = "Hjerteskole i tidlig fase etter infarkt/ operasjon"


def _headers(path) -> list[str]:
    return [cell.value for cell in openpyxl.load_workbook(path)["Konflikter"][4]]


def _decide(path, decision: str) -> None:
    book = openpyxl.load_workbook(path)
    book["Konflikter"]["D5"] = decision
    book.save(path)


def _heart_texts(path) -> list[str]:
    return [t.text for t in read_workbook(path).agreement.tasks if t.text.startswith("Hjerteskole")]


@pytest.mark.parametrize("how", ["file name", "sender"])
def test_a_copy_named_grunnlag_gets_another_name_and_grunnlag_keeps_the_base(example_path, edited, tmp_path, how):
    if how == "file name":
        first = edited(reword_heart(" A"), "grunnlag.xlsx")
    else:
        first = edited(reword_heart(" A", sender="GRUNNLAG"), "a.xlsx")
    second = edited(reword_heart(" B"), "b.xlsx")
    merged = tmp_path / "samlet.xlsx"
    assert run("merge", example_path, first, second, "-o", merged).exit_code == 1
    headers = _headers(merged)
    assert headers[4] == "grunnlag" and headers[5].casefold() == "grunnlag (2)" and headers[6] == "b"
    _decide(merged, "grunnlag")
    final = tmp_path / "endelig.xlsx"
    result = run("merge", "--resolve", merged, "-o", final)
    assert result.exit_code == 0, result.output
    assert _heart_texts(final) == [HEART_TASK]
    _decide(merged, headers[5])
    again = tmp_path / "igjen.xlsx"
    assert run("merge", "--resolve", merged, "-o", again).exit_code == 0
    assert _heart_texts(again) == [HEART_TASK + " A"]


def test_copy_names_differing_only_in_case_are_made_distinct():
    assert unique_names(["Nord", "nord", "NORD", "slett", "Egen tekst", "nord (2)", "beslutning",
                         "Nøkkel (ikke endre)"]) == [
        "Nord", "nord (2)", "NORD (3)", "slett (2)", "Egen tekst (2)", "nord (2) (2)", "beslutning (2)",
        "Nøkkel (ikke endre) (2)"]


def test_a_decision_naming_a_copy_that_left_the_item_alone_keeps_the_base(example_path, edited, tmp_path):
    def other_change(book):
        book["Avtale"]["B3"] = "9.9"

    copies = [edited(reword_heart(" A"), "a.xlsx"), edited(reword_heart(" B"), "b.xlsx"),
              edited(other_change, "c.xlsx")]
    merged = tmp_path / "samlet.xlsx"
    assert run("merge", example_path, *copies, "-o", merged).exit_code == 1
    assert "c" in _headers(merged)
    _decide(merged, "C")
    final = tmp_path / "endelig.xlsx"
    assert run("merge", "--resolve", merged, "-o", final).exit_code == 0
    assert _heart_texts(final) == [HEART_TASK]


def test_an_ambiguous_decision_in_an_older_sheet_is_refused_naming_the_cell(example_path, edited, tmp_path):
    merged = tmp_path / "samlet.xlsx"
    run("merge", example_path, edited(reword_heart(" A"), "a.xlsx"), edited(reword_heart(" B"), "b.xlsx"),
        "-o", merged)
    book = openpyxl.load_workbook(merged)
    sheet = book["Konflikter"]
    assert sheet["F4"].value == "a"
    sheet["F4"] = "grunnlag"  # as a sheet written before copy names were kept apart from decision words
    key_cell = next(cell for cell in sheet[5] if isinstance(cell.value, str) and cell.value.startswith("{"))
    key_cell.value = key_cell.value.replace('["a", ', '["grunnlag", ')
    sheet["D5"] = "Grunnlag"
    book.save(merged)
    final = tmp_path / "endelig.xlsx"
    result = run("merge", "--resolve", merged, "-o", final)
    assert result.exit_code == 2, result.output
    line = result.output.strip()
    assert len(line.splitlines()) == 1 and "D5" in line and "tvetydig" in line
    assert not final.exists()
