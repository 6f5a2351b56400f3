"""Finding the document's outline: the title, headings and their levels, and what lies under each.

Headings come from heading styles (also localised names such as «Overskrift 1»), outline
levels, or look alone (bold or larger text on a short line of its own). Hand-typed section
numbers («4.1 KOLS») are kept out of the titles; for look-only headings they help set the level.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .items import Item, Paragraph, Table

_TYPED_NUMBER = re.compile(r"^(?:(?:kapittel|kap\.|del|punkt)\s+)?(\d{1,2}(?:\.\d{1,2})*)\.?(?:\s+|\s*[)–-]\s*)(?=\S)",
                           re.IGNORECASE)
_MAX_HEADING_WORDS = 15
_LARGER = 4  # half-points above the body size that make a line look like a heading


@dataclass
class Node:
    """A heading and what follows it up to the next heading: items and sub-headings."""

    title: str
    level: int
    index: int  # the heading's index in the item list; -1 for the root
    number: int = 0  # paragraph number
    content: list[tuple[int, Item]] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Outline:
    title: str | None  # None: the document has no title line
    title_index: int | None
    cover: list[tuple[int, Item]]  # items before the first heading (the title excluded)
    root: Node
    headings: dict[int, str]  # item index → heading text, for placing notices
    toc: bool = False  # a table of contents was left out


def body_size(items: list[Item]) -> int:
    """The font size most text is written in (half-points)."""
    sizes = Counter()
    for item in items:
        if isinstance(item, Paragraph) and item.heading_level is None and item.text.strip():
            sizes[item.size] += len(item.text)
    return sizes.most_common(1)[0][0] if sizes else 22


def looks_like_heading(paragraph: Paragraph, body: int) -> bool:
    """A short line of its own, bold or larger than the body text, not a list item or sentence."""
    text = paragraph.text.strip()
    if not text or "\n" in text or paragraph.list_kind is not None or paragraph.toc:
        return False
    if len(text.split()) > _MAX_HEADING_WORDS or text.endswith((".", ",", ";", ":")) and not _TYPED_NUMBER.match(text):
        return False
    return paragraph.bold or paragraph.size >= body + _LARGER


def split_number(text: str) -> tuple[str, int]:
    """«4.1 KOLS» → («KOLS», 2); text without a typed number → (text, 0)."""
    match = _TYPED_NUMBER.match(text)
    if not match:
        return text, 0
    return text[match.end():].strip(), match.group(1).count(".") + 1


def _levels(items: list[Item]) -> dict[int, int]:
    """Item index → heading level, for every paragraph that is a heading."""
    body = body_size(items)
    styled = {i: item.heading_level for i, item in enumerate(items)
              if isinstance(item, Paragraph) and item.heading_level and item.text.strip() and not item.toc
              and not item.style.title}
    looks = {i: (-item.size, split_number(item.text.strip())[1]) for i, item in enumerate(items)
             if isinstance(item, Paragraph) and i not in styled and not item.style.title
             and not item.style.subtitle and looks_like_heading(item, body)}
    offset = max(styled.values(), default=0)
    ranks = {key: rank for rank, key in enumerate(sorted(set(looks.values())), start=1)}
    return {**styled, **{i: offset + ranks[key] for i, key in looks.items()}}


def outline(items: list[Item]) -> Outline:
    """The outline of ``items``: title, cover, and the tree of headings with their content."""
    levels = _levels(items)
    strip = sum(1 for i in levels if split_number(items[i].text.strip())[1]) >= 2
    title, title_index = _title(items, levels)
    root = Node("", 0, -1)
    stack, cover, headings, current, toc = [root], [], {}, "", False
    for index, item in enumerate(items):
        headings[index] = current
        if index == title_index or isinstance(item, Paragraph) and item.toc:
            toc |= index != title_index
            continue
        if index in levels:
            text = items[index].text.strip()
            current = split_number(text)[0] if strip else text
            node = Node(current, levels[index], index, items[index].number)
            while stack[-1].level >= node.level:
                stack.pop()
            node.parent = stack[-1]
            stack[-1].children.append(node)
            stack.append(node)
        elif len(stack) == 1:
            cover.append((index, item))
        else:
            stack[-1].content.append((index, item))
        headings[index] = current
    return Outline(title, title_index, cover, root, headings, toc)


def _title(items: list[Item], levels: dict[int, int]) -> tuple[str | None, int | None]:
    """The Title-styled line; else the first heading, when it stands above or alone before the rest."""
    for index, item in enumerate(items):
        if isinstance(item, Paragraph) and item.style.title:
            return item.text.strip(), index
    if not levels:
        return None, None
    first = min(levels)
    following = min((index for index in levels if index > first), default=len(items))
    if any(isinstance(item, Table) for item in items[:following]):
        return None, None  # a table before it, or under it: a heading of content, not the title
    others = [level for index, level in levels.items() if index != first]
    larger = all(items[first].size > items[index].size for index in levels if index != first)
    if larger or all(level > levels[first] for level in others):
        del levels[first]
        return split_number(items[first].text.strip())[0], first
    following = next((index for index in range(first + 1, len(items))
                      if not (isinstance(items[index], Paragraph) and not items[index].text.strip())), None)
    if following in levels and levels[following] == levels[first]:
        del levels[first]
        return split_number(items[first].text.strip())[0], first
    return None, None
