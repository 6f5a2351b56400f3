"""A small .docx cannot make the import allocate without bound: spans, offsets, levels, depth (exit 2 or a result)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from agreement_builder.cli import agreement
from agreement_builder.docx_import import import_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _document(path: Path, body_xml: str, numbering: str = "") -> Path:
    """A document whose body is a heading, ``body_xml`` and one more paragraph; ``numbering`` replaces numbering.xml."""
    buffer = io.BytesIO()
    document = Document()
    document.add_heading("Tittel", 0)
    document.add_heading("Kapittel", 1)
    document.add_paragraph("MARKER")
    document.add_paragraph("Slutt")
    document.save(buffer)
    with zipfile.ZipFile(buffer) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:p><w:r><w:t>MARKER</w:t></w:r></w:p>", body_xml.encode())
                assert body_xml.encode() in data
            if item.filename == "word/numbering.xml" and numbering:
                data = numbering.encode()
            new.writestr(item, data)
    return path


def _cell(properties: str, text: str = "x") -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def _run(source: Path, target: Path):
    return CliRunner().invoke(agreement, ["import", str(source), "-o", str(target)])


@pytest.mark.parametrize("where", ["gridSpan", "gridBefore"])
def test_a_huge_column_span_is_refused_in_one_line_naming_the_table(tmp_path, where):
    if where == "gridSpan":
        row = "<w:tr>" + _cell('<w:gridSpan w:val="2000000000"/>') + "</w:tr>"
    else:
        row = '<w:tr><w:trPr><w:gridBefore w:val="2000000000"/></w:trPr>' + _cell("") + "</w:tr>"
    source = _document(tmp_path / "span.docx", f"<w:tbl>{row}</w:tbl><w:p/>")
    target = tmp_path / "ut.xlsx"
    outcome = _run(source, target)
    assert outcome.exit_code == 2, outcome.output
    line = outcome.output.strip()
    assert len(line.splitlines()) == 1 and "span.docx" in line and "tabell 1, rad 1" in line
    assert "kolonner" in line and "uventet" not in line
    assert not target.exists()


def test_a_span_within_the_limit_still_reads(tmp_path):
    header = "<w:tr>" + _cell("", "Kommunen") + _cell("", "Helseforetaket") + "</w:tr>"
    wide = "<w:tr>" + _cell('<w:gridSpan w:val="2"/>', "Felles oppgave") + "</w:tr>"
    source = _document(tmp_path / "ok.docx", f"<w:tbl>{header}{wide}</w:tbl><w:p/>")
    result = import_document(source)
    assert result.agreement is not None


def test_thousands_of_nested_tables_are_refused_for_their_depth_not_as_invalid_xml(tmp_path):
    nested = "<w:p/>"
    for _ in range(3000):
        nested = f"<w:tbl><w:tr><w:tc>{nested}</w:tc></w:tr></w:tbl><w:p/>"
    source = _document(tmp_path / "dyp.docx", nested)
    outcome = _run(source, tmp_path / "ut.xlsx")
    assert outcome.exit_code == 2
    assert "nøstet for dypt" in outcome.output and "ikke gyldig XML" not in outcome.output
    assert len(outcome.output.strip().splitlines()) == 1


NUMBERING = (
    f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="1">'
    + "".join(f'<w:lvl w:ilvl="{level}"><w:numFmt w:val="bullet"/></w:lvl>'
              for level in ("0", "²", "99999999999999999999", "2000000000"))
    + '</w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
)


@pytest.mark.parametrize("value", ["²", "99999999999999999999", "2000000000", "-1"])
def test_odd_numbers_in_levels_sizes_and_symbols_never_crash(tmp_path, value):
    body = (f'<w:p><w:pPr><w:outlineLvl w:val="{value}"/><w:numPr><w:ilvl w:val="{value}"/>'
            f'<w:numId w:val="5"/></w:numPr></w:pPr><w:r><w:rPr><w:sz w:val="{value}"/></w:rPr>'
            f'<w:t>Punkt</w:t></w:r><w:r><w:sym w:char="FFFFFFFF"/></w:r></w:p>')
    source = _document(tmp_path / "tall.docx", body, NUMBERING)
    outcome = _run(source, tmp_path / "ut.xlsx")
    assert outcome.exit_code in (0, 1), outcome.output
    assert "uventet" not in outcome.output


def test_a_huge_column_grid_and_a_long_vertical_merge_read_in_bounded_work(tmp_path):
    grid = "<w:tblGrid>" + '<w:gridCol w:w="10"/>' * 100_000 + "</w:tblGrid>"
    header = "<w:tr>" + _cell("", "Kommunen") + _cell("", "Helseforetaket") + "</w:tr>"
    first = "<w:tr>" + _cell('<w:vMerge w:val="restart"/>', "Oppgave") + _cell("", "") + "</w:tr>"
    merged = ("<w:tr>" + _cell("<w:vMerge/>", "") + _cell("", "") + "</w:tr>") * 20_000
    source = _document(tmp_path / "rutenett.docx", f"<w:tbl>{grid}{header}{first}{merged}</w:tbl><w:p/>")
    result = import_document(source)
    assert [task.text for task in result.agreement.tasks] == ["Oppgave"]


def test_a_document_part_past_the_import_limit_is_refused_before_parsing(tmp_path):
    import base64
    import random

    text = base64.b64encode(random.Random(1).randbytes(16 * 1024 * 1024)).decode()  # 21 MB that barely compresses
    source = _document(tmp_path / "stor.docx", f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    outcome = _run(source, tmp_path / "ut.xlsx")
    assert outcome.exit_code == 2 and "for stor" in outcome.output and "word/document.xml" in outcome.output


def test_more_tasks_than_a_workbook_can_hold_are_refused(tmp_path):
    header = "<w:tr>" + _cell("", "Kommunen") + _cell("", "Helseforetaket") + "</w:tr>"
    rows = "".join("<w:tr>" + _cell("", f"K{i}") + _cell("", f"S{i}") + "</w:tr>" for i in range(25_001))
    source = _document(tmp_path / "mange.docx", f"<w:tbl>{header}{rows}</w:tbl><w:p/>")
    target = tmp_path / "ut.xlsx"
    outcome = _run(source, target)
    assert outcome.exit_code == 2 and "50 002 oppgaver" in outcome.output and "50 000" in outcome.output
    assert not target.exists()
