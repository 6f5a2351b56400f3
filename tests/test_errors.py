"""What the reader cannot understand: exit code 2, one line naming file, sheet and cell, no output."""

import zipfile

import pytest
from click.testing import CliRunner

from agreement_builder.cli import build_agreement
from agreement_builder.errors import WorkbookError
from agreement_builder.workbook import read_workbook

from conftest import group_sheet

GROUP = "Hjerneslag - milde og moderate"


def _build_fails(workbook, tmp_path, *expected):
    output = tmp_path / "ut.docx"
    result = CliRunner().invoke(build_agreement, [str(workbook), "-o", str(output)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    assert lines[0].startswith("Feil: ")
    for text in expected:
        assert text in lines[0]
    assert not output.exists()
    assert not list(tmp_path.glob(".ut-*"))
    return lines[0]


def test_missing_required_sheet(edited, tmp_path):
    path = edited(lambda book: book.remove(book["Kommuner"]))
    _build_fails(path, tmp_path, "endret.xlsx", "ark «Kommuner»", "mangler")


def test_unknown_category_names_sheet_and_cell(edited, tmp_path):
    path = edited(lambda book: group_sheet(book, GROUP).__setitem__("B2", "Akutte skader"))
    line = _build_fails(path, tmp_path, f"ark «{GROUP}»", "celle B2", "«Akutte skader»")
    assert "Ervervede skader" in line  # the valid values are listed


def test_missing_group_header(edited, tmp_path):
    path = edited(lambda book: group_sheet(book, GROUP).__setitem__("C4", "Kommunen"))
    _build_fails(path, tmp_path, f"ark «{GROUP}»", "celle C4", "«Kommunehelsetjenesten»")


def test_missing_table_header(edited, tmp_path):
    path = edited(lambda book: book["Kommuner"].__setitem__("B1", "Navn"))
    _build_fails(path, tmp_path, "ark «Kommuner»", "celle B1", "«Kommunenavn»")


def test_unknown_agreement_status(edited, tmp_path):
    path = edited(lambda book: book["Avtale"].__setitem__("B4", "Ferdig"))
    _build_fails(path, tmp_path, "ark «Avtale»", "celle B4", "«Ferdig»", "Godkjent")


def test_unknown_coverage_status(edited, tmp_path):
    path = edited(lambda book: book["§ 6-2"].__setitem__("C3", "Tja"))
    _build_fails(path, tmp_path, "ark «§ 6-2»", "celle C3", "«Tja»")


def test_point_outside_the_law(edited, tmp_path):
    path = edited(lambda book: book["§ 6-2"].__setitem__("A3", 14))
    _build_fails(path, tmp_path, "ark «§ 6-2»", "celle A3", "1–13")


def test_impossible_date(edited, tmp_path):
    path = edited(lambda book: book["Avtale"].__setitem__("B8", "31.02.2021"))
    _build_fails(path, tmp_path, "ark «Avtale»", "celle B8", "dd.mm.åååå")


def test_section_text_before_any_heading(edited, tmp_path):
    path = edited(lambda book: book["Generelle avsnitt"].__setitem__("A2", None))
    _build_fails(path, tmp_path, "ark «Generelle avsnitt»", "celle C2", "overskrift")


@pytest.mark.parametrize("suffix", [".xls", ".ods", ".csv"])
def test_other_spreadsheet_formats_are_refused(tmp_path, suffix):
    path = tmp_path / f"avtale{suffix}"
    path.write_bytes(b"anything")
    _build_fails(path, tmp_path, f"avtale{suffix}", ".xlsx")


def test_encrypted_workbook(tmp_path):
    path = tmp_path / "hemmelig.xlsx"
    # An OLE container's header and the name of the stream Excel encrypts into (tests/test_real_tools.py
    # has a workbook really encrypted).
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le"))
    _build_fails(path, tmp_path, "hemmelig.xlsx", "passordbeskyttet")


def test_corrupt_file(tmp_path):
    path = tmp_path / "skadet.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    _build_fails(path, tmp_path, "skadet.xlsx", "skadet")


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "arkiv.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hei")
    _build_fails(path, tmp_path, "arkiv.xlsx", "skadet")


def test_path_that_does_not_exist(tmp_path):
    _build_fails(tmp_path / "finnes-ikke.xlsx", tmp_path, "finnes-ikke.xlsx", "finnes ikke")


def test_a_folder_is_not_a_workbook(tmp_path):
    folder = tmp_path / "mappe.xlsx"
    folder.mkdir()
    _build_fails(folder, tmp_path, "mappe.xlsx", "mappe")


def test_workbook_error_carries_sheet_and_cell(edited):
    path = edited(lambda book: group_sheet(book, GROUP).__setitem__("B2", "Ukjent"))
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path)
    assert (caught.value.sheet, caught.value.cell) == (GROUP, "B2")
