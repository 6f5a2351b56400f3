"""Paragraphs → blocks (paragraph, bullet or numbered item), text cleaned as the workbook reader does."""

from __future__ import annotations

from ..model import Block, BlockKind
from ..text import _BULLET, _NUMBERED, clean_line
from .items import Paragraph


def clean(text: str) -> str:
    """Each line cleaned (spaces folded, invisible characters dropped); line breaks kept."""
    return "\n".join(clean_line(line) for line in text.split("\n")).strip("\n")


def block(paragraph: Paragraph) -> Block | None:
    """The block a paragraph holds; None when it is empty. Typed bullets and numbers become list items."""
    text = clean(paragraph.text)
    if not text:
        return None
    kind = paragraph.list_kind or BlockKind.PARAGRAPH
    marker = _BULLET.match(text) or _NUMBERED.match(text)
    if marker and kind is BlockKind.PARAGRAPH:
        kind = BlockKind.BULLET if _BULLET.match(text) else BlockKind.NUMBERED
        text = text[marker.end():].strip()
    return Block(text, kind) if text else None
