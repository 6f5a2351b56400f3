"""A mutable working copy of an agreement that merge and resolve edit, then freeze again.

Items keep their identity while they are edited (a task moved to another level is the same
object), so a merge can address BASE's items by position once and apply changes from many
copies without positions shifting under it. Removed items are flagged and dropped on freezing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ..schema import CATEGORIES
from ..text import comparison_key as key
from ..model import (
    Agreement, Block, DiagnosisGroup, JointMeasure, Level, Municipality, PointCoverage, Section, Task,
)

JOINT_FIELDS = ("name", "group", "responsibility", "organisation", "financing")
STATUTE_COLUMNS = ("status", "where", "other_agreement", "other_agreement_version", "note")


@dataclass(eq=False)
class DraftTask:
    text: str
    level: Level
    removed: bool = False


@dataclass(eq=False)
class DraftGroup:
    name: str
    category: str
    tasks: list[DraftTask]
    recommendation: tuple[Block, ...]
    removed: bool = False
    touched: bool = False  # its sheet must be rewritten
    base_name: str | None = None  # the group's name in the workbook the draft came from (None: new)


@dataclass(eq=False)
class DraftSection:
    heading: str
    blocks: tuple[Block, ...]
    removed: bool = False


@dataclass(eq=False)
class DraftMunicipality:
    number: str
    name: str
    removed: bool = False


@dataclass(eq=False)
class DraftJoint:
    values: dict[str, str]
    removed: bool = False


@dataclass(frozen=True)
class Layout:
    """What the workbook writer needs beyond the merged model: where each group came from, what changed.

    ``group_sources[i]`` is the name in the source workbook of the merged agreement's group i
    (``None`` for a new group); ``rewritten_groups`` the positions of groups whose sheet must be
    written again; ``rewritten_sheets`` the fixed sheets whose values changed.
    """

    group_sources: tuple[str | None, ...] = ()
    rewritten_groups: frozenset[int] = frozenset()
    rewritten_sheets: frozenset[str] = frozenset()


@dataclass(eq=False)
class Draft:
    """An agreement being edited: lists of mutable items in the agreement's order."""

    base: Agreement
    facts: object
    municipalities: list[DraftMunicipality]
    sections: list[DraftSection]
    categories: list[str]
    groups: list[DraftGroup]
    statute: dict[int, PointCoverage]
    joint: list[DraftJoint]
    touched_sheets: set[str] = field(default_factory=set)  # fixed sheets whose table must be rewritten

    @classmethod
    def of(cls, agreement: Agreement) -> Draft:
        return cls(
            base=agreement,
            facts=agreement.facts,
            municipalities=[DraftMunicipality(m.number, m.name) for m in agreement.municipalities],
            sections=[DraftSection(s.heading, s.blocks) for s in agreement.sections],
            categories=list(agreement.categories),
            groups=[DraftGroup(g.name, g.category, [DraftTask(t.text, t.level) for t in g.tasks],
                               g.recommendation, base_name=g.name) for g in agreement.groups],
            statute={row.point: row for row in agreement.statute_map},
            joint=[DraftJoint({name: getattr(j, name) for name in JOINT_FIELDS}) for j in agreement.joint_measures],
        )

    def group_named(self, name: str) -> DraftGroup | None:
        return next((g for g in self.groups if not g.removed and key(g.name) == key(name)), None)

    def layout(self) -> Layout:
        kept = [group for group in self.groups if not group.removed]
        categories_changed = tuple(self.categories) != self.base.categories
        sheets = self.touched_sheets | ({CATEGORIES.name} if categories_changed else set())
        return Layout(tuple(group.base_name for group in kept),
                      frozenset(i for i, group in enumerate(kept) if group.touched or group.base_name is None),
                      frozenset(sheets))

    def freeze(self) -> Agreement:
        """The edited agreement; refs of items kept from the source stay where they can."""
        base_groups = {g.name: g for g in self.base.groups}
        groups = []
        for group in self.groups:
            if group.removed:
                continue
            source = base_groups.get(group.base_name) if group.base_name else None
            tasks = tuple(Task(t.text, t.level) for t in group.tasks if not t.removed)
            if source is not None and not group.touched:
                tasks = source.tasks
            groups.append(DiagnosisGroup(group.name, group.category, tasks, group.recommendation,
                                         ref=source.ref if source else None,
                                         category_ref=source.category_ref if source else None))
        return dataclasses.replace(
            self.base,
            facts=self.facts,
            municipalities=tuple(Municipality(m.number, m.name) for m in self.municipalities if not m.removed),
            sections=tuple(Section(s.heading, s.blocks) for s in self.sections if not s.removed),
            categories=tuple(self.categories),
            groups=tuple(groups),
            statute_map=tuple(self.statute[point] for point in sorted(self.statute)),
            joint_measures=tuple(JointMeasure(**j.values) for j in self.joint if not j.removed),
        )
