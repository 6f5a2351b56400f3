"""The Excel plugin on Linux: the generated add-in, and main/validate/build on real xlwings Books."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from lxml import etree

import agreement_builder
from agreement_builder import excel
from agreement_builder.addin import ADDIN_NAME, RIBBON_CALLBACK, SUPERTIP, xlwings_template
from agreement_builder.cli import agreement

from conftest import group_sheet
from excel_payload import actions, book_from

NARRATIVE_ONLY = ("Lårhalsbrudd, hofte- og kneopererte", "Hjemmeboende eldre",
                  "Sammensatte lidelser somatikk-rus/psykisk helse")
CUSTOM_UI = "{http://schemas.microsoft.com/office/2006/01/customui}"
SHEET_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


# --- the add-in file ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def addin(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("addin") / ADDIN_NAME
    result = CliRunner().invoke(agreement, ["excel", "build-addin", "-o", str(output), "--interpreter",
                                            r"C:\Python311\pythonw.exe"])
    assert result.exit_code == 0, result.output
    return output


def _vba_modules(path: Path) -> dict[str, str]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # oletools still uses old pyparsing names
        from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(path))
    try:
        return {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def test_addin_is_a_zip_with_the_templates_vba_project(addin):
    assert zipfile.is_zipfile(addin)
    with zipfile.ZipFile(addin) as ours, zipfile.ZipFile(xlwings_template()) as template:
        assert ours.testzip() is None
        assert ours.read("xl/vbaProject.bin") == template.read("xl/vbaProject.bin")
        assert sorted(ours.namelist()) == sorted(template.namelist())


def test_ribbon_button_calls_a_callback_that_exists_in_the_vba(addin):
    with zipfile.ZipFile(addin) as archive:
        ribbon = etree.fromstring(archive.read("customUI/customUI.xml"))
    tab = ribbon.find(f".//{CUSTOM_UI}tab")
    assert tab.get("label") == "Samarbeidsavtale"
    callbacks = {button.get("onAction") for button in ribbon.iter(f"{CUSTOM_UI}button")}
    assert [button.get("supertip") for button in ribbon.iter(f"{CUSTOM_UI}button")] == [SUPERTIP]
    assert "Dokumenter\\Samarbeidsavtaler" in SUPERTIP
    assert callbacks == {RIBBON_CALLBACK}
    modules = _vba_modules(addin)
    for callback in callbacks:
        module, _, procedure = callback.partition(".")
        assert re.search(rf"Sub {procedure}\(control As IRibbonControl\)", modules[module])
    # The callback imports the add-in's own name and calls main(): agreement_builder.main
    assert 'RunPython "import " & mymodule & ";" & mymodule & ".main()"' in modules["RibbonMyAddin"]
    assert Path(ADDIN_NAME).stem == "agreement_builder" and callable(agreement_builder.main)


def test_config_sheet_is_active_and_holds_the_interpreter(addin):
    with zipfile.ZipFile(addin) as archive:
        workbook = etree.fromstring(archive.read("xl/workbook.xml"))
        sheet = etree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    names = [s.get("name") for s in workbook.iterfind(".//m:sheet", SHEET_NS)]
    project = re.search(r'PROJECT_NAME As String = "(\w+)"', _vba_modules(addin)["xlwings"]).group(1)
    assert names == [f"{project}.conf"]
    values = {cell.get("r"): "".join(cell.itertext()) for cell in sheet.iterfind(".//m:c", SHEET_NS)}
    assert values["B1"] == values["B2"] == r"C:\Python311\pythonw.exe"
    shared = etree.fromstring(zipfile.ZipFile(addin).read("xl/sharedStrings.xml"))
    labels = ["".join(si.itertext()) for si in shared.iterfind("m:si", SHEET_NS)]
    assert labels[int(values["A1"])] == "Interpreter_Win" and labels[int(values["A2"])] == "Interpreter_Mac"


def test_build_addin_defaults_to_this_python(tmp_path):
    output = tmp_path / ADDIN_NAME
    assert CliRunner().invoke(agreement, ["excel", "build-addin", "-o", str(output)]).exit_code == 0
    sheet = zipfile.ZipFile(output).read("xl/worksheets/sheet1.xml").decode()
    assert sys.executable in sheet


def test_build_addin_warns_about_another_name_and_refuses_to_overwrite(tmp_path):
    output = tmp_path / "tillegg.xlam"
    result = CliRunner().invoke(agreement, ["excel", "build-addin", "-o", str(output)])
    assert result.exit_code == 0 and "agreement_builder.xlam" in result.stderr
    assert CliRunner().invoke(agreement, ["excel", "build-addin", "-o", str(output)]).exit_code == 2


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="install is for Windows and macOS")
def test_install_explains_itself_on_linux():
    result = CliRunner().invoke(agreement, ["excel", "install"])
    assert result.exit_code == 2 and "build-addin" in result.stderr


# --- main / validate / build on xlwings Books ---------------------------------------------------------
@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    """A home folder of the test's own: a workbook without a folder saves under its Documents."""
    folder = tmp_path / "hjem"
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("USERPROFILE", str(folder))
    return folder


