"""Reading a tracked-changes .docx back: its text with all changes accepted or rejected, read from the XML.

A small model of what Word and LibreOffice do (the LibreOffice tests check the real thing):
accepting drops deleted text and deleted table rows and keeps inserted text; rejecting does the
opposite. Paragraphs left without text are dropped, so a paragraph whose mark was removed with
its text leaves no trace.
"""

from __future__ import annotations

from pathlib import Path

import docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _row_gone(row, *, accept: bool) -> bool:
    marks = row.find(f"{W}trPr")
    return marks is not None and marks.find(f"{W}{'del' if accept else 'ins'}") is not None


def _text(element, *, accept: bool) -> str:
    """The text of a paragraph with the changes accepted or rejected."""
    parts = []
    for node in element.iter(f"{W}t", f"{W}delText"):
        tracked = {a.tag for a in node.iterancestors()} & {f"{W}ins", f"{W}del"}
        if f"{W}{'del' if accept else 'ins'}" in tracked:
            continue
        parts.append(node.text or "")
    return "".join(parts)


def _in_contents(paragraph) -> bool:
    """Whether the paragraph is an entry of the table of contents (left out: filled in after the comparison)."""
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    links = [link.get(f"{W}anchor") or "" for link in paragraph.iter(f"{W}hyperlink")]
    return (style is not None and style.get(f"{W}val", "").lower().startswith("toc")) \
        or any(link.startswith("_Toc") for link in links) or paragraph.find(f".//{W}instrText") is not None


def version_lines(element, *, accept: bool) -> list[str]:
    """The non-empty paragraphs of ``element`` (a body, a header or a table) as the version reads them.

    Table cells come row by row, each cell's paragraphs joined by newlines and prefixed «| »; the
    table of contents is left out.
    """
    lines = []
    for child in element:
        if child.tag == f"{W}p" and not _in_contents(child):
            text = _text(child, accept=accept)
            if text.strip():
                lines.append(text)
        elif child.tag == f"{W}tbl":
            for row in child.iter(f"{W}tr"):
                if _row_gone(row, accept=accept):
                    continue
                for cell in row.iter(f"{W}tc"):
                    text = "\n".join(t for t in (_text(p, accept=accept) for p in cell.iter(f"{W}p")) if t.strip())
                    lines.append(f"| {text}")
    return lines


def plain_lines(element) -> list[str]:
    """The lines of a document without tracked changes (a normal build), read the same way."""
    return version_lines(element, accept=True)


def body(path: Path):
    return docx.Document(str(path)).element.body


def inserted_texts(path: Path) -> list[str]:
    return ["".join(t.text or "" for t in node.iter(f"{W}t")) for node in body(path).iter(f"{W}ins")]


def deleted_texts(path: Path) -> list[str]:
    return ["".join(t.text or "" for t in node.iter(f"{W}delText")) for node in body(path).iter(f"{W}del")]


def task_columns(table, *, accept: bool) -> list[list[str]]:
    """A task table's three columns (header row left out), as the version reads them."""
    columns: list[list[str]] = [[], [], []]
    for row in table.findall(f"{W}tr")[1:]:
        if _row_gone(row, accept=accept):
            continue
        for column, cell in zip(columns, row.findall(f"{W}tc")):
            text = "".join(_text(p, accept=accept) for p in cell.iter(f"{W}p"))
            if text.strip():
                column.append(text)
    return columns
