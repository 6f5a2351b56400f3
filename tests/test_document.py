"""The agreement document: template craft, content, properties, determinism, batch, custom templates."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from agreement_builder.cli import agreement as agreement_cli
from agreement_builder.cli import build_agreement
from agreement_builder.render import DEFAULT_TEMPLATE, build_context
from agreement_builder.render.check import check_template
from agreement_builder.render.context import CONTEXT_DOC
from agreement_builder.validation import validate

from docx_reading import all_text, body_items

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("doc") / "innlandet.docx"
    result = CliRunner().invoke(build_agreement, [str(ROOT / "workbooks" / "innlandet-rehabilitering.xlsx"),
                                                  "-o", str(output)])
    assert result.exit_code == 0, result.output
    return output


def _tables(path):
    return docx.Document(str(path)).tables


def _table_after(path, heading):
    seen = False
    for item in body_items(path):
        if hasattr(item, "text") and item.style.name.startswith("Heading") and item.text == heading:
            seen = True
        elif seen and hasattr(item, "rows"):
            return item
    raise AssertionError(f"no table after {heading}")


# --- the template --------------------------------------------------------------------------------
def test_template_has_the_styles_page_and_language():
    document = docx.Document(str(DEFAULT_TEMPLATE))
    names = {style.name for style in document.styles}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "List Number", "Oppgavetabell",
            "toc 1"} <= names
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    for name in ("Normal", "Heading 1", "List Bullet"):
        lang = document.styles[name].element.rPr.find(f"{W}lang")
        assert lang.get(f"{W}val") == "nb-NO"
    settings = document.settings.element
    assert settings.find(f"{W}updateFields").get(f"{W}val") == "true"


def test_template_header_and_footer_carry_name_version_and_page_x_of_y():
    document = docx.Document(str(DEFAULT_TEMPLATE))
    section = document.sections[0]
    assert "{{ title }}" in section.header.paragraphs[0].text
    footer = section.footer.paragraphs[0]
    instructions = [node.text.strip() for node in footer._p.iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "Versjon {{ version }}" in footer.text and "Side" in footer.text and " av " in footer.text


def test_template_task_table_repeats_its_header_and_never_splits_rows():
    document = docx.Document(str(DEFAULT_TEMPLATE))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Spesialisthelsetjenesten")
    assert table.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
    assert table.rows[2]._tr.trPr.find(f"{W}cantSplit") is not None


def test_shipped_template_is_what_the_script_generates(tmp_path):
    spec = importlib.util.spec_from_file_location("make_template", ROOT / "scripts" / "make_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = tmp_path / "mal.docx"
    module.build_template().save(str(fresh))
    with zipfile.ZipFile(fresh) as new, zipfile.ZipFile(DEFAULT_TEMPLATE) as shipped:
        for part in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/settings.xml"):
            assert new.read(part) == shipped.read(part), f"{part} differs: run python scripts/make_template.py"


# --- the content -------------------------------------------------------------------------------------
def test_title_page_and_chapters(built):
    text = all_text(built)
    for expected in ("Avtale mellom Sykehuset Innlandet HF og 42 kommuner", "Helsefellesskap Innlandet",
                     "Til behandling", "10.12.2020", "Parter", "Lovgrunnlag", "Formål", "Virkeområde",
                     "Minimumsinnholdet etter § 6-2", "Avvik", "Uenighet", "Mislighold",
                     "Varighet, revisjon og oppsigelse", "Underskrifter",
                     "Avtalen kan ikke innskrenke det ansvaret partene har etter lov"):
        assert expected in text, expected


def test_parties_coverage_and_signature_tables(built, example):
    parties = _table_after(built, "Parter")
    assert [c.text for c in parties.rows[0].cells] == ["Kommunenr.", "Kommune"] * 3
    listed = [[row.cells[i].text, row.cells[i + 1].text] for row in parties.rows[1:] for i in (0, 2, 4)]
    assert [pair for pair in listed if any(pair)] == [[m.number, m.name] for m in example.municipalities]
    coverage = _table_after(built, "Minimumsinnholdet etter § 6-2")
    assert len(coverage.rows) == 14
    assert [c.text for c in coverage.rows[3].cells][:3] == ["3", "Innleggelse i sykehus", "Ikke behandlet"]
    signatures = _table_after(built, "Underskrifter")
    blocks = [cell.text.split("\n") for row in signatures.rows for cell in row.cells if cell.text]
    assert all(lines[1:] == ["Sted og dato", "Underskrift"] for lines in blocks)
    names = [lines[0] for lines in blocks]
    assert names[0] == "Sykehuset Innlandet HF" and names[1:] == [f"{m.name} kommune" for m in example.municipalities]


def test_texts_from_the_facts_sheet_replace_the_standard_wording(edited, tmp_path):
    def change(book):
        sheet = book["Avtale"]
        row = next(r for r in range(1, 30) if sheet.cell(row=r, column=1).value == "Avvik")
        sheet.cell(row=row, column=2, value="Avvik meldes i Helselink.\n\n• Innen tre dager")

    output = tmp_path / "a.docx"
    assert CliRunner().invoke(build_agreement, [str(edited(change)), "-o", str(output)]).exit_code == 0
    document = docx.Document(str(output))
    texts = [(p.text, p.style.name) for p in document.paragraphs]
    assert ("Avvik meldes i Helselink.", "Normal") in texts
    assert ("Innen tre dager", "List Bullet") in texts
    assert not any("Avvik fra avtalen meldes til den andre parten" in t for t, _ in texts)


def test_document_properties(built):
    properties = docx.Document(str(built)).core_properties
    assert properties.title.startswith("Oppgavedeling mellom kommunene")
    assert "Helsefellesskap Innlandet" in properties.subject and "Sykehuset Innlandet HF" in properties.subject
    assert "samarbeidsavtale" in properties.keywords
    assert properties.version == "1.0"
    assert properties.language == "nb-NO"
    assert properties.created.date().isoformat() == "2020-12-10"


def test_table_of_contents_is_prefilled_and_linked(built):
    document = docx.Document(str(built))
    body = document.element.body
    bookmarks = {node.get(f"{W}name") for node in body.iter(f"{W}bookmarkStart")}
    links = [node for node in body.iter(f"{W}hyperlink") if node.get(f"{W}anchor", "").startswith("_Toc")]
    assert len(links) == len([n for n in bookmarks if n.startswith("_Toc")]) >= 15 + 3 + 6
    assert {link.get(f"{W}anchor") for link in links} <= bookmarks
    entries = ["".join(t.text for t in link.iter(f"{W}t")) for link in links]
    assert entries[0] == "1Parter" and "10.1.1Hjerneslag - milde og moderate" in entries  # number, tab, text
    assert [n.text.strip() for n in body.iter(f"{W}instrText")][0].startswith("TOC")


def test_building_twice_gives_the_same_document(example_path, tmp_path):
    outputs = [tmp_path / "1.docx", tmp_path / "2.docx"]
    for output in outputs:
        CliRunner().invoke(build_agreement, [str(example_path), "-o", str(output)])
    assert outputs[0].read_bytes() == outputs[1].read_bytes()


# --- per municipality ------------------------------------------------------------------------------
def test_per_municipality_writes_one_agreement_each(example_path, example, tmp_path):
    folder = tmp_path / "kommuner"
    result = CliRunner().invoke(build_agreement, [str(example_path), "--per-municipality", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    files = sorted(folder.glob("*.docx"))
    assert len(files) == 42
    for municipality in example.municipalities[:5] + example.municipalities[-3:]:
        path = folder / f"innlandet-rehabilitering - {municipality.number} {municipality.name}.docx"
        text = all_text(path)
        assert f"Sykehuset Innlandet HF og {municipality.name} kommune" in text
        assert (f"Partene i avtalen er Sykehuset Innlandet HF og {municipality.name} kommune (kommunenummer "
                f"{municipality.number}).") in text
        assert "kommunene nedenfor" not in text
        signatures = _table_after(path, "Underskrifter")
        assert [[cell.text.split("\n")[0] for cell in row.cells] for row in signatures.rows] == [
            ["Sykehuset Innlandet HF", f"{municipality.name} kommune"]]
        assert "\ue000" not in text
        assert len(_table_after(path, "Hjerneslag - milde og moderate").rows) == 4


def test_per_municipality_writes_nothing_when_one_target_exists(example_path, tmp_path):
    folder = tmp_path / "kommuner"
    folder.mkdir()
    (folder / "innlandet-rehabilitering - 3405 Lillehammer.docx").write_bytes(b"mitt")
    result = CliRunner().invoke(build_agreement, [str(example_path), "--per-municipality", "-o", str(folder)])
    assert result.exit_code == 2 and "--overwrite" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["innlandet-rehabilitering - 3405 Lillehammer.docx"]


def test_per_municipality_documents_name_their_municipality_and_hold_no_findings(edited, tmp_path):
    def change(book):
        book["Kommuner"]["B3"] = "Hamarr"

    folder = tmp_path / "k"
    CliRunner().invoke(build_agreement, [str(edited(change)), "--per-municipality", "-o", str(folder)])
    hamar = all_text(folder / "endret - 3403 Hamarr.docx")
    lunner = all_text(folder / "endret - 3234 Lunner.docx")
    assert "Hamarr kommune" in hamar and "Hamarr" not in lunner
    assert "feil" not in hamar.replace("Feil", "") and "feil" not in lunner  # findings stay out of the documents


def test_pdf_without_libreoffice_says_so_plainly(example_path, tmp_path, monkeypatch):
    import agreement_builder.pdf as pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    output = tmp_path / "a.docx"
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(output), "--pdf"])
    assert result.exit_code == 2
    assert "LibreOffice" in result.stderr and "Traceback" not in result.output
    assert not output.exists()


# --- custom templates ------------------------------------------------------------------------------
def _template(tmp_path, *paragraphs) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / "mal.docx"
    document.save(str(path))
    return path


def test_the_context_documentation_matches_the_context(example):
    assert set(build_context(example, validate(example))) == set(CONTEXT_DOC)


def test_template_check_accepts_the_shipped_template():
    report = check_template(DEFAULT_TEMPLATE)
    assert report.ok, report.problems
    assert {"categories", "statute_map", "standard", "law", "draft"} <= set(report.variables)


def test_template_check_names_an_unknown_variable_with_its_text(tmp_path):
    result = CliRunner().invoke(agreement_cli, ["template-check", str(_template(tmp_path, "Hei {{ regionnavn }}!"))])
    assert result.exit_code == 1
    assert "ukjent variabel «regionnavn» – ved «Hei {{ regionnavn }}!»" in result.stdout


def test_template_check_reports_jinja_syntax_errors_with_the_tag(tmp_path):
    path = _template(tmp_path, "Start", "{% for x in categories %}", "uten slutt")
    result = CliRunner().invoke(agreement_cli, ["template-check", str(path)])
    assert result.exit_code == 1
    assert "Jinja-feil" in result.stdout and "{% for x in categories %}" in result.stdout


def test_template_check_finds_a_misspelt_attribute_by_trial_rendering(tmp_path):
    path = _template(tmp_path, "{%p for category in categories %}", "{{ category.nme }}", "{%p endfor %}")
    result = CliRunner().invoke(agreement_cli, ["template-check", str(path)])
    assert result.exit_code == 1 and "nme" in result.stdout


def test_template_check_of_something_that_is_not_a_template(tmp_path):
    path = tmp_path / "mal.docx"
    path.write_text("ikke word")
    result = CliRunner().invoke(agreement_cli, ["template-check", str(path)])
    assert result.exit_code == 2 and "ikke et Word-dokument" in result.stderr


def test_build_with_a_template_that_uses_an_unknown_variable_fails_naming_it(example_path, tmp_path):
    output = tmp_path / "a.docx"
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(output), "--template",
                                                  str(_template(tmp_path, "{{ regionnavn }}"))])
    assert result.exit_code == 2 and "regionnavn" in result.stderr
    assert not output.exists()


def test_build_with_an_own_template(example_path, tmp_path):
    output = tmp_path / "a.docx"
    template = _template(tmp_path, "Avtale: {{ title }}", "{%p for m in municipalities %}", "{{ m.name }}",
                         "{%p endfor %}")
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(output), "--template", str(template)])
    assert result.exit_code == 0, result.output
    paragraphs = [p.text for p in docx.Document(str(output)).paragraphs]
    assert paragraphs[0].startswith("Avtale: Oppgavedeling") and "Lillehammer" in paragraphs
