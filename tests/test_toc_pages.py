"""TOC page numbers put into the Word file: Word's own shape (PAGEREF fields), the TOC field kept.

No LibreOffice needed here: the numbers are given; tests/test_pdf_accessibility.py checks
the ones LibreOffice measures.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from lxml import etree

from agreement_builder.cli import build_agreement
from agreement_builder.render.toc_pages import fill_toc_pages, fill_toc_xml

PAGEREF = re.compile(r"PAGEREF (_Toc\d+) \\h")


@pytest.fixture(scope="module")
def plain_build(tmp_path_factory, example_path) -> bytes:
    output = tmp_path_factory.mktemp("toc") / "avtale.docx"
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(output)])
    assert result.exit_code == 0, result.output
    return output.read_bytes()


def _document(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def _toc_links(root) -> dict[str, etree._Element]:
    return {link.get(qn("w:anchor")): link for link in root.iter(qn("w:hyperlink"))
            if (link.get(qn("w:anchor")) or "").startswith("_Toc")}


def _shown_numbers(root) -> dict[str, list[str]]:
    """Each TOC entry's PAGEREF targets and the numbers shown after them."""
    shown = {}
    for anchor, link in _toc_links(root).items():
        targets, after_field = [], []
        for node in link.iter(qn("w:instrText"), qn("w:t")):
            if node.tag == qn("w:instrText") and PAGEREF.search(node.text):
                targets.append(PAGEREF.search(node.text).group(1))
            elif node.tag == qn("w:t") and targets:
                after_field.append(node.text)  # the shown page number, after the heading's number and text
        shown[anchor] = targets + after_field
    return shown


def test_the_plain_build_has_no_page_numbers(plain_build):
    root = _document(plain_build)
    assert _toc_links(root), "the pre-filled TOC links its entries to the headings"
    assert not any("PAGEREF" in (node.text or "") for node in root.iter(qn("w:instrText")))


def test_each_entry_gets_a_page_reference_to_its_own_heading(plain_build):
    anchors = list(_toc_links(_document(plain_build)))
    pages = {anchor: number for number, anchor in enumerate(anchors, start=3)}
    root = _document(fill_toc_pages(plain_build, pages))
    assert _shown_numbers(root) == {anchor: [anchor, str(page)] for anchor, page in pages.items()}
    assert any((node.text or "").strip().startswith("TOC ") for node in root.iter(qn("w:instrText")))


def test_a_second_pass_replaces_the_numbers(plain_build):
    anchors = list(_toc_links(_document(plain_build)))
    first = fill_toc_pages(plain_build, dict.fromkeys(anchors, 4))
    second = _document(fill_toc_pages(first, dict.fromkeys(anchors, 12)))
    assert all(shown == [anchor, "12"] for anchor, shown in _shown_numbers(second).items())


def test_links_to_other_places_are_left_alone():
    root = etree.fromstring(
        '<w:body xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:p><w:hyperlink w:anchor="_Toc00000001"><w:r><w:t>Parter</w:t></w:r></w:hyperlink></w:p>'
        '<w:p><w:hyperlink w:anchor="vedlegg"><w:r><w:t>Vedlegg</w:t></w:r></w:hyperlink></w:p></w:body>')
    assert fill_toc_xml(root, {"_Toc00000001": 5, "_Toc00000009": 7}) == 1
    assert list(_toc_links(root)) == ["_Toc00000001"]
    assert "PAGEREF" not in etree.tostring(root.findall(f".//{qn('w:hyperlink')}")[1]).decode()


def test_toc_pages_without_libreoffice_is_one_bokmal_line(example_path, tmp_path, monkeypatch):
    monkeypatch.setattr("agreement_builder.pdf.find_soffice", lambda: None)
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(tmp_path / "a.docx"), "--toc-pages"])
    assert result.exit_code == 2
    assert "krever LibreOffice" in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_without_uno_the_document_is_written_and_the_missing_numbers_are_said(example_path, tmp_path,
                                                                              monkeypatch):
    monkeypatch.setattr("agreement_builder.pdf.require_soffice", lambda: "soffice")
    monkeypatch.setattr("agreement_builder.pdf.find_uno_python", lambda soffice: None)
    output = tmp_path / "a.docx"
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(output), "--toc-pages"])
    assert result.exit_code == 0, result.output
    assert "innholdsfortegnelsen i Word-filen har ikke sidetall" in result.output
    assert _toc_links(_document(output.read_bytes()))
    assert sorted(path.name for path in Path(tmp_path).iterdir()) == ["a.docx"]


