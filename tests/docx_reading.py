"""Reading generated .docx files back for checks (python-docx), in document order."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph


def body_items(path: Path):
    """Paragraphs and tables of the body, in order."""
    document = docx.Document(str(path))
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            yield Paragraph(child, document)
        elif child.tag.endswith("}tbl"):
            yield Table(child, document)


def task_tables(path: Path) -> dict[str, dict[str, list[str]]]:
    """{group heading: {column header: [cell texts, empties dropped]}} for every task table."""
    tables: dict[str, dict[str, list[str]]] = {}
    heading = None
    for item in body_items(path):
        if isinstance(item, Paragraph) and item.style.name == "Heading 3":
            heading = item.text
        elif isinstance(item, Table) and item.rows[0].cells[0].text == "Spesialisthelsetjenesten":
            headers = [cell.text for cell in item.rows[0].cells]
            columns = {header: [] for header in headers}
            for row in item.rows[1:]:
                for header, cell in zip(headers, row.cells):
                    if cell.text:
                        columns[header].append(cell.text)
            tables[heading] = columns
    return tables


def all_text(path: Path) -> str:
    """Every paragraph's text, tables included, one per line."""
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)
