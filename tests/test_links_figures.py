"""Links and figures: typed in cells, Excel hyperlinks and placed pictures become real hyperlinks and pictures.

Workbooks are edited copies of the example (openpyxl for values and hyperlinks, the package edited by
hand for placed pictures); documents are built and reopened as packages.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from agreement_builder.docx_import import import_document
from agreement_builder.links import figure_line, refused_links, spans, typed_link, urls
from agreement_builder.model import FigureProblem
from agreement_builder.validation import validate
from agreement_builder.workbook import read_workbook
from agreement_builder.workbook.images import IMAGE_BYTES, file_figure
from conftest import group_sheet
from fixtures.import_checks import build
from fixtures.media import place_picture, png, png_header

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
GUIDELINE = "https://www.helsedirektoratet.no/veiledere/rehabilitering-habilitering-individuell-plan-og-koordinator"
PLAN = ("https://www.regjeringen.no/contentassets/d64fc8298e1e400fb7d33511b34cb382/no/sved/"
        "opptrappingsplanrehabilitering.pdf")
GROUP = "Hjerneslag - milde og moderate"


# --- reading the typed forms -----------------------------------------------------------------
def plain_text(text: str) -> str:
    """``text`` as it reads in the document: typed links show only their text."""
    return "".join(span.text for span in spans(text))


def test_bare_addresses_become_links_without_the_punctuation_around_them():
    text = "Se veilederen (https://www.helsedirektoratet.no/veiledere/x), eller skriv til mailto:post@sykehuset.no."
    assert urls(text) == ["https://www.helsedirektoratet.no/veiledere/x", "mailto:post@sykehuset.no"]
    assert plain_text(text) == text.replace("mailto:", "")


def test_typed_links_show_their_text():
    parts = spans("Les [veilederen](https://example.no/a_(b)) først.")
    assert [(part.text, part.url) for part in parts] == [
        ("Les ", ""), ("veilederen", "https://example.no/a_(b)"), (" først.", "")]


@pytest.mark.parametrize("target", ["file:///C:/Dokumenter/avtale.docx", "javascript:alert(1)", "ftp://x.no/a",
                                    "veileder.pdf", "https:///etc/passwd", "\\\\server\\deling"])
def test_other_targets_never_become_links(target):
    text = f"Se [dette]({target})."
    assert urls(text) == []
    assert plain_text(text) == "Se dette."


def test_refused_links_name_text_and_target():
    assert refused_links("[a](https://x.no) [b](file:///c)") == [("b", "file:///c")]


def test_a_figure_is_a_line_of_its_own():
    assert figure_line(" ![Rehabiliteringspyramiden](bilder/pyramide.png) ").target == "bilder/pyramide.png"
    assert figure_line("Se ![x](a.png) her") is None


def test_typed_link_keeps_bare_addresses_bare():
    assert typed_link(GUIDELINE, GUIDELINE) == GUIDELINE
    assert typed_link("Veileder", GUIDELINE) == f"[Veileder]({GUIDELINE})"


# --- image files -------------------------------------------------------------------------------
def test_an_image_file_in_the_folder_is_read_with_its_size(tmp_path):
    (tmp_path / "bilder").mkdir()
    (tmp_path / "bilder" / "pyramide.png").write_bytes(png(120, 80))
    figure = file_figure(tmp_path, "bilder\\pyramide.png", "Pyramiden")
    assert (figure.problem, figure.media_type, figure.width, figure.height) == (None, "image/png", 120, 80)


@pytest.mark.parametrize("target, problem", [
    ("finnes-ikke.png", FigureProblem.MISSING),
    ("../utenfor.png", FigureProblem.OUTSIDE),
    ("bilder/../../utenfor.png", FigureProblem.OUTSIDE),
    ("/etc/passwd", FigureProblem.OUTSIDE),
    ("C:/Users/x/bilde.png", FigureProblem.OUTSIDE),
    ("lenke-ut.png", FigureProblem.OUTSIDE),
    ("tekst.png", FigureProblem.NOT_IMAGE),
    ("mappe", FigureProblem.MISSING),
    ("kjempestor.png", FigureProblem.TOO_MANY_PIXELS),
    ("tung.png", FigureProblem.TOO_LARGE),
])
def test_image_files_that_are_refused(tmp_path, target, problem):
    folder = tmp_path / "arbeidsbok"
    folder.mkdir()
    (tmp_path / "utenfor.png").write_bytes(png())
    os.symlink(tmp_path / "utenfor.png", folder / "lenke-ut.png")
    (folder / "tekst.png").write_text("<svg>ikke et bilde</svg>")
    (folder / "mappe").mkdir()
    (folder / "kjempestor.png").write_bytes(png_header(20_000, 20_000))
    (folder / "tung.png").write_bytes(png() + b"\0" * IMAGE_BYTES)
    figure = file_figure(folder, target, "alt")
    assert figure.problem is problem
    assert figure.data == b""


# --- workbook → model → document ------------------------------------------------------------------
@pytest.fixture(scope="module")
def linked_workbook(tmp_path_factory) -> Path:
    """The example with a typed link, an Excel hyperlink, a figure named in a cell and a picture on a sheet."""
    import openpyxl

    from conftest import EXAMPLE

    folder = tmp_path_factory.mktemp("lenker")
    (folder / "bilder").mkdir()
    (folder / "bilder" / "pyramide.png").write_bytes(png(300, 200, (200, 80, 40)))
    book = openpyxl.load_workbook(EXAMPLE)
    sections = book["Generelle avsnitt"]
    row = sections.max_row + 1
    sections.cell(row, 3, "Les [veiledningen fra Helsedirektoratet](https://www.helsedirektoratet.no/veiledning) "
                          "og skriv til mailto:rehabilitering@sykehuset-innlandet.no.")
    sections.cell(row + 1, 3, "![Rehabiliteringspyramiden i Gjøvik](bilder/pyramide.png)")
    sections.cell(row + 2, 3, "Se [skjemaet](file:///C:/Skjema/skjema.docx).")
    group = group_sheet(book, GROUP)
    cell = next(cell for cell in group["D"][4:] if cell.value)
    cell.hyperlink = "https://www.nhi.no/hjerneslag"
    group["A5"].hyperlink = "file:///C:/hemmelig.txt"
    path = folder / "lenker.xlsx"
    book.save(path)
    place_picture(path, group.title, png(64, 48), row=8, col=4, name="Figur 1",
                  descr="Forløpet etter hjerneslag")
    return path


@pytest.fixture(scope="module")
def linked(linked_workbook):
    return read_workbook(linked_workbook)


@pytest.fixture(scope="module")
def linked_document(linked, tmp_path_factory) -> Path:
    return build(linked.agreement, tmp_path_factory.mktemp("dok") / "avtale.docx")


def _document(path: Path):
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
        media = {name: package.read(name) for name in package.namelist() if name.startswith("word/media/")}
    targets = {rel.get("Id"): (rel.get("Target"), rel.get("TargetMode")) for rel in rels}
    return body, targets, media


def _hyperlinks(path: Path) -> dict[str, str]:
    """Shown text → target of every hyperlink in the body; every target external."""
    body, targets, _ = _document(path)
    found = {}
    for link in body.iter(f"{{{W}}}hyperlink"):
        if link.get(f"{{{W}}}anchor"):  # the table of contents
            continue
        target, mode = targets[link.get(f"{{{R}}}id")]
        assert mode == "External"
        found["".join(link.itertext())] = target
    return found


def test_excel_hyperlinks_and_typed_links_are_read_into_the_typed_form(linked):
    agreement = linked.agreement
    texts = [block.text for section in agreement.sections for block in section.blocks]
    assert any("[veiledningen fra Helsedirektoratet](https://www.helsedirektoratet.no/veiledning)" in text
               for text in texts)
    group = next(group for group in agreement.groups if group.name == GROUP)
    assert any("](https://www.nhi.no/hjerneslag)" in block.text for block in group.recommendation)
    assert not any("hemmelig" in task.text for task in group.tasks)
    refused = [notice for notice in linked.notices if notice.code == "link-refused"]
    assert [str(notice.ref) for notice in refused] == [f"'{group.ref.sheet}'!A5"]
    assert "«file:»" in refused[0].message()


def test_figures_are_read_from_the_folder_and_from_the_sheet(linked):
    agreement = linked.agreement
    figures = [block.figure for section in agreement.sections for block in section.blocks if block.figure]
    assert [(f.alt, f.width, f.height, f.problem) for f in figures] == [
        ("Rehabiliteringspyramiden i Gjøvik", 300, 200, None)]
    group = next(group for group in agreement.groups if group.name == GROUP)
    placed = [block for block in group.recommendation if block.figure]
    assert [(b.figure.alt, b.figure.source, b.figure.width, str(b.ref)) for b in placed] == [
        ("Forløpet etter hjerneslag", "Figur 1", 64, f"'{group.ref.sheet}'!E9")]


def test_links_typed_in_a_cell_and_excel_hyperlinks_are_real_hyperlinks(linked_document):
    links = _hyperlinks(linked_document)
    assert links["veiledningen fra Helsedirektoratet"] == "https://www.helsedirektoratet.no/veiledning"
    assert links["rehabilitering@sykehuset-innlandet.no"] == "mailto:rehabilitering@sykehuset-innlandet.no"
    assert "https://www.nhi.no/hjerneslag" in links.values()
    assert not any(target.startswith(("file:", "javascript:")) for target in links.values())


def test_a_refused_link_shows_its_text_only(linked_document):
    body, _, _ = _document(linked_document)
    text = "".join(body.itertext())
    assert "Se skjemaet." in text
    assert "file:" not in text and "hemmelig" not in text


def test_pictures_are_in_word_media_with_their_alt_text(linked_document, linked_workbook):
    body, targets, media = _document(linked_document)
    pictures = {}
    for inline in body.iter(f"{{{WP}}}inline"):
        embed = next(inline.iter(f"{{{A}}}blip")).get(f"{{{R}}}embed")
        pictures[inline.find(f"{{{WP}}}docPr").get("descr")] = media["word/" + targets[embed][0]]
    assert pictures == {"Rehabiliteringspyramiden i Gjøvik": png(300, 200, (200, 80, 40)),
                        "Forløpet etter hjerneslag": png(64, 48)}
    ids = [element.get("id") for element in body.iter(f"{{{WP}}}docPr")]
    assert len(ids) == len(set(ids))


def test_the_refusals_are_findings(linked):
    report = validate(linked.agreement)
    codes = [finding.code for finding in report.findings]
    assert codes.count("link-target-refused") == 1


def test_a_figure_without_alt_text_is_warned_about_and_still_shown(linked_workbook, tmp_path):
    copy = tmp_path / "uten-alt.xlsx"
    copy.write_bytes(linked_workbook.read_bytes())
    (tmp_path / "bilder").mkdir()
    (tmp_path / "bilder" / "pyramide.png").write_bytes(png())
    place_picture(copy, "Generelle avsnitt", png(10, 10), row=3, col=2, name="Bilde 7")
    agreement = read_workbook(copy).agreement
    findings = [f for f in validate(agreement).findings if f.code == "figure-alt-missing"]
    assert [f.message() for f in findings] == [
        "Figuren «Bilde 7» mangler alternativ tekst – skriv en kort beskrivelse mellom hakeparentesene: "
        "![beskrivelse](Bilde 7), eller i bildets beskrivelse (alternativ tekst) i Excel"]
    _, _, media = _document(build(agreement, tmp_path / "avtale.docx"))
    assert png(10, 10) in media.values()


def test_a_missing_image_file_leaves_nothing_in_the_document(linked_workbook, tmp_path):
    copy = tmp_path / "uten-bilde.xlsx"  # the folder has no bilder/pyramide.png
    copy.write_bytes(linked_workbook.read_bytes())
    agreement = read_workbook(copy).agreement
    findings = [f for f in validate(agreement).findings if f.code == "figure-file-missing"]
    assert [(f.message(), str(f.ref)) for f in findings] == [
        ("Fant ikke bildefilen «bilder/pyramide.png» i mappen til arbeidsboken – figuren er utelatt",
         f"'Generelle avsnitt'!C{findings[0].ref.cell[1:]}")]
    body, _, media = _document(build(agreement, tmp_path / "avtale.docx"))
    assert len(media) == 1  # only the picture placed on the group sheet
    assert "pyramide" not in "".join(body.itertext())


# --- the example and the round trip -------------------------------------------------------------
def test_the_example_has_its_two_links_back(example, tmp_path):
    links = _hyperlinks(build(example, tmp_path / "innlandet.docx"))
    assert links == {GUIDELINE: GUIDELINE, PLAN: PLAN}


def test_links_come_back_from_the_document_in_the_typed_form(linked, linked_document):
    imported = import_document(linked_document).agreement
    texts = "\n".join(block.text for section in imported.sections for block in section.blocks)
    assert "[veiledningen fra Helsedirektoratet](https://www.helsedirektoratet.no/veiledning)" in texts
    assert "mailto:rehabilitering@sykehuset-innlandet.no" in texts
    group = next(group for group in imported.groups if group.name == GROUP)
    original = next(group for group in linked.agreement.groups if group.name == GROUP)
    linked_text = next(b.text for b in original.recommendation if "nhi.no" in b.text)
    assert linked_text in [block.text for block in group.recommendation]


def test_a_url_change_is_a_change_for_diff_and_textconv(example):
    import dataclasses

    from agreement_builder.diff import diff
    from agreement_builder.diff.textconv import textconv_lines

    section = next(s for s in example.sections if s.heading == "Generelt")
    block = section.blocks[0]
    changed_block = dataclasses.replace(block, text=block.text.replace(PLAN, PLAN.replace(".pdf", "-2.pdf")))
    changed = dataclasses.replace(example, sections=tuple(
        dataclasses.replace(s, blocks=(changed_block, *s.blocks[1:])) if s is section else s
        for s in example.sections))
    assert set(textconv_lines(example)) != set(textconv_lines(changed))
    assert diff(example, changed)


def test_no_stray_placeholders_are_left(linked_document):
    with zipfile.ZipFile(linked_document) as package:
        xml = package.read("word/document.xml").decode()
    assert not re.search(r"abLink|abFigure", xml)


def test_a_workbook_saved_by_libreoffice_keeps_its_links_and_pictures(linked_workbook, linked, tmp_path):
    import shutil
    import subprocess

    from agreement_builder.pdf import find_soffice

    if not find_soffice():
        pytest.skip("LibreOffice (soffice) is not installed")
    shutil.copytree(linked_workbook.parent / "bilder", tmp_path / "bilder")
    subprocess.run([find_soffice(), f"-env:UserInstallation={(tmp_path / 'profil').as_uri()}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path), str(linked_workbook)],
                   check=True, capture_output=True, timeout=120)
    saved = read_workbook(tmp_path / linked_workbook.name).agreement

    def media(agreement):
        return sorted((block.text, block.figure.data if block.figure else b"")
                      for section in agreement.sections for block in section.blocks if "](" in block.text) + sorted(
            (block.text, block.figure.data if block.figure else b"")
            for group in agreement.groups for block in group.recommendation if "](" in block.text)

    assert media(saved) == media(linked.agreement)


def test_links_in_the_facts_texts_are_hyperlinks_too(example, tmp_path):
    import dataclasses

    from agreement_builder.model import Block

    purpose = (Block("Se [veilederen](https://www.helsedirektoratet.no/veiledere/rehabilitering)."),)
    facts = dataclasses.replace(example.facts, texts={**example.facts.texts, "purpose": purpose})
    path = build(dataclasses.replace(example, facts=facts), tmp_path / "formål.docx")
    assert _hyperlinks(path)["veilederen"] == "https://www.helsedirektoratet.no/veiledere/rehabilitering"
    body, _, _ = _document(path)
    assert "[veilederen]" not in "".join(body.itertext())
