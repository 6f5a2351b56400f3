"""What the importer reports instead of dropping, and the inputs it refuses (exit 2, one line, no output)."""

from __future__ import annotations

import io
import os
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

from agreement_builder.cli import agreement
from agreement_builder.docx_import import import_document
from agreement_builder.workbook import read_workbook
from fixtures.marked_documents import write_marked


def _run(*args: str):
    return CliRunner().invoke(agreement, ["import", *args])


@pytest.fixture
def marked(tmp_path) -> Path:
    path = tmp_path / "merknader.docx"
    write_marked(path)
    return path


# --- nothing silently dropped ------------------------------------------------------------------------
def test_everything_that_cannot_be_placed_is_listed_with_its_place(marked):
    lines = import_document(marked).report.notice_lines()
    expected = {
        "avsnitt 2 (før første overskrift): tekst før første overskrift": "Fritt avsnitt",
        "avsnitt 4 (under «Bakgrunn»): sporet endring som ikke er godtatt: innsatt": "som ble lagt til",
        "avsnitt 4 (under «Bakgrunn»): sporet endring som ikke er godtatt: slettet": "som ble slettet",
        "avsnitt 5 (under «Bakgrunn»): en kommentar": "Skal dette stå her?",
        "avsnitt 6 (under «Bakgrunn»): en fotnote": "Se veilederen kapittel 3.",
        "avsnitt 7 (under «Bakgrunn»): en tekstboks": "Tekst i boksen",
        "avsnitt 9 (under «Bakgrunn»): skjult tekst": "Skjult tekst.",
        "avsnitt 10 (under «Bakgrunn»): et bilde": "",
        "tabell 2 (under «Hjerneslag»): en tabell med en annen form": "Møte | Tidspunkt",
    }
    for start, text in expected.items():
        assert any(line.startswith(start) and text in line for line in lines), start
    assert len(lines) == len(expected)


def test_a_web_link_comes_in_as_a_typed_link(marked):
    texts = [block.text for block in import_document(marked).agreement.sections[0].blocks]
    assert "Se [veilederen](https://helsedirektoratet.no/veileder)" in texts


def test_inserted_text_is_text_and_deleted_text_is_not(marked):
    result = import_document(marked).agreement
    texts = [block.text for block in result.sections[0].blocks]
    assert texts[0] == "Tekst som ble lagt til"
    assert "Synlig tekst." in texts and not any("Skjult" in text or "slettet" in text for text in texts)
    assert [task.text for task in result.groups[0].tasks] == ["Akutt behandling", "Pasientforløp",
                                                              "Hjemmerehabilitering"]


def test_notices_give_exit_code_1_and_go_on_the_guidance_sheet(marked, tmp_path):
    target = tmp_path / "arbeidsbok.xlsx"
    outcome = _run(str(marked), "-o", str(target))
    assert outcome.exit_code == 1, outcome.output
    assert "Ikke tatt med (9):" in outcome.output
    guidance = [row[0] for row in openpyxl.load_workbook(target)["Veiledning"].iter_rows(values_only=True)]
    assert "Merknader fra importen" in guidance
    assert any(str(text).startswith("avsnitt 6 (under «Bakgrunn»): en fotnote") for text in guidance)


# --- text comes through exactly -----------------------------------------------------------------------
def _document_with(tmp_path: Path, *paragraphs: str) -> Path:
    document = Document()
    document.add_heading("Tittel", 0)
    document.add_heading("Kapittel", 1)
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / "tekst.docx"
    document.save(path)
    return path


