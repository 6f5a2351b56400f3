"""Merging diagnosis groups: their names, categories, tasks and recommendations."""

from __future__ import annotations

import dataclasses

from ..diff import Area, Kind
from ..diff.matching import similarity
from ..text import comparison_key as key
from ..model import Block, BlockKind, DiagnosisGroup, Level
from .draft import DraftGroup, DraftTask
from .engine import NEAR_IDENTICAL, MergeState, Proposal, agree
from .result import BASE_NAME, DELETED, Place, Version

LEVEL_BY_LABEL = {level.label.casefold(): level for level in Level}


def merge_groups(state: MergeState, slots: dict[tuple, list[Proposal]]) -> None:
    """Decide every slot inside diagnosis groups, then add the new groups."""
    by_name = {group.base_name: group for group in state.draft.groups}
    base_groups = {group.name: group for group in state.base.groups}
    editors: dict[str, set[str]] = {}  # per BASE group: copies that changed something in it, not removing
    for slot, proposals in slots.items():
        if slot[0] in ("task", "add-task", "recommendation", "group"):
            editors.setdefault(slot[1], set()).update(p.copy for p in proposals if p.change.kind is not Kind.REMOVED)
    for slot, proposals in slots.items():
        if slot[0] == "group":
            _group(state, by_name[slot[1]], proposals, editors.get(slot[1], set()))
    for slot, proposals in slots.items():
        kind = slot[0]
        if kind not in ("task", "add-task", "recommendation") or by_name[slot[1]].removed:
            continue
        group = by_name[slot[1]]
        if kind == "task":
            _task(state, group, group.tasks[slot[2]], base_groups[slot[1]].tasks[slot[2]], proposals)
        elif kind == "add-task":
            _additions(state, group, slot[2], proposals)
        else:
            _recommendation(state, group, proposals)
    for slot, proposals in slots.items():
        if slot[0] == "new-group":
            _new_group(state, proposals)


# --- one group --------------------------------------------------------------------------------------
def _group(state: MergeState, group: DraftGroup, proposals: list[Proposal], editors: set[str]) -> None:
    removers = [p for p in proposals if p.change.kind is Kind.REMOVED]
    if removers and editors - {p.copy for p in removers}:
        versions = [Version(p.copy, DELETED, True) for p in removers]
        versions += [Version(copy, "endret") for copy in sorted(editors - {p.copy for p in removers})]
        state.collide("Diagnosegruppen er slettet i én kopi og endret i en annen",
                      lambda: Place(Area.GROUP, "delete", group.name), Version(BASE_NAME, "beholdes"), versions)
        return
    if removers:
        group.removed = True
        state.land(removers[0].change, removers)
        return
    renames = agree([p for p in proposals if p.change.kind is Kind.RENAMED], lambda p: key(p.change.new))
    if len(renames) == 1:
        group.name, group.touched = renames[0][0].change.new, True
        state.land(renames[0][0].change, renames[0])
    elif renames:
        base_name = group.name
        state.collide("Diagnosegruppen har fått ulike navn", lambda: Place(Area.GROUP, "name", group.name),
                      Version(BASE_NAME, base_name), [Version(p.copy, p.change.new) for g in renames for p in g])
    categories = agree([p for p in proposals if p.change.field == "Kategori"], lambda p: key(p.change.new))
    if len(categories) == 1:
        proposal = categories[0][0]
        group.category, group.touched = proposal.change.new, True
        ensure_category(state.draft, proposal.change.new)
        state.land(proposal.change, categories[0])
    elif categories:
        state.collide("Diagnosegruppen har fått ulike kategorier",
                      lambda: Place(Area.GROUP, "category", group.name), Version(BASE_NAME, group.category),
                      [Version(p.copy, p.change.new) for g in categories for p in g])


def ensure_category(draft, category: str) -> None:
    """Add ``category`` to the draft's categories unless it is there."""
    if key(category) not in {key(name) for name in draft.categories}:
        draft.categories.append(category)


# --- one task ------------------------------------------------------------------------------------------
def task_version(level: Level, text: str) -> str:
    return f"{level.label}: {text}"


def _task_place(group: DraftGroup, task: DraftTask, aspect: str):
    return lambda: Place(Area.TASK, aspect, group.name, task.level, task.text)


def _task(state: MergeState, group: DraftGroup, task: DraftTask, base_task, proposals: list[Proposal]) -> None:
    removers = [p for p in proposals if p.change.kind is Kind.REMOVED]
    editors = [p for p in proposals if p.change.kind is not Kind.REMOVED]
    group.touched = True
    if removers and editors:
        versions = [Version(p.copy, DELETED, True) for p in removers]
        versions += [Version(p.copy, task_version(p.change.to_level, p.change.new)) for p in editors]
        state.collide("Oppgaven er slettet i én kopi og endret i en annen", _task_place(group, task, "delete"),
                      Version(BASE_NAME, task_version(base_task.level, base_task.text)), versions)
        return
    if removers:
        task.removed = True
        state.land(removers[0].change, removers)
        return
    levels = agree([p for p in editors if p.change.to_level is not base_task.level], lambda p: p.change.to_level)
    texts = agree([p for p in editors if key(p.change.new) != key(base_task.text)], lambda p: key(p.change.new))
    if len(levels) == 1:
        task.level = levels[0][0].change.to_level
    elif levels:
        state.collide("Oppgaven er flyttet til ulike nivåer", _task_place(group, task, "level"),
                      Version(BASE_NAME, base_task.level.label),
                      [Version(p.copy, p.change.to_level.label) for g in levels for p in g])
    if len(texts) == 1:
        task.text = texts[0][0].change.new
    elif texts:
        state.collide("Oppgaven er omformulert ulikt", _task_place(group, task, "text"),
                      Version(BASE_NAME, base_task.text), [Version(p.copy, p.change.new) for g in texts for p in g])
    _land_task(state, task, base_task, editors, levels, texts)


