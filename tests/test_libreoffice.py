"""LibreOffice, the independent reader: the agreement converts to PDF with everything in it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_builder.cli import build_agreement
from agreement_builder.pdf import find_soffice

ROOT = Path(__file__).resolve().parent.parent

if not (find_soffice() and shutil.which("pdftotext")):
    if os.environ.get("CI"):
        raise RuntimeError("CI must have LibreOffice and pdftotext (.ci/run installs them)")
    pytest.skip("LibreOffice (soffice) or pdftotext is not installed", allow_module_level=True)


def _folded(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pdf_text(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("pdf")
    output = folder / "innlandet.docx"
    result = CliRunner().invoke(build_agreement, [str(ROOT / "workbooks" / "innlandet-rehabilitering.xlsx"),
                                                  "-o", str(output), "--pdf"])
    assert result.exit_code == 0, result.output
    pdf = output.with_suffix(".pdf")
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def body_text(pdf_text, source) -> str:
    """The PDF's text in reading order without running headers and footers, folded."""
    title = source["title"]
    lines = [line for line in pdf_text.replace("\f", "\n").splitlines()
             if line.strip() != title and not re.match(r"\s*Versjon .*Side \d+ av \d+", line)]
    return _folded(" ".join(lines))


def test_every_group_and_recommendation_paragraph_is_in_the_pdf(body_text, source):
    for group in source["diagnosis_groups"]:
        assert _folded(group["name"]) in body_text
        for paragraph in group["recommendation"]:
            assert _folded(paragraph) in body_text, paragraph[:60]


def test_every_task_is_in_the_pdf(tmp_path_factory, source):
    # -layout interleaves the columns of wrapped table cells; the raw stream keeps each cell together.
    pdf = next(tmp_path_factory.getbasetemp().glob("pdf*/innlandet.pdf"))
    raw = _hyphens(_folded(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                          check=True).stdout))
    for group in source["diagnosis_groups"]:
        for tasks in group["tasks"].values():
            for task in tasks:
                assert _hyphens(_folded(task)) in raw, (group["name"], task)


def _hyphens(text: str) -> str:
    """A line may wrap after a hyphen ("protese-" / "bruk"); compare hyphens without the space."""
    return text.replace("- ", "-")


def test_table_of_contents_is_filled_with_page_numbers(pdf_text):
    contents = pdf_text[pdf_text.index("Innhold"):]
    assert re.search(r"Parter\s*\.{5,}\s*\d+", contents)
    assert re.search(r"Hjerneslag - milde og moderate\s*\.{5,}\s*\d+", contents)


def test_page_x_of_y_in_the_footer(pdf_text):
    pages = re.findall(r"Side (\d+) av (\d+)", pdf_text)
    assert pages and all(total == pages[0][1] for _, total in pages)
    assert int(pages[-1][0]) == int(pages[-1][1])


def test_tracked_changes_document_converts(edited, tmp_path, example_path):
    from agreement_builder.cli import agreement
    from agreement_builder.pdf import convert_to_pdf

    from conftest import group_sheet

    def change(book):
        sheet = group_sheet(book, "Hjerneslag - milde og moderate")
        sheet["C5"], sheet["B8"] = None, "Kommunal døgnenhet"

    output = tmp_path / "spor.docx"
    result = CliRunner().invoke(agreement, ["diff", str(example_path), str(edited(change)), "--format", "docx",
                                            "-o", str(output)])
    assert result.exit_code == 1, result.output
    pdfs, _ = convert_to_pdf([output], tmp_path / "pdf", workers=1)
    text = subprocess.run(["pdftotext", str(pdfs[0]), "-"], capture_output=True, text=True, check=True).stdout
    assert "Kommunal døgnenhet" in text and "Hjemmerehabilitering" in text