@pytest.fixture
def workbook(tmp_path, example_path) -> Path:
    """The example, without «Dokumenttype» (so it has errors), with «Mappe for avtaledokument» at a temporary folder."""
    from conftest import clear_document_type

    book = openpyxl.load_workbook(example_path)
    clear_document_type(book)
    sheet = book["Avtale"]
    row = next(r for r in range(1, 40) if sheet.cell(row=r, column=1).value == "Mappe for avtaledokument")
    sheet.cell(row=row, column=2, value=str(tmp_path / "avtaler"))
    path = tmp_path / "Samhandlingsavtale Kreft 2025 æøå.xlsx"
    book.save(path)
    return path


def _funcs(book, name):
    return [action for action in actions(book) if action["func"] == name]


def test_main_adds_the_validering_sheet_marks_cells_and_writes_the_docx(workbook, tmp_path):
    book = book_from(workbook)
    report = excel.main(book)
    assert report is not None and not report.valid
    assert _funcs(book, "addSheet")[0]["args"] == [0, "Validering"]
    rows = [row for action in _funcs(book, "setValues") for row in action["values"]]
    listed = [row[1] for row in rows if len(row) == 4 and "har bare tekst og ingen oppgavetabell" in str(row[3])]
    assert sorted(listed) == sorted(["'Lårhalsbrudd, hofte- og kneoper'!B1", "'Hjemmeboende eldre'!B1",
                                     "'Sammensatte lidelser somatikk-r'!B1"])
    messages = " ".join(str(row[3]) for row in rows if len(row) == 4)
    assert all(name in messages for name in NARRATIVE_ONLY)
    links = [action["args"][0] for action in _funcs(book, "addHyperlink")]
    assert "#'Hjemmeboende eldre'!B1" in links
    notes = {action["args"][0]: action["args"][1] for action in _funcs(book, "addNote")}
    assert notes["$B$1"].startswith("Samarbeidsavtale-kontroll: advarsel: Diagnosegruppen")
    assert "#F4C7C3" in [action["args"][0] for action in _funcs(book, "setRangeColor")]
    target = tmp_path / "avtaler" / "Samhandlingsavtale Kreft 2025 æøå.docx"
    assert target.exists()
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "UTKAST" not in text and "Kontrollen fant" not in text  # status «Til behandling»; findings stay out
    alert = _funcs(book, "alert")[-1]["args"][0]
    assert str(target) in alert and "utkast" not in alert
    assert any(str(target) in str(row[0]) for row in rows if row)


def test_only_the_validering_sheet_is_written(workbook):
    book = book_from(workbook)
    excel.main(book)
    writes = [a for a in actions(book) if a["func"] in ("setValues", "setRangeColor", "setFontProperty",
                                                         "addHyperlink", "setColumnWidth")]
    assert writes and {a["sheet_position"] for a in writes} == {0}
    assert {a["sheet_position"] for a in _funcs(book, "addNote")} - {0}


