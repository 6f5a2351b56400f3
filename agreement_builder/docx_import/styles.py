"""Paragraph styles and list numbering, resolved through ``basedOn`` chains.

Answers the questions structure detection asks of a paragraph's style: is it a heading (by
localised name or outline level), the title, a list (bullet or numbered), bold, how large.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from ..model import BlockKind
from .package import W

_HEADING_NAME = re.compile(
    r"^(?:heading|overskrift|rubrik|titre|überschrift|otsikko|kop|nagłówek|encabezado|titolo)\s*([1-9])$"
)
_TITLE_NAMES = {"title", "tittel", "titel", "titre", "otsikko"}
_SUBTITLE_NAMES = {"subtitle", "undertittel", "undertitel", "sous-titre", "untertitel"}
_TOC_NAME = re.compile(r"^(?:toc|contents|innholdsfortegnelse|innehållsförteckning|verzeichnis|inhalt|"
                       r"indholdsfortegnelse)\s*[1-9]$|^(?:toc heading|contents heading|"
                       r"overskrift for innholdsfortegnelse)$")
_BULLET_NAMES = re.compile(r"^(?:list bullet|punktliste|liste punkt|listepunkt)\s*\d*$")
_NUMBER_NAMES = re.compile(r"^(?:list number|nummerert liste|nummerliste|liste nummer)\s*\d*$")
MAX_LIST_LEVEL = 8  # Word's list levels are 0–8; deeper levels are ignored, so numbering stays a small table


def number_value(value: str | None, default: int, digits: int = 9) -> int:
    """A whole number written with at most ``digits`` ASCII digits, else ``default`` (never a huge int)."""
    if value and len(value) <= digits and value.isascii() and value.isdigit():
        return int(value)
    return default


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def on(element: etree._Element | None) -> bool | None:
    """A toggle property (``<w:b/>``, ``<w:b w:val="0"/>``): True, False, or None when absent."""
    if element is None:
        return None
    return element.get(w("val"), "true").lower() not in ("0", "false", "off")


@dataclass(frozen=True)
class StyleInfo:
    """What a paragraph or character style says, after its ``basedOn`` chain."""

    name: str = ""
    heading_level: int | None = None
    title: bool = False
    subtitle: bool = False
    toc: bool = False
    num_id: str | None = None
    num_level: int = 0
    bold: bool = False
    size: int | None = None  # half-points
    list_kind: BlockKind | None = None


class Styles:
    """Style lookup for one document (styles.xml and numbering.xml)."""

    def __init__(self, styles: etree._Element | None, numbering: etree._Element | None):
        self._elements = {}
        self.default_paragraph = ""
        self.default_size = 22
        if styles is not None:
            for style in styles.iter(w("style")):
                style_id = style.get(w("styleId"), "")
                self._elements[style_id] = style
                if style.get(w("default")) in ("1", "true") and style.get(w("type")) == "paragraph":
                    self.default_paragraph = style_id
            size = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('sz')}")
            if size is not None:
                self.default_size = number_value(size.get(w("val")), self.default_size)
        self._formats = _numbering_formats(numbering)
        self.info = lru_cache(maxsize=None)(self._info)

    def _info(self, style_id: str) -> StyleInfo:
        chain, seen, current = [], set(), style_id or self.default_paragraph
        while current and current in self._elements and current not in seen:
            seen.add(current)
            chain.append(self._elements[current])
            based = self._elements[current].find(w("basedOn"))
            current = based.get(w("val")) if based is not None else ""
        if not chain:
            return StyleInfo(size=self.default_size)
        name = (chain[0].find(w("name")).get(w("val"), "") if chain[0].find(w("name")) is not None else "").lower()
        name = name.strip()
        level = _heading_level(name, chain)
        num_id, num_level = _first_numbering(chain)
        return StyleInfo(
            name=name,
            heading_level=level,
            title=name in _TITLE_NAMES,
            subtitle=name in _SUBTITLE_NAMES,
            toc=bool(_TOC_NAME.match(name)),
            num_id=num_id,
            num_level=num_level,
            bold=bool(_first(chain, "rPr", "b")),
            size=_first_size(chain) or self.default_size,
            list_kind=BlockKind.BULLET if _BULLET_NAMES.match(name)
            else BlockKind.NUMBERED if _NUMBER_NAMES.match(name) else None,
        )

    def list_kind(self, num_id: str | None, level: int) -> BlockKind | None:
        """Bullet or numbered for a numbering reference; None for «no numbering» (numId 0)."""
        if not num_id or num_id == "0":
            return None
        number_format = self._formats.get((num_id, level)) or self._formats.get((num_id, 0))
        if number_format in (None, "none"):
            return None if number_format == "none" else BlockKind.BULLET
        return BlockKind.BULLET if number_format == "bullet" else BlockKind.NUMBERED


def _heading_level(name: str, chain: list[etree._Element]) -> int | None:
    match = _HEADING_NAME.match(name) or _HEADING_NAME.match(chain[0].get(w("styleId"), "").lower())
    if match:
        return int(match.group(1))
    for style in chain:
        outline = style.find(f"{w('pPr')}/{w('outlineLvl')}")
        value = number_value(outline.get(w("val")), -1) if outline is not None else -1
        if value >= 0:
            return value + 1 if value < 9 else None
    return None


def _first(chain: list[etree._Element], group: str, tag: str) -> bool | None:
    for style in chain:
        value = on(style.find(f"{w(group)}/{w(tag)}"))
        if value is not None:
            return value
    return None


def _first_size(chain: list[etree._Element]) -> int | None:
    for style in chain:
        size = style.find(f"{w('rPr')}/{w('sz')}")
        if size is not None and number_value(size.get(w("val")), 0):
            return number_value(size.get(w("val")), 0)
    return None


def _first_numbering(chain: list[etree._Element]) -> tuple[str | None, int]:
    for style in chain:
        num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
        if num_pr is not None:
            num_id = num_pr.find(w("numId"))
            level = num_pr.find(w("ilvl"))
            return (num_id.get(w("val")) if num_id is not None else None,
                    min(number_value(level.get(w("val")), 0), MAX_LIST_LEVEL) if level is not None else 0)
    return None, 0


def _numbering_formats(numbering: etree._Element | None) -> dict[tuple[str, int], str]:
    """(numId, level) → numFmt value (``bullet``, ``decimal``, ``none``…)."""
    if numbering is None:
        return {}
    abstract = {}
    for element in numbering.iter(w("abstractNum")):
        levels = {}
        for lvl in element.iter(w("lvl")):
            level = number_value(lvl.get(w("ilvl")), 0)
            if level > MAX_LIST_LEVEL:
                continue
            number_format = lvl.find(w("numFmt"))
            levels[level] = number_format.get(w("val"), "decimal") if number_format is not None else "decimal"
        abstract[element.get(w("abstractNumId"))] = levels
    formats = {}
    for num in numbering.iter(w("num")):
        reference = num.find(w("abstractNumId"))
        levels = abstract.get(reference.get(w("val")) if reference is not None else None, {})
        for level, number_format in levels.items():
            formats[(num.get(w("numId")), level)] = number_format
    return formats
