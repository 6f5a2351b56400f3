"""Workbooks as other tools save them: each reads to the example's 58 tasks, or is refused in one line.

LibreOffice Calc saves real files at test time (once per session, with a private profile); the
Strict OOXML and macro workbooks are the example's package laid out as Excel writes those
(tests/package_fixtures.py); the encrypted one is encrypted by msoffcrypto-tool as Excel encrypts.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_builder.cli import agreement, build_agreement
from agreement_builder.diff import diff
from agreement_builder.pdf import find_soffice
from agreement_builder.validation.findings import Severity
from agreement_builder.workbook import read_workbook

from package_fixtures import macro_workbook, read_parts, strict_workbook, write_parts

TASKS = 58
HIDDEN = "KOLS"


def _soffice() -> str:
    soffice = find_soffice()
    if soffice is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI must have LibreOffice (.ci/run installs it)")
        pytest.skip("LibreOffice (soffice) is not installed")
    return soffice


def _convert(soffice: str, folder: Path, target: str, sources: list[Path]) -> Path:
    out = folder / target.split(":")[0]
    subprocess.run([soffice, "--headless", f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}",
                    "--convert-to", target, "--outdir", str(out), *map(str, sources)],
                   check=True, capture_output=True, timeout=300)
    return out


@pytest.fixture(scope="session")
def calc_files(tmp_path_factory, example_path) -> dict[str, Path]:
    """The example, and the example with a hidden group sheet, saved by LibreOffice Calc as .xlsx and .xls."""
    import openpyxl

    soffice = _soffice()
    folder = tmp_path_factory.mktemp("calc")
    plain = folder / "eksempel.xlsx"
    shutil.copy(example_path, plain)
    book = openpyxl.load_workbook(example_path)
    book[HIDDEN].sheet_state = "hidden"
    hidden = folder / "skjult.xlsx"
    book.save(hidden)
    saved = _convert(soffice, folder, "xlsx:Calc MS Excel 2007 XML", [plain, hidden])
    old = _convert(soffice, folder, "xls:MS Excel 97", [plain])
    return {"xlsx": saved / plain.name, "hidden": saved / hidden.name, "xls": old / "eksempel.xls"}


def _same_as_example(path: Path, example) -> None:
    result = read_workbook(path)
    assert len(result.agreement.tasks) == TASKS
    changes = diff(example, result.agreement)
    assert not changes, changes.changes[:3]
    assert not [notice for notice in result.notices if notice.severity is not Severity.INFO], result.notices


def _refused(command, path: Path, tmp_path: Path, *expected: str) -> str:
    output = tmp_path / "ut.docx"
    args = [str(path), "-o", str(output)] if command is build_agreement else ["validate", str(path)]
    result = CliRunner().invoke(command, args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Feil: ") and "Traceback" not in result.output
    for text in expected:
        assert text in lines[0]
    assert not output.exists()
    return lines[0]


# --- LibreOffice Calc -----------------------------------------------------------------------------
def test_a_workbook_saved_by_libreoffice_reads_to_the_same_agreement(calc_files, example):
    assert b"LibreOffice" in zipfile.ZipFile(calc_files["xlsx"]).read("docProps/app.xml")
    _same_as_example(calc_files["xlsx"], example)


def test_a_hidden_sheet_saved_by_libreoffice_is_read_and_said(calc_files, example):
    result = read_workbook(calc_files["hidden"])
    assert len(result.agreement.tasks) == TASKS and not diff(example, result.agreement)
    assert [notice.sheet for notice in result.notices if notice.code == "sheet-hidden"] == [HIDDEN]


def test_diff_of_the_example_and_its_libreoffice_copy_finds_nothing(calc_files, example_path):
    result = CliRunner().invoke(agreement, ["diff", str(example_path), str(calc_files["xlsx"])])
    assert result.exit_code == 0, result.output
    assert "Ingen endringer" in result.output


def test_an_old_xls_from_libreoffice_is_refused_in_one_line(calc_files, tmp_path):
    assert calc_files["xls"].read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    _refused(build_agreement, calc_files["xls"], tmp_path, "eksempel.xls", ".xls-formatet")
    renamed = tmp_path / "omdøpt.xlsx"
    shutil.copy(calc_files["xls"], renamed)
    line = _refused(agreement, renamed, tmp_path, "omdøpt.xlsx", ".xls-formatet", "lagre arbeidsboken som")
    assert "passord" not in line


# --- Strict OOXML ------------------------------------------------------------------------------------
def test_a_strict_ooxml_workbook_reads_to_the_same_agreement(example_path, example, tmp_path):
    path = strict_workbook(example_path, tmp_path / "strict.xlsx")
    assert b"purl.oclc.org/ooxml/spreadsheetml/main" in zipfile.ZipFile(path).read("xl/workbook.xml")
    _same_as_example(path, example)


def test_strict_ooxml_dates_written_as_iso_text_read_as_dates(example_path, example, tmp_path):
    """Strict OOXML may store a date as ISO 8601 text in a cell of type «d», where Transitional stores a number."""
    path = strict_workbook(example_path, tmp_path / "strict.xlsx")
    parts = read_parts(path)
    changed = 0
    for name in [name for name in parts if name.startswith("xl/worksheets/sheet")]:
        xml, count = re.subn(r'<c r="(B\d+)"( s="\d+")? t="n"><v>(4\d{4})</v></c>', _iso_date, parts[name].decode())
        parts[name], changed = xml.encode(), changed + count
    assert changed >= 1
    write_parts(path, parts)
    _same_as_example(path, example)


def _iso_date(match: re.Match) -> str:
    day = dt.date(1899, 12, 30) + dt.timedelta(days=int(match.group(3)))
    return f'<c r="{match.group(1)}"{match.group(2) or ""} t="d"><v>{day.isoformat()}T00:00:00</v></c>'


# --- macros --------------------------------------------------------------------------------------------
def test_an_xlsm_with_a_vba_project_reads_to_the_same_agreement(example_path, example, tmp_path):
    path = macro_workbook(example_path, tmp_path / "makro.xlsm")
    assert "xl/vbaProject.bin" in zipfile.ZipFile(path).namelist()
    _same_as_example(path, example)
    result = CliRunner().invoke(agreement, ["diff", str(example_path), str(path)])
    assert result.exit_code == 0, result.output


# --- encrypted --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["hemmelig.xlsx", "hemmelig.xlsm"])
def test_a_password_protected_workbook_is_refused_in_one_line(example_path, tmp_path, name):
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    path = tmp_path / name
    with example_path.open("rb") as plain, path.open("wb") as encrypted:
        ooxml.OOXMLFile(plain).encrypt("passord123", encrypted)
    assert path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    _refused(build_agreement, path, tmp_path, name, "passordbeskyttet")
    _refused(agreement, path, tmp_path, name, "passordbeskyttet")


def test_an_office_file_of_another_kind_is_not_called_encrypted(tmp_path):
    document = tmp_path / "notat.xlsx"  # an OLE file with neither a workbook nor an encrypted package
    document.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le"))
    line = _refused(agreement, document, tmp_path, "notat.xlsx", "eldre Office-format")
    assert "passord" not in line
