"""Cleaning text as people really type and paste it into Excel cells."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import BlockKind

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2000-\u200a\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
# XML 1.0 forbids these; Word cannot hold them.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# Bullets pasted from Word: symbol bullets need no space after them, dashes do.
_BULLET = re.compile(r"^(?:[•·▪▫◦●○■□►▶➢✓✔\uf0b7\uf0a7]\s*|[-–—*]\s+)")
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+")
_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\x0b|_x000D_\n?")


@dataclass(frozen=True)
class Item:
    """One piece of a cell: text (may contain ``\\n``) and how it was marked."""

    text: str
    kind: BlockKind


def drop_xml_forbidden(value: str) -> str:
    """``value`` without the characters XML 1.0 (and so Word) cannot hold."""
    return _XML_FORBIDDEN.sub("", value)


def forbidden_characters(value: str) -> int:
    """How many characters of ``value`` XML 1.0 (and so Word) cannot hold."""
    return len(_XML_FORBIDDEN.findall(_LINE_BREAKS.sub("\n", value)))


def clean_line(value: str) -> str:
    """Fold runs of (non-breaking) spaces and strip; drop zero-width and forbidden characters."""
    value = drop_xml_forbidden(_ZERO_WIDTH.sub("", value))
    return _SPACES.sub(" ", value).strip()


def clean_text(value: object) -> str:
    """A cell value as clean text; line breaks kept, blank lines at the ends dropped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    lines = [clean_line(line) for line in _LINE_BREAKS.sub("\n", str(value)).split("\n")]
    return "\n".join(lines).strip("\n")


def normalise(value: str) -> str:
    """Text for comparison: all whitespace folded to single spaces, case kept."""
    return " ".join(value.split())


def comparison_key(text: str) -> str:
    """The key two texts are compared by: whitespace folded, case ignored, a trailing full stop dropped."""
    return normalise(text).casefold().rstrip(".")


def split_items(value: object) -> list[Item]:
    """Split a cell into items: bullet/numbered lines start new items, blank lines separate.

    A line break that is neither (Alt+Enter inside one item) is kept as ``\\n``.
    """
    items: list[Item] = []
    current: list[str] = []
    kind = BlockKind.PARAGRAPH

    def flush() -> None:
        if current:
            items.append(Item("\n".join(current), kind))
            current.clear()

    for line in clean_text(value).split("\n"):
        if not line:
            flush()
            kind = BlockKind.PARAGRAPH
            continue
        marker = _BULLET.match(line) or _NUMBERED.match(line)
        if marker:
            flush()
            kind = BlockKind.BULLET if _BULLET.match(line) else BlockKind.NUMBERED
            line = line[marker.end():].strip()
            if not line:
                continue
        current.append(line)
    flush()
    return items


_LIST_KINDS = (BlockKind.BULLET, BlockKind.NUMBERED)


def join_items(items) -> str:
    """Items (or blocks) as the text of one cell, which :func:`split_items` splits into the same items.

    Paragraphs are set apart by blank lines; bullets start with «• », numbered items with «1. », «2. » ….
    """
    parts: list[str] = []
    number, previous = 0, None
    for item in items:
        number = number + 1 if item.kind is BlockKind.NUMBERED and previous is BlockKind.NUMBERED else 1
        if parts:
            parts.append("\n" if item.kind in _LIST_KINDS and previous in _LIST_KINDS else "\n\n")
        marker = {BlockKind.BULLET: "• ", BlockKind.NUMBERED: f"{number}. "}.get(item.kind, "")
        parts.append(marker + item.text)
        previous = item.kind
    return "".join(parts)
