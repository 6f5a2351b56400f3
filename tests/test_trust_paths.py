"""Outputs land inside the folder the user named, under clean names, and never onto an input."""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner

from agreement_builder.cli import agreement as agreement_cli
from agreement_builder.cli import build_agreement
from agreement_builder.errors import OutputError
from agreement_builder.paths import MAX_NAME_BYTES, MAX_NAME_CHARS, clean_file_name, names_in_folder, unique_names

from conftest import ROOT


def municipalities(*rows):
    """An ``edited`` change: the sheet «Kommuner» holds exactly ``rows`` (number, name)."""

    def change(book):
        sheet = book["Kommuner"]
        sheet.delete_rows(2, sheet.max_row)
        for number, name in rows:
            sheet.append([number, name])

    return change


def files_under(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


@pytest.mark.parametrize("text, expected", [
    ("/../../../tmp/x", "-..-..-..-tmp-x"),
    ("..", "uten navn"),
    ("a\\b:c*d?e\"f<g>h|i", "a-b-c-d-e-f-g-h-i"),
    ("Våler\u202egnp.exe", "Vålergnp.exe"),
    ("Navn\x1b[31m\x07", "Navn[31m"),
    ("CON", "_CON"),
    ("nul.docx", "_nul.docx"),
    ("COM1", "_COM1"),
    ("lpt9.txt", "_lpt9.txt"),
    ("Vestre Toten. . ", "Vestre Toten"),
    (".skjult", "skjult"),
    ("Va\u030aler", "Våler"),
    ("", "uten navn"),
])
def test_cell_text_becomes_one_clean_file_name(text, expected):
    assert clean_file_name(text) == expected


def test_long_names_are_shortened_in_characters_and_bytes():
    assert len(clean_file_name("x" * 400)) == MAX_NAME_CHARS
    assert len(clean_file_name("æ" * 400).encode("utf-8")) <= MAX_NAME_BYTES


def test_names_are_made_unique_ignoring_case():
    assert unique_names(["A.docx", "a.docx", "A.DOCX"]) == ["A.docx", "a (2).docx", "A (3).DOCX"]


def test_a_name_that_leaves_the_folder_is_refused(tmp_path):
    with pytest.raises(OutputError, match="utenfor mappen"):
        names_in_folder(tmp_path / "ut", ["../utenfor.docx"])
    (tmp_path / "ut").mkdir()
    (tmp_path / "ut" / "lenke.docx").symlink_to(tmp_path / "annet.docx")
    with pytest.raises(OutputError, match="utenfor mappen"):
        names_in_folder(tmp_path / "ut", ["lenke.docx"])


def test_a_municipality_number_cannot_write_outside_the_output_folder(edited, tmp_path):
    workbook = edited(municipalities(("../../utenfor/x", "Lunner"), ("/../../../tmp/trust-x", "Hamar")))
    folder = tmp_path / "ut" / "kommuner"
    result = CliRunner().invoke(build_agreement, [str(workbook), "--per-municipality", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    assert files_under(tmp_path / "ut") == [
        "kommuner/endret - -..-..-..-tmp-trust-x Hamar.docx", "kommuner/endret - ..-..-utenfor-x Lunner.docx"]
    assert not (tmp_path / "utenfor").exists() and not os.path.exists("/tmp/trust-x Hamar.docx")


def test_municipalities_whose_names_differ_only_in_case_get_two_files(edited, tmp_path):
    workbook = edited(municipalities(("3419", "Våler"), ("3419", "VÅLER")))
    folder = tmp_path / "kommuner"
    result = CliRunner().invoke(build_agreement, [str(workbook), "--per-municipality", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    assert files_under(folder) == ["endret - 3419 VÅLER (2).docx", "endret - 3419 Våler.docx"]


# --- never onto an input ------------------------------------------------------------------------
def _refused(result, input_path, before):
    assert result.exit_code == 2, result.output
    assert "er en av filene som leses" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert input_path.read_bytes() == before


@pytest.mark.parametrize("link", ["same", "symlink", "hardlink"])
def test_build_never_writes_onto_the_workbook(example_copy, tmp_path, link):
    before = example_copy.read_bytes()
    target = {"same": example_copy, "symlink": tmp_path / "lenke.xlsx", "hardlink": tmp_path / "hard.xlsx"}[link]
    if link == "symlink":
        target.symlink_to(example_copy)
    elif link == "hardlink":
        os.link(example_copy, target)
    result = CliRunner().invoke(build_agreement, [str(example_copy), "-o", str(target), "--overwrite"])
    _refused(result, example_copy, before)


def test_write_sheet_never_writes_onto_the_workbook(example_copy, tmp_path):
    before = example_copy.read_bytes()
    os.link(example_copy, tmp_path / "hard.xlsx")
    for target in (example_copy, tmp_path / "hard.xlsx"):
        result = CliRunner().invoke(agreement_cli, ["validate", str(example_copy), "--write-sheet", str(target),
                                                    "--overwrite"])
        _refused(result, example_copy, before)


def test_diff_never_writes_onto_either_workbook(example_copy, tmp_path):
    before = example_copy.read_bytes()
    other = tmp_path / "ny.xlsx"
    shutil.copy(example_copy, other)
    (tmp_path / "lenke.md").symlink_to(example_copy)
    for target in (example_copy, tmp_path / "lenke.md"):
        result = CliRunner().invoke(agreement_cli, ["diff", str(other), str(example_copy), "--format", "markdown",
                                                    "-o", str(target), "--overwrite"])
        _refused(result, example_copy, before)


def test_build_never_writes_onto_its_template(example_path, tmp_path):
    template = tmp_path / "mal.docx"
    shutil.copy(ROOT / "templates" / "samarbeidsavtale.docx", template)
    before = template.read_bytes()
    result = CliRunner().invoke(build_agreement, [str(example_path), "--template", str(template), "-o",
                                                  str(template), "--overwrite"])
    _refused(result, template, before)


def test_in_place_may_still_change_the_workbook(example_copy):
    result = CliRunner().invoke(agreement_cli, ["validate", str(example_copy), "--in-place"])
    assert result.exit_code == 0, result.output
    assert len(list(example_copy.parent.glob("innlandet (før validering *).xlsx"))) == 1