def test_text_comes_through_exactly_in_nfc(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Blåbær «på» Ørland – æøå ÆØÅ")
    path = _document_with(tmp_path, decomposed, "Kommunale døgnenhet", "Muskel og skjellet")
    blocks = import_document(path).agreement.sections[0].blocks
    assert [block.text for block in blocks] == ["Blåbær «på» Ørland – æøå ÆØÅ", "Kommunale døgnenhet",
                                                "Muskel og skjellet"]
    assert unicodedata.is_normalized("NFC", blocks[0].text)


def test_text_that_looks_like_a_formula_stays_text_in_the_workbook(tmp_path):
    path = _document_with(tmp_path, "=HYPERLINK(\"http://x\";\"klikk\")", "+47 123", "@sum")
    target = tmp_path / "ut.xlsx"
    assert _run(str(path), "-o", str(target)).exit_code == 0
    sheet = openpyxl.load_workbook(target)["Generelle avsnitt"]
    cells = [sheet.cell(row=row, column=3) for row in range(2, 5)]
    assert [cell.data_type for cell in cells] == ["s", "s", "s"]
    assert [block.text for block in read_workbook(target).agreement.sections[0].blocks][0].startswith("=HYPERLINK")


# --- inputs refused --------------------------------------------------------------------------------------
def _docx_with_document_xml(path: Path, xml: bytes) -> Path:
    buffer = io.BytesIO()
    Document().save(buffer)
    with zipfile.ZipFile(buffer) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, xml if item.filename == "word/document.xml" else old.read(item.filename))
    return path


def _entities(path: Path) -> Path:
    xml = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">'
           b'<!ENTITY ext SYSTEM "file:///etc/passwd">]><w:document xmlns:w="http://schemas.openxmlformats.org/'
           b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&b;&ext;</w:t></w:r></w:p></w:body></w:document>')
    return _docx_with_document_xml(path, xml)


def _zip_bomb(path: Path) -> Path:
    buffer = io.BytesIO()
    Document().save(buffer)
    with zipfile.ZipFile(buffer) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, old.read(item.filename))
        new.writestr("word/media/tom.bin", b"\0" * (40 * 1024 * 1024))
    return path


def _truncated(path: Path) -> Path:
    buffer = io.BytesIO()
    Document().save(buffer)
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    return path


