"""A changed diagnosis group laid out as its three level columns (pure; the HTML and Word outputs draw it).

Each column lists the new version's tasks in their order, each marked by what happened to it
(kept, added, reworded, moved here), followed by what left the column (removed, moved away),
in the order of the changes. A removed group shows its old tasks, all removed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from ..model import DiagnosisGroup, Level
from ..text import comparison_key
from .compute import Area, Change, Kind


class Mark(Enum):
    """What happened to a task in a column; the values are the HTML report's class names."""

    KEPT = "kept"
    ADDED = "added"
    REWORDED = "reworded"
    MOVED_IN = "moved-in"
    REMOVED = "removed"
    MOVED_OUT = "moved-out"


@dataclass(frozen=True)
class Cell:
    """One task in a column: its old and new text, and for a move the level on the other end."""

    mark: Mark
    old: str = ""
    new: str = ""
    other_level: Level | None = None

    @property
    def text(self) -> str:
        """The text the column shows: the old one for what left it, the new one otherwise."""
        return self.old if self.mark in (Mark.REMOVED, Mark.MOVED_OUT) else self.new


Columns = dict[Level, tuple[Cell, ...]]


def _arriving(change: Change) -> Cell | None:
    if change.kind is Kind.ADDED:
        return Cell(Mark.ADDED, new=change.new)
    if change.kind is Kind.REWORDED:
        return Cell(Mark.REWORDED, change.old, change.new)
    if change.kind is Kind.MOVED:
        return Cell(Mark.MOVED_IN, change.old, change.new, change.from_level)
    return None


def _leaving(change: Change) -> Cell | None:
    if change.kind is Kind.REMOVED:
        return Cell(Mark.REMOVED, old=change.old)
    if change.kind is Kind.MOVED:
        return Cell(Mark.MOVED_OUT, change.old, change.new, change.to_level)
    return None


def group_columns(before: DiagnosisGroup | None, after: DiagnosisGroup | None,
                  changes: Iterable[Change]) -> Columns:
    """The three level columns of a group, every task marked; ``changes`` are the group's changes.

    ``before`` is None for an added group, ``after`` for a removed one.
    """
    task_changes = [change for change in changes if change.area is Area.TASK]
    arriving: dict[tuple[Level, str], list[Cell]] = {}
    leaving: dict[Level, list[Cell]] = {level: [] for level in Level}
    for change in task_changes:
        if (cell := _arriving(change)) is not None:
            arriving.setdefault((change.to_level, comparison_key(change.new)), []).append(cell)
        if (cell := _leaving(change)) is not None:
            leaving[change.from_level].append(cell)
    columns: dict[Level, list[Cell]] = {level: [] for level in Level}
    if after is None:
        for task in before.tasks if before else ():
            columns[task.level].append(Cell(Mark.REMOVED, old=task.text))
    else:
        for task in after.tasks:
            bucket = arriving.get((task.level, comparison_key(task.text)))
            columns[task.level].append(bucket.pop(0) if bucket else Cell(Mark.KEPT, task.text, task.text))
    return {level: (*columns[level], *leaving[level]) for level in Level}

