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


def text_run(text: str, properties=None, *, deleted: bool = False):
    """A ``w:r`` holding ``text``, its line breaks as ``w:br``; ``properties`` (a ``w:rPr``) is copied.

    ``deleted`` writes the text as ``w:delText``, as a run inside ``w:del`` must.
    """
    run = OxmlElement("w:r")
    if properties is not None:
        run.append(copy.deepcopy(properties))
    for index, line in enumerate(text.split("\n")):
        if index:
            run.append(OxmlElement("w:br"))
        if line:
            node = OxmlElement("w:delText" if deleted else "w:t")
            node.set(qn("xml:space"), "preserve")
            node.text = line
            run.append(node)
    return run


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

    def tracked_run(self, text: str, properties=None, *, deleted: bool):
        """``text`` as a run inside a new ``w:del`` or ``w:ins``."""
        wrapper = self.mark(deleted)
        wrapper.append(text_run(text, properties, deleted=deleted))
        return wrapper

    def track_paragraph_mark(self, paragraph, *, deleted: bool) -> None:
        """Mark the paragraph mark itself as deleted or inserted (a wholly new or removed paragraph)."""
        properties = paragraph.find(qn("w:pPr"))
        if properties is None:
            properties = OxmlElement("w:pPr")
            paragraph.insert(0, properties)
        run_properties = properties.find(qn("w:rPr"))
        if run_properties is None:
            run_properties = OxmlElement("w:rPr")
            properties.append(run_properties)
        run_properties.append(self.mark(deleted))


def has_untracked_text(paragraph) -> bool:
    """Whether the paragraph has text outside tracked insertions and deletions."""
    for node in paragraph.iter(qn("w:t")):
        if not any(a.tag in (qn("w:ins"), qn("w:del")) for a in node.iterancestors()) and (node.text or "").strip():
            return True
    return False


def enclosing_paragraph(node):
    """The ``w:p`` that holds ``node``, or None."""
    return next((ancestor for ancestor in node.iterancestors() if ancestor.tag == qn("w:p")), None)


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
