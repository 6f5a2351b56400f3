"""The Word XML we write by hand, in one place: runs, tracked insertions and deletions, TOC entries.

Everything else in a document comes from the template through docxtpl; these builders serve
the steps after it (the pre-filled table of contents, the tracked-changes diff). Like
python-docx's ``oxml/``, the rest of render/ asks for elements here instead of building XML.
"""

from __future__ import annotations

import copy

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

FIRST_REVISION_ID = 9000  # well above the ids docxtpl and the template use


_BREAKS = {"\n": "w:br", "\t": "w:tab"}
_TEXT_TAGS = {qn("w:t"), qn("w:delText")}
# What a plain run may hold besides its properties and text: the paragraph diff rebuilds such runs.
_PLAIN_RUN_PARTS = {qn("w:rPr"), qn("w:t"), qn("w:delText"), qn("w:br"), qn("w:tab"), qn("w:cr"),
                    qn("w:lastRenderedPageBreak"), qn("w:noBreakHyphen"), qn("w:softHyphen")}
# Paragraph children that carry no text: kept out of the comparison.
_QUIET_PARTS = {qn("w:pPr"), qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:proofErr")}


def text_run(text: str, properties=None, *, deleted: bool = False):
    """A ``w:r`` holding ``text``, line breaks as ``w:br`` and tabs as ``w:tab``; ``properties`` (``w:rPr``) is copied.

    ``deleted`` writes the text as ``w:delText``, as a run inside ``w:del`` must.
    """
    run = OxmlElement("w:r")
    if properties is not None:
        run.append(copy.deepcopy(properties))
    for piece in _split_breaks(text):
        if piece in _BREAKS:
            run.append(OxmlElement(_BREAKS[piece]))
        else:
            node = OxmlElement("w:delText" if deleted else "w:t")
            node.set(qn("xml:space"), "preserve")
            node.text = piece
            run.append(node)
    return run


def _split_breaks(text: str) -> list[str]:
    pieces, current = [], ""
    for char in text:
        if char in _BREAKS:
            pieces += [current, char] if current else [char]
            current = ""
        else:
            current += char
    return pieces + [current] if current else pieces


def run_text(run) -> str:
    """The text a run shows: ``w:t`` (or ``w:delText``), ``w:br`` as a line break, ``w:tab`` as a tab."""
    parts = []
    for node in run:
        if node.tag in _TEXT_TAGS:
            parts.append(node.text or "")
        elif node.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
    return "".join(parts)


def element_text(element) -> str:
    """All text shown inside ``element`` (a paragraph, row or table), runs joined, paragraphs by a newline."""
    paragraphs = element.iter(qn("w:p")) if element.tag != qn("w:p") else [element]
    return "\n".join("".join(run_text(run) for run in paragraph.iter(qn("w:r"))) for paragraph in paragraphs)


def plain_runs(paragraph):
    """The paragraph's runs as ``(text, w:rPr or None)`` when it holds only plain runs, else None.

    Hyperlinks, fields, drawings and other content make a paragraph not plain: the tracked diff
    then replaces it whole instead of word by word.
    """
    pieces = []
    for child in paragraph:
        if child.tag in _QUIET_PARTS:
            continue
        if child.tag != qn("w:r") or any(part.tag not in _PLAIN_RUN_PARTS for part in child):
            return None
        pieces.append((run_text(child), child.find(qn("w:rPr"))))
    return pieces


def paragraph_style(paragraph) -> str:
    """The paragraph's style id, or '' for the default style."""
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val"), "") if style is not None else ""


class Revisions:
    """Numbers the tracked changes of one document and signs them with an author and a date."""

    def __init__(self, author: str, date: str | None):
        """``date`` is an ISO 8601 moment (``2020-12-10T00:00:00Z``); None leaves it out."""
        self.author = author
        self.date = date
        self.next_id = FIRST_REVISION_ID

    def mark(self, deleted: bool):
        """An empty ``w:del`` (``deleted``) or ``w:ins`` with the next id, the author and the date."""
        element = OxmlElement("w:del" if deleted else "w:ins")
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), self.author)
        if self.date:
            element.set(qn("w:date"), self.date)
        self.next_id += 1
        return element

    def track_paragraph_mark(self, paragraph, *, deleted: bool) -> None:
        """Mark the paragraph mark itself as deleted or inserted (a wholly new or removed paragraph).

        The mark goes first in ``w:pPr/w:rPr``, which itself comes before ``w:sectPr`` and ``w:pPrChange``.
        """
        properties = paragraph.find(qn("w:pPr"))
        if properties is None:
            properties = OxmlElement("w:pPr")
            paragraph.insert(0, properties)
        run_properties = properties.find(qn("w:rPr"))
        if run_properties is None:
            run_properties = OxmlElement("w:rPr")
            later = [child for child in properties if child.tag in (qn("w:sectPr"), qn("w:pPrChange"))]
            if later:
                later[0].addprevious(run_properties)
            else:
                properties.append(run_properties)
        run_properties.insert(0, self.mark(deleted))

    def track_row(self, row, *, deleted: bool) -> None:
        """Mark a table row (``w:tr``) as inserted or deleted, in its ``w:trPr``."""
        properties = row.find(qn("w:trPr"))
        if properties is None:
            properties = OxmlElement("w:trPr")
            exceptions = row.find(qn("w:tblPrEx"))
            row.insert(1 if exceptions is not None else 0, properties)
        change = properties.find(qn("w:trPrChange"))
        if change is not None:
            change.addprevious(self.mark(deleted))
        else:
            properties.append(self.mark(deleted))

    def wrap_runs(self, element, *, deleted: bool) -> None:
        """Put every run inside ``element`` that is not yet tracked into a new ``w:ins`` or ``w:del``.

        Deleted text becomes ``w:delText`` (and field code ``w:delInstrText``), as Word requires.
        """
        for run in list(element.iter(qn("w:r"))):
            if any(ancestor.tag in (qn("w:ins"), qn("w:del")) for ancestor in run.iterancestors()):
                continue
            if deleted:
                for node in run:
                    if node.tag == qn("w:t"):
                        node.tag = qn("w:delText")
                    elif node.tag == qn("w:instrText"):
                        node.tag = qn("w:delInstrText")
            wrapper = self.mark(deleted)
            run.addprevious(wrapper)
            wrapper.append(run)


