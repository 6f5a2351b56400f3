"""`agreement validate` and the findings in `build-agreement`."""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import openpyxl
from click.testing import CliRunner

from agreement_builder.cli import agreement, build_agreement
from agreement_builder.validation import RULES
from agreement_builder.validation.notices import NOTICES

from conftest import group_sheet
from docx_reading import all_text

ROOT = Path(__file__).resolve().parent.parent
WARNING_FILL = "FCE8B2"


def run(*args):
    return CliRunner().invoke(agreement, ["validate", *map(str, args)])


def test_text_output_groups_by_point_and_ends_with_a_summary(example_path):
    result = run(example_path)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "§ 6-2 nr. 1 – Ansvars- og oppgavefordeling"
    assert "  'Hjemmeboende eldre'!B1  advarsel: Diagnosegruppen «Hjemmeboende eldre»" \
        in result.stdout
    assert "group-without-tasks" not in result.stdout and "  Avtale!B11  advarsel: " in result.stdout
    assert lines[-1] == "0 feil, 9 advarsler, 8 merknader – avtalen oppfyller kravene som er kontrollert."
    assert "§ 6-2-dekning" in lines
    assert "  nr.  8  utenfor omfang   Jordmortjenester" in lines


def test_codes_show_the_rule_codes_in_the_text_output(example_path):
    plain, coded = run(example_path).stdout.splitlines(), run(example_path, "--codes").stdout.splitlines()
    assert "  'Hjemmeboende eldre'!B1  group-without-tasks  advarsel: Diagnosegruppen «Hjemmeboende eldre» har bare " \
           "tekst og ingen oppgavetabell – fordel gjerne oppgavene på nivåene, så ansvarsfordelingen blir tydelig" \
        in coded
    assert len(plain) == len(coded) and sum(a != b for a, b in zip(plain, coded)) == 17  # one line per finding


def test_the_example_gives_no_errors_and_names_its_real_gaps(example_path):
    """Issue 10's done-when: 0 errors; warnings name the three narrative-only groups and the nr. 2 gaps."""
    data = json.loads(run(example_path, "--format", "json").stdout)
    assert data["valid"] is True and data["summary"]["errors"] == 0
    warnings = [f for f in data["findings"] if f["severity"] == "warning"]
    for group in ("Lårhalsbrudd, hofte- og kneopererte", "Hjemmeboende eldre",
                  "Sammensatte lidelser somatikk-rus/psykisk helse"):
        assert any(f"«{group}»" in f["message"] and f["code"] == "group-without-tasks" for f in warnings), group
    point_2 = [f["message"] for f in warnings if f["point"] == 2]
    assert any("nr. 2" in message and "delvis" in message for message in point_2)
    assert "§ 6-2 nr. 2: avtalen nevner aldri innleggelse" in point_2


def test_a_workbook_that_does_not_say_what_it_is_keeps_the_old_judgement(untyped_copy):
    result = run(untyped_copy)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "6 feil, 10 advarsler, 1 merknader – avtalen oppfyller ikke kravene ennå."
    assert "  Avtale!B10  merknad: «Dokumenttype» er ikke fylt ut" in result.stdout


def test_json_output_matches_the_documented_schema(untyped_copy):
    result = run(untyped_copy, "--format", "json")
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
    assert "warning: Diagnosis group «Hjemmeboende eldre» has text only and no task table" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("0 errors, 9 warnings, 8 notes")


def test_junit_output_has_one_case_per_rule_and_reader_notice(untyped_copy):
    result = run(untyped_copy, "--format", "junit")
    root = ET.fromstring(result.stdout)
    cases = root.findall(".//testcase")
    assert [case.get("name").split(":")[0] for case in cases] == [
        *(rule.code for rule in RULES), *(notice.code for notice in NOTICES)]
    assert root.get("tests") == root.find("testsuite").get("tests") == str(len(cases))
    failed = {case.get("name").split(":")[0] for case in cases if case.find("failure") is not None}
    assert failed == {"coverage-missing"}
    assert root.get("failures") == "1"
    missing = next(case for case in cases if case.get("name").startswith("coverage-missing:"))
    assert missing.find("failure").text.splitlines()[0].startswith("'§ 6-2'!C4: § 6-2 nr. 3 (Innleggelse i sykehus)")