# --- numbered headings: the pre-filled TOC shows the numbers Word's list gives them -------------------------
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _numbered_document(formats=("decimal", "decimal", "decimal")):
    """A python-docx document whose Heading 1–3 styles are bound to one multilevel list, with a TOC field."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.part_related_by(RT.NUMBERING).element
    levels = "".join(
        f'<w:lvl w:ilvl="{depth}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:pStyle w:val="Heading{depth + 1}"/>'
        f'<w:lvlText w:val="{".".join(f"%{n}" for n in range(1, depth + 2))}"/></w:lvl>'
        for depth, fmt in enumerate(formats))
    numbering.append(parse_xml(f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="77">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="78"><w:abstractNumId w:val="77"/></w:num>'))
    for depth in range(3):
        properties = document.styles[f"Heading {depth + 1}"].element.get_or_add_pPr()
        properties.append(parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:numId w:val="78"/></w:numPr>'))
    toc = document.add_paragraph()._p
    for xml in ('<w:fldChar w:fldCharType="begin"/>', '<w:instrText> TOC \\o "1-3" \\h </w:instrText>',
                '<w:fldChar w:fldCharType="separate"/>', '<w:t>Oppdater feltet</w:t>',
                '<w:fldChar w:fldCharType="end"/>'):
        toc.append(parse_xml(f'<w:r xmlns:w="{W_NS}">{xml}</w:r>'))
    for level, text in ((1, "Parter"), (2, "Kommunene"), (2, "Helseforetaket"), (1, "Oppgaver"), (2, "Hjerneslag"),
                        (3, "Milde"), (1, "Avvik")):
        document.add_heading(text, level=level)
    return document


def _entries(document) -> list[str]:
    from agreement_builder.render.finish import prefill_toc

    assert prefill_toc(document) == 7
    links = document.element.body.iter(qn("w:hyperlink"))
    return ["".join("\t" if node.tag == qn("w:tab") else node.text for node in link.iter(qn("w:t"), qn("w:tab")))
            for link in links]


def test_numbered_headings_show_their_numbers_in_the_prefilled_toc():
    assert _entries(_numbered_document()) == ["1\tParter", "1.1\tKommunene", "1.2\tHelseforetaket", "2\tOppgaver",
                                              "2.1\tHjerneslag", "2.1.1\tMilde", "3\tAvvik"]


def test_a_list_format_other_than_decimal_gets_no_invented_number():
    assert _entries(_numbered_document(("upperRoman", "decimal", "decimal"))) == [
        "Parter", "Kommunene", "Helseforetaket", "Oppgaver", "Hjerneslag", "Milde", "Avvik"]


# --- the layout loop: filled numbers that move a heading are measured again and corrected ----------------
def test_numbers_that_move_a_heading_are_corrected_before_the_pdf(tmp_path, monkeypatch):
    from agreement_builder.pdf import pages as layout

    document = tmp_path / "a.docx"
    document.write_bytes(b"")
    filled: list[dict] = []
    passes: list[str] = []

    def laid_out(documents, outdir, mode, workers):
        """The first numbers push the last heading onto the next page; after that the layout holds."""
        passes.append(mode)
        moved = bool(filled)
        return {document: {"_Toc1": 3, "_Toc2": 5 if moved else 4}}

    monkeypatch.setattr(layout, "run_libreoffice", laid_out)
    assert layout.number_toc_pages([document], lambda path, pages: filled.append(dict(pages)),
                                   pdf_folder=tmp_path) is True
    assert filled == [{"_Toc1": 3, "_Toc2": 4}, {"_Toc1": 3, "_Toc2": 5}]
    assert passes == ["measure", "pdf", "pdf"], "the PDF kept is the one made from the corrected numbers"