def add_bookmark(paragraph, number: int) -> str:
    """Bookmark the whole paragraph as ``_Toc`` + ``number`` (Word's own naming); returns the name."""
    name = f"_Toc{number:08d}"
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(number))
    properties = paragraph.find(qn("w:pPr"))
    paragraph.insert(1 if properties is not None else 0, start)
    paragraph.append(end)
    return name


def toc_entry(style_id: str | None, text: str, anchor: str):
    """A table-of-contents paragraph in style ``style_id`` whose text links to the bookmark ``anchor``."""
    paragraph = OxmlElement("w:p")
    if style_id:
        properties = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), style_id)
        properties.append(style)
        paragraph.append(properties)
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    link.append(text_run(text))
    paragraph.append(link)
    return paragraph


def field_char_run(runs, kind: str):
    """The run among ``runs`` holding a ``w:fldChar`` of type ``kind`` (begin, separate, end), or None."""
    for run in runs:
        char = run.find(qn("w:fldChar"))
        if char is not None and char.get(qn("w:fldCharType")) == kind:
            return run
    return None


def _field_char(kind: str):
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    return run


def page_reference_runs(anchor: str, page: int) -> list:
    """A tab and a ``PAGEREF anchor \\h`` field showing ``page``: the number of a TOC entry, as Word writes it."""
    tab = OxmlElement("w:r")
    tab.append(OxmlElement("w:tab"))
    instruction = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" PAGEREF {anchor} \\h "
    instruction.append(text)
    return [tab, _field_char("begin"), instruction, _field_char("separate"), text_run(str(page)),
            _field_char("end")]


def page_reference_result(link):
    """The ``w:t`` showing the page number of the PAGEREF field inside ``link``, or None if it has none."""
    runs = list(link.iter(qn("w:r")))
    separate = field_char_run(runs, "separate")
    if separate is None or not any("PAGEREF" in (node.text or "") for node in link.iter(qn("w:instrText"))):
        return None
    following = runs[runs.index(separate) + 1:]
    return next((run.find(qn("w:t")) for run in following if run.find(qn("w:t")) is not None), None)