def test_junit_escapes_what_cells_hold(edited):
    def change(book):
        book.create_sheet('Notater <&> "x"')

    root = ET.fromstring(run(edited(change), "--format", "junit").stdout)
    case = next(case for case in root.iter("testcase") if case.get("name").startswith("sheet-not-read:"))
    assert case.find("failure") is None
    expected = 'Notater <&> "x": Arket «Notater <&> "x"» hører ikke til malen og ble ikke lest'
    assert case.find("system-out").text == expected


def test_strict_makes_points_12_and_13_errors(untyped_copy):
    plain = json.loads(run(untyped_copy, "--format", "json").stdout)
    strict = json.loads(run(untyped_copy, "--format", "json", "--strict").stdout)
    assert strict["summary"]["errors"] == plain["summary"]["errors"] + 1


def _fill_everything(book):
    """No errors and no warnings left in the example."""
    for sheet in list(book.worksheets):
        if sheet["B1"].value in ("Hjemmeboende eldre", "Lårhalsbrudd, hofte- og kneopererte",
                                 "Sammensatte lidelser somatikk-rus/psykisk helse"):
            sheet["A5"], sheet["C5"] = "Vurdering ved behov", "Oppfølging i kommunen"
    book["Avtale"]["B11"] = "Delavtale om habilitering og rehabilitering"
    book["Avtale"]["B12"] = "1"
    statute = book["§ 6-2"]
    for row in range(3, 15):
        statute.cell(row=row, column=3, value="Dekket av annen delavtale")
        statute.cell(row=row, column=5, value=f"Delavtale {row - 1}")
        statute.cell(row=row, column=6, value="2024")


def test_exit_0_when_there_are_no_errors(edited):
    result = run(edited(_fill_everything))
    assert result.exit_code == 0, result.stdout
    assert "0 feil" in result.stdout.splitlines()[-1]


