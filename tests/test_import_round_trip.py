"""import(build(workbook)) gives the same agreement: the example, edited copies and large generated ones."""

from __future__ import annotations

import dataclasses
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from agreement_builder.docx_import import import_document
from agreement_builder.model import Block, BlockKind, JointMeasure, Section, Task
from agreement_builder.workbook import read_workbook
from docx_reading import all_text
from fixtures.import_checks import build, differences

ROOT = Path(__file__).resolve().parent.parent


def _built(agreement, folder: Path, name: str = "avtale.docx") -> Path:
    return build(agreement, folder / name)


@pytest.fixture(scope="module")
def example_document(tmp_path_factory, example) -> Path:
    return _built(example, tmp_path_factory.mktemp("built"))


def test_the_example_comes_back_the_same(example, example_document):
    result = import_document(example_document)
    assert differences(example, result.agreement) == []
    assert result.report.notices == []


def test_the_example_report_names_what_the_template_added(example_document):
    info = "\n".join(import_document(example_document).report.info)
    for chapter in ("Parter", "Lovgrunnlag", "Formål", "Underskrifter"):
        assert f"«{chapter}»" in info
    assert "Innholdsfortegnelsen er hoppet over" in info


def _strip_hidden(source: Path, target: Path) -> None:
    """The package without custom XML, properties or any bookmark: only what a reader sees is left."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename.startswith(("customXml/", "docProps/")):
                continue
            data = old.read(item.filename)
            if item.filename == "word/document.xml":
                data = re.sub(rb"<w:bookmark(Start|End)\b[^>]*/>", b"", data)
            elif item.filename.endswith(".rels") or item.filename == "[Content_Types].xml":
                data = re.sub(rb"<[^<>]*(customXml|docProps)[^<>]*/>", b"", data)
            new.writestr(item, data)


def test_nothing_hidden_is_needed(example, example_document, tmp_path):
    stripped = tmp_path / "uten-skjulte-deler.docx"
    _strip_hidden(example_document, stripped)
    with zipfile.ZipFile(stripped) as package:
        assert not [name for name in package.namelist() if name.startswith(("customXml", "docProps"))]
        assert b"bookmarkStart" not in package.read("word/document.xml")
    assert differences(example, import_document(stripped).agreement) == []


def test_edited_texts_lists_and_facts_come_back(example, tmp_path):
    facts = dataclasses.replace(example.facts, texts={
        "purpose": (Block("Vårt eget formål «med» æøå."), Block("første punkt", BlockKind.BULLET),
                    Block("andre punkt", BlockKind.BULLET)),
        "duration": (Block("Avtalen varer i tre år."),),
    })
    sections = example.sections + (Section("Egne ord", (
        Block("Linje én\nlinje to"), Block("Et punkt", BlockKind.BULLET), Block("Et nummer", BlockKind.NUMBERED),
        Block("=1+1 og {{ ikke mal }} <b>ikke markup</b>"))),)
    first = example.groups[0]
    groups = (dataclasses.replace(first, tasks=first.tasks + (Task("Oppgave med\nlinjeskift", first.tasks[0].level),
                                                               )),) + example.groups[1:]
    edited = dataclasses.replace(example, facts=facts, sections=sections, groups=groups,
                                 joint_measures=(JointMeasure("Felles team", "KOLS", "Kommunen", "Ambulant", "Delt"),))
    result = import_document(_built(edited, tmp_path))
    assert differences(edited, result.agreement) == []
    assert result.agreement.facts.texts["purpose"] == facts.texts["purpose"]


def test_the_command_writes_a_workbook_that_reads_back_the_same(example, example_document, tmp_path):
    from click.testing import CliRunner

    from agreement_builder.cli import agreement

    target = tmp_path / "tilbake.xlsx"
    outcome = CliRunner().invoke(agreement, ["import", str(example_document), "-o", str(target)])
    assert outcome.exit_code == 0, outcome.output
    assert "15 diagnosegrupper, 58 oppgaver" in outcome.output
    assert differences(example, read_workbook(target).agreement) == []


def test_building_the_imported_workbook_gives_the_same_document(example_document, tmp_path):
    again = _built(import_document(example_document).agreement, tmp_path, "igjen.docx")
    assert all_text(again) == all_text(example_document)


@pytest.fixture(scope="module")
def generate():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate as module
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return module


@pytest.mark.parametrize(("groups", "tasks"), [(40, 12), (5, 1)])
def test_generated_workbooks_come_back_the_same(generate, tmp_path, groups, tasks):
    workbook = generate.write_large_workbook(tmp_path, groups, tasks)
    agreement = read_workbook(workbook).agreement
    result = import_document(_built(agreement, tmp_path))
    assert differences(agreement, result.agreement) == []
    assert len(result.agreement.tasks) == groups * tasks


def test_a_copy_of_the_example_in_another_folder_is_read_the_same(example_document, tmp_path):
    copy = tmp_path / "kopi med mellomrom æøå.docx"
    shutil.copy(example_document, copy)
    assert import_document(copy).agreement == import_document(example_document).agreement


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("target_format", ["docx:MS Word 2007 XML", "odt"])
def test_the_example_saved_again_by_libreoffice_comes_back_the_same(example, example_document, tmp_path,
                                                                     target_format):
    import subprocess

    from agreement_builder.pdf import find_soffice

    subprocess.run([find_soffice(), f"-env:UserInstallation={(tmp_path / 'profil').as_uri()}", "--headless",
                    "--norestore", "--convert-to", target_format, "--outdir", str(tmp_path / "lo"),
                    str(example_document)], capture_output=True, timeout=300, check=True)
    saved = tmp_path / "lo" / f"avtale.{target_format.split(':')[0]}"
    assert differences(example, import_document(saved).agreement) == []


def test_edits_made_in_word_come_back_as_those_edits(example, example_document, tmp_path):
    """A region edits the generated document by hand; the import brings exactly those edits back."""
    from docx import Document

    from agreement_builder.diff import Kind, diff

    document = Document(str(example_document))
    kols = next(p for p in document.paragraphs if p.text == "KOLS" and p.style.name == "Heading 3")
    table = kols._p.getnext()
    rows = table.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tr")
    cells = rows[1].findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
    cells[0].text = cells[0].text + " (endret)"
    heading = next(p for p in document.paragraphs if p.text == "Hjerte" and p.style.name == "Heading 3")
    heading.runs[0].text = "Hjerte- og karsykdommer"
    document.save(tmp_path / "redigert.docx")
    changes = diff(example, import_document(tmp_path / "redigert.docx").agreement)
    kinds = sorted((change.kind.value, change.area.value) for change in changes.changes)
    assert kinds == [(Kind.RENAMED.value, "diagnosegruppe"), (Kind.REWORDED.value, "oppgave")]


def test_an_agreement_with_empty_facts_and_no_chapters_comes_back(example, tmp_path):
    """Empty values leave the template's sentences half-filled («mellom  og kommunene»); still recognised."""
    facts = dataclasses.replace(example.facts, title="", version="", status=None, date=None, hospital_trust="",
                                helsefellesskap="")
    bare = dataclasses.replace(example, facts=facts, municipalities=(), sections=(),
                               statute_map=tuple(dataclasses.replace(row, where=()) for row in example.statute_map))
    result = import_document(_built(bare, tmp_path))
    assert differences(bare, result.agreement) == []
    assert result.report.notices == []


def test_a_one_municipality_document_comes_back_with_its_municipality(example, tmp_path):
    single = dataclasses.replace(example, municipalities=example.municipalities[2:3])
    result = import_document(_built(single, tmp_path))
    assert result.agreement.municipalities[0].number == "3405"
    assert differences(single, result.agreement) == []


def test_switched_off_and_dated_standard_chapters_come_back(example, tmp_path):
    import datetime as dt

    facts = dataclasses.replace(example.facts, valid_from=dt.date(2021, 1, 1), revise_by=dt.date(2024, 6, 30),
                                texts={"legal_basis": (Block("Avtalen bygger på lov X."),)})
    dated = dataclasses.replace(example, facts=facts)
    result = import_document(_built(dated, tmp_path))
    assert differences(dated, result.agreement) == []