def test_validate_writes_no_document_and_build_leaves_the_sheet(workbook, tmp_path):
    book = book_from(workbook)
    excel.validate(book)
    assert _funcs(book, "addSheet") and not (tmp_path / "avtaler").exists()
    book = book_from(workbook)
    excel.build(book)
    assert not _funcs(book, "addSheet") and not _funcs(book, "addNote")
    assert (tmp_path / "avtaler" / f"{workbook.stem}.docx").exists()


def test_a_second_run_replaces_the_sheet_and_removes_its_own_notes(workbook):
    book = openpyxl.load_workbook(workbook)
    findings = book.create_sheet("Validering", 0)
    findings["H4"], findings["H5"] = "Merket celle", "Hjemmeboende eldre!B1"
    book.save(workbook)
    book = book_from(workbook, notes={"Hjemmeboende eldre": ["$B$1"]})
    excel.main(book)
    funcs = [action["func"] for action in actions(book)]
    assert funcs.index("deleteNote") < funcs.index("sheetDelete") < funcs.index("addSheet")
    # the reader never sees the old Validering sheet as data
    assert not any("Validering" in row[0] for a in _funcs(book, "setValues") for row in a["values"]
                   if row and isinstance(row[0], str) and row[0].startswith("Arket"))


def test_a_cell_with_its_own_note_is_not_marked(workbook):
    book = book_from(workbook, notes={"Hjemmeboende eldre": ["$B$1"]})
    excel.validate(book)
    marked = [a for a in _funcs(book, "addNote") if a["args"][0] == "$B$1"
              and "group-without-tasks" in a["args"][1] and "Hjemmeboende" in a["args"][1]]
    assert marked == []


def test_an_unreadable_workbook_gets_one_line_and_no_changes(workbook, tmp_path):
    book = openpyxl.load_workbook(workbook)
    group_sheet(book, "KOLS")["B2"] = "Lungesykdommer"
    broken = tmp_path / "brutt.xlsx"
    book.save(broken)
    xl = book_from(broken)
    assert excel.main(xl) is None
    assert [a["func"] for a in actions(xl)] == ["alert"]
    message = actions(xl)[0]["args"][0]
    assert "ark «KOLS»" in message and "celle B2" in message and "Lungesykdommer" in message
    assert "\n" not in message


def test_a_workbook_without_a_folder_saves_in_documents_and_says_so(example_path, home):
    book = book_from(example_path)  # a remote client sends no path, and the facts name no folder
    assert excel.main(book) is not None
    target = home / "Documents" / "Samarbeidsavtaler" / "innlandet-rehabilitering.docx"
    assert docx.Document(str(target)).core_properties.last_modified_by == "agreement_builder"
    message = _funcs(book, "alert")[-1]["args"][0]
    assert f"Avtalen er lagret i {target}." in message and "lagt i Dokumenter" in message
    assert "Mappe for avtaledokument" in message
    status = [a["values"] for a in _funcs(book, "setValues") if a["sheet_position"] == 0][0][1][0]
    assert status.startswith(f"Avtalen er lagret i {target}.") and "ikke i en mappe på maskinen" in status


def test_a_document_edited_in_word_is_not_overwritten(workbook, tmp_path):
    excel.build(book_from(workbook))
    target = tmp_path / "avtaler" / f"{workbook.stem}.docx"
    document = docx.Document(str(target))
    document.core_properties.last_modified_by = "Kari Nordmann"
    document.save(str(target))
    before = target.read_bytes()
    book = book_from(workbook)
    excel.build(book)
    assert "endret i Word" in _funcs(book, "alert")[-1]["args"][0]
    assert target.read_bytes() == before


def test_the_core_does_not_import_xlwings():
    import subprocess

    code = ("import sys, agreement_builder.cli, agreement_builder.workbook, agreement_builder.validation, "
            "agreement_builder.render, agreement_builder.diff, agreement_builder.excel; "
            "print('xlwings' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