def _land_task(state: MergeState, task: DraftTask, base_task, editors, levels, texts) -> None:
    """One applied change when every copy made the same edit; else one per aspect that landed."""
    final = (task.level, key(task.text))
    if all((p.change.to_level, key(p.change.new)) == final for p in editors):
        state.land(editors[0].change, editors)
        return
    if len(levels) == 1:
        change = dataclasses.replace(levels[0][0].change, kind=Kind.MOVED, old=base_task.text, new=base_task.text)
        state.land(change, levels[0])
    if len(texts) == 1:
        change = dataclasses.replace(texts[0][0].change, kind=Kind.REWORDED, from_level=base_task.level,
                                     to_level=base_task.level)
        state.land(change, texts[0])


def _additions(state: MergeState, group: DraftGroup, level: Level, proposals: list[Proposal]) -> None:
    """New tasks at one level of one group; the same or a nearly identical text from several copies is one."""
    kept: list[list[Proposal]] = []
    for proposal in proposals:
        text = proposal.change.new
        for entry in kept:
            first = entry[0]
            if key(first.change.new) == key(text):
                entry.append(proposal)
                break
            copies = {p.copy for p in entry}
            if proposal.copy not in copies and similarity(first.change.new, text) >= NEAR_IDENTICAL:
                state.notices.append(
                    f"«{group.name}», {level.label}: «{text}» ({proposal.copy}) er nesten lik «{first.change.new}» "
                    f"({first.copy}) og er tatt med én gang, som «{first.change.new}»."
                )
                entry.append(proposal)
                break
        else:
            kept.append([proposal])
    for entry in kept:
        group.tasks.append(DraftTask(entry[0].change.new, level))
        state.land(entry[0].change, entry)
    group.touched = True


# --- recommendation -------------------------------------------------------------------------------------
def blocks_text(blocks) -> str:
    """Blocks as one cell's text: list items keep their marker, blank lines between blocks."""
    marks = {BlockKind.BULLET: "• ", BlockKind.NUMBERED: "1. ", BlockKind.PARAGRAPH: ""}
    return "\n\n".join(marks[block.kind] + block.text for block in blocks)


def _copy_group(proposal: Proposal) -> DiagnosisGroup:
    return proposal.agreement.groups[proposal.change.source.index]


def _recommendation(state: MergeState, group: DraftGroup, proposals: list[Proposal]) -> None:
    versions = agree(proposals, lambda p: key(p.change.new))
    if len(versions) == 1:
        group.recommendation = _copy_group(versions[0][0]).recommendation
        group.touched = True
        state.land(versions[0][0].change, versions[0])
        return
    base_text = blocks_text(group.recommendation)
    state.collide("Anbefalingen er omformulert ulikt", lambda: Place(Area.RECOMMENDATION, "text", group.name),
                  Version(BASE_NAME, base_text),
                  [Version(p.copy, blocks_text(_copy_group(p).recommendation)) for g in versions for p in g])


def recommendation_blocks(text: str) -> tuple[Block, ...]:
    from ..text import split_items

    return tuple(Block(item.text, item.kind) for item in split_items(text))


# --- new groups -----------------------------------------------------------------------------------------
def _new_group(state: MergeState, proposals: list[Proposal]) -> None:
    first = _copy_group(proposals[0])
    group = DraftGroup(first.name, first.category, [DraftTask(t.text, t.level) for t in first.tasks],
                       first.recommendation, touched=True)
    for proposal in proposals[1:]:
        other = _copy_group(proposal)
        present = {(t.level, key(t.text)) for t in group.tasks}
        extra = [t for t in other.tasks if (t.level, key(t.text)) not in present]
        group.tasks += [DraftTask(t.text, t.level) for t in extra]
        if extra or key(blocks_text(other.recommendation)) != key(blocks_text(first.recommendation)):
            state.notices.append(
                f"Diagnosegruppen «{first.name}» er lagt til i både {proposals[0].copy} og {proposal.copy}: "
                f"oppgavene er slått sammen, og anbefalingen er tatt fra {proposals[0].copy}."
            )
    ensure_category(state.draft, first.category)
    same_category = [i for i, g in enumerate(state.draft.groups) if key(g.category) == key(first.category)]
    position = same_category[-1] + 1 if same_category else len(state.draft.groups)
    state.draft.groups.insert(position, group)
    state.land(proposals[0].change, proposals)
