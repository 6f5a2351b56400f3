"""Paragraphs → blocks (paragraph, bullet or numbered item), text cleaned as the workbook reader does."""

from __future__ import annotations

from ..model import Block, BlockKind
from ..text import clean_line, list_marker
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
    marked = list_marker(text)
    if marked and kind is BlockKind.PARAGRAPH:
        kind, text = marked
    return Block(text, kind) if text else None
