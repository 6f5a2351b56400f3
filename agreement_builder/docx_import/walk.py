"""Walking the document XML into paragraphs and tables, with notices for what cannot come along.

Reads what a person sees: text in content controls, smart tags, hyperlinks, fields' shown
results and tracked insertions; not tracked deletions, hidden text or field instructions.
Text boxes, images, objects, footnotes, comments, links and unaccepted changes become notices.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from lxml import etree

from ..links import allowed_url, typed_link
from ..text import shortened
from .items import Cell, Item, Notice, Paragraph, Table
from .package import ImportProblem, R, Package
from .styles import MAX_LIST_LEVEL, Styles, number_value, on, w

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_PASS_THROUGH = {w(tag) for tag in ("smartTag", "customXml", "ins", "moveTo", "dir", "bdo", "fldSimple")}
_SKIPPED = {w(tag) for tag in ("del", "moveFrom")}
MAX_TABLE_COLUMNS = 200  # Word allows 63 columns in a table; a span or offset beyond this is a damaged file


def excerpt(text: str, length: int = 60) -> str:
    """``text`` on one line with single spaces, shortened to ``length`` (a piece of the document in a notice)."""
    return shortened(" ".join(text.split()), length)


@dataclass
class _Runs:
    """Text and formatting gathered from one paragraph's runs."""

    parts: list[str] = field(default_factory=list)
    bold_chars: int = 0
    chars: int = 0
    size: int = 0
    toc: bool = False


@dataclass
class _Field:
    instruction: str = ""
    result: bool = False
    where: str = ""


