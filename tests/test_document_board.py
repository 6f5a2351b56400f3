"""A board-ready document: it says what the workbook says, in the form a board and the public expect.

Each test reopens a built .docx and checks one promise: no findings, no facts the workbook does
not give, numbered headings from Word's own list, repeated table headers, language and
properties, no empty spacing paragraphs, one or many municipalities, switchable chapters.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
from pathlib import Path

import docx
from docx.text.paragraph import Paragraph
import pytest
from lxml import etree

from agreement_builder.law.sources import legal_sources
from agreement_builder.model import AgreementStatus, Block, CoverageStatus, Section
from agreement_builder.render import DEFAULT_TEMPLATE, render_agreement
from agreement_builder.validation import validate
from docx_reading import all_text, body_items

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
FINDINGS_WORDS = ("Kontrollen fant", "oppfyller ennå ikke", "minimumskravene", "advarsler", "merknader –")
UNGIVEN_CLAIMS = ("delavtale under", "underskrevet av partene", "overordnede samarbeidsavtale")


def _build(agreement, folder: Path, name: str = "avtale.docx", **options) -> Path:
    return render_agreement(agreement, folder / name, report=validate(agreement), **options)


def _with_facts(agreement, **changes):
    return dataclasses.replace(agreement, facts=dataclasses.replace(agreement.facts, **changes))


@pytest.fixture(scope="module")
def built(tmp_path_factory, example) -> Path:
    return _build(example, tmp_path_factory.mktemp("board"))


def _xml(path: Path, part: str):
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(part))


def _headings(path: Path) -> list[tuple[str, str]]:
    return [(item.style.name, item.text) for item in body_items(path)
            if isinstance(item, Paragraph) and item.style.name.startswith("Heading")]


# --- what the document says ----------------------------------------------------------------------
def test_no_findings_anywhere_in_the_document(built, example):
    assert validate(example).findings  # the example has findings; none of them reaches the document
    text = all_text(built) + "\n".join(p.text for s in docx.Document(str(built)).sections for p in s.header.paragraphs)
    for words in FINDINGS_WORDS + ("UTKAST",):
        assert words not in text, words


def test_the_draft_mark_follows_the_status_or_the_request(example, tmp_path):
    drafted = _build(_with_facts(example, status=AgreementStatus.DRAFT), tmp_path, "utkast.docx")
    asked = _build(example, tmp_path, "bedt.docx", draft=True)
    approved = _build(_with_facts(example, status=AgreementStatus.APPROVED), tmp_path, "godkjent.docx")
    for path in (drafted, asked):
        document = docx.Document(str(path))
        assert [p.text for p in document.paragraphs if p.style.name == "Utkastmerknad"] == ["UTKAST"]
        assert document.sections[0].header.paragraphs[0].text.endswith("– UTKAST")
    assert "UTKAST" not in all_text(approved)


def test_standard_text_claims_nothing_the_workbook_does_not_give(built, example):
    text = all_text(built)
    for claim in UNGIVEN_CLAIMS:
        assert claim not in text, claim
    assert example.facts.valid_from is None and "gjelder fra" not in text
    cover = docx.Document(str(built)).tables[0]
    labels = [row.cells[0].text for row in cover.rows]
    assert labels == ["Dokumenttype", "Behandler § 6-2 nr.", "Versjon", "Status", "Dato"]  # no empty «Hører under»


def test_dates_the_workbook_gives_are_stated(example, tmp_path):
    dated = _with_facts(example, valid_from=dt.date(2021, 1, 1), revise_by=dt.date(2024, 12, 31))
    text = all_text(_build(dated, tmp_path))
    assert "Avtalen gjelder fra 01.01.2021 og til den erstattes av en ny avtale eller sies opp." in text
    assert "Den skal revideres innen 31.12.2024." in text


def test_law_names_come_from_the_checked_list(built):
    text = all_text(built)
    sources = legal_sources()
    assert "forskrift om habilitering og rehabilitering, individuell plan og koordinator" in text
    assert "forskrift om habilitering, rehabilitering og individuell plan" not in text  # the old, wrong title
    for key in ("hol", "sphlsl", "pbrl"):
        assert sources[key].cited in text and sources[key].abbreviation.endswith(".")
    assert all(source.checked for source in sources.values())


def test_statute_table_shows_the_map_as_the_working_group_filled_it(built, example):
    assert example.coverage_of(1).status is CoverageStatus.COVERED
    assert next(r for r in validate(example).coverage if r.point == 1).status is CoverageStatus.PARTIAL
    table = next(t for t in docx.Document(str(built)).tables if t.rows[0].cells[0].text == "Nr.")
    first = [cell.text for cell in table.rows[1].cells]
    assert first[2] == "Behandlet i denne avtalen" and first[4] == example.coverage_of(1).note


def test_no_heading_appears_twice(built, example):
    texts = [text for _, text in _headings(built)]
    assert len(texts) == len(set(texts))
    assert "Bakgrunn" in texts and "Lovgrunnlag" in texts and "Bakgrunn og lovgrunnlag" not in texts
    own = dataclasses.replace(example, sections=example.sections + (Section("Formål", (Block("Vårt eget."),)),))
    headings = [text for _, text in _headings(_build(own, Path(built).parent, "eget.docx"))]
    assert headings.count("Formål") == 1


def test_a_standard_chapter_can_be_replaced_or_switched_off(example, tmp_path):
    texts = {"deviations": (Block("Utelates"),), "legal_basis": (Block("Avtalen bygger på lov X."),),
             "signatures": (Block("-"),)}
    path = _build(_with_facts(example, texts=texts), tmp_path)
    headings = [text for _, text in _headings(path)]
    assert "Avvik" not in headings and "Underskrifter" not in headings and "Lovgrunnlag" in headings
    text = all_text(path)
    assert "Avtalen bygger på lov X." in text and "Utelates" not in text
    assert "Avvik fra avtalen meldes" not in text and "Sted og dato" not in text


# --- one or many municipalities ----------------------------------------------------------------
def test_one_municipality_reads_in_the_singular_and_signs_in_a_two_party_block(example, tmp_path):
    single = dataclasses.replace(example, municipalities=example.municipalities[2:3])
    path = _build(single, tmp_path)
    text = all_text(path)
    assert "Partene i avtalen er Sykehuset Innlandet HF og Lillehammer kommune (kommunenummer 3405)." in text
    assert "kommunene nedenfor" not in text and "1 kommuner" not in text
    signatures = docx.Document(str(path)).tables[-1]
    assert [[cell.text.split("\n") for cell in row.cells] for row in signatures.rows] == [[
        ["Sykehuset Innlandet HF", "Sted og dato", "Underskrift"],
        ["Lillehammer kommune", "Sted og dato", "Underskrift"]]]


def _border_group(paragraph) -> tuple:
    """What Word and LibreOffice compare to join adjacent bordered paragraphs: borders and indents, via the style."""
    style, keys = paragraph.style, []
    while style is not None:
        ppr = style.element.pPr
        keys.append(etree.tostring(ppr.find(f"{W}pBdr")) if ppr is not None and ppr.find(f"{W}pBdr") is not None
                    else b"")
        keys.append(etree.tostring(ppr.find(f"{W}ind")) if ppr is not None and ppr.find(f"{W}ind") is not None
                    else b"")
        style = style.base_style
    return tuple(keys)


def test_each_signature_field_has_its_own_line(built):
    signatures = docx.Document(str(built)).tables[-1]
    place, sign = signatures.rows[0].cells[0].paragraphs[1:3]
    assert (place.text, sign.text) == ("Sted og dato", "Underskrift")
    for paragraph in (place, sign):
        assert any(b"w:top" in key for key in _border_group(paragraph)), paragraph.text
    assert _border_group(place) != _border_group(sign)  # not joined into one box with one line


def test_many_municipalities_are_listed_compactly(built, example):
    parties = next(t for t in docx.Document(str(built)).tables if t.rows[0].cells[0].text == "Kommunenr.")
    assert len(parties.rows) - 1 == -(-len(example.municipalities) // 3)
    assert f"de {len(example.municipalities)} kommunene nedenfor" in all_text(built)


# --- numbered headings ------------------------------------------------------------------------------
def test_heading_styles_are_bound_to_one_multilevel_list(built):
    numbering, styles = _xml(built, "word/numbering.xml"), _xml(built, "word/styles.xml")
    bound = {}
    for level, style_id in enumerate(("Heading1", "Heading2", "Heading3")):
        style = styles.find(f"{W}style[@{W}styleId='{style_id}']")
        num_pr = style.find(f"{W}pPr/{W}numPr")
        assert int(num_pr.find(f"{W}ilvl").get(f"{W}val")) == level
        bound[level] = num_pr.find(f"{W}numId").get(f"{W}val")
    assert len(set(bound.values())) == 1
    num = numbering.find(f"{W}num[@{W}numId='{bound[0]}']")
    abstract = numbering.find(f"{W}abstractNum[@{W}abstractNumId='{num.find(f'{W}abstractNumId').get(f'{W}val')}']")
    levels = {lvl.get(f"{W}ilvl"): lvl for lvl in abstract.findall(f"{W}lvl")}
    for level, style_id, text in ((0, "Heading1", "%1"), (1, "Heading2", "%1.%2"), (2, "Heading3", "%1.%2.%3")):
        assert levels[str(level)].find(f"{W}pStyle").get(f"{W}val") == style_id
        assert levels[str(level)].find(f"{W}lvlText").get(f"{W}val") == text


def test_the_toc_shows_the_numbers_and_keeps_its_field(built):
    body = docx.Document(str(built)).element.body
    assert [n.text.strip() for n in body.iter(f"{W}instrText")][0].startswith("TOC \\o")
    entries = ["".join(t.text for t in link.iter(f"{W}t")) for link in body.iter(f"{W}hyperlink")
               if (link.get(f"{W}anchor") or "").startswith("_Toc")]
    levels = [int(style[-1]) for style, _ in _headings(built)]
    labels = heading_numbers(levels)
    assert entries == [label + text for label, (_, text) in zip(labels, _headings(built))]
    assert "10.1.1" in labels


def heading_numbers(levels):
    """Labels Word shows for headings at ``levels`` (1-based), counted independently of the code under test."""
    counters, labels = [], []
    for level in levels:
        counters = (counters + [0] * level)[:level]
        counters[-1] += 1
        labels.append(".".join(map(str, counters)))
    return labels


# --- accessibility (universell utforming) -------------------------------------------------------------
def test_language_title_and_subject(built):
    document = docx.Document(str(built))
    properties = document.core_properties
    assert properties.language == "nb-NO" and properties.title and properties.subject
    defaults = _xml(built, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert defaults.get(f"{W}val") == "nb-NO"


def test_structure_is_in_heading_styles_and_tables_repeat_their_header(built):
    for item in body_items(built):
        if isinstance(item, Paragraph) and item.text.strip() and item.runs and all(r.bold for r in item.runs):
            assert item.style.name.startswith(("Heading", "Title", "TOC", "Utkast")), item.text
    data_tables = [t for t in docx.Document(str(built)).tables if t.rows[0].cells[0].text in
                   ("Spesialisthelsetjenesten", "Kommunenr.", "Nr.")]
    assert len(data_tables) == 12 + 2
    for table in data_tables:
        assert table.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
        assert all(row._tr.trPr is None or row._tr.trPr.find(f"{W}tblHeader") is None for row in table.rows[1:])


def _empty_paragraphs(path: Path) -> list[str]:
    """Paragraphs with no text, no field, no drawing and no section break, other than a cell's only paragraph."""
    body = _xml(path, "word/document.xml").find(f"{W}body")
    found = []
    for paragraph in body.iter(f"{W}p"):
        if "".join(paragraph.itertext()).strip() or paragraph.find(f".//{W}drawing") is not None \
                or paragraph.find(f"{W}pPr/{W}sectPr") is not None or paragraph.find(f".//{W}fldChar") is not None:
            continue
        parent = paragraph.getparent()
        if parent.tag == f"{W}tc" and len(parent.findall(f"{W}p")) == 1:
            continue
        found.append(etree.tostring(paragraph, encoding="unicode")[:200])
    return found


def test_no_empty_paragraphs_for_spacing(built, example, tmp_path):
    assert _empty_paragraphs(built) == []
    single = dataclasses.replace(example, municipalities=example.municipalities[:1])
    assert _empty_paragraphs(_build(single, tmp_path)) == []


def test_every_figure_has_alt_text(built):
    for path in (built, DEFAULT_TEMPLATE):
        for part in ("word/document.xml", "word/header1.xml"):
            for figure in _xml(path, part).iter(f"{WP}docPr"):
                assert figure.get("descr", "").strip(), figure.get("name")
