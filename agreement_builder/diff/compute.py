"""The diff of two agreements, in substance: a pure function of two models (and their reports).

Whitespace, bullet characters, sheet order and row order are not changes: texts are compared
by :func:`text.comparison_key`, groups by name (or by content, for a rename), tasks as multisets per
group. Row order within a column is reported separately, on request.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from dataclasses import field as _field
from enum import Enum

from ..model import Agreement, CellRef, DiagnosisGroup, JointMeasure, Level, Task
from ..schema import COVERAGE_LABELS, FACT_FIELDS, FACT_TEXT_KEYS, points_text
from ..text import comparison_key as key
from ..text import join_items
from ..validation import Report
from ..validation.findings import SEVERITY_LABELS
from .matching import pair_exact, pair_similar, similarity

RENAME_THRESHOLD = 60  # content similarity (0–100) for an unmatched old and new group to count as renamed


class Kind(Enum):
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"
    REWORDED = "reworded"
    RENAMED = "renamed"
    CHANGED = "changed"


class Area(Enum):
    FACTS = "fakta"
    MUNICIPALITY = "kommune"
    SECTION = "kapittel"
    GROUP = "diagnosegruppe"
    TASK = "oppgave"
    RECOMMENDATION = "anbefaling"
    STATUTE = "§ 6-2"
    JOINT = "samarbeidstiltak"
    FINDING = "funn"


@dataclass(frozen=True)
class Target:
    """Which item of one agreement a change touches, by identity rather than by display text.

    ``area`` says what ``key`` and ``index`` mean: a fact's field key; a municipality's number;
    a chapter's position; a group's name (``group``) with a task's position in ``group.tasks``
    (``index``) and its ``level``; a § 6-2 point; a joint measure's position. An addition's
    target is the place it goes: the group and level (tasks), or nothing (new groups, chapters).
    """

    area: Area
    group: str | None = None
    level: Level | None = None
    index: int | None = None
    key: str | int | None = None


@dataclass(frozen=True)
class Change:
    kind: Kind
    area: Area
    old: str = ""
    new: str = ""
    group: str | None = None
    field: str | None = None
    from_level: Level | None = None
    to_level: Level | None = None
    old_ref: CellRef | None = None
    new_ref: CellRef | None = None
    target: Target | None = _field(default=None, compare=False)  # the item in the old agreement
    source: Target | None = _field(default=None, compare=False)  # the item in the new agreement


@dataclass(frozen=True)
class OrderChange:
    group: str
    level: Level
    old: tuple[str, ...]
    new: tuple[str, ...]


@dataclass(frozen=True)
class Changes:
    changes: tuple[Change, ...]
    order: tuple[OrderChange, ...] = ()
    old_title: str = ""
    new_title: str = ""
    group_pairs: tuple[tuple[DiagnosisGroup | None, DiagnosisGroup | None], ...] = field(default=(), compare=False)

    def __bool__(self) -> bool:
        return bool(self.changes or self.order)

    def count(self, kind: Kind) -> int:
        return sum(1 for change in self.changes if change.kind is kind)

    def in_group(self, name: str) -> tuple[Change, ...]:
        return tuple(change for change in self.changes if change.group == name)


def diff(old: Agreement, new: Agreement, *, old_report: Report | None = None, new_report: Report | None = None,
         order: bool = False) -> Changes:
    """What changed from ``old`` to ``new``; findings too when both reports are given."""
    changes: list[Change] = []
    changes += _facts(old, new)
    changes += _municipalities(old, new)
    changes += _sections(old, new)
    pairs = _group_pairs(old.groups, new.groups)
    order_changes: list[OrderChange] = []
    old_positions = {id(group): index for index, group in enumerate(old.groups)}
    new_positions = {id(group): index for index, group in enumerate(new.groups)}
    for old_group, new_group in pairs:
        changes += _group(old_group, new_group, old_positions.get(id(old_group)), new_positions.get(id(new_group)))
        if order and old_group and new_group:
            order_changes += _order(old_group, new_group)
    changes += _statute(old, new)
    changes += _joint_measures(old, new)
    if old_report is not None and new_report is not None:
        changes += _findings(old_report, new_report)
    return Changes(tuple(changes), tuple(order_changes), old.facts.title, new.facts.title, tuple(pairs))


# --- facts and parties ----------------------------------------------------------------------------
def fact_text(facts, field_key: str) -> str:
    """A fact as text: dates as dd.mm.åååå, the status by its label, free texts as written."""
    if field_key in FACT_TEXT_KEYS:
        return join_items(facts.texts.get(field_key, ()))
    value = getattr(facts, field_key, None)
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, tuple):  # the § 6-2 points a document handles
        return points_text(value)
    return getattr(value, "value", value)


def _facts(old: Agreement, new: Agreement) -> list[Change]:
    changes = []
    for field_ in FACT_FIELDS:
        before, after = fact_text(old.facts, field_.key), fact_text(new.facts, field_.key)
        if key(before) != key(after):
            where = Target(Area.FACTS, key=field_.key)
            changes.append(Change(Kind.CHANGED, Area.FACTS, before, after, field=field_.label,
                                  old_ref=old.facts.refs.get(field_.key), new_ref=new.facts.refs.get(field_.key),
                                  target=where, source=where))
    return changes


def _municipalities(old: Agreement, new: Agreement) -> list[Change]:
    before = {m.number: m for m in old.municipalities}
    after = {m.number: m for m in new.municipalities}
    changes = []
    for number, municipality in before.items():
        where = Target(Area.MUNICIPALITY, key=number)
        if number not in after:
            changes.append(Change(Kind.REMOVED, Area.MUNICIPALITY, f"{number} {municipality.name}",
                                  old_ref=municipality.ref, target=where))
        elif key(after[number].name) != key(municipality.name):
            changes.append(Change(Kind.CHANGED, Area.MUNICIPALITY, f"{number} {municipality.name}",
                                  f"{number} {after[number].name}", old_ref=municipality.ref,
                                  new_ref=after[number].ref, target=where, source=where))
    for number, municipality in after.items():
        if number not in before:
            changes.append(Change(Kind.ADDED, Area.MUNICIPALITY, new=f"{number} {municipality.name}",
                                  new_ref=municipality.ref, target=Target(Area.MUNICIPALITY),
                                  source=Target(Area.MUNICIPALITY, key=number)))
    return changes


# --- general sections ----------------------------------------------------------------------------------
def section_text(section) -> str:
    return "\n".join(block.text for block in section.blocks)


def _sections(old: Agreement, new: Agreement) -> list[Change]:
    pairs, removed, added = pair_exact(old.sections, new.sections, by=lambda s: key(s.heading))
    similar, removed, added = pair_similar(removed, added, text=section_text, threshold=RENAME_THRESHOLD)
    old_at, new_at = _positions(old.sections), _positions(new.sections)

    def place(section, positions) -> Target:
        return Target(Area.SECTION, index=positions[id(section)], key=section.heading)

    changes = []
    for before, after, _ in similar:
        changes.append(Change(Kind.RENAMED, Area.SECTION, before.heading, after.heading, group=None,
                              old_ref=before.ref, new_ref=after.ref, target=place(before, old_at),
                              source=place(after, new_at)))
        pairs.append((before, after))
    for before, after in pairs:
        if key(section_text(before)) != key(section_text(after)):
            changes.append(Change(Kind.CHANGED, Area.SECTION, section_text(before), section_text(after),
                                  field=after.heading, old_ref=before.ref, new_ref=after.ref,
                                  target=place(before, old_at), source=place(after, new_at)))
    changes += [Change(Kind.REMOVED, Area.SECTION, section.heading, old_ref=section.ref,
                       target=place(section, old_at)) for section in removed]
    changes += [Change(Kind.ADDED, Area.SECTION, new=section.heading, new_ref=section.ref,
                       target=Target(Area.SECTION), source=place(section, new_at)) for section in added]
    return changes


def _positions(items) -> dict[int, int]:
    """Position of each item by identity (items may compare equal)."""
    return {id(item): index for index, item in enumerate(items)}


# --- diagnosis groups ----------------------------------------------------------------------------------
def group_content(group: DiagnosisGroup) -> str:
    tasks = sorted(f"{task.level.value}:{key(task.text)}" for task in group.tasks)
    return " ".join(tasks) + " " + " ".join(key(block.text) for block in group.recommendation)


def _group_pairs(old: tuple[DiagnosisGroup, ...], new: tuple[DiagnosisGroup, ...]):
    pairs, removed, added = pair_exact(old, new, by=lambda g: key(g.name))
    renamed = []
    for before in removed:  # groups are few; content similarity decides a rename
        best = max(added, key=lambda after: similarity(group_content(before), group_content(after)), default=None)
        if best is not None and similarity(group_content(before), group_content(best)) >= RENAME_THRESHOLD:
            renamed.append((before, best))
            added = [after for after in added if after is not best]
    gone = [before for before in removed if before not in [b for b, _ in renamed]]
    result: list[tuple[DiagnosisGroup | None, DiagnosisGroup | None]] = [*pairs, *renamed]
    result += [(before, None) for before in gone] + [(None, after) for after in added]
    return result


def _group(before: DiagnosisGroup | None, after: DiagnosisGroup | None, old_index: int | None = None,
           new_index: int | None = None) -> list[Change]:
    old_place = Target(Area.GROUP, group=before.name, index=old_index) if before else Target(Area.GROUP)
    new_place = Target(Area.GROUP, group=after.name, index=new_index) if after else None
    if before is None:
        return [Change(Kind.ADDED, Area.GROUP, new=after.name, group=after.name, new_ref=after.ref,
                       target=old_place, source=new_place)]
    if after is None:
        return [Change(Kind.REMOVED, Area.GROUP, before.name, group=before.name, old_ref=before.ref,
                       target=old_place)]
    changes = []
    if key(before.name) != key(after.name):
        changes.append(Change(Kind.RENAMED, Area.GROUP, before.name, after.name, group=after.name,
                              old_ref=before.ref, new_ref=after.ref, target=old_place, source=new_place))
    if key(before.category) != key(after.category):
        changes.append(Change(Kind.CHANGED, Area.GROUP, before.category, after.category, group=after.name,
                              field="Kategori", old_ref=before.category_ref, new_ref=after.category_ref,
                              target=old_place, source=new_place))
    changes += task_changes(before.tasks, after.tasks, after.name, old_group=before.name)
    old_text = "\n".join(block.text for block in before.recommendation)
    new_text = "\n".join(block.text for block in after.recommendation)
    if key(old_text) != key(new_text):
        changes.append(Change(Kind.REWORDED, Area.RECOMMENDATION, old_text, new_text, group=after.name,
                              field="Anbefaling", old_ref=_first_ref(before.recommendation),
                              new_ref=_first_ref(after.recommendation),
                              target=Target(Area.RECOMMENDATION, group=before.name, index=old_index),
                              source=Target(Area.RECOMMENDATION, group=after.name, index=new_index)))
    return changes


def _first_ref(blocks) -> CellRef | None:
    return blocks[0].ref if blocks else None


def task_changes(old: tuple[Task, ...], new: tuple[Task, ...], group: str, old_group: str | None = None
                 ) -> list[Change]:
    """Tasks added, removed, moved between levels or reworded: exact same level, exact other level, similar.

    ``group`` is the group's (new) name shown with each change; ``old_group`` its name in the old
    agreement (the same unless renamed), which the changes' targets use.
    """
    old_group = group if old_group is None else old_group
    old_at, new_at = _positions(old), _positions(new)

    def at(task, positions, name) -> Target:
        return Target(Area.TASK, group=name, level=task.level, index=positions[id(task)], key=task.text)

    same, old_left, new_left = pair_exact(old, new, by=lambda t: (t.level, key(t.text)))
    moved, old_left, new_left = pair_exact(old_left, new_left, by=lambda t: key(t.text))
    similar, old_left, new_left = pair_similar(old_left, new_left, text=lambda t: t.text)
    changes = [
        Change(Kind.MOVED, Area.TASK, before.text, after.text, group, None, before.level, after.level,
               before.ref, after.ref, at(before, old_at, old_group), at(after, new_at, group))
        for before, after in moved
    ]
    for before, after, _ in similar:
        kind = Kind.REWORDED if before.level is after.level else Kind.MOVED
        changes.append(Change(kind, Area.TASK, before.text, after.text, group, None, before.level, after.level,
                              before.ref, after.ref, at(before, old_at, old_group), at(after, new_at, group)))
    changes += [Change(Kind.REMOVED, Area.TASK, task.text, "", group, None, task.level, None, task.ref,
                       target=at(task, old_at, old_group))
                for task in old_left]
    changes += [Change(Kind.ADDED, Area.TASK, "", task.text, group, None, None, task.level, None, task.ref,
                       target=Target(Area.TASK, group=old_group, level=task.level),
                       source=at(task, new_at, group))
                for task in new_left]
    return changes


def _order(before: DiagnosisGroup, after: DiagnosisGroup) -> list[OrderChange]:
    result = []
    for level in Level:
        old_keys = [key(task.text) for task in before.tasks_at(level)]
        new_keys = [key(task.text) for task in after.tasks_at(level)]
        common = Counter(old_keys) & Counter(new_keys)
        old_common = [k for k in old_keys if common[k]]
        new_common = [k for k in new_keys if common[k]]
        if old_common != new_common:
            names = {key(task.text): task.text for task in (*before.tasks_at(level), *after.tasks_at(level))}
            result.append(OrderChange(after.name, level, tuple(names[k] for k in old_common),
                                      tuple(names[k] for k in new_common)))
    return result


# --- § 6-2 map and findings -------------------------------------------------------------------------------
def coverage_text(row) -> str:
    if row is None:
        return ""
    parts = [COVERAGE_LABELS[row.status]]
    if row.where:
        parts.append("; ".join(row.where))
    if row.other_agreement:
        parts.append(" ".join(filter(None, (row.other_agreement, row.other_agreement_version))))
    return " – ".join(parts)


def _statute(old: Agreement, new: Agreement) -> list[Change]:
    changes = []
    for point in range(1, 14):
        before, after = old.coverage_of(point), new.coverage_of(point)
        if key(coverage_text(before)) != key(coverage_text(after)):
            where = Target(Area.STATUTE, key=point)
            changes.append(Change(Kind.CHANGED, Area.STATUTE, coverage_text(before), coverage_text(after),
                                  field=f"§ 6-2 nr. {point}", old_ref=before.ref if before else None,
                                  new_ref=after.ref if after else None, target=where, source=where))
    return changes


def joint_text(measure: JointMeasure) -> str:
    """A joint measure's content as one line: diagnosis group, responsibility, organisation, financing."""
    labels = (("Diagnosegruppe", measure.group), ("Ansvar", measure.responsibility),
              ("Organisering", measure.organisation), ("Finansiering", measure.financing))
    return "; ".join(f"{label}: {value}" for label, value in labels if value)


