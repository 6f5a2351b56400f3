"""Figures named in cells work from the command line: a workbook, a group workbook and an agreement folder
find their image files beside them, and a path out of the folder is called outside, not missing."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from agreement_builder.cli import agreement, build_agreement
from conftest import EXAMPLE, group_sheet
from fixtures.media import png

GROUP = "Hjerneslag - milde og moderate"
OUTSIDE = ["../../etc/passwd", "/etc/passwd", "file:///etc/passwd", "lenke-ut.png"]


def _workbook(folder: Path) -> Path:
    """The example in ``folder`` with a good figure in a chapter and in a group, and four that lead out."""
    (folder / "bilder").mkdir(parents=True)
    (folder / "bilder" / "pyramide.png").write_bytes(png(300, 200))
    (folder / "bilder" / "forlop.png").write_bytes(png(64, 48))
    (folder.parent / "utenfor.png").write_bytes(png())
    os.symlink(folder.parent / "utenfor.png", folder / "lenke-ut.png")
    book = openpyxl.load_workbook(EXAMPLE)
    sections = book["Generelle avsnitt"]
    row = sections.max_row + 1
    sections.cell(row, 3, "![Rehabiliteringspyramiden](bilder/pyramide.png)")
    for offset, target in enumerate(OUTSIDE, start=1):
        sections.cell(row + offset, 3, f"![Ut]({target})")
    group = group_sheet(book, GROUP)
    cell = next(cell for cell in group["D"][4:] if cell.value)
    cell.value = f"{cell.value}\n\n![Forløpet](bilder/forlop.png)"
    path = folder / "avtale.xlsx"
    book.save(path)
    return path


def _media(document: Path) -> list[str]:
    with zipfile.ZipFile(document) as package:
        return [name for name in package.namelist() if name.startswith("word/media/")]


@pytest.fixture
def workbook(tmp_path) -> Path:
    return _workbook(tmp_path / "avtaler")


def test_validate_finds_the_figure_and_calls_paths_out_of_the_folder_outside(workbook):
    result = CliRunner().invoke(agreement, ["validate", str(workbook)])
    assert "pyramide.png" not in result.output and "forlop.png" not in result.output, result.output
    for target in OUTSIDE:
        line = next((line for line in result.output.splitlines() if f"«{target}»" in line), "")
        assert "ligger ikke i mappen" in line, (target, result.output)
    assert "Fant ikke bildefilen" not in result.output


def test_build_agreement_puts_the_figure_in_the_document(workbook, tmp_path):
    document = tmp_path / "ut" / "avtale.docx"
    result = CliRunner().invoke(build_agreement, [str(workbook), "-o", str(document)])
    assert result.exit_code in (0, 1), result.output
    assert len(_media(document)) == 2


def test_a_split_folder_and_its_group_workbook_find_their_figures(workbook, tmp_path):
    folder = tmp_path / "mappe"
    assert CliRunner().invoke(agreement, ["split", str(workbook), "-o", str(folder)]).exit_code == 0
    (folder / "bilder").mkdir()
    (folder / "bilder" / "pyramide.png").write_bytes(png(300, 200))
    (folder / "bilder" / "forlop.png").write_bytes(png(64, 48))
    document = tmp_path / "mappe.docx"
    result = CliRunner().invoke(build_agreement, [str(folder), "-o", str(document)])
    assert result.exit_code in (0, 1), result.output
    assert "Fant ikke bildefilen" not in result.output
    assert len(_media(document)) == 2  # the chapter's figure (main workbook) and the group's (group workbook)
    group_book = next(path for path in folder.glob("*.xlsx") if "Hjerneslag" in path.name)
    checked = CliRunner().invoke(agreement, ["validate", str(group_book)])
    assert "Fant ikke bildefilen" not in checked.output, checked.output


def test_the_excel_button_reads_figures_from_the_folder_the_book_is_saved_in(workbook):
    from agreement_builder.workbook.inputs import read_sheets_input
    from agreement_builder.workbook.source import load_sheets

    # as excel.read_book_input calls it: the Book's name and the folder it is saved in
    read = read_sheets_input(load_sheets(workbook), Path(workbook.name), workbook.parent)
    figures = [b.figure for s in read.agreement.sections for b in s.blocks if b.figure]
    assert [f.problem for f in figures][:1] == [None] and figures[0].width == 300
