"""Every cell and row reference is read as python-calamine reads it; one outside Excel's grid is refused by name.

python-calamine sizes its grid by the references it finds, so a value at ``D30000000`` asked for
gigabytes and ``DDDDDDDD5`` aborted the process (a Rust allocation failure); a reference it cannot
parse at all (``Æ5``, ``D0``) failed as «skadet» without naming sheet or cell.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from agreement_builder.errors import PackageError
from agreement_builder.workbook import read_workbook
from agreement_builder.workbook.sheet_scan import scan_sheet

from conftest import ROOT
from hostile_workbooks import GROUP_PART, example_parts, write

SHEET = "Hjerneslag - milde og moderate"  # the sheet of GROUP_PART
POSIX = sys.platform != "win32"


def _edited(tmp_path: Path, old: str, new: str, part: str = GROUP_PART) -> Path:
    parts = example_parts()
    assert old.encode() in parts[part]
    parts[part] = parts[part].replace(old.encode(), new.encode(), 1)
    return write(parts, tmp_path / "referanse.xlsx")


def _with_cells(tmp_path: Path, cells: str) -> Path:
    """The example with the group sheet's cells replaced by ``cells``."""
    parts = example_parts()
    xml = parts[GROUP_PART]
    start, end = xml.index(b"<sheetData>") + len(b"<sheetData>"), xml.index(b"</sheetData>")
    parts[GROUP_PART] = xml[:start] + cells.encode() + xml[end:]
    return write(parts, tmp_path / "celler.xlsx")


def _validate_capped(path: Path) -> subprocess.CompletedProcess:
    """``agreement validate`` in a child limited to 2 GB of address space, so a runaway reader fails fast."""
    def cap() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    return subprocess.run([sys.executable, "-m", "agreement_builder", "validate", str(path)], capture_output=True,
                          text=True, timeout=120, cwd=ROOT, preexec_fn=cap if POSIX else None)


@pytest.mark.parametrize("reference", ["D30000000", "DDDDDDDD5", "D99999999999"])
def test_a_reference_past_excels_grid_is_refused_before_calamine_sizes_a_grid_by_it(tmp_path, reference):
    result = _validate_capped(_edited(tmp_path, 'r="D5"', f'r="{reference}"'))
    assert result.returncode == 2, result.stderr[-800:]
    line = result.stderr.strip()
    assert line.splitlines() == [line] and "Traceback" not in line and "panicked" not in line
    assert f"referanse.xlsx, ark «{SHEET}»" in line and f"«{reference}»" in line


@pytest.mark.parametrize("reference", ["Æ5", "", "D0", "XFE5", "D1048577", "A1B", "12", "$D$5", " D5", "D٥"])
def test_a_cell_reference_that_is_no_a1_cell_names_the_sheet_and_the_reference(tmp_path, reference):
    with pytest.raises(PackageError) as caught:
        read_workbook(_edited(tmp_path, 'r="D5"', f'r="{reference}"'))
    message = str(caught.value)
    assert f"ark «{SHEET}»: cellereferansen «{reference.strip()}»" in message
    assert "CalamineError" not in message and "XFD" in message


@pytest.mark.parametrize("number", ["٥", "0", "1048577", "99999999999", "5.0", ""])
def test_a_row_number_outside_excels_rows_is_refused_naming_the_sheet(tmp_path, number):
    with pytest.raises(PackageError, match=rf"ark «{SHEET}»: rad «{number}» er ikke et gyldig radnummer"):
        read_workbook(_edited(tmp_path, '<row r="5"', f'<row r="{number}"'))


def test_a_long_bad_reference_is_shortened_and_control_characters_are_not_echoed(tmp_path):
    with pytest.raises(PackageError) as caught:
        read_workbook(_edited(tmp_path, 'r="D5"', 'r="&#x9B;31m&#x202E;' + "D" * 5000 + '5"'))
    message = str(caught.value)
    assert "\x9b" not in message and "\u202e" not in message and len(message) < 300 and "…»" in message


def test_a_cell_without_a_reference_after_the_last_column_is_refused(tmp_path):
    path = _edited(tmp_path, '<c r="D7" s="12" t="n"></c>', f'<c r="XFD7"/>{_value("x")}')
    with pytest.raises(PackageError, match=rf"ark «{SHEET}»: en celle uten referanse etter XFD7"):
        read_workbook(path)


def test_bad_references_in_a_sheet_that_is_never_read_are_harmless(tmp_path, example):
    path = _edited(tmp_path, 'r="A1"', 'r="DDDDDDDD1"', "xl/worksheets/sheet1.xml")  # «Veiledning»
    assert read_workbook(path).agreement.tasks == example.tasks


def _value(text: str, reference: str | None = None) -> str:
    where = f' r="{reference}"' if reference is not None else ""
    return f'<c{where} t="inlineStr"><is><t>{text}</t></is></c>'


LAYOUTS = {
    "after a cell of another row": f'<row r="5">{_value("x", "B7")}{_value("y")}</row>',
    "rows without r": f'<row>{_value("x")}</row><row>{_value("y")}</row><row>{_value("z")}{_value("w")}</row>',
    "a row after a cell further down": f'<row r="5">{_value("x", "B7")}</row><row>{_value("y")}</row>',
    "an empty row": f'<row r="3"></row><row>{_value("y")}</row><row r="9">{_value("z", "c9")}</row>',
}


@pytest.mark.parametrize("cells", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_cells_without_a_reference_are_placed_where_calamine_places_them(tmp_path, cells):
    from python_calamine import CalamineWorkbook

    path = _with_cells(tmp_path, cells)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET).to_python(skip_empty_area=False)
    with zipfile.ZipFile(path) as package:
        scan = scan_sheet(package, path, GROUP_PART)
    assert (scan.rows, scan.columns) == (len(rows), max(len(row) for row in rows))