def _joint_measures(old: Agreement, new: Agreement) -> list[Change]:
    pairs, removed, added = pair_exact(old.joint_measures, new.joint_measures, by=lambda j: key(j.name))
    similar, removed, added = pair_similar(removed, added, text=lambda j: f"{j.name} {joint_text(j)}",
                                           threshold=RENAME_THRESHOLD)
    old_at, new_at = _positions(old.joint_measures), _positions(new.joint_measures)

    def place(measure, positions) -> Target:
        return Target(Area.JOINT, index=positions[id(measure)], key=measure.name)

    changes = []
    for before, after, _ in similar:
        changes.append(Change(Kind.RENAMED, Area.JOINT, before.name, after.name, old_ref=before.ref,
                              new_ref=after.ref, target=place(before, old_at), source=place(after, new_at)))
        pairs.append((before, after))
    for before, after in pairs:
        if key(joint_text(before)) != key(joint_text(after)):
            changes.append(Change(Kind.CHANGED, Area.JOINT, joint_text(before), joint_text(after), field=after.name,
                                  old_ref=before.ref, new_ref=after.ref, target=place(before, old_at),
                                  source=place(after, new_at)))
    changes += [Change(Kind.REMOVED, Area.JOINT, measure.name, old_ref=measure.ref, target=place(measure, old_at))
                for measure in removed]
    changes += [Change(Kind.ADDED, Area.JOINT, new=measure.name, new_ref=measure.ref, target=Target(Area.JOINT),
                       source=place(measure, new_at)) for measure in added]
    return changes


def _finding_key(finding) -> tuple:
    return (finding.code, finding.point, finding.message())


def _findings(old: Report, new: Report) -> list[Change]:
    fixed, appeared = Counter(map(_finding_key, old.findings)), Counter(map(_finding_key, new.findings))
    changes = []
    for finding in old.findings:
        if fixed[_finding_key(finding)] > appeared[_finding_key(finding)]:
            fixed[_finding_key(finding)] -= 1
            changes.append(Change(Kind.REMOVED, Area.FINDING, finding.message(),
                                  field=_severity(finding), old_ref=finding.ref))
    old_keys = Counter(map(_finding_key, old.findings))
    for finding in new.findings:
        if appeared[_finding_key(finding)] > old_keys[_finding_key(finding)]:
            appeared[_finding_key(finding)] -= 1
            changes.append(Change(Kind.ADDED, Area.FINDING, new=finding.message(),
                                  field=_severity(finding), new_ref=finding.ref))
    return changes


def _severity(finding) -> str:
    """The finding's severity as the user reads it («feil», «advarsel», «merknad»)."""
    return SEVERITY_LABELS["nb"][finding.severity]
