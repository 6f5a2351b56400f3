"""Two builds of an agreement compared into one Word document with tracked changes (the XML side).

The new build's XML takes in, in its own order, what the old build had and it has not:
paragraphs and table rows are aligned by content; a changed paragraph is changed word by word
(``w:ins`` / ``w:del`` runs); a wholly new or removed paragraph has its paragraph mark tracked;
a new or removed table row is tracked in its ``w:trPr``; a cell's content replaced whole is one
deletion and one insertion in the cell. Headings the model diff names as renamed are paired.
The table of contents is left out: it is filled in afterwards from the compared headings.
"""

from __future__ import annotations

import copy
import difflib
import io

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from ..diff.words import word_diff
from .wordxml import Revisions, element_text, paragraph_style, plain_runs, text_run

SIMILAR = 0.5  # text similarity (0–1) above which two paragraphs in the same place are one paragraph changed
_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_RELATIONSHIP_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_DROPPED_FROM_COPIES = (qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:proofErr"))


def _blocks(container, skip) -> list:
    """The paragraphs and tables directly in ``container``, except those in ``skip``."""
    return [child for child in container if child.tag in (_P, _TBL) and child not in skip]


def _columns(table) -> int:
    return len(table.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))


def _place(container, before, element) -> None:
    """Put ``element`` before ``before``, or at the end of ``container`` (ahead of a body's ``w:sectPr``)."""
    if before is not None:
        before.addprevious(element)
    elif len(container) and container[-1].tag == qn("w:sectPr"):
        container[-1].addprevious(element)
    else:
        container.append(element)


def toc_span(container) -> set:
    """The blocks of ``container`` that hold the table-of-contents field, from its start to its end."""
    children = list(container)
    for index, child in enumerate(children):
        if not any((node.text or "").strip().startswith("TOC") for node in child.iter(qn("w:instrText"))):
            continue
        span, depth = set(), 0
        for element in children[index:]:
            span.add(element)
            for char in element.iter(qn("w:fldChar")):
                depth += {"begin": 1, "end": -1}.get(char.get(qn("w:fldCharType")), 0)
            if depth <= 0:
                break
        return span
    return set()


