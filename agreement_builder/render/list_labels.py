"""The numbers Word shows before numbered headings («1», «4.2»), computed from the numbering part.

A heading is numbered when its paragraph or its style (or a style it is based on) has a
``w:numPr``; the level comes from ``w:ilvl`` or from the list level bound to the style
(``w:lvl/w:pStyle``). Only decimal levels are labelled; other formats give no label, so the
pre-filled table of contents never shows a wrong number (Word rebuilds it anyway).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from .styles_part import StyleFacts, style_facts

PLACEHOLDER = re.compile(r"%(\d)")


def _val(element, path: str) -> str | None:
    found = element.find(path) if element is not None else None
    return found.get(qn("w:val")) if found is not None else None


class _Lists:
    """The numbering part as lookups: numId → abstract list, and its levels."""

    def __init__(self, numbering):
        abstracts = {node.get(qn("w:abstractNumId")): node for node in numbering.iter(qn("w:abstractNum"))}
        self.abstract = {node.get(qn("w:numId")): abstracts.get(_val(node, qn("w:abstractNumId")))
                         for node in numbering.iter(qn("w:num"))}

    def level(self, num_id: str, ilvl: str | None, style_id: str | None):
        abstract = self.abstract.get(num_id)
        if abstract is None:
            return None
        for level in abstract.iter(qn("w:lvl")):
            if ilvl is not None and level.get(qn("w:ilvl")) == ilvl:
                return level
            if ilvl is None and _val(level, qn("w:pStyle")) == style_id:
                return level
        return None


def heading_labels(document, paragraphs: Iterable, facts: StyleFacts | None = None) -> dict:
    """{paragraph element: label} for the numbered ones among ``paragraphs`` (in document order).

    ``facts`` are the document's :class:`~.styles_part.StyleFacts` when the caller has them.
    """
    try:  # looked up, not through python-docx's numbering_part, which would add an empty one
        numbering = document.part.part_related_by(RT.NUMBERING).element
    except KeyError:
        return {}
    lists = _Lists(numbering)
    facts = facts or style_facts(document)
    counters: dict[object, dict[int, int]] = {}
    labels = {}
    for paragraph in paragraphs:
        properties = paragraph.find(qn("w:pPr"))
        style_id = _val(properties, qn("w:pStyle"))
        num_id = _val(properties, f"{qn('w:numPr')}/{qn('w:numId')}")
        ilvl = _val(properties, f"{qn('w:numPr')}/{qn('w:ilvl')}")
        if num_id is None:
            num_id, ilvl = facts.list_of(style_id)
        level = lists.level(num_id, ilvl, style_id) if num_id not in (None, "0") else None
        if level is None:
            continue
        abstract = lists.abstract[num_id]
        label = _count(counters.setdefault(abstract, {}), level, _formats(abstract))
        if label:
            labels[paragraph] = label
    return labels


def _formats(abstract) -> dict[int, str]:
    return {int(level.get(qn("w:ilvl")) or 0): _val(level, qn("w:numFmt")) or "decimal"
            for level in abstract.iter(qn("w:lvl"))}


def _count(counter: dict[int, int], level, formats: dict[int, str]) -> str | None:
    """Step the list's counter at ``level`` (deeper levels restart) and return the level's label.

    None when a number in the label is not decimal (``formats``: each level's ``w:numFmt``).
    """
    depth = int(level.get(qn("w:ilvl")) or 0)
    start = int(_val(level, qn("w:start")) or 1)
    counter[depth] = counter.get(depth, start - 1) + 1
    for deeper in [key for key in counter if key > depth]:
        del counter[deeper]
    text = _val(level, qn("w:lvlText")) or ""
    if any(formats.get(int(number) - 1) != "decimal" for number in PLACEHOLDER.findall(text)):
        return None
    try:
        return PLACEHOLDER.sub(lambda match: str(counter[int(match.group(1)) - 1]), text).strip() or None
    except KeyError:  # a level above was never seen: Word would show its start value; leave it out
        return None
