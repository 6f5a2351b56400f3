"""Three-way merge of agreements: every copy is diffed against BASE, and the changes are applied to BASE.

Changes are gathered per BASE item (a "slot": one task, one group, one fact, ...). A slot that
one copy changed, or several copies changed identically, takes the change; a slot that copies
changed incompatibly keeps BASE's value and becomes a :class:`Collision` with every version.
The area modules (:mod:`.groups`, :mod:`.tables`) decide each slot.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from collections.abc import Callable, Hashable, Sequence

from ..diff import Area, Change, Kind, diff
from ..model import Agreement
from ..text import comparison_key as key
from .draft import Draft
from .result import Applied, Collision, MergeResult, Place, Version

NEAR_IDENTICAL = 90  # similarity (0–100) at which two additions in the same place are one


@dataclass(frozen=True)
class Proposal:
    """One copy's change to one BASE item, with the copy it came from."""

    copy: str
    agreement: Agreement
    change: Change


@dataclass
class MergeState:
    """What the area functions share: BASE, the draft being edited, and what has been decided."""

    base: Agreement
    draft: Draft
    applied: list[Applied] = field(default_factory=list)
    pending: list[tuple[str, Callable[[], Place], Version, tuple[Version, ...]]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def land(self, change: Change, proposals: Sequence[Proposal]) -> None:
        """Record that ``change`` is in the merged agreement, made by the copies of ``proposals``."""
        self.applied.append(Applied(change, names(proposals)))

    def collide(self, what: str, locate: Callable[[], Place], base: Version, versions: Sequence[Version]) -> None:
        """Record a collision; ``locate`` gives its place once every change is applied."""
        unique: dict[str, Version] = {}
        for version in versions:
            unique.setdefault(version.copy, version)
        self.pending.append((what, locate, base, tuple(unique.values())))


def names(proposals: Sequence[Proposal]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.copy for p in proposals))


def agree(proposals: Sequence[Proposal], value: Callable[[Proposal], Hashable]) -> list[list[Proposal]]:
    """Proposals grouped by the value they give, in order: one group means the copies agree."""
    groups: dict[Hashable, list[Proposal]] = {}
    for proposal in proposals:
        groups.setdefault(value(proposal), []).append(proposal)
    return list(groups.values())


def slot_of(change: Change) -> tuple:
    """The BASE item a change touches, as a hashable key; additions are keyed by where they go."""
    target, source = change.target, change.source
    if change.area is Area.TASK:
        if change.kind is Kind.ADDED:
            return ("add-task", target.group, target.level)
        return ("task", target.group, target.index)
    if change.area is Area.GROUP:
        if change.kind is Kind.ADDED:
            return ("new-group", key(source.group))
        return ("group", target.group)
    if change.area is Area.RECOMMENDATION:
        return ("recommendation", target.group)
    if change.area is Area.MUNICIPALITY:
        return ("municipality", target.key if target.key is not None else source.key)
    if change.area in (Area.SECTION, Area.JOINT) and change.kind is Kind.ADDED:
        return ("new-" + change.area.name.lower(), key(str(source.key)))
    if change.area in (Area.SECTION, Area.JOINT):
        return (change.area.name.lower(), target.index)
    return (change.area.name.lower(), target.key)  # facts, § 6-2


def merge(base: Agreement, copies: Sequence[tuple[str, Agreement]]) -> MergeResult:
    """Apply every copy's changes from ``base`` to ``base``; collisions keep BASE's value.

    ``copies`` are (name, agreement) pairs; the names attribute changes and versions.
    """
    from . import groups, tables

    state = MergeState(base, Draft.of(base))
    slots: dict[tuple, list[Proposal]] = defaultdict(list)
    for name, agreement in copies:
        for change in diff(base, agreement).changes:
            slots[slot_of(change)].append(Proposal(name, agreement, change))
    groups.merge_groups(state, slots)
    tables.merge_tables(state, slots)
    collisions = tuple(Collision(what, locate(), base_version, versions)
                       for what, locate, base_version, versions in state.pending)
    return MergeResult(state.draft.freeze(), tuple(state.applied), collisions, tuple(state.notices),
                       tuple(name for name, _ in copies), state.draft.layout())
