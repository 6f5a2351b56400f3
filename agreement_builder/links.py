"""Links and figures written in cell text: finding them is pure text work, with no I/O.

What people can type in a cell (docs/workbook.md, «Lenker og figurer»):

- a bare address: ``https://…``, ``http://…`` or ``mailto:…`` becomes a link showing the address,
  also inside parentheses: «Veileder for rehabilitering (https://www.helsedirektoratet.no/…)»;
- ``[tekst](https://…)``: the text becomes a link to the address;
- a line of its own ``![alternativ tekst](bilder/figur.png)``: a figure from an image file in the
  workbook's folder (or below it), with the alternative text read aloud to those who cannot see it.

Only http, https and mailto become links; a ``[tekst](…)`` with any other target stays text and
is reported (:func:`refused_links`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from .model import Agreement, Block, CellRef

ALLOWED_SCHEMES = ("http", "https", "mailto")
URL_LIMIT = 2_000  # characters; longer addresses are not made into links

_URL_BODY = r"[^\s<>«»\"\[\]]+"
_BARE = re.compile(r"\b(?:https?://|mailto:)" + _URL_BODY, re.IGNORECASE)
_TYPED = re.compile(r"(?<!!)\[([^\[\]\n]+)\]\(\s*([^\s()]+(?:\([^\s()]*\)[^\s()]*)*)\s*\)")
_FIGURE = re.compile(r"!\[([^\[\]\n]*)\]\(\s*([^()\n]+?)\s*\)")
_TRAILING = ".,;:!?'’”»"


class Span(NamedTuple):
    """A piece of text; ``url`` is set when the piece is a link."""

    text: str
    url: str = ""


def allowed_url(url: str) -> bool:
    """Whether ``url`` may become a link: http(s) with a host, or mailto, within :data:`URL_LIMIT`."""
    if len(url) > URL_LIMIT or any(ord(char) < 33 for char in url):
        return False
    scheme, colon, rest = url.partition(":")
    scheme = scheme.casefold()
    if not colon or scheme not in ALLOWED_SCHEMES:
        return False
    if scheme == "mailto":
        return "@" in rest
    return rest.startswith("//") and len(rest) > 2 and rest[2] not in "/\\"


def _trim(url: str) -> str:
    """A bare address without the punctuation that ends the sentence around it."""
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


def spans(text: str) -> list[Span]:
    """``text`` cut into plain pieces and links (typed ``[tekst](url)`` and bare addresses)."""
    result: list[Span] = []
    position = 0
    for start, end, span in _link_matches(text):
        if start > position:
            result.append(Span(text[position:start]))
        result.append(span)
        position = end
    if position < len(text):
        result.append(Span(text[position:]))
    return result


def _link_matches(text: str) -> list[tuple[int, int, Span]]:
    found: list[tuple[int, int, Span]] = []
    for match in _TYPED.finditer(text):
        label, url = match.group(1), match.group(2)
        found.append((match.start(), match.end(), Span(label, url if allowed_url(url) else "")))
    taken = [(start, end) for start, end, _ in found]
    for match in _BARE.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        url = _trim(match.group(0))
        if allowed_url(url):
            shown = url[len("mailto:"):] if url.casefold().startswith("mailto:") else url
            found.append((match.start(), match.start() + len(url), Span(shown, url)))
    return sorted(found, key=lambda item: item[0])


def urls(text: str) -> list[str]:
    """The addresses ``text`` links to, in order."""
    return [span.url for span in spans(text) if span.url]


def refused_links(text: str) -> list[tuple[str, str]]:
    """(text, target) of each ``[tekst](target)`` whose target may not become a link."""
    return [(match.group(1), match.group(2)) for match in _TYPED.finditer(text) if not allowed_url(match.group(2))]


class FigureLine(NamedTuple):
    """A figure written as ``![alt](file)`` on a line of its own."""

    alt: str
    target: str


def figure_line(text: str) -> FigureLine | None:
    """The figure ``text`` names when it is exactly one ``![alt](file)``, else None."""
    match = _FIGURE.fullmatch(text.strip())
    return FigureLine(" ".join(match.group(1).split()), match.group(2)) if match else None


def typed_link(text: str, url: str) -> str:
    """``text`` linked to ``url`` in the form people type: ``[text](url)``, or the bare address."""
    if not text.strip() or text.strip() == url or f"mailto:{text.strip()}" == url:
        return url
    if "\n" in text or "[" in text or "]" in text:
        return f"{text} ({url})"
    return f"[{text}]({url})"


def figure_text(alt: str, target: str) -> str:
    """A figure in the form people type: ``![alt](target)``."""
    return f"![{' '.join(alt.split())}]({target})"


def agreement_blocks(agreement: Agreement) -> Iterator[Block]:
    """Every block of free text in ``agreement``: the facts' texts, the chapters, the recommendations."""
    for blocks in agreement.facts.texts.values():
        yield from blocks
    for section in agreement.sections:
        yield from section.blocks
    for group in agreement.groups:
        yield from group.recommendation


def agreement_texts(agreement: Agreement) -> Iterator[tuple[str, CellRef | None]]:
    """(text, cell) of every text that may hold links: the blocks that are not figures, and the tasks."""
    for block in agreement_blocks(agreement):
        if block.figure is None:
            yield block.text, block.ref
    for task in agreement.tasks:
        yield task.text, task.ref
