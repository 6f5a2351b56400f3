"""The template's styles part, parsed only when something changes it, and what rendering reads from it.

The shipped template's styles are 355 KB of XML. Rendering never changes them; it only needs
each style's name (to find the heading and TOC styles) and the list numbering a style gives
(to number headings in the table of contents). Parsing the part for that, and serialising it
again when the document is written, was a twentieth of a build. So the template is opened
with :class:`UnparsedStyles`: the part keeps the template's bytes and is written back as they
are, unless code asks for its XML (python-docx's ``document.styles``), which parses it then.
:class:`StyleFacts` are kept in the compiled template (:mod:`.template_cache`), so the part is
read once per template, not once per build.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.parts.styles import StylesPart

_STYLE, _STYLE_ID, _NAME, _VAL = qn("w:style"), qn("w:styleId"), qn("w:name"), qn("w:val")
_NUM_ID = f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}"
_ILVL = f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:ilvl')}"
_BASED_ON = qn("w:basedOn")


class StyleFacts:
    """Per style id: its name in lower case, and the list (numId, ilvl) its paragraph properties or base give."""

    def __init__(self, names: dict[str, str], numbering: dict[str, tuple[str | None, str | None, str | None]]):
        self.names = names
        self._numbering = numbering  # style id: (numId, ilvl, basedOn) of the style itself

    @classmethod
    def of(cls, styles) -> StyleFacts:
        """The facts of the styles element ``styles`` (``w:styles``)."""
        names, numbering = {}, {}
        for style in styles.iterchildren(_STYLE):
            style_id = style.get(_STYLE_ID)
            name = style.find(_NAME)
            if name is not None and name.get(_VAL):
                names[style_id] = name.get(_VAL).lower()
            numbering[style_id] = (_value(style, _NUM_ID), _value(style, _ILVL), _value(style, _BASED_ON))
        return cls(names, numbering)

    def list_of(self, style_id: str | None) -> tuple[str | None, str | None]:
        """(numId, ilvl) a paragraph style gives, following ``w:basedOn``."""
        seen = set()
        while style_id and style_id not in seen and style_id in self._numbering:
            seen.add(style_id)
            num_id, ilvl, based_on = self._numbering[style_id]
            if num_id is not None:
                return num_id, ilvl
            style_id = based_on
        return None, None

    def dumps(self) -> tuple:
        """A form :mod:`marshal` keeps (the compiled template stores it)."""
        return self.names, self._numbering

    @classmethod
    def loads(cls, kept: Any) -> StyleFacts | None:
        """The facts :meth:`dumps` gave, or None for anything else (a damaged cache file)."""
        if (isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], dict) and isinstance(kept[1], dict)
                and all(isinstance(value, tuple) and len(value) == 3 for value in kept[1].values())):
            return cls(*kept)
        return None


def _value(element, path: str) -> str | None:
    found = element.find(path)
    return found.get(_VAL) if found is not None else None


class UnparsedStyles(StylesPart):
    """A styles part holding the template's bytes until its XML is asked for.

    ``facts(name, content)`` gives the :class:`StyleFacts` of those bytes (see :func:`kept_facts`),
    used while the part is not parsed.
    """

    def __init__(self, partname, content_type, blob: bytes, package, facts) -> None:
        super().__init__(partname, content_type, None, package)
        self._source, self._facts = blob, facts

    # python-docx reads and writes the XML through ``self._element``: parse at the first use
    @property
    def _element(self):
        if self._source is not None:
            self.__dict__["_parsed"], self._source = parse_xml(self._source), None
        return self.__dict__["_parsed"]

    @_element.setter
    def _element(self, element) -> None:
        if element is not None:
            self.__dict__["_parsed"], self._source = element, None

    @property
    def blob(self) -> bytes:
        return self._source if self._source is not None else super().blob

    def facts(self) -> StyleFacts:
        if self._source is not None:
            return self._facts(self.partname.membername, self._source)
        return StyleFacts.of(self._element)


def kept_facts(compiled, name: str, content: bytes) -> StyleFacts:
    """The :class:`StyleFacts` of styles part ``name`` holding ``content``, kept in ``compiled`` when there is one.

    ``compiled`` is the :class:`~.template_cache.CompiledTemplate` of the template, or None.
    """
    def read(data: bytes) -> tuple:
        return StyleFacts.of(parse_xml(data)).dumps()

    if compiled is not None:
        kept = StyleFacts.loads(compiled.part_facts(name, content, read))
        if kept is not None:
            return kept
    return StyleFacts.of(parse_xml(content))


def style_facts(document) -> StyleFacts:
    """The :class:`StyleFacts` of ``document`` (python-docx), without parsing a part opened unparsed."""
    try:
        part = document.part.part_related_by(RT.STYLES)
    except KeyError:
        return StyleFacts.of(document.styles.element)  # python-docx adds its default styles, as before
    return part.facts() if isinstance(part, UnparsedStyles) else StyleFacts.of(part.element)


def open_document(file: IO[bytes], facts: Callable[[str, bytes], StyleFacts]):
    """``docx.Document(file)`` with the styles part opened as :class:`UnparsedStyles` (``facts`` as there)."""
    from docx.opc.package import Unmarshaller
    from docx.opc.part import PartFactory
    from docx.opc.pkgreader import PackageReader
    from docx.package import Package

    def part_factory(partname, content_type, reltype, blob, package):
        if content_type == CT.WML_STYLES:
            return UnparsedStyles(partname, content_type, blob, package, facts)
        return PartFactory(partname, content_type, reltype, blob, package)

    package = Package()
    Unmarshaller.unmarshal(PackageReader.from_file(file), package, part_factory)
    document_part = package.main_document_part
    if document_part.content_type != CT.WML_DOCUMENT_MAIN:  # as docx.Document says it
        raise ValueError(f"file '{file}' is not a Word file, content type is '{document_part.content_type}'")
    try:
        styles = document_part.part_related_by(RT.STYLES)
    except KeyError:  # no styles part: python-docx adds its default one when asked
        styles = None
    if styles is not None and not isinstance(styles, StylesPart):
        raise NotStyles(styles.partname.membername, styles.content_type)
    return document_part.document


class NotStyles(ValueError):
    """The part the document names as its styles is of another type (python-docx cannot read it)."""

    def __init__(self, part: str, content_type: str) -> None:
        super().__init__(part, content_type)
        self.part, self.content_type = part, content_type
