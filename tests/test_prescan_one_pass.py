"""The pre-scan's one pass over each read sheet: extent, cells named, hyperlinks and drawings, nothing streamed twice.

Sheets are the example's, edited with openpyxl (hyperlinks), :func:`fixtures.media.place_picture`
(a picture) or as XML written by hand, where only another tool writes such cells.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from agreement_builder.errors import AgreementError, PackageError
from agreement_builder.package_limits import open_package, parse_xml, relationships
from agreement_builder.workbook import read_workbook
from agreement_builder.workbook import sheet_media, sheet_scan
from agreement_builder.workbook.prescan import plan_sheets
from agreement_builder.workbook.sheet_scan import scan_sheet

from conftest import EXAMPLE
from fixtures.media import place_picture, png

SHEET = "KOLS"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@pytest.fixture(scope="module")
def media_workbook(tmp_path_factory) -> Path:
    """The example with two hyperlinks and a picture on «KOLS»."""
    import openpyxl

    path = tmp_path_factory.mktemp("media") / "media.xlsx"
    book = openpyxl.load_workbook(EXAMPLE)
    book[SHEET]["C5"].hyperlink = "https://www.nhi.no/kols"
    book[SHEET]["B5"].hyperlink = "https://www.helsenorge.no/"
    book.save(path)
    place_picture(path, SHEET, png(64, 48), row=8, col=4, name="Figur 1", descr="KOLS-forløpet")
    return path


def _plans(path: Path) -> dict:
    with open_package(path) as package:
        return {plan.name: plan for plan in plan_sheets(package, path)}


def test_the_scan_notes_hyperlinks_and_drawings_of_a_read_sheet(media_workbook):
    plan = _plans(media_workbook)[SHEET]
    assert plan.read and plan.has_media
    assert sorted(reference for reference, _ in plan.hyperlinks) == ["B5", "C5"]
    assert plan.drawings == ("rIdFigure",)
    with open_package(media_workbook) as package:
        related = {rid: kind for rid, kind, _, _ in relationships(package, media_workbook, plan.part, external=True)}
    assert all(related[rid].endswith("/hyperlink") for _, rid in plan.hyperlinks)


def test_sheets_without_links_or_pictures_have_no_media_to_read():
    plans = _plans(EXAMPLE)
    assert not any(plan.has_media for plan in plans.values() if plan.name != "Veiledning")
    assert all(plan.hyperlinks == () and plan.drawings == () for plan in plans.values() if not plan.read)


def test_links_and_pictures_are_read_without_streaming_the_sheet_again(media_workbook, monkeypatch):
    plan = _plans(media_workbook)[SHEET]
    streamed: list[str] = []
    real = sheet_media.stream_part

    def recording(package, path, name, *args, **kwargs):
        streamed.append(name)
        return real(package, path, name, *args, **kwargs)

    monkeypatch.setattr(sheet_media, "stream_part", recording)
    monkeypatch.setattr("agreement_builder.package_limits.stream_part", recording)
    with open_package(media_workbook) as package:
        media = sheet_media.read_sheet_media(package, media_workbook, plan)
    assert plan.part not in streamed
    assert any(name.startswith("xl/drawings/drawing") for name in streamed)
    assert media.links == {(4, 2): "https://www.nhi.no/kols", (4, 1): "https://www.helsenorge.no/"}
    assert [(picture.row, picture.col, picture.figure.alt) for picture in media.pictures] == [(8, 4, "KOLS-forløpet")]


def test_the_workbook_reads_its_links_and_picture_into_the_group(media_workbook):
    group = next(group for group in read_workbook(media_workbook).agreement.groups if group.name == SHEET)
    texts = [task.text for task in group.tasks]
    assert any("(https://www.nhi.no/kols)" in text or "https://www.nhi.no/kols" in text for text in texts)


def test_too_many_hyperlinks_are_refused_during_the_scan(media_workbook, monkeypatch):
    monkeypatch.setattr(sheet_scan, "HYPERLINKS", 1)
    with pytest.raises(PackageError, match="har mer enn 1 lenker") as caught:
        _plans(media_workbook)
    assert f"ark «{SHEET}»: arket har" in str(caught.value) and "delen" not in str(caught.value)


def _sheet_package(tmp_path: Path, cells: str) -> Path:
    """A package holding one worksheet part with ``cells`` in its sheetData (enough for scan_sheet)."""
    path = tmp_path / "ark.xlsx"
    xml = f'<worksheet xmlns="{_MAIN}" xmlns:r="{_R}"><sheetData>{cells}</sheetData></worksheet>'
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("xl/worksheets/sheet1.xml", xml)
    return path


def _scan(tmp_path: Path, cells: str, **options):
    path = _sheet_package(tmp_path, cells)
    with zipfile.ZipFile(path) as package:
        return scan_sheet(package, path, "xl/worksheets/sheet1.xml", **options)


def test_cells_are_named_from_their_reference_or_after_the_one_before(tmp_path):
    """A cell without ``r`` follows the last cell of its row element, in that element's row (as calamine reads it)."""
    cells = ('<row r="5"><c r="C5" t="e"><v>#REF!</v></c><c t="e"><v>#N/A</v></c>'
             '<c r="ab7" t="e"><v>#NAME?</v></c><c t="e"><v>#NUM!</v></c></row>'
             '<row><c t="e"><v>#DIV/0!</v></c></row><row r="9"><c r="XFD9"/></row>')
    scan = _scan(tmp_path, cells)
    assert scan.errors == [("C5", "#REF!"), ("D5", "#N/A"), ("AB7", "#NAME?"), ("AC5", "#NUM!"), ("A6", "#DIV/0!")]
    assert (scan.rows, scan.columns) == (7, 29)


