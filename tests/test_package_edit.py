"""Adding the findings sheet edits only the parts it must: macros, ribbons, charts and comments survive."""

from __future__ import annotations

import shutil
import subprocess
import warnings

import openpyxl
import pytest
from lxml import etree

from agreement_builder.workbook.package_edit import Cell, CellStyle, PackageEditError, SheetSpec, replace_sheet

from package_fixtures import (
    chart_workbook, libreoffice_workbook, macro_workbook, read_parts, strict_workbook, threaded_comment_workbook,
    write_parts, zip_bytes,
)

HOSTILE = '=HYPERLINK("http://example.com","Klikk her")'
ALLOWED_TO_CHANGE = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}


def spec(text: str = "3 feil", name: str = "Validering") -> SheetSpec:
    header = CellStyle(bold=True, colour="FFFFFF", fill="1F4E79")
    return SheetSpec(name, (
        Cell(1, 1, text, CellStyle(bold=True, size=13)),
        Cell(3, 1, "Alvorlighet", header), Cell(3, 2, "Melding", header),
        Cell(4, 1, "feil", CellStyle(fill="F4C7C3", wrap=True)), Cell(4, 2, HOSTILE, CellStyle(wrap=True)),
        Cell(4, 3, "Fakta!B2", CellStyle(colour="0563C1", underline=True), link="'Fakta'!B2"),
    ), widths={1: 12, 2: 100}, freeze_rows=3)


def edited(path, tmp_path, text="3 feil"):
    target = tmp_path / f"edited-{path.name}"
    target.write_bytes(replace_sheet(path.read_bytes(), spec(text)))
    return target


def assert_only_allowed_changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    added = set(after) - set(before)
    assert set(before) <= set(after), f"parts lost: {set(before) - set(after)}"
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= ALLOWED_TO_CHANGE, changed
    return added


@pytest.fixture
def macro_book(example_path, tmp_path):
    return macro_workbook(example_path, tmp_path / "makro.xlsm")


def test_example_gets_the_sheet_and_nothing_else_changes(example_path, tmp_path):
    target = edited(example_path, tmp_path)
    added = assert_only_allowed_changed(read_parts(example_path), read_parts(target))
    assert len(added) == 1
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[0] == "Validering"
    assert book.sheetnames[1:] == openpyxl.load_workbook(example_path).sheetnames
    assert book.active.title == openpyxl.load_workbook(example_path).active.title
    sheet = book["Validering"]
    assert sheet["A1"].value == "3 feil" and sheet["A1"].font.b
    assert sheet["A3"].fill.fgColor.rgb.endswith("1F4E79")
    assert sheet.column_dimensions["B"].width == 100
    assert sheet.freeze_panes == "A4"


def test_text_that_looks_like_a_formula_stays_text(example_path, tmp_path):
    sheet = openpyxl.load_workbook(edited(example_path, tmp_path))["Validering"]
    assert sheet["B4"].value == HOSTILE
    assert sheet["B4"].data_type == "s"
    xml = read_parts(tmp_path / f"edited-{example_path.name}")
    assert not any(b"<f>" in data or b"<f " in data for name, data in xml.items() if "worksheets" in name
                   and b"Validering" not in data and name not in read_parts(example_path))


def test_links_point_into_the_workbook(example_path, tmp_path):
    sheet = openpyxl.load_workbook(edited(example_path, tmp_path))["Validering"]
    assert sheet["C4"].hyperlink.location == "'Fakta'!B2"
    assert sheet["C4"].hyperlink.target is None


def test_second_run_replaces_the_sheet_in_its_place(example_path, tmp_path):
    first = edited(example_path, tmp_path, "første")
    second = tmp_path / "second.xlsx"
    second.write_bytes(replace_sheet(first.read_bytes(), spec("andre", name="VALIDERING")))
    before, after = read_parts(first), read_parts(second)
    assert set(before) == set(after)
    book = openpyxl.load_workbook(second)
    assert book.sheetnames.count("Validering") == 1 and book["Validering"]["A1"].value == "andre"
    styles = etree.fromstring(after["xl/styles.xml"])
    assert int(styles.find("{*}cellXfs").get("count")) == len(styles.find("{*}cellXfs"))