class Comparison:
    """Writes the old build's content into the new build's XML as tracked revisions."""

    def __init__(self, revisions: Revisions, renames: dict[str, str]):
        self.revisions = revisions
        self.renames = renames
        self.parts = None

    # --- containers of paragraphs and tables (the body, a header, a table cell) -----------------
    def container(self, old, new, parts=None) -> None:
        """Compare two containers, leaving their tables of contents alone.

        ``parts`` are the python-docx parts (old, new) holding them: links and pictures in what
        was deleted are carried over into the new part's relationships.
        """
        self.parts = parts
        self.blocks(_blocks(old, toc_span(old)), _blocks(new, toc_span(new)), new)

    def _key(self, element) -> tuple:
        if element.tag == _P:
            text = element_text(element)
            return ("p", paragraph_style(element), self.renames.get(text, text))
        return ("tbl", element_text(element))

    def blocks(self, olds: list, news: list, container) -> None:
        """Align two lists of blocks by content and track what differs; ``news`` lie in ``container``."""
        matcher = difflib.SequenceMatcher(a=[self._key(o) for o in olds], b=[self._key(n) for n in news],
                                          autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            before = news[j1] if j1 < len(news) else None
            if tag == "equal":
                for old, new in zip(olds[i1:i2], news[j1:j2]):
                    self.pair(old, new, container)
            else:
                self.replace(olds[i1:i2], news[j1:j2], container, before)

    def replace(self, olds: list, news: list, container, after) -> None:
        """Blocks that differ in one place: like blocks are paired and compared, the rest deleted or inserted.

        ``after`` is the new block that follows the place (None at the end of ``container``).
        """
        coarse = difflib.SequenceMatcher(a=[self._kind(o) for o in olds], b=[self._kind(n) for n in news],
                                         autojunk=False)
        for tag, i1, i2, j1, j2 in coarse.get_opcodes():
            before = news[j1] if j1 < len(news) else after
            if tag == "equal":
                for old, new in zip(olds[i1:i2], news[j1:j2]):
                    if self._alike(old, new):
                        self.pair(old, new, container)
                    elif old.tag == _P:
                        self.replace_content(old, new)
                    else:
                        _place(container, new, self.deleted_copy(old))
                        self.mark_inserted(new)
                continue
            for old in olds[i1:i2]:
                _place(container, before, self.deleted_copy(old))
            for new in news[j1:j2]:
                self.mark_inserted(new)

    @staticmethod
    def _kind(element) -> tuple:
        if element.tag == _P:
            return ("p", paragraph_style(element))
        return ("tbl", _columns(element))

    @staticmethod
    def _alike(old, new) -> bool:
        if old.tag == _TBL:
            return True
        ratio = difflib.SequenceMatcher(a=element_text(old), b=element_text(new), autojunk=False).ratio()
        return ratio >= SIMILAR

    def pair(self, old, new, container) -> None:
        """Compare two blocks that stand for each other."""
        if old.tag == _TBL:
            self.table(old, new, container)
        elif element_text(old) != element_text(new):
            self.paragraph(old, new, container)

    # --- whole blocks ---------------------------------------------------------------------------
    def deleted_copy(self, element):
        """A copy of an old paragraph, table or row, all of it tracked as deleted."""
        element = copy.deepcopy(element)
        for node in [n for n in element.iter() if n.tag in _DROPPED_FROM_COPIES]:
            node.getparent().remove(node)
        if self.parts is not None:
            adopt_relationships(element, *self.parts)
        self._track_whole(element, deleted=True)
        return element

    def mark_inserted(self, element) -> None:
        """Track a new paragraph, table or row as inserted, all of it."""
        self._track_whole(element, deleted=False)

    def _track_whole(self, element, *, deleted: bool) -> None:
        rows = [element] if element.tag == _TR else list(element.iter(_TR))
        for row in rows:
            self.revisions.track_row(row, deleted=deleted)
        self.revisions.wrap_runs(element, deleted=deleted)
        if element.tag == _P:
            self.revisions.track_paragraph_mark(element, deleted=deleted)

    # --- a paragraph changed word by word ---------------------------------------------------------
    def paragraph(self, old, new, container) -> None:
        """Turn ``new`` into a word-by-word comparison with ``old``, or replace it whole if not plain text."""
        old_runs, new_runs = plain_runs(old), plain_runs(new)
        if old_runs is None or new_runs is None:
            self.replace_content(old, new)
            return
        old_chars, new_chars = _characters(old_runs), _characters(new_runs)
        elements, at_old, at_new = [], 0, 0
        for op, text in word_diff("".join(c for c, _ in old_chars), "".join(c for c, _ in new_chars),
                                  exact=True):
            if op == "delete":
                elements.append(self._tracked(old_chars[at_old:at_old + len(text)], deleted=True))
                at_old += len(text)
            elif op == "insert":
                elements.append(self._tracked(new_chars[at_new:at_new + len(text)], deleted=False))
                at_new += len(text)
            else:
                elements += _runs(new_chars[at_new:at_new + len(text)])
                at_old, at_new = at_old + len(text), at_new + len(text)
        runs = new.findall(qn("w:r"))
        position = list(new).index(runs[0]) if runs else len(new)
        for run in runs:
            new.remove(run)
        for offset, element in enumerate(elements):
            new.insert(position + offset, element)

    def replace_content(self, old, new) -> None:
        """One paragraph whose content is replaced whole: the old content deleted, then the new inserted.

        The paragraph mark stays untracked, so no empty paragraph is left behind in a table cell
        (where a paragraph mark cannot be removed) whichever way the change is decided.
        """
        self.revisions.wrap_runs(new, deleted=False)
        removed = self.deleted_copy(old)
        content = [child for child in removed if child.tag != qn("w:pPr")]
        first = next((child for child in new if child.tag != qn("w:pPr")), None)
        for child in content:
            _place(new, first, child)

    def _tracked(self, characters, *, deleted: bool):
        wrapper = self.revisions.mark(deleted)
        for run in _runs(characters, deleted=deleted):
            wrapper.append(run)
        return wrapper

    # --- tables, row by row -----------------------------------------------------------------------
    def table(self, old, new, container) -> None:
        """Compare two tables row by row; with another number of columns, replace the table whole."""
        if _columns(old) != _columns(new):
            _place(container, new, self.deleted_copy(old))
            self.mark_inserted(new)
            return
        olds, news = old.findall(_TR), new.findall(_TR)
        keys = [[tuple(element_text(cell) for cell in row.findall(_TC)) for row in rows] for rows in (olds, news)]
        matcher = difflib.SequenceMatcher(a=keys[0], b=keys[1], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
            for old_row, new_row in zip(olds[i1:i1 + paired], news[j1:j1 + paired]):
                self.row(old_row, new_row, new)
            before = news[j1 + paired] if j1 + paired < len(news) else None
            for old_row in olds[i1 + paired:i2]:
                _place(new, before, self.deleted_copy(old_row))
            for new_row in news[j1 + paired:j2]:
                self.mark_inserted(new_row)

    def row(self, old, new, table) -> None:
        """Compare two rows cell by cell; rows with other cells are replaced whole."""
        old_cells, new_cells = old.findall(_TC), new.findall(_TC)
        if len(old_cells) != len(new_cells):
            _place(table, new, self.deleted_copy(old))
            self.mark_inserted(new)
            return
        for old_cell, new_cell in zip(old_cells, new_cells):
            self.blocks(_blocks(old_cell, ()), _blocks(new_cell, ()), new_cell)


def adopt_relationships(element, old_part, new_part) -> None:
    """Point the relationship ids in ``element``, copied from ``old_part``, at the same targets from ``new_part``.

    A link keeps its address; a picture is added to the new package (once, by content); a
    deleted hyperlink may stay a link. Anything else that refers to the old package (an
    embedded object) cannot come along and is left out of the deleted copy.
    """
    for node in list(element.iter()):
        for name, value in list(node.attrib.items()):
            if not name.startswith(_RELATIONSHIP_NS):
                continue
            relationship = old_part.rels.get(value)
            if relationship is None:
                del node.attrib[name]
            elif relationship.is_external:
                node.set(name, new_part.relate_to(relationship.target_ref, relationship.reltype, is_external=True))
            elif relationship.reltype == RT.IMAGE:
                node.set(name, new_part.get_or_add_image(io.BytesIO(relationship.target_part.blob))[0])
            elif node.getparent() is not None:
                node.getparent().remove(node)
                break


def _characters(runs) -> list[tuple[str, object]]:
    """Each character of a paragraph with the run properties it is shown in."""
    return [(char, properties) for text, properties in runs for char in text]


def _runs(characters, *, deleted: bool = False) -> list:
    """Runs for consecutive characters, one run per stretch with the same properties."""
    runs, start = [], 0
    for index in range(1, len(characters) + 1):
        if index == len(characters) or characters[index][1] is not characters[start][1]:
            text = "".join(char for char, _ in characters[start:index])
            runs.append(text_run(text, characters[start][1], deleted=deleted))
            start = index
    return runs


def _story_parts(document) -> dict[str, object]:
    """The headers and footers of a python-docx document, by part name."""
    return {str(part.partname): part for part in document.part.package.iter_parts()
            if part.partname.startswith(("/word/header", "/word/footer")) and hasattr(part, "element")}


def compare_builds(document, *, old_data: bytes, author: str, date: str, renames: dict[str, str]) -> None:
    """Write the old build ``old_data`` into the new build ``document`` as tracked changes (body, headers, footers)."""
    import docx

    old_document = docx.Document(io.BytesIO(old_data))
    comparison = Comparison(Revisions(author, date), renames)
    comparison.container(old_document.element.body, document.element.body, (old_document.part, document.part))
    old_parts = _story_parts(old_document)
    for name, part in _story_parts(document).items():
        if name in old_parts:
            comparison.container(old_parts[name].element, part.element, (old_parts[name], part))
