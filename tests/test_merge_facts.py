"""Every kind of facts field (texts, points, choices, dates) goes through merge and --resolve, named by its label."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from click.testing import CliRunner

from agreement_builder import schema
from agreement_builder.cli import agreement
from agreement_builder.diff.compute import fact_text
from agreement_builder.workbook import read_workbook

# One value per field a copy can fill, two different ones so two copies collide.
VALUES = {
    "legal_basis": ("Egen tekst om lovgrunnlaget", "• Lov A\n\n• Lov B"),
    "signatures": ("For kommunene", "For helseforetaket\n\nFor kommunene"),
    "purpose": ("Formål fra nord", "Formål fra sør"),
    "handled_points": ("1, 2, 5", "3–4"),
    "status": ("Godkjent", "Utkast"),
    "document_type": ("Delavtale", "Overordnet samarbeidsavtale"),
    "valid_from": (dt.datetime(2025, 1, 1), dt.datetime(2026, 2, 3)),
    "parent_agreement": ("Overordnet avtale", "Delavtale 2"),
}
LABELS = {field.key: field.label for field in schema.FACT_FIELDS}


def run(*args):
    return CliRunner().invoke(agreement, [*map(str, args)])


def _fill(field_key: str, value):
    def change(book):
        sheet = book["Avtale"]
        row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == LABELS[field_key])
        sheet.cell(row=row, column=2).value = value

    return change


@pytest.mark.parametrize("field_key", sorted(VALUES))
def test_a_fact_filled_in_one_copy_lands_in_the_merged_workbook(example_path, edited, tmp_path, field_key):
    copy = edited(_fill(field_key, VALUES[field_key][0]), "nord.xlsx")
    merged = tmp_path / "samlet.xlsx"
    result = run("merge", example_path, copy, "-o", merged)
    assert result.exit_code == 0, result.output
    expected = fact_text(read_workbook(copy).agreement.facts, field_key)
    assert expected and fact_text(read_workbook(merged).agreement.facts, field_key) == expected


@pytest.mark.parametrize("field_key", sorted(VALUES))
def test_a_fact_two_copies_fill_differently_collides_by_label_and_resolves(example_path, edited, tmp_path,
                                                                           field_key):
    nord = edited(_fill(field_key, VALUES[field_key][0]), "nord.xlsx")
    sor = edited(_fill(field_key, VALUES[field_key][1]), "sor.xlsx")
    merged = tmp_path / "samlet.xlsx"
    result = run("merge", example_path, nord, sor, "-o", merged)
    assert result.exit_code == 1, result.output
    assert f"«{LABELS[field_key]}»" in result.output and f"({field_key})" not in result.output
    assert field_key not in result.output
    markdown = run("merge", example_path, nord, sor, "-o", tmp_path / "igjen.xlsx", "--format", "markdown")
    assert field_key not in markdown.output
    book = openpyxl.load_workbook(merged)
    book["Konflikter"]["D5"] = "sor"
    book.save(merged)
    final = tmp_path / "endelig.xlsx"
    resolved = run("merge", "--resolve", merged, "-o", final)
    assert resolved.exit_code == 0, resolved.output
    facts = read_workbook(final).agreement.facts
    assert fact_text(facts, field_key) == fact_text(read_workbook(sor).agreement.facts, field_key)


def test_the_merge_driver_takes_a_filled_in_text(example_path, edited, tmp_path):
    ours = tmp_path / "ours.xlsx"
    ours.write_bytes(example_path.read_bytes())
    theirs = edited(_fill("legal_basis", "Egen tekst om lovgrunnlaget"), "theirs.xlsx")
    result = run("merge-driver", example_path, ours, theirs)
    assert result.exit_code == 0, result.output
    facts = read_workbook(ours).agreement.facts
    assert fact_text(facts, "legal_basis") == "Egen tekst om lovgrunnlaget"


def test_the_json_report_keeps_the_field_key_for_programs(example_path, edited, tmp_path):
    nord = edited(_fill("purpose", "A"), "nord.xlsx")
    sor = edited(_fill("purpose", "B"), "sor.xlsx")
    result = run("merge", example_path, nord, sor, "-o", tmp_path / "s.xlsx", "--format", "json")
    collision = json.loads(result.stdout)["collisions"][0]
    assert collision["item"] == "purpose" and "«Formål»" in collision["what"]
