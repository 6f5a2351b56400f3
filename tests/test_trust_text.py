"""Text hygiene: what cells and sheet names hold is data — clean in the model, inert in every output.

Each case is a real workbook (the example edited, or its package edited where openpyxl refuses)
read by the real reader, and the outputs are the real commands' outputs.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from xml.etree import ElementTree as ET

import openpyxl
from click.testing import CliRunner

from agreement_builder.cli import agreement, build_agreement
from agreement_builder.diff import diff
from agreement_builder.diff.output import markdown, text_lines
from agreement_builder.model import CellRef, Level
from agreement_builder.validation import validate
from agreement_builder.validation.findings import Finding, Report, Severity
from agreement_builder.validation.output import junit_xml
from agreement_builder.workbook import read_workbook

from conftest import group_sheet, replace_in_package
from docx_reading import all_text

GROUP = "Hjerneslag - milde og moderate"
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def run(command, *args):
    return CliRunner().invoke(command, [str(arg) for arg in args])


def _municipal_tasks(path):
    agreement_ = read_workbook(path).agreement
    group = next(group for group in agreement_.groups if group.name == GROUP)
    return [task.text for task in group.tasks_at(Level.MUNICIPAL)]


# --- NFC ----------------------------------------------------------------------------------------
def test_a_decomposed_municipality_name_is_the_same_name(edited, example):
    nfd = unicodedata.normalize("NFD", "Våler")
    assert nfd != "Våler"
    path = edited(lambda book: book["Kommuner"].__setitem__("B10", nfd))
    result = read_workbook(path)
    assert "Våler" in [municipality.name for municipality in result.agreement.municipalities]
    report = validate(result.agreement)
    assert not [finding for finding in report.findings if finding.code == "municipality-name-mismatch"]
    assert not diff(example, result.agreement)


def test_decomposed_task_text_is_no_change_in_the_diff(edited, example):
    def change(book):
        sheet = book["Hjerneslag - alvorlige og kompl"]
        assert sheet["B5"].value == "Unngå brudd i pasientforløpene"
        sheet["B5"] = unicodedata.normalize("NFD", sheet["B5"].value)

    path = edited(change)
    assert not diff(example, read_workbook(path).agreement)


# --- controls and bidi overrides ----------------------------------------------------------------
def test_c1_and_bidi_controls_in_a_cell_are_removed_and_reported(edited):
    path = edited(lambda book: group_sheet(book, GROUP).__setitem__("C5", "Kommunal\u202e døgn\u009b31menhet\u2066"))
    assert _municipal_tasks(path)[0] == "Kommunal døgn31menhet"
    [notice] = [n for n in read_workbook(path).notices if n.code == "text-control-characters"]
    assert notice.ref == CellRef(GROUP, "C5") and notice.message().startswith("Fjernet 3 kontrolltegn")


def _sheet_with_controls(edited):
    return edited(lambda book: setattr(book["KOLS"], "title", "KO\u009b2JLS\u202e"))


def test_controls_in_a_sheet_name_are_removed_and_reported(edited):
    result = read_workbook(_sheet_with_controls(edited))
    kols = next(group for group in result.agreement.groups if group.name == "KOLS")
    assert kols.ref.sheet == "KO2JLS"
    [notice] = [n for n in result.notices if n.code == "sheet-name-control-characters"]
    assert notice.ref == CellRef("KO2JLS") and "2 " in notice.message() and "«KO2JLS»" in notice.message()


def test_a_sheet_name_with_controls_reaches_no_output_raw(edited, tmp_path):
    path = _sheet_with_controls(edited)
    text = run(agreement, "validate", path)
    assert text.exit_code == 0 and "KO2JLS" in text.output
    assert not CONTROLS.search(text.output)
    junit = run(agreement, "validate", path, "--format", "junit")
    assert not CONTROLS.search(junit.output)
    ET.fromstring(junit.output.encode("utf-8"))  # well-formed XML 1.0
    sheet = tmp_path / "med-validering.xlsx"
    written = run(agreement, "validate", path, "--write-sheet", sheet)
    assert written.exit_code == 0, written.output
    cells = [cell.value for row in openpyxl.load_workbook(sheet)["Validering"].iter_rows() for cell in row]
    assert any("KO2JLS" in str(value) for value in cells)
    assert not any(CONTROLS.search(str(value)) for value in cells if value)


def test_controls_written_as_excel_escapes_in_a_sheet_name_are_refused_or_cleaned(edited):
    path = edited(lambda book: setattr(book["KOLS"], "title", "KOLSMARK"))
    replace_in_package(path, 'name="KOLSMARK"', 'name="KOLS&#x9b;&#x202e;"')
    result = read_workbook(path)
    assert "KOLS" in {group.ref.sheet for group in result.agreement.groups}


# --- joiners ------------------------------------------------------------------------------------
def test_joiners_inside_emoji_and_persian_stay_stray_zero_width_characters_go(edited, tmp_path):
    emoji, persian = "👩\u200d💻", "می\u200cخواهم"
    cell = f"Digital oppfølging {emoji} – {persian}\u200b; \ufeffVå\u200bler\u200d"
    path = edited(lambda book: group_sheet(book, GROUP).__setitem__("C5", cell))
    assert _municipal_tasks(path)[0] == f"Digital oppfølging {emoji} – {persian}; Våler"
    output = tmp_path / "avtale.docx"
    assert run(build_agreement, path, "-o", output).exit_code == 0
    document = all_text(output)
    assert emoji in document and persian in document


# --- terminal -----------------------------------------------------------------------------------
def test_a_file_name_with_terminal_controls_is_shown_escaped(example_path, tmp_path):
    workbook = tmp_path / "avtale\x1b]0;hei\x07\x9b2J.xlsx"
    workbook.write_bytes(example_path.read_bytes())
    built = run(build_agreement, workbook)
    assert built.exit_code == 0, built.output
    assert not CONTROLS.search(built.output)
    assert "avtale]0;hei2J.docx" in built.output  # the default name is cleaned (paths.clean_file_name)
    assert (tmp_path / "avtale]0;hei2J.docx").exists()
    missing = run(agreement, "validate", tmp_path / "borte\x1b[2J\r.xlsx")
    assert missing.exit_code == 2 and not CONTROLS.search(missing.output)
    assert "borte\\x1b[2J ¶ .xlsx" in missing.output  # one line, whatever the name holds


def _with_task_text(agreement_, text):
    group = agreement_.groups[0]
    task = dataclasses.replace(group.tasks[0], text=text)
    groups = (dataclasses.replace(group, tasks=(task, *group.tasks[1:])), *agreement_.groups[1:])
    return dataclasses.replace(agreement_, groups=groups)


def test_diff_text_shows_controls_from_any_model_as_escapes(example):
    # Models come from workbooks, Excel and (soon) Word documents: the output does not rely on the reader.
    changed = _with_task_text(example, "Ny oppgave\x1b[2J\u202e\ncmd")
    lines = text_lines(diff(example, changed))
    assert not any(CONTROLS.search(line) for line in lines)
    assert any("Ny oppgave\\x1b[2J\\u202e ¶ cmd" in line for line in lines)


# --- XML, Markdown, HTML ------------------------------------------------------------------------
def test_junit_drops_what_xml_cannot_hold_from_any_finding():
    messages = {"nb": "melding\x1b\x00 med \ufffe"}
    finding = Finding("text-control-characters", Severity.ERROR, None, CellRef("Ark\x01", "A1"), messages)
    xml = junit_xml(Report((finding,), ()))
    root = ET.fromstring(xml.encode("utf-8"))
    assert "'Ark'!A1: melding med " in "".join(root.itertext())


def _structure_in_a_task(edited):
    return edited(lambda book: group_sheet(book, GROUP).__setitem__(
        "C5", "Kommunal døgnenhet\n## Overskrift | a | b |\n# Tittel\n- punkt *fet* [lenke](http://x) &amp; <b>"))


def test_a_cell_makes_no_markdown_structure_in_the_diff(edited, example, example_path, tmp_path):
    path = _structure_in_a_task(edited)
    output = tmp_path / "endringer.md"
    result = run(agreement, "diff", example_path, path, "--format", "markdown", "-o", output)
    assert result.exit_code == 1, result.output
    text = output.read_text(encoding="utf-8")
    own_headings = {"# Endringer: " + example.facts.title, f"## Diagnosegruppe «{GROUP}»"}
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert set(headings) <= own_headings, headings
    assert not [line for line in text.splitlines() if line.lstrip().startswith(("|", "- punkt", "# Tittel"))]
    assert "\\#\\# Overskrift \\| a \\| b \\|<br>\\# Tittel" in text
    assert "\\[lenke\\](http://x) \\&amp; \\<b\\>" in text


def test_markdown_from_the_model_escapes_line_breaks_and_headings(example):
    changed = _with_task_text(example, "A\n## B\r\n| C |")
    text = markdown(diff(example, changed))
    assert "A<br>\\#\\# B<br>\\| C \\|" in text
    assert not [line for line in text.splitlines() if line.startswith("## B") or line.startswith("| C")]


def test_a_cell_makes_no_html_in_the_diff(edited, example_path, tmp_path):
    path = edited(lambda book: group_sheet(book, GROUP).__setitem__("C5", "<script>alert(1)</script>"))
    output = tmp_path / "endringer.html"
    assert run(agreement, "diff", example_path, path, "--format", "html", "-o", output).exit_code == 1
    html = output.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_rules_markdown_tables_have_one_cell_per_column():
    text = run(agreement, "regler", "--format", "markdown").output
    for table in re.findall(r"(?:^\|.*\|\n)+", text, flags=re.M):
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in table.splitlines()}
        assert len(widths) == 1, table



def test_json_keeps_the_text_and_escapes_its_controls(example):
    import json

    from agreement_builder.diff.output import json_text

    text = "Ny\u009b2J oppgave\u202e\u2028slutt"
    output = json_text(diff(example, _with_task_text(example, text)))
    assert not CONTROLS.search(output) and "\u2028" not in output
    assert text in [change["new"] for change in json.loads(output)["changes"]]


# --- the cleaning functions themselves ----------------------------------------------------------
def test_joiners_stay_only_where_they_join():
    from agreement_builder.text import clean_text

    kept = ["🏃🏽\u200d♀\ufe0f", "👨\u200d👩\u200d👧", "❤\ufe0f\u200d🔥", "क्\u200dष", "می\u200cخواهم", "ह\u200cि"]
    for text in kept:
        assert clean_text(f"a {text} b") == f"a {text} b", ascii(text)
    assert clean_text("Vå\u200dler \u200cog\u200b \ufeffHamar\u2060") == "Våler og Hamar"
    assert clean_text("\u200d👍") == "👍"  # a joiner at the start joins nothing


def test_file_names_from_cells_hold_no_controls_and_are_nfc():
    from agreement_builder.paths import clean_file_name

    assert clean_file_name("Va\u030aler\u009b\u202e\u2066 kommune\x1b") == "Våler kommune"


def test_a_line_from_a_word_document_is_cleaned_the_same_way():
    from agreement_builder.text import clean_line

    assert clean_line(" Va\u030aler\u202e\u00a0kommune\u200b ") == "Våler kommune"
