"""The PDF from --pdf, read by tools that are not ours: tagged, in bokmål, titled, with bookmarks and TOC pages.

pdfinfo and pdffonts (poppler) and pikepdf (qpdf) read the PDF LibreOffice made; the
headings, title and subject to expect come from the Word file built beside it, so the checks
follow the template without depending on its wording.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from agreement_builder.cli import build_agreement
from agreement_builder.pdf import find_soffice, find_uno_python

pikepdf = pytest.importorskip("pikepdf")

TOOLS = ("pdftotext", "pdfinfo", "pdffonts")
if not (find_soffice() and all(shutil.which(tool) for tool in TOOLS) and find_uno_python(find_soffice())):
    if os.environ.get("CI"):
        raise RuntimeError("CI must have LibreOffice, python3-uno and poppler-utils (.ci/run installs them)")
    pytest.skip("LibreOffice (soffice with uno) or poppler-utils is not installed", allow_module_level=True)

HEADING_LEVELS = {"Heading 1": 1, "Heading 2": 2, "Heading 3": 3}
TOC_LINE = re.compile(r"^\s*(?P<text>\S.*?)\s*\.{4,}\s*(?P<page>\d+)\s*$")
LEADING_NUMBER = re.compile(r"^\d+(\.\d+)*\.?\s+")


@pytest.fixture(scope="module")
def built(tmp_path_factory, example_path) -> Path:
    """The example built with --pdf: the .docx beside its PDF."""
    output = tmp_path_factory.mktemp("tilgjengelig") / "avtale.docx"
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(output), "--pdf"])
    assert result.exit_code == 0, result.output
    return output


@pytest.fixture(scope="module")
def pdf(built):
    with pikepdf.open(built.with_suffix(".pdf")) as document:
        yield document


@pytest.fixture(scope="module")
def headings(built) -> list[tuple[int, str]]:
    """(level, text) of every heading in the Word file, in order."""
    document = docx.Document(str(built))
    return [(HEADING_LEVELS[paragraph.style.name], paragraph.text.strip()) for paragraph in document.paragraphs
            if paragraph.style.name in HEADING_LEVELS and paragraph.text.strip()]


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _plain(title: str) -> str:
    return " ".join(LEADING_NUMBER.sub("", str(title)).split())


def test_pdfinfo_says_tagged_and_shows_the_documents_title(built):
    info = dict(line.split(":", 1) for line in _run("pdfinfo", str(built.with_suffix(".pdf"))).splitlines()
                if ":" in line)
    properties = docx.Document(str(built)).core_properties
    assert info["Tagged"].strip() == "yes"
    assert properties.title and info["Title"].strip() == properties.title
    assert properties.subject and info["Subject"].strip() == properties.subject
    keywords = [keyword.strip() for keyword in properties.keywords.split(";")]
    assert [keyword.strip() for keyword in info["Keywords"].split(",")] == keywords, "kept whole, not split at spaces"


def test_language_is_bokmal_and_the_window_shows_the_title(pdf):
    assert str(pdf.Root.Lang) == "nb-NO"
    assert pdf.Root.MarkInfo.Marked is True
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True


def _structure_types(node, counts: Counter) -> Counter:
    if isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            counts[str(node.S)] += 1
        node = node.get("/K")
    if isinstance(node, pikepdf.Array):
        for child in node:
            _structure_types(child, counts)
    elif isinstance(node, pikepdf.Dictionary):
        _structure_types(node, counts)
    return counts


def test_structure_tree_has_the_headings_tables_and_contents(pdf, built, headings):
    types = _structure_types(pdf.Root.StructTreeRoot, Counter())
    for level in (1, 2, 3):
        assert types[f"/H{level}"] == sum(1 for found, _ in headings if found == level), level
    assert types["/Table"] == len(docx.Document(str(built)).tables)
    assert types["/TH"] > 0, "header rows are marked as header cells"
    assert types["/TOC"] == 1 and types["/TOCI"] == len(headings)
    assert types["/Link"] >= len(headings), "each TOC entry links to its heading"


def _outline(items, depth: int = 1):
    for item in items:
        yield depth, _plain(item.title)
        yield from _outline(item.children, depth + 1)


def test_bookmarks_are_the_headings_in_their_levels(pdf, headings):
    with pdf.open_outline() as outline:
        bookmarks = list(_outline(outline.root))
    assert bookmarks == [(level, _plain(text)) for level, text in headings]


def _toc_lines(pages: list[str]) -> list[tuple[str, int]]:
    return [(_plain(match["text"]), int(match["page"])) for page in pages for line in page.splitlines()
            if (match := TOC_LINE.match(line))]


def test_toc_page_numbers_are_the_pages_the_headings_are_on(built, headings):
    pages = _run("pdftotext", "-layout", str(built.with_suffix(".pdf")), "-").split("\f")
    entries = _toc_lines(pages)
    assert [text for text, _ in entries] == [_plain(text) for _, text in headings]
    for text, page in entries:
        lines = [_plain(line) for line in pages[page - 1].splitlines() if not TOC_LINE.match(line)]
        assert text in lines, (text, page)


def test_the_word_file_shows_the_same_page_numbers(built, headings):
    xml = zipfile.ZipFile(built).read("word/document.xml").decode("utf-8")
    shown = re.findall(r"PAGEREF (_Toc\d+) \\h </w:instrText>.*?<w:t[^>]*>(\d+)</w:t>", xml)
    pdf_pages = [page for _, page in _toc_lines(
        _run("pdftotext", "-layout", str(built.with_suffix(".pdf")), "-").split("\f"))]
    assert [int(page) for _, page in shown] == pdf_pages
    assert len({anchor for anchor, _ in shown}) == len(headings)
    assert re.search(r"<w:instrText[^>]*> TOC ", xml), "the TOC field stays, so Word can update it"


def test_toc_pages_alone_numbers_the_word_file_and_makes_no_pdf(tmp_path, example_path, built):
    output = tmp_path / "avtale.docx"
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(output), "--toc-pages"])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["avtale.docx"]
    numbers = re.compile(r"PAGEREF _Toc\d+ \\h </w:instrText>.*?<w:t[^>]*>(\d+)</w:t>")
    read = [numbers.findall(zipfile.ZipFile(path).read("word/document.xml").decode()) for path in (output, built)]
    assert read[0] and read[0] == read[1]


def test_fonts_are_the_metric_compatible_twins(built):
    if "carlito" not in _run("fc-list").lower():
        if os.environ.get("CI"):
            raise RuntimeError("CI must have fonts-crosextra-carlito (.ci/run installs it)")
        pytest.skip("Carlito (fonts-crosextra-carlito) is not installed")
    fonts = [line.split()[0].split("+")[-1] for line in
             _run("pdffonts", str(built.with_suffix(".pdf"))).splitlines()[2:] if line.strip()]
    assert any(font.startswith("Carlito") for font in fonts), fonts
    assert not [font for font in fonts if font.startswith(("DejaVu", "Calibri"))], fonts