def test_reader_notices_are_findings_in_every_format_and_never_change_the_exit_code(edited):
    def change(book):
        _fill_everything(book)
        book.create_sheet("Notater")

    path = edited(change)
    text = run(path)
    assert text.exit_code == 0, text.stdout
    assert "  Notater  merknad: Arket «Notater» hører ikke til malen og ble ikke lest" in text.stdout
    assert text.stdout.splitlines()[-1].startswith("0 feil, 0 advarsler, 1 merknader")
    assert "Merk:" not in text.stderr  # told once, as a finding
    english = run(path, "--lang", "en")
    assert "  Notater  info: The sheet «Notater» is not part of the template" in english.stdout
    data = json.loads(run(path, "--format", "json").stdout)
    schema = json.loads((ROOT / "docs" / "validation.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["valid"] is True and data["summary"]["info"] == 1
    assert data["findings"] == [{"code": "sheet-not-read", "severity": "info", "point": None, "sheet": "Notater",
                                 "cell": None, "message": "Arket «Notater» hører ikke til malen og ble ikke lest"}]
    junit = run(path, "--format", "junit")
    assert junit.exit_code == 0 and ET.fromstring(junit.stdout).get("failures") == "0"


def test_build_and_diff_tell_reader_notices_on_stderr(edited, tmp_path):
    def change(book):
        group_sheet(book, "KOLS")["B1"] = None

    path = edited(change)
    result = CliRunner().invoke(build_agreement, [str(path), "-o", str(tmp_path / "a.docx")])
    assert result.exit_code == 0
    sheet = next(name for name in openpyxl.load_workbook(path).sheetnames if name.startswith("KOLS"))
    assert f"Merk: {sheet}!B1: Diagnosegruppen mangler navn; bruker arknavnet «{sheet}»." in result.stderr
    diff = CliRunner().invoke(agreement, ["diff", str(path), str(path)])
    assert diff.exit_code == 0 and "Diagnosegruppen mangler navn" in diff.stderr


def test_unreadable_workbook_exits_2(tmp_path):
    result = run(tmp_path / "mangler.xlsx")
    assert result.exit_code == 2 and "finnes ikke" in result.stderr


def test_write_sheet_makes_a_marked_copy(example_copy, tmp_path):
    before = example_copy.read_bytes()
    target = tmp_path / "kontrollert.xlsx"
    result = run(example_copy, "--write-sheet", target)
    assert result.exit_code == 0
    assert example_copy.read_bytes() == before
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[0] == "Validering"
    sheet = book["Validering"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5, max_row=20)]
    assert rows[0][:3] == ["advarsel", "'Hjemmeboende eldre'!B1", "1"]
    assert not {rule.code for rule in RULES} & {cell.value for row in sheet.iter_rows() for cell in row}
    assert sheet["B5"].hyperlink.location == "'Hjemmeboende eldre'!B1" or \
        sheet["B5"].hyperlink.target == "#'Hjemmeboende eldre'!B1"
    assert sheet["A5"].fill.fgColor.rgb.endswith(WARNING_FILL)
    assert book["Hjemmeboende eldre"]["B1"].comment is None  # the user's sheets are not changed


def test_write_sheet_refuses_to_overwrite_and_in_place_keeps_a_backup(example_copy, tmp_path):
    target = tmp_path / "kontrollert.xlsx"
    target.write_bytes(b"x")
    assert run(example_copy, "--write-sheet", target).exit_code == 2
    assert target.read_bytes() == b"x"
    original = example_copy.read_bytes()
    result = run(example_copy, "--in-place")
    assert result.exit_code == 0
    (backup,) = tmp_path.glob("innlandet (før validering *).xlsx")
    assert backup.read_bytes() == original and f"Sikkerhetskopi: {backup}" in result.stderr
    assert openpyxl.load_workbook(example_copy).sheetnames[0] == "Validering"
    # a second run replaces the sheet, and keeps the first backup beside a new one
    after_first = example_copy.read_bytes()
    run(example_copy, "--in-place")
    book = openpyxl.load_workbook(example_copy)
    assert book.sheetnames.count("Validering") == 1
    backups = sorted(tmp_path.glob("innlandet (før validering *).xlsx"), key=lambda path: path.stat().st_mtime_ns)
    assert len(backups) == 2 and backups[0].read_bytes() == original and backups[1].read_bytes() == after_first


def test_write_sheet_onto_the_workbook_itself_is_refused(example_copy, tmp_path):
    before = example_copy.read_bytes()
    link = tmp_path / "lenke.xlsx"
    link.symlink_to(example_copy)
    hard = tmp_path / "hard.xlsx"
    hard.hardlink_to(example_copy)
    for target in (example_copy, link, hard):
        result = run(example_copy, "--write-sheet", target, "--overwrite")
        assert result.exit_code == 2 and "er en av filene som leses" in result.stderr, result.output
        assert example_copy.read_bytes() == before


def test_in_place_keeps_macros_and_ribbon(example_path, tmp_path):
    from package_fixtures import macro_workbook, read_parts

    book = macro_workbook(example_path, tmp_path / "makro.xlsm")
    before = read_parts(book)
    for _run in range(2):
        assert run(book, "--in-place").exit_code == 0
    after = read_parts(book)
    for part in ("xl/vbaProject.bin", "customUI/customUI14.xml", "_rels/.rels"):
        assert after[part] == before[part]
    assert openpyxl.load_workbook(book).sheetnames[0] == "Validering"
    backups = sorted(tmp_path.glob("makro (før validering *).xlsm"))
    assert len(backups) == 2 and all(read_parts(b)["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
                                     for b in backups)


def test_the_workbook_with_the_sheet_still_reads(untyped_copy):
    run(untyped_copy, "--in-place")
    assert run(untyped_copy).exit_code == 1


def test_users_own_notes_are_left_alone(edited, tmp_path):
    from openpyxl.comments import Comment

    def change(book):
        group_sheet(book, "Hjemmeboende eldre")["B1"].comment = Comment("Min egen merknad", "Kari")

    target = tmp_path / "k.xlsx"
    run(edited(change), "--write-sheet", target)
    assert openpyxl.load_workbook(target)["Hjemmeboende eldre"]["B1"].comment.text == "Min egen merknad"


def build(*args):
    return CliRunner().invoke(build_agreement, [*map(str, args)])


def test_build_prints_the_summary_and_keeps_findings_out_of_the_document(untyped_copy, tmp_path):
    output = tmp_path / "a.docx"
    result = build(untyped_copy, "-o", output)
    assert result.exit_code == 0
    assert "Kontroll: 6 feil, 10 advarsler, 1 merknader" in result.stderr
    assert "ADVARSEL" not in result.stderr  # the status is «Til behandling»
    text = all_text(output)
    assert "UTKAST" not in text and "Kontrollen fant" not in text and "minimumskravene" not in text
    assert "group-without-tasks" not in text and "har bare tekst og ingen oppgavetabell" not in text


def test_build_strict_refuses_and_writes_nothing(untyped_copy, tmp_path):
    output, report = tmp_path / "a.docx", tmp_path / "funn.md"
    result = build(untyped_copy, "-o", output, "--strict", "--report", report)
    assert result.exit_code == 1
    assert "Bygger ikke avtalen fordi --strict er valgt." in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == [untyped_copy.name]


def _approved(book):
    from conftest import clear_document_type

    clear_document_type(book)
    book["Avtale"]["B4"] = "Godkjent"


def test_build_with_errors_under_godkjent_warns_loudly_but_builds(edited, tmp_path):
    path = edited(_approved)
    output = tmp_path / "a.docx"
    result = build(path, "-o", output)
    assert result.exit_code == 0 and output.exists()
    warning = next(line for line in result.stderr.splitlines() if line.startswith("ADVARSEL"))
    assert "status «Godkjent»" in warning and "6 feil" in warning and "--strict" in warning
    assert "ADVARSEL" not in result.stdout
    strict = build(path, "-o", tmp_path / "b.docx", "--strict")
    assert strict.exit_code == 1 and not (tmp_path / "b.docx").exists()


def test_build_under_godkjent_without_errors_is_quiet(edited, tmp_path):
    def change(book):
        book["Avtale"]["B4"] = "Godkjent"

    result = build(edited(change), "-o", tmp_path / "a.docx")
    assert result.exit_code == 0 and "ADVARSEL" not in result.stderr


def test_report_by_suffix_in_markdown_html_and_json(example_path, tmp_path):
    for name in ("funn.md", "funn.html", "funn.json"):
        output = tmp_path / f"{name}.docx"
        result = build(example_path, "-o", output, "--report", tmp_path / name)
        assert result.exit_code == 0, result.output
        assert f"Skrev kontrollrapporten til {tmp_path / name}." in result.stdout
    markdown = (tmp_path / "funn.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Kontroll av Oppgavedeling mellom kommunene")
    assert "**0 feil, 9 advarsler, 8 merknader" in markdown
    assert "- **advarsel** ('Hjemmeboende eldre'!B1): Diagnosegruppen «Hjemmeboende eldre»" in markdown
    assert "| 8 | utenfor omfang | Jordmortjenester |  |" in markdown
    page = (tmp_path / "funn.html").read_text(encoding="utf-8")
    assert '<html lang="nb">' in page and "Diagnosegruppen «Hjemmeboende eldre»" in page
    data = json.loads((tmp_path / "funn.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "docs" / "validation.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["valid"] is True and data["summary"]["warnings"] == 9


def test_report_format_option_and_refusals(example_path, tmp_path):
    report = tmp_path / "funn.txt"
    result = build(example_path, "-o", tmp_path / "a.docx", "--report", report, "--report-format", "html")
    assert result.exit_code == 0 and report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    unknown = build(example_path, "-o", tmp_path / "b.docx", "--report", tmp_path / "funn.pdf")
    assert unknown.exit_code == 2 and ".md, .html eller .json" in unknown.stderr
    assert not (tmp_path / "b.docx").exists()
    same = build(example_path, "-o", tmp_path / "c.md", "--report", tmp_path / "c.md")
    assert same.exit_code == 2 and not (tmp_path / "c.md").exists()
    exists = build(example_path, "-o", tmp_path / "d.docx", "--report", report, "--report-format", "md")
    assert exists.exit_code == 2 and "finnes allerede" in exists.stderr and not (tmp_path / "d.docx").exists()
    alone = build(example_path, "-o", tmp_path / "e.docx", "--report-format", "md")
    assert alone.exit_code == 2 and not (tmp_path / "e.docx").exists()


def test_report_text_from_cells_stays_text(edited, tmp_path):
    def change(book):
        group_sheet(book, "Hjemmeboende eldre")["B1"] = "<script>alert(1)</script> *fet* | [lenke](x)"

    path = edited(change)
    build(path, "-o", tmp_path / "a.docx", "--report", tmp_path / "r.html")
    build(path, "-o", tmp_path / "b.docx", "--report", tmp_path / "r.md")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "\\<script\\>" in markdown and "\\*fet\\*" in markdown and "\\[lenke\\](x)" in markdown


def test_report_beside_a_per_municipality_build(example_path, tmp_path):
    folder = tmp_path / "kommuner"
    inside = build(example_path, "--per-municipality", "-o", folder, "--report", folder / "funn.md")
    assert inside.exit_code == 2 and not folder.exists()
    result = build(example_path, "--per-municipality", "-o", folder, "--report", tmp_path / "funn.md")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "funn.md").exists() and len(list(folder.glob("*.docx"))) == 42
