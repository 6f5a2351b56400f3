"""The blank workbook and the shipped example are generated from the schema."""

import dataclasses
import importlib.util
from pathlib import Path

import openpyxl

from agreement_builder import schema
from agreement_builder.model import Block, BlockKind
from agreement_builder.workbook import read_workbook
from agreement_builder.workbook.writer import write_workbook

ROOT = Path(__file__).resolve().parent.parent


def _load_script(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_blank_workbook_has_the_schema_sheets_and_craft(tmp_path):
    path = write_workbook(tmp_path / "mal.xlsx")
    book = openpyxl.load_workbook(path)
    expected = [schema.GUIDANCE_SHEET, schema.FACTS_SHEET, *(t.name for t in schema.TABLE_SHEETS), "Diagnosegruppe 1"]
    assert book.sheetnames == expected
    group = book["Diagnosegruppe 1"]
    assert [group.cell(row=4, column=c).value for c in range(1, 5)] == [c.header for c in schema.GROUP_COLUMNS]
    assert group.freeze_panes == "A5"
    assert group["A4"].font.bold and group["A4"].fill.fgColor.rgb.endswith("1F4E79")
    assert any("B2" in str(v.sqref) for v in group.data_validations.dataValidation)
    statute = book[schema.STATUTE.name]
    assert [statute.cell(row=r, column=1).value for r in range(2, 15)] == list(range(1, 14))
    status_lists = [v.formula1 for v in statute.data_validations.dataValidation]
    assert any("Dekket av annen delavtale" in formula for formula in status_lists)
    assert not path.with_suffix(".xlsm").exists() and book.vba_archive is None


def test_blank_workbook_reads_as_an_empty_agreement(tmp_path):
    result = read_workbook(write_workbook(tmp_path / "mal.xlsx"))
    assert result.agreement.groups == () and result.agreement.tasks == ()
    assert len(result.agreement.statute_map) == 13


def test_the_shipped_example_is_what_the_script_generates(tmp_path, example):
    script = _load_script("make_example_workbook")
    regenerated = write_workbook(tmp_path / "ny.xlsx", script.innlandet_agreement())
    again = read_workbook(regenerated).agreement
    assert again.groups == example.groups
    assert again.sections == example.sections
    assert again.statute_map == example.statute_map
    assert again.facts.title == example.facts.title


def test_writing_and_reading_round_trips(tmp_path, example):
    again = read_workbook(write_workbook(tmp_path / "kopi.xlsx", example)).agreement
    assert again.groups == example.groups
    assert again.municipalities == example.municipalities


def test_facts_texts_are_read_as_blocks_and_written_back_as_one_cell(tmp_path, example):
    texts = {
        "purpose": (Block("Formålet."), Block("Ett punkt", BlockKind.BULLET), Block("Et til", BlockKind.BULLET)),
        "duration": (Block("Fire år,\nmed linjeskift."), Block("Første", BlockKind.NUMBERED)),
    }
    facts = dataclasses.replace(example.facts, texts=texts, output_folder="Avtaler/2025")
    path = write_workbook(tmp_path / "kopi.xlsx", dataclasses.replace(example, facts=facts))
    cells = {row[0]: row[1] for row in openpyxl.load_workbook(path)[schema.FACTS_SHEET].iter_rows(values_only=True)}
    assert cells["Formål"] == "Formålet.\n\n• Ett punkt\n• Et til"
    assert cells["Varighet og oppsigelse"] == "Fire år,\nmed linjeskift.\n\n1. Første"
    again = read_workbook(path).agreement.facts
    assert {key: [(block.text, block.kind) for block in blocks] for key, blocks in again.texts.items()} == {
        key: [(block.text, block.kind) for block in blocks] for key, blocks in texts.items()}
    assert {block.ref for block in again.texts["purpose"]} == {again.refs["purpose"]}
    assert again.output_folder == "Avtaler/2025"
