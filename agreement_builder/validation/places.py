"""Places in the agreement that the § 6-2 map can point at, and their text."""

from __future__ import annotations
from typing import NamedTuple


from ..model import Agreement, CellRef
from ..text import comparison_key as _key


class Place(NamedTuple):
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


def mentions(text: str, words) -> list[str]:
    """The words (as word starts, case-insensitive) that occur in ``text``."""
    folded = text.casefold()
    return [word for word in words if _starts_a_word(folded, word.casefold())]


def _starts_a_word(text: str, word: str) -> bool:
    """True when ``word`` occurs in ``text`` where no word character (regex ``\\w``) comes just before it.

    ``str.find`` scans for the word as a whole; a regex with a look-behind first tried every
    position of the text (at 30,000 tasks, 20 such scans were half of validation).
    """
    start = text.find(word)
    while start > 0 and _word_character(text[start - 1]):
        start = text.find(word, start + 1)
    return start != -1


def _word_character(character: str) -> bool:
    """What the regex ``\\w`` matches: a letter or digit in the Unicode sense, or an underscore."""
    return character.isalnum() or character == "_"
