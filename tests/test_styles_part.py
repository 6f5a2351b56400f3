"""The template's styles part: kept as the template's bytes unless changed, its facts the same from the cache."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.parser import parse_xml

from agreement_builder.render import styles_part, template_cache
from agreement_builder.render.docx import DEFAULT_TEMPLATE, finished_document, open_template
from agreement_builder.render.list_labels import heading_labels
from agreement_builder.render.styles_part import StyleFacts, UnparsedStyles, style_facts
from agreement_builder.render.context import build_context
from agreement_builder.validation import validate


@pytest.fixture
def parses(monkeypatch) -> list[bytes]:
    """Each styles part parsed (for its XML or for its facts), in order."""
    seen: list[bytes] = []
    original = styles_part.parse_xml

    def counting(data):
        if b"<w:styles" in data[:400]:
            seen.append(data)
        return original(data)

    monkeypatch.setattr(styles_part, "parse_xml", counting)
    return seen


def template_styles() -> bytes:
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as package:
        return package.read("word/styles.xml")


def built(example) -> bytes:
    data = DEFAULT_TEMPLATE.read_bytes()
    return finished_document(data, DEFAULT_TEMPLATE.name, build_context(example, validate(example)), example)


def test_the_facts_from_the_cache_are_the_facts_of_the_parsed_part():
    facts = StyleFacts.of(parse_xml(template_styles()))
    again = StyleFacts.loads(facts.dumps())
    assert again.names == facts.names and again.names["Heading1"] == "heading 1"
    for style_id in facts.names:
        assert again.list_of(style_id) == facts.list_of(style_id)
    assert facts.list_of("Heading2")[0] is not None  # the headings are bound to the agreement's numbered list
    assert facts.list_of("Normal") == (None, None) and facts.list_of("no such style") == (None, None)


@pytest.mark.parametrize("kept", [None, "x", (1, 2), ({}, {"a": (1,)}), ({}, [])])
def test_a_damaged_kept_form_is_refused(kept):
    assert StyleFacts.loads(kept) is None


def test_a_build_writes_the_styles_as_the_template_has_them_and_reads_them_once(own_cache, parses, example):
    first = built(example)
    assert len(parses) == 1  # for the facts, which the compiled template keeps
    second = built(example)
    assert len(parses) == 1  # the second build parses nothing
    for document in (first, second):
        with zipfile.ZipFile(io.BytesIO(document)) as package:
            assert package.read("word/styles.xml") == template_styles()
    assert first == second


def test_without_the_cache_the_document_is_the_same(tmp_path, monkeypatch, example, own_cache):
    cached = built(example)
    monkeypatch.setenv("AGREEMENT_BUILDER_CACHE", "0")
    assert built(example) == cached


def test_a_style_added_while_rendering_reaches_the_document(own_cache):
    template = open_template(DEFAULT_TEMPLATE.read_bytes(), "mal.docx",
                             template_cache.CompiledTemplate(b"key", None))
    document = template.docx
    part = document.part.part_related_by(styles_part.RT.STYLES)
    assert isinstance(part, UnparsedStyles) and part.blob == template_styles()
    document.styles.add_style("Egen stil", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    assert b"Egen stil" in part.blob
    facts = style_facts(document)
    assert facts.names[document.styles["Egen stil"].style_id] == "egen stil"


def test_a_template_without_styles_still_gets_python_docx_defaults(tmp_path):
    source = io.BytesIO()
    docx.Document().save(source)
    stripped = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(stripped, "w") as new:
        for item in old.infolist():
            if item.filename == "word/styles.xml":
                continue
            data = old.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                data = re.sub(rb'<Relationship [^>]*Target="styles.xml"/>', b"", data)
                assert b"styles.xml" not in data
            new.writestr(item, data)
    document = open_template(stripped.getvalue(), "mal.docx").docx
    assert "normal" in style_facts(document).names.values()  # python-docx adds its default styles part


def test_heading_numbers_are_the_same_with_facts_and_with_the_parsed_part(own_cache, example):
    data = DEFAULT_TEMPLATE.read_bytes()
    body = io.BytesIO(built(example))
    document = docx.Document(body)
    headings = [p._p for p in document.paragraphs if p.style.name.lower().startswith("heading")]
    parsed = heading_labels(document, headings, StyleFacts.of(document.styles.element))
    from_template = heading_labels(document, headings, styles_part.kept_facts(
        template_cache.CompiledTemplate.load(data, _environment()), "word/styles.xml", template_styles()))
    assert parsed == from_template and list(parsed.values())[:3] == ["1", "2", "3"]


def _environment():
    from agreement_builder.render.sandbox import jinja_environment

    return jinja_environment()


def test_a_styles_part_of_another_type_is_named_at_build_and_at_check(tmp_path):
    from click.testing import CliRunner

    from agreement_builder.cli import agreement, build_agreement

    odd = tmp_path / "mal.docx"
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as source, zipfile.ZipFile(odd, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = re.sub(rb'(PartName="/word/styles.xml" ContentType=")[^"]+"', rb'\1application/x-annet+xml"',
                              data)
                assert b"application/x-annet+xml" in data
            target.writestr(item, data)
    example = Path(__file__).parent.parent / "workbooks" / "innlandet-rehabilitering.xlsx"
    build = CliRunner().invoke(build_agreement, [str(example), "--template", str(odd), "-o", str(tmp_path / "a.docx")])
    check = CliRunner().invoke(agreement, ["template-check", str(odd)])
    for result in (build, check):
        assert result.exit_code == 2, result.output
        assert "word/styles.xml" in result.stderr and "er ikke en stildel" in result.stderr
        assert "uventet" not in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "a.docx").exists()
