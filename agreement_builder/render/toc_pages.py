"""Page numbers in the pre-filled table of contents, from a layout LibreOffice made.

:func:`~.finish.prefill_toc` links each TOC entry to a ``_Toc`` bookmark on its heading; the
layout pass (``agreement_builder.pdf.number_toc_pages``) says which page each bookmark is on.
Here each entry gets a tab and a ``PAGEREF`` field whose shown result is that page, as Word
writes a TOC, so the TOC field itself stays and Word still updates it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

from ..errors import AgreementError
from ..files import atomic_output
from ..package_xml import parse_part
from .finish import reproducible_zip
from .wordxml import page_reference_result, page_reference_runs

DOCUMENT_PART = "word/document.xml"


def fill_toc_xml(root, pages: Mapping[str, int]) -> int:
    """Give each TOC entry linked to a bookmark in ``pages`` its page number; returns how many.

    An entry that already has a number (an earlier pass) gets the new one in place.
    """
    filled = 0
    for link in root.iter(qn("w:hyperlink")):
        anchor = link.get(qn("w:anchor"))
        if anchor not in pages:
            continue
        shown = page_reference_result(link)
        if shown is None:
            link.extend(page_reference_runs(anchor, pages[anchor]))
        else:
            shown.text = str(pages[anchor])
        filled += 1
    return filled


def fill_toc_pages(data: bytes, pages: Mapping[str, int]) -> bytes:
    """The .docx ``data`` with page numbers ``pages`` (bookmark → page) in its table of contents."""

    def change(name: str, content: bytes) -> bytes:
        root = parse_part(content, name, AgreementError)
        fill_toc_xml(root, pages)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    return reproducible_zip(data, change, touches=lambda name: name == DOCUMENT_PART)  # the rest copied as is


def fill_toc_pages_file(document: Path, pages: Mapping[str, int]) -> None:
    """Rewrite the .docx file ``document`` with page numbers ``pages`` in its table of contents."""
    data = fill_toc_pages(document.read_bytes(), pages)
    with atomic_output(document, overwrite=True) as temporary:
        temporary.write_bytes(data)
