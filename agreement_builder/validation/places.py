"""Places in the agreement that the § 6-2 map can point at, and their text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Agreement, CellRef
from ..text import comparison_key as _key


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # section | group | category
    text: str
    ref: CellRef | None

    @property
    def empty(self) -> bool:
        return not self.text.strip()


def agreement_places(agreement: Agreement) -> dict[str, Place]:
    """Section headings, group names, group sheet names and categories, by folded name."""
    places: dict[str, Place] = {}
    for section in agreement.sections:
        places[_key(section.heading)] = Place(
            section.heading, "section", "\n".join(block.text for block in section.blocks), section.ref
        )
    for category in agreement.categories:
        groups = agreement.groups_in(category)
        places.setdefault(_key(category), Place(category, "category", "\n".join(map(group_text, groups)), None))
    for group in agreement.groups:
        place = Place(group.name, "group", group_text(group), group.ref)
        places.setdefault(_key(group.name), place)
        if group.ref:
            places.setdefault(_key(group.ref.sheet), place)
    return places


def find_place(places: dict[str, Place], name: str) -> Place | None:
    return places.get(_key(name))


def group_text(group) -> str:
    """A group's substance: its tasks and recommendation (the name alone says nothing)."""
    return "\n".join([*(task.text for task in group.tasks), *(block.text for block in group.recommendation)])


def full_text(agreement: Agreement) -> str:
    """All prose of the agreement, for word searches."""
    parts = [block.text for section in agreement.sections for block in section.blocks]
    parts += [group_text(group) for group in agreement.groups]
    return "\n".join(parts)


@lru_cache(maxsize=512)
def _word_start(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(word.casefold()))


def mentions(text: str, words) -> list[str]:
    """The words (as word starts, case-insensitive) that occur in ``text``."""
    folded = text.casefold()
    return [word for word in words if _word_start(word).search(folded)]
