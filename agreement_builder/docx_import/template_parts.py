"""The parts our own template adds, learnt from the shipped template itself.

Reading templates/samarbeidsavtale.docx tells the importer which chapters are standard
(«Parter», «Formål», «Avvik», … «Underskrifter»), which fact each standard text belongs to, and
the fixed wording (with ``{{ … }}`` as wildcards) that it skips when it meets it again. Only the
visible text of the imported document is compared; nothing hidden in it is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .items import Paragraph
from .package import open_package
from .walk import Walker

_EXPRESSION = re.compile(r"\{\{(.*?)\}\}")
_TAG = re.compile(r"^\s*\{%.*%\}\s*$")
_FACT_KEY = re.compile(r"texts\.(\w+)")
_IDENTIFIER = re.compile(r"(?<!['\w.])([a-z_][a-z_0-9]*)")
_JINJA_WORDS = {"if", "else", "or", "and", "not", "in", "is"}

# Headings real agreements give the chapters our facts sheet holds as texts.
FACT_CHAPTER_SYNONYMS = {
    "purpose": ("formål", "avtalens formål", "formål med avtalen", "formålet med avtalen", "hensikt"),
    "scope": ("virkeområde", "avtalens virkeområde", "omfang", "avtalens omfang", "virkeområde og omfang"),
    "deviations": ("avvik", "avvikshåndtering", "avviksmeldinger", "melding av avvik"),
    "disagreement": ("uenighet", "tvisteløsning", "uenighet og tvisteløsning", "tvister", "løsning av tvister"),
    "breach": ("mislighold", "brudd på avtalen", "mislighold av avtalen"),
    "duration": ("varighet", "varighet og oppsigelse", "varighet, revisjon og oppsigelse", "revisjon og oppsigelse",
                 "ikrafttredelse, varighet og oppsigelse", "revisjon"),
}


def heading_key(text: str) -> str:
    """A heading folded for comparison: case, spacing and a trailing colon ignored."""
    return " ".join(text.casefold().split()).rstrip(":").strip()


@dataclass(frozen=True)
class Wording:
    """A fixed paragraph of the template; ``{{ … }}`` parts match any text and are captured by name."""

    pattern: re.Pattern
    names: tuple[str, ...]

    def match(self, text: str) -> dict[str, str] | None:
        found = self.pattern.fullmatch(" ".join(text.split()))
        if found is None:
            return None
        return {name: value for name, value in zip(self.names, found.groups())}


@dataclass
class Chapter:
    heading: str
    fact: str | None = None
    wordings: list[Wording] = field(default_factory=list)
    table_headers: list[tuple[str, ...]] = field(default_factory=list)

    def match(self, text: str) -> dict[str, str] | None:
        return next((found for wording in self.wordings if (found := wording.match(text)) is not None), None)


@dataclass
class TemplateParts:
    chapters: dict[str, Chapter]  # by heading_key
    cover: list[Wording]

    def cover_match(self, text: str) -> dict[str, str] | None:
        return next((found for wording in self.cover if (found := wording.match(text)) is not None), None)

    def chapter(self, heading: str) -> Chapter | None:
        return self.chapters.get(heading_key(heading))


def wording(text: str) -> Wording | None:
    """The pattern of a template paragraph; None for tags and for paragraphs that are only a variable."""
    text = " ".join(text.split())
    if not text or _TAG.match(text) or not _EXPRESSION.sub("", text).strip():
        return None
    parts, names, position = [], [], 0
    for found in _EXPRESSION.finditer(text):
        parts.append(re.escape(text[position:found.start()].rstrip()))
        parts.append(r"\s*(.*?)\s*")  # a value may be empty: «mellom  og» reads as «mellom og»
        names.append(next((word for word in _IDENTIFIER.findall(found.group(1)) if word not in _JINJA_WORDS), ""))
        position = found.end()
        while position < len(text) and text[position] == " ":
            position += 1
    parts.append(re.escape(text[position:]))
    return Wording(re.compile("".join(parts)), tuple(names))


@lru_cache(maxsize=4)
def learn(template: Path) -> TemplateParts:
    """What ``template`` adds around the workbook's content."""
    walker = Walker(open_package(template))
    items = walker.walk()
    chapters: dict[str, Chapter] = {}
    cover: list[Wording] = []
    current: Chapter | None = None
    for item in items:
        if isinstance(item, Paragraph):
            if item.heading_level is not None and not item.toc:
                current = None
                if "{{" not in item.text and item.text.strip():
                    current = chapters.setdefault(heading_key(item.text), Chapter(item.text.strip()))
                continue
            fact = _FACT_KEY.search(item.text) if _TAG.match(item.text) else None
            if current is not None and fact and current.fact is None:
                current.fact = fact.group(1)
            found = wording(item.text)
            if found is not None:
                (current.wordings if current is not None else cover).append(found)
        elif current is not None and item.rows:
            current.table_headers.append(tuple(item.texts(0)))
    return TemplateParts(chapters, cover)


def shipped() -> TemplateParts:
    from ..render.docx import DEFAULT_TEMPLATE

    return learn(DEFAULT_TEMPLATE)