def _encrypted(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptedPackage".encode("utf-16-le"))
    return path


def _writes(data: bytes):
    def write(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return write


BAD_INPUTS = {
    "pdf": (_writes(b"%PDF-1.7\n%..."), "åpne den i Word og lagre som Word-dokument"),
    "text": (_writes(b"bare tekst"), "er ikke et Word-dokument"),
    "empty": (_writes(b""), "filen er tom"),
    "truncated": (_truncated, "skadet"),
    "encrypted": (_encrypted, "kryptert"),
    "entities": (_entities, "dokumenttypedefinisjon"),
    "zip bomb": (_zip_bomb, "mistenkelig sterkt komprimert"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gives_one_line_exit_2_and_no_output(tmp_path, case):
    make, words = BAD_INPUTS[case]
    source = make(tmp_path / "avtale.docx")
    target = tmp_path / "ut" / "arbeidsbok.xlsx"
    outcome = _run(str(source), "-o", str(target))
    assert outcome.exit_code == 2
    assert words in outcome.output and "avtale.docx" in outcome.output
    assert len(outcome.output.strip().splitlines()) == 1 and "Traceback" not in outcome.output
    assert not target.exists()


def test_a_workbook_renamed_to_docx_is_refused(example_path, tmp_path):
    renamed = tmp_path / "avtale.docx"
    renamed.write_bytes(example_path.read_bytes())
    outcome = _run(str(renamed), "-o", str(tmp_path / "ut.xlsx"))
    assert outcome.exit_code == 2 and "er ikke et Word-dokument" in outcome.output


@pytest.mark.parametrize("what", ["missing", "folder"])
def test_a_missing_path_or_a_folder_is_refused(tmp_path, what):
    source = tmp_path / ("finnes-ikke.docx" if what == "missing" else "mappe.docx")
    if what == "folder":
        source.mkdir()
    outcome = _run(str(source), "-o", str(tmp_path / "ut.xlsx"))
    assert outcome.exit_code == 2 and len(outcome.output.strip().splitlines()) == 1


# --- output rules --------------------------------------------------------------------------------------
def test_an_existing_workbook_is_kept_without_overwrite(marked, tmp_path):
    target = tmp_path / "arbeidsbok.xlsx"
    target.write_bytes(b"mitt eget")
    outcome = _run(str(marked), "-o", str(target))
    assert outcome.exit_code == 2 and "--overwrite" in outcome.output
    assert target.read_bytes() == b"mitt eget"
    assert _run(str(marked), "-o", str(target), "--overwrite").exit_code == 1
    assert read_workbook(target).agreement.groups[0].name == "Hjerneslag"


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink"])
def test_the_output_never_lands_on_the_input(marked, tmp_path, how):
    marked = marked.rename(marked.with_suffix(".xlsx"))  # a Word document named like a workbook
    before = marked.read_bytes()
    target = marked
    if how == "symlink":
        target = tmp_path / "lenke.xlsx"
        target.symlink_to(marked)
    elif how == "hardlink":
        target = tmp_path / "hard.xlsx"
        os.link(marked, target)
    outcome = _run(str(marked), "-o", str(target), "--overwrite")
    assert outcome.exit_code == 2 and "er en av filene som leses" in outcome.output
    assert marked.read_bytes() == before


def test_without_output_the_workbook_lands_beside_the_document(marked):
    outcome = _run(str(marked))
    assert outcome.exit_code == 1
    assert marked.with_suffix(".xlsx").is_file()


def test_a_document_without_headings_gives_one_line_and_no_output(tmp_path):
    document = Document()
    document.add_paragraph("Bare brødtekst, ingen overskrifter.")
    document.add_paragraph("Enda et avsnitt med vanlig tekst i.")
    path = tmp_path / "flat.docx"
    document.save(path)
    target = tmp_path / "ny" / "ut.xlsx"
    outcome = _run(str(path), "-o", str(target))
    assert outcome.exit_code == 2 and "fant verken kapitler eller diagnosegrupper" in outcome.output
    assert not target.parent.exists()


def test_facts_from_a_cover_table_and_the_trust_named_in_the_title(tmp_path):
    document = Document()
    document.add_paragraph("Samarbeidsavtale mellom Sykehuset i Vestfold HF og kommunene", style="Title")
    document.add_paragraph("Helsefellesskap Vestfold")
    table = document.add_table(rows=4, cols=2)
    for row, (label, value) in zip(table.rows, (("Versjon", "2.1"), ("Status", "Godkjent"), ("Dato", "01.02.2024"),
                                                 ("Mappe for avtaledokument", "/etc"))):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_heading("Formål", 1)
    document.add_paragraph("Å gi pasientene sammenhengende tjenester.")
    document.add_heading("Bakgrunn", 1)
    document.add_paragraph("Avtalen bygger på helse- og omsorgstjenesteloven.")
    path = tmp_path / "vestfold.docx"
    document.save(path)
    result = import_document(path)
    facts = result.agreement.facts
    assert [line for line in result.report.notice_lines() if "Mappe for avtaledokument: /etc" in line]
    assert facts.output_folder == ""
    assert (facts.title, facts.version, facts.status.value, facts.date.isoformat()) == (
        "Samarbeidsavtale mellom Sykehuset i Vestfold HF og kommunene", "2.1", "Godkjent", "2024-02-01")
    assert (facts.helsefellesskap, facts.hospital_trust) == ("Helsefellesskap Vestfold", "Sykehuset i Vestfold HF")
    assert [block.text for block in facts.texts["purpose"]] == ["Å gi pasientene sammenhengende tjenester."]
    assert list(facts.texts) == ["purpose"]


def test_the_report_never_prints_control_characters_from_the_document(tmp_path):
    hostile = "Før\u009b2J\u202eetter\u200b"
    path = _document_with(tmp_path, "Vanlig tekst.")
    document = Document(str(path))
    document.add_comment(document.paragraphs[-1].runs, text=hostile, author="X")
    document.add_heading(f"Kapittel {hostile}", 1)
    document.add_paragraph("Mer tekst.")
    document.save(path)
    outcome = _run(str(path), "-o", str(tmp_path / "ut.xlsx"))
    assert outcome.exit_code == 1
    assert "Før2Jetter" in outcome.output
    assert not any(char in outcome.output for char in "\u009b\u202e\u200b\x1b")


def test_a_word_table_of_contents_is_left_out_and_said(tmp_path):
    from docx.oxml import parse_xml

    path = _document_with(tmp_path, "Innholdet i kapitlet.")
    document = Document(str(path))
    toc = parse_xml(
        '<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:sdtPr><w:docPartObj>'
        '<w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent>'
        '<w:p><w:r><w:t>Innholdsfortegnelse</w:t></w:r></w:p>'
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \\o "1-3" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Kapittel 2</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>Bakgrunn 3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        '</w:sdtContent></w:sdt>')
    document.paragraphs[1]._p.addnext(toc)
    document.save(path)
    result = import_document(path)
    assert [block.text for block in result.agreement.sections[0].blocks] == ["Innholdet i kapitlet."]
    assert "Innholdsfortegnelsen er hoppet over." in result.report.info and result.report.notices == []


def test_text_inside_content_controls_smart_tags_fields_and_insertions_is_read(tmp_path):
    """python-docx's Paragraph.text drops most of this; the importer reads what Word shows."""
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    path = _document_with(tmp_path, "")
    document = Document(str(path))
    paragraph = document.paragraphs[-1]._p
    for xml in (f'<w:sdt {w}><w:sdtContent><w:r><w:t xml:space="preserve">Ansvar: </w:t></w:r></w:sdtContent></w:sdt>',
                f'<w:smartTag {w} w:element="place"><w:r><w:t xml:space="preserve">Hamar </w:t></w:r></w:smartTag>',
                f'<w:fldSimple {w} w:instr=" DOCPROPERTY X "><w:r><w:t xml:space="preserve">og </w:t></w:r>'
                '</w:fldSimple>',
                f'<w:ins {w} w:id="1" w:author="A"><w:r><w:t xml:space="preserve">Gjøvik</w:t></w:r></w:ins>',
                f'<w:del {w} w:id="2" w:author="A"><w:r><w:delText> og Elverum</w:delText></w:r></w:del>',
                f'<w:r {w}><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r {w}><w:instrText> REF tekst </w:instrText></w:r>',
                f'<w:r {w}><w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r {w}><w:t>.</w:t></w:r>', f'<w:r {w}><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph.append(parse_xml(xml))
    document.save(path)
    assert Document(str(path)).paragraphs[-1].text != "Ansvar: Hamar og Gjøvik."
    result = import_document(path)
    assert [block.text for block in result.agreement.sections[0].blocks] == ["Ansvar: Hamar og Gjøvik."]
    assert len(result.report.notices) == 2  # the unaccepted insertion and deletion


def test_strict_open_xml_is_read_like_transitional(tmp_path):
    """ISO 29500 Strict uses other namespace names for the same markup."""
    path = _document_with(tmp_path, "Første avsnitt.", "Andre avsnitt.")
    strict = tmp_path / "strict.docx"
    names = {b"http://schemas.openxmlformats.org/wordprocessingml/2006/main":
             b"http://purl.oclc.org/ooxml/wordprocessingml/main",
             b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
             b"http://purl.oclc.org/ooxml/officeDocument/relationships"}
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(strict, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            for transitional, strict_name in names.items():
                data = data.replace(transitional, strict_name)
            new.writestr(item, data)
    assert b"purl.oclc.org" in zipfile.ZipFile(strict).read("word/document.xml")
    assert import_document(strict).agreement == import_document(path).agreement


def test_an_unreadable_file_gives_one_line(marked, tmp_path, monkeypatch):
    import agreement_builder.docx_import as importer

    def refuse(path):
        raise PermissionError(13, "Ingen tilgang")

    monkeypatch.setattr(importer, "file_kind", refuse)
    outcome = _run(str(marked), "-o", str(tmp_path / "ut.xlsx"))
    assert outcome.exit_code == 2 and "merknader.docx: filen kan ikke leses (Ingen tilgang)" in outcome.output


def test_a_paragraph_longer_than_a_cell_is_split_and_said(tmp_path):
    long_text = " ".join(f"ord{number}" for number in range(8000))  # about 55,000 characters
    path = _document_with(tmp_path, long_text)
    target = tmp_path / "ut.xlsx"
    outcome = _run(str(path), "-o", str(target))
    assert outcome.exit_code == 1 and "for langt for én celle og er delt i 2" in outcome.output
    blocks = read_workbook(target).agreement.sections[0].blocks
    assert " ".join(block.text for block in blocks) == long_text
    assert all(len(block.text) <= 32_767 for block in blocks)


def test_more_groups_than_a_workbook_can_hold_is_refused(tmp_path, monkeypatch):
    import dataclasses

    import agreement_builder.docx_import as importer

    monkeypatch.setattr(importer, "LIMITS", dataclasses.replace(importer.LIMITS, sheets=8))
    path = _document_with(tmp_path, "Tekst.")
    document = Document(str(path))
    document.add_heading("Kategori", 1)
    for name in ("KOLS", "Diabetes"):
        document.add_heading(name, 2)
        table = document.add_table(rows=2, cols=2)
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Sykehuset", "Kommunen"
        table.rows[1].cells[0].text = "Oppgave"
    document.save(path)
    outcome = _run(str(path), "-o", str(tmp_path / "ut.xlsx"))
    assert outcome.exit_code == 2 and "2 diagnosegrupper – flere enn en arbeidsbok kan holde (grensen er 1)" \
        in outcome.output
    assert not (tmp_path / "ut.xlsx").exists()


def test_groups_under_no_heading_get_a_category_to_rename_and_the_workbook_reads_back(tmp_path):
    document = Document()
    document.add_heading("KOLS", 1)
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Sykehuset", "Felles", "Kommunen")):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("Spirometri", "Pasientforløp", "Fastlege")):
        cell.text = text
    path = tmp_path / "uten-kategori.docx"
    document.save(path)
    target = tmp_path / "ut.xlsx"
    outcome = _run(str(path), "-o", str(target))
    assert outcome.exit_code == 1 and "er lagt i «Uten kategori» – gi kategorien et navn" in outcome.output
    agreement = read_workbook(target).agreement
    assert [(group.name, group.category, len(group.tasks)) for group in agreement.groups] == [
        ("KOLS", "Uten kategori", 3)]


def _random_document(path: Path, seed: int) -> None:
    """A document of random headings, paragraphs, lists and tables, some of them task tables."""
    import random

    rng = random.Random(seed)
    words = ["KOLS", "Kommunen", "Sykehuset", "Felles", "• punkt", "1. nummer", "=SUM(A1)", "«sitat»", "æøå",
             "Spesialisthelsetjenesten", "Begge", "", "4.1 Tittel", "x", "Oppgave med\nlinjeskift"]
    document = Document()
    for _ in range(rng.randint(1, 25)):
        choice = rng.random()
        if choice < 0.3:
            document.add_heading(" ".join(rng.sample(words, 2)).strip() or "Overskrift", rng.randint(0, 4))
        elif choice < 0.6:
            style = rng.choice([None, "List Bullet", "List Number"])
            document.add_paragraph(" ".join(rng.sample(words, 3)), style=style)
        else:
            rows, cols = rng.randint(1, 5), rng.randint(1, 4)
            table = document.add_table(rows=rows, cols=cols)
            for row in table.rows:
                for cell in row.cells:
                    cell.text = rng.choice(words)
            if rows > 1 and cols > 1 and rng.random() < 0.3:
                table.cell(0, 0).merge(table.cell(0, cols - 1))
    document.save(path)


@pytest.mark.parametrize("seed", range(25))
def test_any_document_gives_a_readable_workbook_or_one_line(tmp_path, seed):
    path = tmp_path / f"tilfeldig-{seed}.docx"
    _random_document(path, seed)
    target = tmp_path / "ut.xlsx"
    outcome = _run(str(path), "-o", str(target))
    assert outcome.exit_code in (0, 1, 2), outcome.output
    assert "uventet feil" not in outcome.output and "Traceback" not in outcome.output
    if outcome.exit_code == 2:
        assert len(outcome.output.strip().splitlines()) == 1 and not target.exists()
    else:
        read_workbook(target)  # the tool can read what it wrote


def test_a_field_that_never_ends_is_reported(tmp_path):
    from docx.oxml import parse_xml

    path = _document_with(tmp_path, "Før feltet.", "Etter feltet.")
    document = Document(str(path))
    document.paragraphs[2]._p.append(parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:fldChar w:fldCharType="begin"/></w:r>'))
    document.save(path)
    lines = import_document(path).report.notice_lines()
    expected = "avsnitt 3 (under «Kapittel»): et felt i dokumentet er ikke avsluttet"
    assert any(line.startswith(expected) for line in lines)