class Walker:
    """Turns the body of a :class:`Package` into :class:`Item` objects and :class:`Notice` objects."""

    def __init__(self, package: Package):
        self.package = package
        self.styles = Styles(package.styles, package.numbering)
        self.items: list[Item] = []
        self.notices: list[Notice] = []
        self._fields: list[_Field] = []
        self._paragraphs = 0
        self._tables = 0
        self._where = ""
        self._toc_block = 0
        self._carry = ""  # text of a paragraph whose mark is a tracked deletion

    def walk(self) -> list[Item]:
        body = self.package.document.find(w("body"))
        if body is not None:
            self._block_content(body)
        if self._fields:  # a damaged field: its hidden part ran to the end of the document
            self.notice("et felt i dokumentet er ikke avsluttet – tekst etter det kan mangle; åpne dokumentet i "
                        "Word og lagre det på nytt", self._fields[0].where)
        return self.items

    # --- block level -------------------------------------------------------------------------
    def _block_content(self, parent: etree._Element) -> None:
        for child in parent:
            if child.tag == w("p"):
                self._paragraphs += 1
                self._where = f"avsnitt {self._paragraphs}"
                paragraph = self.paragraph(child, self._paragraphs)
                if paragraph is not None:
                    self.items.append(paragraph)
            elif child.tag == w("tbl"):
                self._tables += 1
                self._where = f"tabell {self._tables}"
                self.items.append(self.table(child, self._tables))
            elif child.tag == w("sdt"):
                self._content_control(child)
            elif child.tag in (w("customXml"), w("ins"), w("moveTo")):
                self._block_content(child)
            elif child.tag == w("altChunk"):
                self.notice("et innebygd dokument (altChunk) kan ikke leses – lim inn innholdet som tekst")

    def _content_control(self, sdt: etree._Element) -> None:
        gallery = sdt.find(f"{w('sdtPr')}/{w('docPartObj')}/{w('docPartGallery')}")
        is_toc = gallery is not None and "table of contents" in (gallery.get(w("val")) or "").lower()
        self._toc_block += is_toc
        content = sdt.find(w("sdtContent"))
        if content is not None:
            self._block_content(content)
        self._toc_block -= is_toc

    def notice(self, message: str, where: str | None = None) -> None:
        self.notices.append(Notice(message, where or self._where, len(self.items)))

    # --- paragraphs ----------------------------------------------------------------------------
    def paragraph(self, element: etree._Element, number: int) -> Paragraph | None:
        properties = element.find(w("pPr"))
        style = self.styles.info(_val(properties, "pStyle") or "")
        runs = _Runs()
        self._inline(element, runs, style)
        text = unicodedata.normalize("NFC", self._carry + "".join(runs.parts))
        self._carry = ""
        mark = properties.find(f"{w('rPr')}/{w('del')}") if properties is not None else None
        if mark is not None:
            self.notice("sporet endring som ikke er godtatt: et slettet avsnittsskift er utelatt")
            self._carry = text
            return None
        outline = _val(properties, "outlineLvl")
        num_id, num_level = self._numbering(properties, style)
        return Paragraph(
            number=number,
            text=text,
            style=style,
            outline_level=_level(outline),
            list_kind=self.styles.list_kind(num_id, num_level) or (style.list_kind if num_id is None else None),
            bold=runs.chars > 0 and runs.bold_chars == runs.chars,
            size=runs.size or style.size or self.styles.default_size,
            toc=runs.toc or style.toc or self._toc_block > 0,
        )

    def _numbering(self, properties, style) -> tuple[str | None, int]:
        num_pr = properties.find(w("numPr")) if properties is not None else None
        if num_pr is None:
            return style.num_id, style.num_level
        return _val(num_pr, "numId"), min(number_value(_val(num_pr, "ilvl"), 0), MAX_LIST_LEVEL)

    def _inline(self, parent: etree._Element, runs: _Runs, style) -> None:
        for child in parent:
            tag = child.tag
            if tag == w("r"):
                self._run(child, runs, style)
            elif tag in _PASS_THROUGH:
                if tag in (w("ins"), w("moveTo")) and _text_of(child).strip():
                    self.notice(f"sporet endring som ikke er godtatt: innsatt tekst «{excerpt(_text_of(child))}» "
                                "er tatt med")
                if tag == w("fldSimple") and "HYPERLINK" in (child.get(w("instr")) or ""):
                    self.notice(f"lenke («{excerpt(_text_of(child))}»): teksten er tatt med, lenken ikke")
                self._inline(child, runs, style)
            elif tag == w("hyperlink"):
                self._hyperlink(child, runs, style)
            elif tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    self._inline(content, runs, style)
            elif tag in _SKIPPED:
                if _deleted_text(child).strip():
                    self.notice(f"sporet endring som ikke er godtatt: slettet tekst «{excerpt(_deleted_text(child))}» "
                                "er utelatt")
            elif tag == f"{{{_MC}}}AlternateContent":
                choice = child.find(f"{{{_MC}}}Choice")
                self._inline(choice if choice is not None else child, runs, style)
            elif tag in (f"{{{_MATH}}}oMath", f"{{{_MATH}}}oMathPara"):
                self.notice("en formel kan ikke tas med")

    def _hyperlink(self, link: etree._Element, runs: _Runs, style) -> None:
        """A link's text; an http, https or mailto link comes back in the typed form (``[tekst](url)``)."""
        target = self.package.links.get(link.get(f"{{{R}}}id", ""), "")
        start = len(runs.parts)
        self._inline(link, runs, style)
        if target and allowed_url(target):
            runs.parts[start:] = [typed_link("".join(runs.parts[start:]), target)]
        elif target:
            self.notice(f"lenke til {excerpt(target)} («{excerpt(_text_of(link))}»): teksten er tatt med, "
                        "lenken ikke")

    def _run(self, run: etree._Element, runs: _Runs, style) -> None:
        properties = run.find(w("rPr"))
        if properties is not None and on(properties.find(w("vanish"))):
            hidden = _text_of(run)
            if hidden.strip():
                self.notice(f"skjult tekst er ikke tatt med: «{excerpt(hidden)}»")
            return
        bold, size = self._run_format(properties, style)
        for child in run:
            self._run_child(child, runs, bold, size)

    def _run_format(self, properties, style) -> tuple[bool, int]:
        character = self.styles.info(_val(properties, "rStyle") or "\0") if properties is not None else None
        bold = on(properties.find(w("b"))) if properties is not None else None
        if bold is None:
            bold = (character.bold if character and character.name else False) or style.bold
        size = _val(properties, "sz") if properties is not None else None
        return bold, number_value(size, style.size)

    def _run_child(self, child: etree._Element, runs: _Runs, bold: bool, size: int) -> None:
        tag = child.tag
        if tag == w("fldChar"):
            self._field_char(child.get(w("fldCharType")))
            return
        if tag == w("instrText"):
            if self._fields and not self._fields[-1].result:
                self._fields[-1].instruction += child.text or ""
            return
        if any(f.result and f.instruction.strip().upper().startswith("TOC") for f in self._fields):
            runs.toc = True
            return
        if self._fields and not self._fields[-1].result:
            return
        text = _RUN_TEXT.get(tag)
        if tag == w("t"):
            text = child.text or ""
        elif tag == w("br"):
            text = "" if child.get(w("type")) in ("page", "column") else "\n"
        elif tag == w("sym"):
            text = _symbol(child)
        elif tag in (w("drawing"), w("pict"), w("object")):
            self._graphic(child)
        elif tag in (w("footnoteReference"), w("endnoteReference")):
            self._note(child)
        elif tag == w("commentReference"):
            self._comment(child)
        elif tag == f"{{{_MC}}}AlternateContent":
            choice = child.find(f"{{{_MC}}}Choice")
            for inner in (choice if choice is not None else child):
                self._run_child(inner, runs, bold, size)
        if text:
            runs.parts.append(text)
            visible = len(text.strip())
            runs.chars += visible
            runs.bold_chars += visible if bold else 0
            if visible:
                runs.size = max(runs.size, size or 0)

    def _field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self._fields.append(_Field(where=self._where))
        elif kind == "separate" and self._fields:
            self._fields[-1].result = True
            if self._fields[-1].instruction.strip().upper().startswith("HYPERLINK"):
                target = self._fields[-1].instruction.strip()[9:].strip().strip('"')
                self.notice(f"lenke til {excerpt(target)}: teksten er tatt med, lenken ikke")
        elif kind == "end" and self._fields:
            self._fields.pop()

    def _graphic(self, element: etree._Element) -> None:
        boxes = [node for node in element.iter(w("txbxContent"))]
        if boxes:
            text = " ".join(_text_of(box) for box in boxes)
            self.notice(f"en tekstboks kan ikke tas med: «{excerpt(text)}»" if text.strip()
                        else "en tom tekstboks er hoppet over")
        elif element.tag == w("object"):
            self.notice("et innebygd objekt kan ikke tas med")
        else:
            self.notice("et bilde kan ikke tas med ennå")

    def _note(self, reference: etree._Element) -> None:
        kind = "fotnote" if reference.tag == w("footnoteReference") else "sluttnote"
        part = self.package.footnotes if kind == "fotnote" else self.package.endnotes
        text = _part_text(part, "footnote" if kind == "fotnote" else "endnote", reference.get(w("id")))
        self.notice(f"en {kind} kan ikke tas med: «{excerpt(text)}»")

    def _comment(self, reference: etree._Element) -> None:
        text = _part_text(self.package.comments, "comment", reference.get(w("id")))
        self.notice(f"en kommentar er ikke tatt med: «{excerpt(text)}»")

    # --- tables --------------------------------------------------------------------------------
    def table(self, element: etree._Element, number: int) -> Table:
        """The table's cells on its grid; :class:`ImportProblem` when a row is wider than any real table."""
        table = Table(number)
        for row_index, row in enumerate(_rows(element), start=1):
            cells, column = [], number_value(_val(row.find(w("trPr")), "gridBefore"), 0, digits=18)
            for cell in _cells(row):
                self._where = f"tabell {number}, rad {row_index}, kolonne {column + 1}"
                width = max(1, number_value(_val(cell.find(w("tcPr")), "gridSpan"), 1, digits=18))
                if column + width > MAX_TABLE_COLUMNS:
                    raise ImportProblem(self.package.path, f"tabellen er bredere enn {MAX_TABLE_COLUMNS} kolonner "
                                        "(en celle spenner over for mange kolonner) – dokumentet er skadet",
                                        f"tabell {number}, rad {row_index}")
                merge = cell.find(f"{w('tcPr')}/{w('vMerge')}")
                paragraphs = self._cell_paragraphs(cell)
                cells.append(Cell(paragraphs, column, width,
                                  continued=merge is not None and merge.get(w("val")) != "restart"))
                column += width
            table.add_row(cells)
        self._where = f"tabell {number}"
        return table

    def _cell_paragraphs(self, cell: etree._Element) -> list[Paragraph]:
        paragraphs = []
        for child in _flatten(cell):
            if child.tag == w("p"):
                paragraph = self.paragraph(child, 0)
                if paragraph is not None:
                    paragraphs.append(paragraph)
            elif child.tag == w("tbl"):
                self.notice(f"en tabell inne i en tabellcelle kan ikke tas med: «{excerpt(_text_of(child))}»")
        return paragraphs


