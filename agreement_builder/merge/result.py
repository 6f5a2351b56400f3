"""What a merge gives back: the merged agreement, the changes that landed and who made them, collisions."""

from __future__ import annotations

from dataclasses import dataclass

from ..diff.compute import Area, Change
from ..model import Agreement, Level
from .draft import Layout

BASE_NAME = "grunnlag"  # how BASE is named among the versions of a collision
DELETED = "(slettet)"  # a version that removes the item
BASE_WORDS = frozenset({BASE_NAME, "base", "grunnlaget"})  # decisions that keep BASE's value
DELETE_WORDS = frozenset({DELETED, "slett", "slettet", "slettes"})  # decisions that delete the item
OWN_TEXT = "egen tekst"  # how a decision's own text is named
RESERVED_NAMES = BASE_WORDS | DELETE_WORDS | {OWN_TEXT}  # never a copy's name: a decision would be ambiguous


@dataclass(frozen=True)
class Applied:
    """A change from BASE that is in the merged agreement, and the copies that made it."""

    change: Change
    copies: tuple[str, ...]


@dataclass(frozen=True)
class Version:
    """One copy's value at a collided place, as it would stand in the cell."""

    copy: str
    text: str
    deleted: bool = False


@dataclass(frozen=True)
class Place:
    """Where a collided value is in the merged agreement, in the model's terms.

    ``aspect`` names what collided: ``text``, ``level`` or ``delete`` for a task; ``name``,
    ``category`` or ``delete`` for a group; ``value`` for a fact; ``name``/``delete``/``add`` for a
    municipality; ``heading``, ``text``, ``delete`` for a chapter; a column key for a § 6-2 row or
    a joint measure. ``item`` identifies the item: a task's text, a fact's key, a municipality's
    number, a chapter heading, a § 6-2 point, a joint measure's name.
    """

    area: Area
    aspect: str
    group: str | None = None
    level: Level | None = None
    item: str = ""


@dataclass(frozen=True)
class Collision:
    """Copies changed the same BASE item incompatibly: BASE's value is kept, every version shown."""

    what: str
    place: Place
    base: Version
    versions: tuple[Version, ...]


@dataclass(frozen=True)
class MergeResult:
    agreement: Agreement
    applied: tuple[Applied, ...]
    collisions: tuple[Collision, ...]
    notices: tuple[str, ...]
    copies: tuple[str, ...] = ()
    layout: Layout = Layout()

    @property
    def clean(self) -> bool:
        return not self.collisions
