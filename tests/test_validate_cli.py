"""`agreement validate` and the findings in `build-agreement`."""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import openpyxl
from click.testing import CliRunner

from agreement_builder.cli import agreement, build_agreement
from agreement_builder.validation import RULES

from conftest import group_sheet
from docx_reading import all_text

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    return CliRunner().invoke(agreement, ["validate", *map(str, args)])


def test_text_output_groups_by_point_and_ends_with_a_summary(example_path):
    result = run(example_path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "§ 6-2 nr. 1 – Ansvars- og oppgavefordeling"
    assert "  Hjemmeboende eldre!B1  group-without-tasks  feil: Diagnosegruppen «Hjemmeboende eldre»" in result.stdout
    assert lines[-1] == "9 feil, 7 advarsler, 0 merknader – avtalen oppfyller ikke kravene ennå."
    assert "§ 6-2-dekning" in lines


def test_json_output_matches_the_documented_schema(example_path):
    result = run(example_path, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    schema = json.loads((ROOT / "docs" / "validation.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["valid"] is False
    assert {row["point"]: row["status"] for row in data["coverage"]}[3] == "missing"
    assert {f["sheet"] for f in data["findings"] if f["code"] == "group-without-tasks"} == {
        "Hjemmeboende eldre", "Lårhalsbrudd, hofte- og kneoper", "Sammensatte lidelser somatikk-r"}


def test_english_messages(example_path):
    result = run(example_path, "--lang", "en")
    assert "error: Diagnosis group «Hjemmeboende eldre» has no tasks" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("9 errors, 7 warnings")


def test_junit_output_has_one_case_per_rule(example_path):
    result = run(example_path, "--format", "junit")
    root = ET.fromstring(result.stdout)
    cases = root.findall(".//testcase")
    assert len(cases) == len(RULES)
    failed = {case.get("name").split(":")[0] for case in cases if case.find("failure") is not None}
    assert failed == {"coverage-missing", "group-without-tasks"}


def test_strict_makes_points_12_and_13_errors(example_path):
    plain = json.loads(run(example_path, "--format", "json").stdout)
    strict = json.loads(run(example_path, "--format", "json", "--strict").stdout)
    assert strict["summary"]["errors"] == plain["summary"]["errors"] + 1


def test_exit_0_when_there_are_no_errors(edited):
    def fill(book):
        for sheet in list(book.worksheets):
            if sheet["B1"].value in ("Hjemmeboende eldre", "Lårhalsbrudd, hofte- og kneopererte",
                                     "Sammensatte lidelser somatikk-rus/psykisk helse"):
                sheet["A5"], sheet["C5"] = "Vurdering ved behov", "Oppfølging i kommunen"
        statute = book["§ 6-2"]
        for row in range(3, 15):
            statute.cell(row=row, column=3, value="Dekket av annen delavtale")
            statute.cell(row=row, column=5, value=f"Delavtale {row - 1}")
            statute.cell(row=row, column=6, value="2024")

    result = run(edited(fill))
    assert result.exit_code == 0, result.stdout
    assert "0 feil" in result.stdout.splitlines()[-1]


def test_unreadable_workbook_exits_2(tmp_path):
    result = run(tmp_path / "mangler.xlsx")
    assert result.exit_code == 2 and "finnes ikke" in result.stderr


def test_write_sheet_makes_a_marked_copy(example_copy, tmp_path):
    before = example_copy.read_bytes()
    target = tmp_path / "kontrollert.xlsx"
    result = run(example_copy, "--write-sheet", target)
    assert result.exit_code == 1
    assert example_copy.read_bytes() == before
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[0] == "Validering"
    sheet = book["Validering"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5, max_row=20)]
    assert rows[0][:4] == ["feil", "group-without-tasks", "1", "Hjemmeboende eldre!B1"]
    assert sheet["D5"].hyperlink.location == "'Hjemmeboende eldre'!B1" or \
        sheet["D5"].hyperlink.target == "#'Hjemmeboende eldre'!B1"
    assert sheet["A5"].fill.fgColor.rgb.endswith("F4C7C3")
    note = book["Hjemmeboende eldre"]["B1"].comment
    assert note is not None and "group-without-tasks" in note.text


def test_write_sheet_refuses_to_overwrite_and_in_place_keeps_a_backup(example_copy, tmp_path):
    target = tmp_path / "kontrollert.xlsx"
    target.write_bytes(b"x")
    assert run(example_copy, "--write-sheet", target).exit_code == 2
    assert target.read_bytes() == b"x"
    original = example_copy.read_bytes()
    result = run(example_copy, "--in-place")
    assert result.exit_code == 1
    backup = example_copy.with_name("innlandet (før validering).xlsx")
    assert backup.read_bytes() == original
    assert openpyxl.load_workbook(example_copy).sheetnames[0] == "Validering"
    # a second run replaces the sheet and the marks instead of adding more
    run(example_copy, "--in-place")
    book = openpyxl.load_workbook(example_copy)
    assert book.sheetnames.count("Validering") == 1
    assert book["Hjemmeboende eldre"]["B1"].comment.text.count("group-without-tasks") == 1


def test_the_workbook_with_the_sheet_still_reads(example_copy):
    run(example_copy, "--in-place")
    assert run(example_copy).exit_code == 1


def test_users_own_notes_are_left_alone(edited, tmp_path):
    from openpyxl.comments import Comment

    def change(book):
        group_sheet(book, "Hjemmeboende eldre")["B1"].comment = Comment("Min egen merknad", "Kari")

    target = tmp_path / "k.xlsx"
    run(edited(change), "--write-sheet", target)
    assert openpyxl.load_workbook(target)["Hjemmeboende eldre"]["B1"].comment.text == "Min egen merknad"


def test_build_marks_a_draft_and_prints_the_summary(example_path, tmp_path):
    output = tmp_path / "a.docx"
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(output)])
    assert result.exit_code == 0
    assert "9 feil" in result.stderr
    text = all_text(output)
    assert "UTKAST – avtalen oppfyller ennå ikke minimumskravene" in text
    assert "nr. 3: Innleggelse i sykehus" in text
    assert "nr. 13:" not in text  # a warning by default, not a missing requirement


def test_build_strict_refuses(example_path, tmp_path):
    output = tmp_path / "a.docx"
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(output), "--strict"])
    assert result.exit_code == 1
    assert not output.exists()
