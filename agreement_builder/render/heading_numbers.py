"""The numbers Word's multilevel heading list shows («1», «4.2», «10.1.3»), for the pre-filled TOC.

Word computes heading numbers when it lays out the document; a reader that shows the TOC as
stored (LibreOffice) needs them written into the entries, as Word itself writes them.
"""

from __future__ import annotations

from collections.abc import Iterable

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .wordxml import text_run


def heading_numbers(levels: Iterable[int]) -> list[str]:
    """Labels for headings at ``levels`` (1-based) in document order: a level restarts under its parent."""
    counters: list[int] = []
    labels = []
    for level in levels:
        counters = (counters + [0] * level)[:level]
        counters[-1] += 1
        labels.append(".".join(str(count) for count in counters))
    return labels


def numbered_entry(entry, label: str):
    """The TOC paragraph ``entry`` with ``label`` and a tab before its linked text."""
    link = entry.find(qn("w:hyperlink"))
    tab = OxmlElement("w:r")
    tab.append(OxmlElement("w:tab"))
    link.insert(0, tab)
    link.insert(0, text_run(label))
    return entry


def uses_heading_numbers(document) -> bool:
    """True when the document's «Heading 1» style is bound to a numbering list (the shipped template's is)."""
    for style in document.styles:
        if style.name.lower() == "heading 1":
            properties = style.element.pPr
            return properties is not None and properties.find(qn("w:numPr")) is not None
    return False