def test_macros_and_ribbon_survive(macro_book, tmp_path):
    target = edited(macro_book, tmp_path)
    before, after = read_parts(macro_book), read_parts(target)
    assert_only_allowed_changed(before, after)
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    assert after["customUI/customUI14.xml"] == before["customUI/customUI14.xml"]
    assert after["_rels/.rels"] == before["_rels/.rels"]
    assert b"vbaProject" in after["xl/_rels/workbook.xml.rels"]
    assert b"macroEnabled" in after["[Content_Types].xml"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # oletools still uses old pyparsing names
        from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(target))
    assert parser.detect_vba_macros()
    parser.close()


def test_chart_survives(example_path, tmp_path):
    source = chart_workbook(example_path, tmp_path / "diagram.xlsx")
    before, after = read_parts(source), read_parts(edited(source, tmp_path))
    assert_only_allowed_changed(before, after)
    assert any(name.startswith("xl/charts/") for name in after)


def test_threaded_comments_survive(example_path, tmp_path):
    source = threaded_comment_workbook(example_path, tmp_path / "kommentarer.xlsx")
    before, after = read_parts(source), read_parts(edited(source, tmp_path))
    assert_only_allowed_changed(before, after)
    assert after["xl/threadedComments/threadedComment1.xml"] == before["xl/threadedComments/threadedComment1.xml"]


def test_strict_workbook_keeps_its_namespace(example_path, tmp_path):
    source = strict_workbook(example_path, tmp_path / "strict.xlsx")
    before, after = read_parts(source), read_parts(edited(source, tmp_path))
    added = assert_only_allowed_changed(before, after)
    (sheet_part,) = added
    assert etree.QName(etree.fromstring(after[sheet_part])).namespace == "http://purl.oclc.org/ooxml/spreadsheetml/main"
    assert b"purl.oclc.org/ooxml/officeDocument/relationships/worksheet" in after["xl/_rels/workbook.xml.rels"]
    sheets = etree.fromstring(after["xl/workbook.xml"]).find("{*}sheets")
    assert len(sheets) == len(etree.fromstring(before["xl/workbook.xml"]).find("{*}sheets")) + 1


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) mangler")
def test_libreoffice_saved_workbook_opens_in_libreoffice_afterwards(example_path, tmp_path):
    source = libreoffice_workbook(example_path, tmp_path)
    before, after = read_parts(source), read_parts(edited(source, tmp_path))
    assert_only_allowed_changed(before, after)
    result = tmp_path / f"edited-{source.name}"
    out = tmp_path / "csv"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile2",
                    "--convert-to", 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
                    "--outdir", str(out), str(result)], check=True, capture_output=True, timeout=180)
    texts = "\n".join(path.read_text(encoding="utf-8") for path in out.glob("*.csv"))
    assert "3 feil" in texts and "Klikk her" in texts
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert "Validering" in openpyxl.load_workbook(result).sheetnames


@pytest.mark.parametrize("parts, message", [
    ({"[Content_Types].xml": b"<Types/>"}, "mangler delen"),
    ({"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>"},
     "dokumenttypedefinisjon"),
])
def test_packages_it_cannot_edit_are_refused(parts, message):
    with pytest.raises(PackageEditError, match=message):
        replace_sheet(zip_bytes(parts), spec())


def test_not_a_zip_is_refused():
    with pytest.raises(PackageEditError, match="ikke en gyldig Excel-pakke"):
        replace_sheet(b"not a zip", spec())


def test_a_sheet_of_that_name_that_is_not_a_worksheet_is_refused(example_path, tmp_path):
    parts = read_parts(example_path)
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'name="Veiledning"', b'name="Validering"', 1)
    rels = parts["xl/_rels/workbook.xml.rels"]
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(b"relationships/worksheet", b"relationships/chartsheet", 1)
    source = write_parts(tmp_path / "rart.xlsx", parts)
    if b'name="Validering"' not in parts["xl/workbook.xml"]:
        pytest.skip("the example has the example has no Veiledning sheet")
    with pytest.raises(PackageEditError):
        replace_sheet(source.read_bytes(), spec())


def test_sheet_local_names_and_the_active_tab_stay_on_their_sheets(example_path, tmp_path):
    book = openpyxl.load_workbook(example_path)
    book.active = 2
    from openpyxl.workbook.defined_name import DefinedName

    book["Kommuner"].defined_names["Utskrift"] = DefinedName("Utskrift", attr_text="Kommuner!$A$1:$B$4")
    source = tmp_path / "navn.xlsx"
    book.save(source)
    after = openpyxl.load_workbook(edited(source, tmp_path))
    assert after.active.title == "Kommuner"
    assert "Utskrift" in after["Kommuner"].defined_names
