"""A pre-filled TOC entry with its heading's number («1», «4.2», «10.1.3») before a tab, as Word writes it.

Word computes heading numbers when it lays out the document; a reader that shows the TOC as
stored (LibreOffice) needs them written into the entries, as Word itself writes them.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .wordxml import text_run


def numbered_entry(entry, label: str):
    """The TOC paragraph ``entry`` with ``label`` and a tab before its linked text."""
    link = entry.find(qn("w:hyperlink"))
    tab = OxmlElement("w:r")
    tab.append(OxmlElement("w:tab"))
    link.insert(0, tab)
    link.insert(0, text_run(label))
    return entry
