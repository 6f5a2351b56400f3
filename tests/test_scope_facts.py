"""What the document is, on the facts sheet: type, parent agreement and handled § 6-2 points, through every adapter."""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest
from click.testing import CliRunner

from agreement_builder import schema
from agreement_builder.cli import agreement as agreement_cli
from agreement_builder.diff import diff
from agreement_builder.diff.textconv import textconv_lines
from agreement_builder.model import DocumentType
from agreement_builder.workbook import read_workbook
from agreement_builder.workbook.writer import write_workbook


@pytest.mark.parametrize(("text", "points"), [
    ("1, 2", (1, 2)), ("1–7", (1, 2, 3, 4, 5, 6, 7)), ("nr. 1, 3 og 5", (1, 3, 5)), ("5-7; 1", (1, 5, 6, 7)),
    ("", ()), ("13", (13,)),
])
def test_points_are_read_as_people_write_them(text, points):
    assert schema.parse_points(text) == points


@pytest.mark.parametrize("text", ["14", "0", "a", "1, x", "7–3", "1.5"])
def test_what_is_not_a_list_of_points_is_refused(text):
    assert schema.parse_points(text) is None


@pytest.mark.parametrize("points", [(1, 2), (1, 2, 3, 5, 7, 8, 9, 13), (), (4, 5, 6)])
def test_points_are_written_back_in_the_form_they_are_read(points):
    assert schema.parse_points(schema.points_text(points)) == points


def test_points_text_uses_a_range_from_three_points():
    assert schema.points_text((1, 2, 5, 6, 7)) == "1, 2, 5–7"


def test_the_example_says_it_is_an_annex_on_points_1_and_2(example):
    assert example.facts.document_type is DocumentType.ANNEX
    assert example.facts.handled_points == (1, 2) and example.facts.parent_agreement == ""
    assert str(example.facts.refs["document_type"]) == "Avtale!B10"


def test_a_blank_workbook_offers_the_types_in_a_dropdown(tmp_path):
    path = write_workbook(tmp_path / "ny.xlsx", None)
    sheet = openpyxl.load_workbook(path)["Avtale"]
    labels = [sheet.cell(row=row, column=1).value for row in range(1, sheet.max_row + 1)]
    row = labels.index("Dokumenttype") + 1
    formulas = [v.formula1 for v in sheet.data_validations.dataValidation if f"B{row}" in str(v.sqref)]
    assert formulas == ['"' + ",".join(kind.value for kind in DocumentType) + '"']
    assert {"Hører under", "Behandler § 6-2 nr."} <= set(labels)


def test_writing_and_reading_keeps_type_parent_and_points(tmp_path, example):
    facts = dataclasses.replace(example.facts, document_type=DocumentType.SUB_AGREEMENT,
                                parent_agreement="Overordnet samarbeidsavtale 2024", handled_points=(1, 2, 5, 6, 7))
    written = write_workbook(tmp_path / "a.xlsx", dataclasses.replace(example, facts=facts))
    sheet = openpyxl.load_workbook(written)["Avtale"]
    assert sheet["B12"].value == "1, 2, 5–7"
    read = read_workbook(written).agreement.facts
    assert (read.document_type, read.parent_agreement, read.handled_points) == (
        DocumentType.SUB_AGREEMENT, "Overordnet samarbeidsavtale 2024", (1, 2, 5, 6, 7))


def test_a_number_typed_as_a_number_is_one_point(edited):
    def change(book):
        book["Avtale"]["B12"] = 3

    assert read_workbook(edited(change)).agreement.facts.handled_points == (3,)


@pytest.mark.parametrize(("cell", "value", "words"), [
    ("B12", "1, 15", "«1, 15» er ikke en liste over punkter i § 6-2"),
    ("B10", "Underavtale", "ukjent dokumenttype «Underavtale»"),
])
def test_bad_values_give_one_line_naming_the_cell(edited, cell, value, words):
    def change(book):
        book["Avtale"][cell] = value

    result = CliRunner().invoke(agreement_cli, ["validate", str(edited(change))])
    assert result.exit_code == 2
    assert words in result.stderr and f"celle {cell}" in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_diff_and_textconv_show_a_changed_scope(example):
    facts = dataclasses.replace(example.facts, document_type=DocumentType.SUB_AGREEMENT, handled_points=(1, 2, 3))
    changes = diff(example, dataclasses.replace(example, facts=facts)).changes
    shown = {(change.field, change.old, change.new) for change in changes}
    assert ("Dokumenttype", DocumentType.ANNEX.value, "Delavtale") in shown
    assert ("Behandler § 6-2 nr.", "1, 2", "1–3") in shown
    assert "avtale | Behandler § 6-2 nr.: 1, 2" in textconv_lines(example)


def test_merge_takes_a_changed_type_and_points_from_the_copies(edited, example_path, tmp_path):
    def points(book):
        book["Avtale"]["B12"] = "1–3"

    def kind(book):
        book["Avtale"]["B10"] = "Delavtale"

    merged = tmp_path / "samlet.xlsx"
    result = CliRunner().invoke(agreement_cli, ["merge", str(example_path), str(edited(points, "a.xlsx")),
                                                str(edited(kind, "b.xlsx")), "-o", str(merged)])
    assert result.exit_code == 0, result.output
    facts = read_workbook(merged).agreement.facts
    assert (facts.document_type, facts.handled_points) == (DocumentType.SUB_AGREEMENT, (1, 2, 3))