_RUN_TEXT = {w("tab"): "\t", w("cr"): "\n", w("noBreakHyphen"): "\u2011", w("softHyphen"): "\u00ad"}


def _val(parent: etree._Element | None, tag: str) -> str | None:
    if parent is None:
        return None
    element = parent.find(w(tag))
    return element.get(w("val")) if element is not None else None


def _symbol(element: etree._Element) -> str:
    try:
        code = int(element.get(w("char"), ""), 16)
    except ValueError:
        return ""
    if 0xF020 <= code <= 0xF0FF:
        return chr(code - 0xF000)
    return chr(code) if 0x20 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else ""


def _level(outline: str | None) -> int | None:
    """A heading level (1–9) from a 0-based outline level; None for body text (9) or nonsense."""
    value = number_value(outline, 9)
    return value + 1 if value < 9 else None


def _text_of(element: etree._Element) -> str:
    return "".join(node.text or "" for node in element.iter(w("t")))


def _deleted_text(element: etree._Element) -> str:
    return "".join(node.text or "" for node in element.iter(w("delText"), w("t")))


def _part_text(part: etree._Element | None, tag: str, identifier: str | None) -> str:
    if part is None:
        return ""
    for element in part.iter(w(tag)):
        if element.get(w("id")) == identifier:
            return " ".join(_text_of(p) for p in element.iter(w("p"))).strip()
    return ""


def _flatten(parent: etree._Element):
    """Children, looking through content controls and custom XML wrappers."""
    for child in parent:
        if child.tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from _flatten(content)
        elif child.tag in (w("customXml"), w("ins"), w("moveTo")):
            yield from _flatten(child)
        else:
            yield child


def _rows(table: etree._Element):
    return (child for child in _flatten(table) if child.tag == w("tr"))


def _cells(row: etree._Element):
    return (child for child in _flatten(row) if child.tag == w("tc"))

