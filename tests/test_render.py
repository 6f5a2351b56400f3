"""Text from cells is data: it comes out of the document exactly, never as template code."""

import dataclasses

import docx
import pytest

from agreement_builder.errors import AgreementError
from agreement_builder.model import Block, BlockKind, Level, Task
from agreement_builder.render import build_context, render_agreement
from agreement_builder.validation import validate

from docx_reading import all_text, task_tables

TRICKY = [
    "{{ 7*7 }}",
    "{% for x in range(3) %}løkke{% endfor %}",
    "{%p if true %}",
    "Sykehus & kommune <samarbeid> «sitat» \"doble\" 'enkle'",
    "{_{ ikke en mal }_}",
    "{# kommentar #}",
]


def _render(agreement, output, **options):
    """The agreement rendered with its own validation, as the CLI does."""
    return render_agreement(agreement, output, report=validate(agreement), **options)


def _with_tasks(agreement, texts, level=Level.SHARED):
    first = agreement.groups[0]
    group = dataclasses.replace(first, tasks=first.tasks + tuple(Task(text, level) for text in texts))
    return dataclasses.replace(agreement, groups=(group,) + agreement.groups[1:])


def test_jinja_and_xml_in_cells_come_out_literally(example, tmp_path):
    output = _render(_with_tasks(example, TRICKY), tmp_path / "a.docx")
    shared = task_tables(output)[example.groups[0].name]["Felles ansvar"]
    assert shared[-len(TRICKY):] == TRICKY
    assert "49" not in " ".join(shared)


def test_jinja_in_a_recommendation_or_heading_is_literal(example, tmp_path):
    section = dataclasses.replace(example.sections[0], heading="{{ title }}", blocks=(Block("{{ 7*7 }}"),))
    agreement = dataclasses.replace(example, sections=(section,) + example.sections[1:])
    text = all_text(_render(agreement, tmp_path / "a.docx"))
    assert "{{ title }}" in text and "{{ 7*7 }}" in text


def test_xml_forbidden_characters_are_dropped(example, tmp_path):
    output = _render(_with_tasks(example, ["Før\x00\x01etter"]), tmp_path / "a.docx")
    assert task_tables(output)[example.groups[0].name]["Felles ansvar"][-1] == "Føretter"


def test_a_line_break_in_a_cell_is_a_line_break_in_the_document(example, tmp_path):
    output = _render(_with_tasks(example, ["Linje én\nlinje to"]), tmp_path / "a.docx")
    document = docx.Document(str(output))
    breaks = [p for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs
              if p.text == "Linje én\nlinje to"]
    assert breaks and breaks[0]._p.xpath(".//w:br")


def test_bullets_become_list_paragraphs(example, tmp_path):
    first = example.groups[0]
    group = dataclasses.replace(first, recommendation=(Block("Et punkt", BlockKind.BULLET),))
    output = _render(dataclasses.replace(example, groups=(group,)), tmp_path / "a.docx")
    paragraph = next(p for p in docx.Document(str(output)).paragraphs if p.text == "Et punkt")
    assert paragraph.style.name == "List Bullet"


def test_groups_without_tasks_get_no_table(example, tmp_path):
    output = _render(example, tmp_path / "a.docx")
    tables = task_tables(output)
    assert "Hjemmeboende eldre" not in tables
    assert "Hjemmeboende eldre" in all_text(output)


def test_a_template_with_an_unknown_variable_is_refused(example, tmp_path):
    from docx import Document

    template = tmp_path / "mal.docx"
    document = Document()
    document.add_paragraph("Hei {{ ukjent_variabel }}")
    document.save(str(template))
    with pytest.raises(AgreementError, match="ukjent_variabel"):
        _render(example, tmp_path / "a.docx", template=template)
    assert not (tmp_path / "a.docx").exists()


def test_the_context_is_plain_data(example):
    context = build_context(example, validate(example))
    assert [c["name"] for c in context["categories"]] == list(example.categories)
    assert context["categories"][0]["groups"][0]["rows"][0] == {
        "spesialisthelsetjenesten": "Ambulant eller fysisk veiledning i kommunene",
        "felles": "Utredning og kartlegging, herunder kognitive vansker",
        "kommunehelsetjenesten": "Kommunal døgnenhet",
    }
