"""Hostile packages are refused (or harmlessly skipped) before a parser builds anything big."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_builder.cli import agreement as agreement_cli
from agreement_builder.errors import AgreementError, PackageError
from agreement_builder.package_limits import LIMITS, check_word_file
from agreement_builder.workbook import read_workbook

from conftest import EXAMPLE

GUIDANCE_PART = "xl/worksheets/sheet1.xml"  # «Veiledning»: never read
MUNICIPALITIES_PART = "xl/worksheets/sheet3.xml"  # «Kommuner»: read
FAR_CELL = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'


def hostile(tmp_path: Path, member: str, change, name: str = "fiendtlig.xlsx") -> Path:
    """A copy of the example whose part ``member`` is ``change(bytes)``; deflated like Excel does."""
    with zipfile.ZipFile(EXAMPLE) as source:
        parts = {item: source.read(item) for item in source.namelist()}
    parts[member] = change(parts.get(member, b""))
    target = tmp_path / name
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for item, data in parts.items():
            package.writestr(item, data)
    return target


def add_cells(xml: bytes, cells: str) -> bytes:
    return xml.replace(b"</sheetData>", cells.encode() + b"</sheetData>")


def validate_in_child(path: Path) -> subprocess.CompletedProcess:
    """Run the real command in a child process: a crash of the reader must not take pytest down."""
    return subprocess.run([sys.executable, "-m", "agreement_builder", "validate", str(path)],
                          capture_output=True, text=True, timeout=120)


def test_a_value_in_the_last_cell_of_a_read_sheet_is_refused_naming_file_and_sheet(tmp_path):
    path = hostile(tmp_path, MUNICIPALITIES_PART, lambda xml: add_cells(xml, FAR_CELL))
    result = validate_in_child(path)
    assert result.returncode == 2, result.stderr[-500:]
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "fiendtlig.xlsx, ark «Kommuner»" in result.stderr and "XFD1048576" in result.stderr


def test_a_value_in_the_last_cell_of_a_sheet_that_is_not_read_is_harmless(tmp_path, example):
    path = hostile(tmp_path, GUIDANCE_PART, lambda xml: add_cells(xml, FAR_CELL))
    result = validate_in_child(path)
    assert result.returncode in (0, 1), result.stderr[-500:]
    assert read_workbook(path).agreement.tasks == example.tasks


def test_a_sheet_wider_than_the_limit_is_refused_before_parsing(tmp_path):
    far = '<row r="20"><c r="ZZ20" t="inlineStr"><is><t>x</t></is></c></row>'
    path = hostile(tmp_path, MUNICIPALITIES_PART, lambda xml: add_cells(xml, far))
    with pytest.raises(PackageError, match=r"ark «Kommuner»: celle ZZ20 .*kolonne 500"):
        read_workbook(path)


def test_a_grid_over_the_cell_limit_is_refused(tmp_path):
    row = LIMITS.cells // 400 + 1
    far = f'<row r="{row}"><c r="OJ{row}" t="inlineStr"><is><t>x</t></is></c></row>'  # column 400
    path = hostile(tmp_path, MUNICIPALITIES_PART, lambda xml: add_cells(xml, far))
    with pytest.raises(PackageError, match="celler"):
        read_workbook(path)


def test_a_huge_declared_dimension_is_not_trusted_and_costs_nothing(tmp_path, example):
    path = hostile(tmp_path, MUNICIPALITIES_PART,
                   lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml))
    assert read_workbook(path).agreement.municipalities == example.municipalities


def test_a_cell_longer_than_excel_allows_is_refused(tmp_path):
    long = "x" * (LIMITS.cell_chars + 1)
    cell = f'<row r="40"><c r="A40" t="inlineStr"><is><t>{long}</t></is></c></row>'
    path = hostile(tmp_path, MUNICIPALITIES_PART, lambda xml: add_cells(xml, cell))
    with pytest.raises(PackageError, match="celle A40 har mer enn 32 767 tegn"):
        read_workbook(path)


def test_a_zip_bomb_part_is_refused_from_its_declared_size(tmp_path):
    """A shared string past the part limit (benchmarks/bench_limits.py tries 2 GiB) is never unpacked."""
    path = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(EXAMPLE) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.namelist():
            target.writestr(item, source.read(item))
        with target.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            block = b"A" * (1024 * 1024)
            for _ in range(LIMITS.part_bytes // len(block) + 1):
                part.write(block)
            part.write(b"</t></si></sst>")
    _declare_shared_strings(path)
    assert path.stat().st_size < 10 * 1024 * 1024
    result = validate_in_child(path)
    assert result.returncode == 2, result.stderr[-500:]
    assert "bombe.xlsx, tabellen over delte tekster: er for stor" in result.stderr


def _declare_shared_strings(path: Path) -> None:
    """Point the workbook at the shared-string part, as Excel does."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info.filename)) for info in source.infolist()
                 if info.filename != "xl/_rels/workbook.xml.rels"]
        rels = source.read("xl/_rels/workbook.xml.rels")
    rels = rels.replace(b"</Relationships>", b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
                        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                        b"</Relationships>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        target.writestr("xl/_rels/workbook.xml.rels", rels)


def test_a_part_that_lies_about_its_size_is_refused_as_damaged(tmp_path):
    path = hostile(tmp_path, MUNICIPALITIES_PART, lambda xml: add_cells(xml, "<row r='50'/>" * 20_000))
    data = bytearray(path.read_bytes())
    entry = data.find(b"PK\x01\x02")  # the first central-directory entry
    while data[entry + 46:entry + 46 + len(MUNICIPALITIES_PART)] != MUNICIPALITIES_PART.encode():
        entry = data.find(b"PK\x01\x02", entry + 4)
        assert entry > 0
    data[entry + 24:entry + 28] = (1000).to_bytes(4, "little")  # the declared uncompressed size
    path.write_bytes(bytes(data))
    with pytest.raises(AgreementError, match="skadet"):
        read_workbook(path)


def test_an_entity_declaration_is_refused(tmp_path):
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    path = hostile(tmp_path, MUNICIPALITIES_PART, lambda xml: bomb + xml)
    with pytest.raises(PackageError, match="dokumenttypedefinisjon"):
        read_workbook(path)


def test_too_many_shared_strings_are_refused(tmp_path, monkeypatch):
    import agreement_builder.package_limits as limits_module
    from dataclasses import replace

    monkeypatch.setattr(limits_module, "LIMITS", replace(LIMITS, shared_strings=2))
    strings = b"".join(b"<si><t>%d</t></si>" % n for n in range(3))
    sst = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + strings + b"</sst>"
    path = hostile(tmp_path, "xl/sharedStrings.xml", lambda _: sst)
    _declare_shared_strings(path)
    from agreement_builder.package_limits import open_package
    from agreement_builder.workbook.sheet_scan import scan_shared_strings

    with open_package(path) as package, pytest.raises(PackageError, match="over 2 delte tekster"):
        scan_shared_strings(package, path, "xl/sharedStrings.xml", limits=limits_module.LIMITS)


def test_a_word_template_holding_a_bomb_is_refused(tmp_path):
    template = Path(__file__).resolve().parent.parent / "templates" / "samarbeidsavtale.docx"
    path = tmp_path / "mal.docx"
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.namelist():
            target.writestr(item, source.read(item))
        with target.open("word/media/stor.bin", "w", force_zip64=True) as part:
            for _ in range(LIMITS.part_bytes // (1024 * 1024) + 1):
                part.write(bytes(1024 * 1024))
    with pytest.raises(PackageError, match="er for stor"):
        check_word_file(path)
    result = CliRunner().invoke(agreement_cli, ["template-check", str(path)])
    assert result.exit_code == 2 and "mal.docx, delen word/media/stor.bin: er for stor" in result.stderr


def test_the_sheets_read_together_have_a_limit(tmp_path):
    row = LIMITS.cells // LIMITS.columns
    edge = f'<row r="{row}"><c r="SF{row}" t="inlineStr"><is><t>x</t></is></c></row>'
    path = hostile(tmp_path, MUNICIPALITIES_PART, lambda xml: add_cells(xml, edge))
    read_workbook(path)  # one sheet at the edge is accepted
    with zipfile.ZipFile(path) as source:
        parts = {item: source.read(item) for item in source.namelist()}
    parts["xl/worksheets/sheet8.xml"] = add_cells(parts["xl/worksheets/sheet8.xml"], edge)  # a group sheet
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for item, data in parts.items():
            package.writestr(item, data)
    with pytest.raises(PackageError, match="til sammen over 10 000 000 celler"):
        read_workbook(path)


def test_a_sheet_that_is_not_read_may_be_wide_in_row_1_and_huge_below(tmp_path, example):
    row_1_far = '<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>'
    filler = b"<row><c t='inlineStr'><is><t>fyll</t></is></c></row>" * (LIMITS.part_bytes // 48)

    def change(xml: bytes) -> bytes:
        xml = xml.replace(b"</row>", row_1_far.encode(), 1)
        return xml.replace(b"</sheetData>", filler + b"</sheetData>")

    path = hostile(tmp_path, GUIDANCE_PART, change)
    with zipfile.ZipFile(path) as package:
        assert package.getinfo(GUIDANCE_PART).file_size > LIMITS.part_bytes
    assert read_workbook(path).agreement.tasks == example.tasks


def test_docs_limits_states_every_limit_the_code_applies():
    import dataclasses

    from agreement_builder.package_limits import MB, number_text

    text = (Path(__file__).resolve().parent.parent / "docs" / "limits.md").read_text(encoding="utf-8")
    for limit in dataclasses.fields(LIMITS):
        value = getattr(LIMITS, limit.name)
        shown = f"{value // MB} MB" if limit.name in ("part_bytes", "ratio_from") else (
            f"{value} : 1" if limit.name == "ratio" else number_text(value))
        assert f"| {shown}" in text or f"over {shown} |" in text, limit.name
