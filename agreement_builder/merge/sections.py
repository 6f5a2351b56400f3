"""Three-way merge of a chapter's paragraphs: edits to different paragraphs all land."""

from __future__ import annotations

from difflib import SequenceMatcher
from collections.abc import Sequence

from ..text import comparison_key as key
from ..model import Block


def _edits(base: Sequence[Block], copy: Sequence[Block]) -> list[tuple[int, int, tuple[Block, ...]]]:
    """(start, end, replacement) for every run of BASE's blocks the copy replaced, removed or inserted."""
    matcher = SequenceMatcher(a=[key(b.text) for b in base], b=[key(b.text) for b in copy], autojunk=False)
    return [(i1, i2, tuple(copy[j1:j2])) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _overlap(a: tuple[int, int, tuple], b: tuple[int, int, tuple]) -> bool:
    return a[0] == b[0] or (a[0] < b[1] and b[0] < a[1])


def merge_blocks(base: Sequence[Block], copies: Sequence[Sequence[Block]]) -> tuple[Block, ...] | None:
    """BASE's blocks with every copy's edits, or ``None`` when two copies edited the same blocks differently."""
    edits: dict[tuple, tuple[int, int, tuple[Block, ...]]] = {}
    for copy in copies:
        for edit in _edits(base, copy):
            edits.setdefault((edit[0], edit[1], tuple(key(b.text) for b in edit[2])), edit)
    ordered = sorted(edits.values(), key=lambda edit: (edit[0], edit[1]))
    for first, second in zip(ordered, ordered[1:]):
        if _overlap(first, second):
            return None
    blocks = list(base)
    for start, end, replacement in reversed(ordered):
        blocks[start:end] = replacement
    return tuple(blocks)
