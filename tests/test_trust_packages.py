"""Odd zip packages, files that only look like workbooks, and long names: read the same, or refused by name.

Packages other zip writers make (zip64, data descriptors, a stub before the zip, entries named with
«..» or an absolute path) read as the example does and keep every part through --in-place; nothing
in them is ever unpacked to disk. Files that are no workbook say what they are.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_builder.cli import agreement as agreement_cli
from agreement_builder.cli import build_agreement
from agreement_builder.workbook import read_workbook
from conftest import EXAMPLE
from test_trust_failures import one_line

ROOT = Path(__file__).resolve().parent.parent


def _parts() -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(EXAMPLE) as source:
        return [(name, source.read(name)) for name in source.namelist()]


def zip64(target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in _parts():
            with package.open(name, "w", force_zip64=True) as part:
                part.write(data)
    return target


class _Stream(io.RawIOBase):
    """A stream zipfile cannot seek back in, so it writes data descriptors after each part (as streaming tools do)."""

    def __init__(self):
        self.data = bytearray()

    def writable(self):
        return True

    def write(self, data):
        self.data += data
        return len(data)


def data_descriptors(target: Path) -> Path:
    stream = _Stream()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in _parts():
            package.writestr(name, data)
    target.write_bytes(bytes(stream.data))
    with zipfile.ZipFile(target) as package:
        assert all(entry.flag_bits & 0x08 for entry in package.infolist())
    return target


def stub_before(target: Path) -> Path:
    target.write_bytes(b"MZ" + bytes(1000) + EXAMPLE.read_bytes())  # as a self-extracting archive starts
    return target


ESCAPING = ("../../../utenfor.txt", "/tmp/absolutt-utenfor.txt", "..\\..\\windows.txt")


def escaping_names(target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in _parts():
            package.writestr(name, data)
        for name in ESCAPING:
            package.writestr(zipfile.ZipInfo(name), b"ikke pakk meg ut")
    return target


@pytest.mark.parametrize("make", [zip64, data_descriptors, stub_before, escaping_names])
def test_packages_from_other_zip_writers_read_the_same_and_keep_every_part_in_place(make, tmp_path, example):
    path = make(tmp_path / "bok.xlsx")
    assert read_workbook(path).agreement.tasks == example.tasks
    with zipfile.ZipFile(path) as package:
        before = {entry.filename: package.read(entry) for entry in package.infolist()}
    result = CliRunner().invoke(agreement_cli, ["validate", str(path), "--in-place"])
    assert result.exit_code == 0, result.output  # the example: warnings only
    with zipfile.ZipFile(path) as package:
        after = {entry.filename: package.read(entry) for entry in package.infolist()}
        assert package.testzip() is None
    edited = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml"}
    assert {name: data for name, data in after.items() if name in before and name not in edited} == {
        name: data for name, data in before.items() if name not in edited}  # every other part byte for byte
    assert read_workbook(path).agreement.tasks == example.tasks
    assert not (tmp_path / ESCAPING[0]).resolve().exists() and not Path(ESCAPING[1]).exists()  # nothing unpacked
    assert len(list(tmp_path.iterdir())) == 2  # the workbook and its backup


def test_an_encrypted_part_of_a_sheet_that_is_read_is_refused_naming_the_sheet(tmp_path):
    data = bytearray(EXAMPLE.read_bytes())
    name = b"xl/worksheets/sheet3.xml"  # «Kommuner»
    for signature, flags, name_length, header in ((b"PK\x03\x04", 6, 26, 30), (b"PK\x01\x02", 8, 28, 46)):
        position = data.find(signature)
        while position >= 0:
            length = int.from_bytes(data[position + name_length:position + name_length + 2], "little")
            if bytes(data[position + header:position + header + length]) == name:
                data[position + flags] |= 1  # «encrypted» (PKWARE), as a zip tool with a password sets it
            position = data.find(signature, position + 4)
    path = tmp_path / "kryptert-del.xlsx"
    path.write_bytes(bytes(data))
    one_line(CliRunner().invoke(agreement_cli, ["validate", str(path)]),
             "kryptert-del.xlsx, ark «Kommuner»: er skadet og kan ikke leses (delen er kryptert)")


def _opendocument(target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        package.writestr("content.xml", "<office:document-content/>")
    return target


DISGUISED = {
    "nettside": (lambda path: path.write_text("<!DOCTYPE html><html><body><table><tr><td>Tittel</td></tr></table>"
                                              "</body></html>", encoding="utf-8"), "er en nettside (HTML)"),
    "html-uten-doctype": (lambda path: path.write_bytes(b"\xef\xbb\xbf  <table><tr><td>1</td></tr></table>"),
                          "er en nettside (HTML)"),
    "tekst": (lambda path: path.write_text("Kommunenummer;Kommunenavn\n3401;Kongsvinger\n", encoding="utf-8"),
              "er en tekstfil (for eksempel CSV)"),
    "xml-2003": (lambda path: path.write_text('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:'
                                              'office:spreadsheet"/>', encoding="utf-8"), "er en XML-fil"),
    "ods": (_opendocument, "er et OpenDocument-regneark (.ods) selv om navnet slutter på .xlsx"),
    "word": (lambda path: shutil.copy(ROOT / "templates" / "samarbeidsavtale.docx", path),
             "er et Word-dokument, ikke en Excel-arbeidsbok"),
    "avkortet": (lambda path: path.write_bytes(EXAMPLE.read_bytes()[:20_000]), "er skadet: zip-pakken er avkortet"),
    "tom": (lambda path: path.write_bytes(b""), "er tom (0 byte)"),
}


@pytest.mark.parametrize("kind", DISGUISED)
def test_a_file_that_only_looks_like_a_workbook_says_what_it_is(kind, tmp_path):
    make, expected = DISGUISED[kind]
    path = tmp_path / f"{kind}.xlsx"
    make(path)
    for command, arguments in ((agreement_cli, ["validate"]), (build_agreement, [])):
        one_line(CliRunner().invoke(command, [*arguments, str(path)]), f"{kind}.xlsx: {expected}")
    assert sorted(item.name for item in tmp_path.iterdir()) == [path.name]


def test_a_long_workbook_name_keeps_each_municipality_in_its_file_name(tmp_path, example):
    path = tmp_path / f"{'Samarbeidsavtale om rehabilitering ' * 7}.xlsx"
    assert len(path.name) > 240
    shutil.copy(EXAMPLE, path)
    result = CliRunner().invoke(build_agreement, [str(path), "--per-municipality", "-o", str(tmp_path / "UT")])
    assert result.exit_code == 0, result.output
    names = sorted(item.name for item in (tmp_path / "UT").iterdir())
    assert len(names) == 42 and all(len(name.encode()) <= 240 for name in names)
    ends = sorted(f" - {municipality.number} {municipality.name}.docx" for municipality in example.municipalities)
    assert sorted(next(end for end in ends if name.endswith(end)) for name in names) == ends  # each tells its own


def test_a_workbook_with_a_long_name_can_be_changed_in_place(tmp_path):
    path = tmp_path / f"{'x' * 250}.xlsx"
    shutil.copy(EXAMPLE, path)
    result = CliRunner().invoke(agreement_cli, ["validate", str(path), "--in-place"])
    assert result.exit_code == 0, result.output  # the example: warnings only
    backups = [item for item in tmp_path.iterdir() if "før validering" in item.name]
    assert len(backups) == 1 and backups[0].read_bytes() == EXAMPLE.read_bytes()
    assert len(backups[0].name.encode()) <= 245 and backups[0].suffix == ".xlsx"