def test_a_formula_without_its_value_is_named_and_an_empty_text_value_is_a_value(tmp_path):
    cells = ('<row r="2"><c r="B2"><f>A1</f></c><c r="C2" t="str"><f>A1</f><v></v></c>'
             '<c r="D2"><f>A1</f><v>3</v></c></row>')
    assert _scan(tmp_path, cells).uncached == ["B2"]


def test_a_1_is_kept_and_the_first_row_only_scan_stops_after_row_1(tmp_path):
    cells = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Diagnose</t><t>gruppe</t></is></c></row>'
             '<row r="2"><c r="XFD2" t="inlineStr"><is><t>langt ute</t></is></c></row>')
    scan = _scan(tmp_path, cells, first_row_only=True)
    assert scan.first_cell == ("inlineStr", "Diagnosegruppe")
    assert (scan.rows, scan.columns) == (0, 0)  # no limit applies to row 1 of a sheet that may not be read
    with pytest.raises(PackageError, match="XFD2"):
        _scan(tmp_path, cells)


def test_long_text_is_counted_across_pieces_and_refused_past_the_cell_limit(tmp_path):
    text = "æ" * 20_000
    cells = f'<row r="1"><c r="A1" t="inlineStr"><is><t>{text}</t><t>{text}</t></is></c></row>'
    with pytest.raises(PackageError, match="celle A1 har mer enn 32 767 tegn"):
        _scan(tmp_path, cells)


def test_a_row_or_shared_index_in_other_digits_is_no_crash(tmp_path):
    cells = '<row><c r="A1" t="s"><v>¹</v></c></row>'
    scan = _scan(tmp_path, cells)
    assert (scan.rows, scan.columns) == (1, 1)
    with pytest.raises(PackageError, match="rad «²» er ikke et gyldig radnummer"):
        _scan(tmp_path, '<row r="²"><c r="A1" t="s"><v>1</v></c></row>')
    path = tmp_path / "sifre.xlsx"
    with zipfile.ZipFile(EXAMPLE) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet3.xml":
                data = data.replace(b"</sheetData>", '<row><c t="s"><v>¹</v></c></row></sheetData>'.encode())
            target.writestr(item, data)
    try:
        read_workbook(path)
    except AgreementError:
        pass  # a clean refusal is as good as a read; a ValueError (a traceback) is not


def test_parse_xml_gives_local_names_for_elements_and_namespaced_attributes_only(tmp_path):
    xml = (f'<x:worksheet xmlns:x="{_MAIN}" xmlns:r="{_R}"><x:drawing r:id="rId7" plain="1"/>'
           '<hyperlink ref="A1"/></x:worksheet>').encode()
    seen: list[tuple[str, dict[str, str]]] = []
    parse_xml(tmp_path, [xml], lambda tag, attributes: seen.append((tag, dict(attributes))))
    assert seen == [("worksheet", {}), ("drawing", {"id": "rId7", "plain": "1"}), ("hyperlink", {"ref": "A1"})]


def test_an_ordinary_build_imports_no_module_for_folders_group_workbooks_or_sheet_media():
    code = ("import sys; from agreement_builder.workbook.inputs import read_input; "
            f"read_input({str(EXAMPLE)!r}); "
            "print(sorted(m for m in sys.modules if m.startswith('agreement_builder.workbook.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    for module in ("folder", "group_book", "sheet_media"):
        assert f"agreement_builder.workbook.{module}'" not in loaded
    assert "agreement_builder.workbook.prescan'" in loaded  # the check that there is nothing to import
