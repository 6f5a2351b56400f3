"""Merging the fixed sheets: facts, municipalities, chapters, the § 6-2 map and joint measures."""

from __future__ import annotations

import dataclasses

from ..diff import Area, Change, Kind
from ..diff.compute import coverage_text, fact_text, section_text
from ..text import comparison_key as key
from ..model import CoverageStatus, PointCoverage
from ..schema import COVERAGE_LABELS, FACT_FIELDS, FACT_TEXT_KEYS, FACTS_SHEET, JOINT_MEASURES, MUNICIPALITIES
from ..schema import SECTIONS, STATUTE
from .draft import JOINT_FIELDS, STATUTE_COLUMNS, DraftJoint, DraftMunicipality, DraftSection
from .engine import MergeState, Proposal, agree, names
from .groups import blocks_text
from .result import BASE_NAME, DELETED, Place, Version
from .sections import merge_blocks

FACT_LABELS = {field.key: field.label for field in FACT_FIELDS}
NOT_IN_BASE = "(finnes ikke)"


def merge_tables(state: MergeState, slots: dict[tuple, list[Proposal]]) -> None:
    """Decide every slot outside the diagnosis groups."""
    handlers = {"facts": _fact, "municipality": _municipality, "section": _section, "new-section": _new_section,
                "statute": _statute, "joint": _joint, "new-joint": _new_joint}
    for slot, proposals in slots.items():
        if slot[0] in handlers:
            handlers[slot[0]](state, slot[1], proposals)


# --- facts ----------------------------------------------------------------------------------------------
def fact_value(facts, field_key: str):
    return facts.texts.get(field_key, "") if field_key in FACT_TEXT_KEYS else getattr(facts, field_key)


def with_fact(facts, field_key: str, value):
    """``facts`` with one field replaced."""
    if field_key in FACT_TEXT_KEYS:
        texts = {k: v for k, v in facts.texts.items() if k != field_key}
        if value:
            texts[field_key] = value
        return dataclasses.replace(facts, texts=texts)
    return dataclasses.replace(facts, **{field_key: value})


def _fact(state: MergeState, field_key: str, proposals: list[Proposal]) -> None:
    versions = agree(proposals, lambda p: key(fact_text(p.agreement.facts, field_key)))
    if len(versions) == 1:
        state.draft.facts = with_fact(state.draft.facts, field_key, fact_value(versions[0][0].agreement.facts,
                                                                              field_key))
        state.draft.touched_sheets.add(FACTS_SHEET)
        state.land(versions[0][0].change, versions[0])
        return
    state.collide(f"«{FACT_LABELS[field_key]}» har fått ulike verdier", lambda: Place(Area.FACTS, "value",
                                                                                      item=field_key),
                  Version(BASE_NAME, fact_text(state.base.facts, field_key)),
                  [Version(p.copy, fact_text(p.agreement.facts, field_key)) for g in versions for p in g])


# --- municipalities ---------------------------------------------------------------------------------
def _copy_municipality_name(proposal: Proposal, number: str) -> str:
    return next(m.name for m in proposal.agreement.municipalities if m.number == number)


def _municipality(state: MergeState, number: str, proposals: list[Proposal]) -> None:
    draft = next((m for m in state.draft.municipalities if m.number == number), None)
    place = lambda aspect: lambda: Place(Area.MUNICIPALITY, aspect, item=number)  # noqa: E731
    removers = [p for p in proposals if p.change.kind is Kind.REMOVED]
    editors = [p for p in proposals if p.change.kind is not Kind.REMOVED]
    if removers and editors:
        state.collide("Kommunen er fjernet i én kopi og endret i en annen", place("delete"),
                      Version(BASE_NAME, draft.name),
                      [Version(p.copy, DELETED, True) for p in removers]
                      + [Version(p.copy, _copy_municipality_name(p, number)) for p in editors])
        return
    if removers:
        draft.removed = True
    else:
        versions = agree(editors, lambda p: key(_copy_municipality_name(p, number)))
        if len(versions) > 1:
            state.collide("Kommunen har fått ulike navn" if draft else "Kommunen er lagt til med ulike navn",
                          place("name" if draft else "add"), Version(BASE_NAME, draft.name if draft else NOT_IN_BASE),
                          [Version(p.copy, _copy_municipality_name(p, number)) for g in versions for p in g])
            return
        name = _copy_municipality_name(editors[0], number)
        if draft is None:
            state.draft.municipalities.append(DraftMunicipality(number, name))
        else:
            draft.name = name
    state.draft.touched_sheets.add(MUNICIPALITIES.name)
    state.land(proposals[0].change, proposals)


# --- chapters -------------------------------------------------------------------------------------------
def _copy_section(proposal: Proposal):
    return proposal.agreement.sections[proposal.change.source.index]


def _section(state: MergeState, index: int, proposals: list[Proposal]) -> None:
    section = state.draft.sections[index]
    base = state.base.sections[index]
    removers = [p for p in proposals if p.change.kind is Kind.REMOVED]
    editors = [p for p in proposals if p.change.kind is not Kind.REMOVED]
    state.draft.touched_sheets.add(SECTIONS.name)
    if removers and editors:
        state.collide("Kapitlet er slettet i én kopi og endret i en annen",
                      lambda: Place(Area.SECTION, "delete", item=section.heading), Version(BASE_NAME, "beholdes"),
                      [Version(p.copy, DELETED, True) for p in removers] + [Version(p.copy, "endret") for p in editors])
        return
    if removers:
        section.removed = True
        state.land(removers[0].change, removers)
        return
    renames = agree([p for p in editors if p.change.kind is Kind.RENAMED], lambda p: key(p.change.new))
    if len(renames) == 1:
        section.heading = renames[0][0].change.new
        state.land(renames[0][0].change, renames[0])
    elif renames:
        state.collide("Kapitlet har fått ulike overskrifter", lambda: Place(Area.SECTION, "heading",
                                                                             item=section.heading),
                      Version(BASE_NAME, base.heading), [Version(p.copy, p.change.new) for g in renames for p in g])
    changed = [p for p in editors if p.change.kind is Kind.CHANGED]
    if not changed:
        return
    versions = agree(changed, lambda p: key(section_text(_copy_section(p))))
    blocks = merge_blocks(base.blocks, [_copy_section(g[0]).blocks for g in versions])
    if blocks is None:
        state.collide("Kapitlet er endret ulikt", lambda: Place(Area.SECTION, "text", item=section.heading),
                      Version(BASE_NAME, blocks_text(base.blocks)),
                      [Version(p.copy, blocks_text(_copy_section(p).blocks)) for g in versions for p in g])
        return
    section.blocks = blocks
    after = dataclasses.replace(base, heading=section.heading, blocks=blocks)
    change = Change(Kind.CHANGED, Area.SECTION, section_text(base), section_text(after), field=section.heading,
                    old_ref=base.ref, target=changed[0].change.target)
    state.land(changed[0].change if len(versions) == 1 else change, changed)


def _new_section(state: MergeState, _key: str, proposals: list[Proposal]) -> None:
    first = _copy_section(proposals[0])
    for proposal in proposals[1:]:
        if key(section_text(_copy_section(proposal))) != key(section_text(first)):
            state.notices.append(f"Kapitlet «{first.heading}» er lagt til i både {proposals[0].copy} og "
                                 f"{proposal.copy} med ulik tekst; teksten er tatt fra {proposals[0].copy}.")
    sections = proposals[0].agreement.sections
    before = sections[proposals[0].change.source.index - 1].heading if proposals[0].change.source.index else None
    position = next((i + 1 for i, s in enumerate(state.draft.sections) if before and key(s.heading) == key(before)),
                    len(state.draft.sections))
    state.draft.sections.insert(position, DraftSection(first.heading, first.blocks))
    state.draft.touched_sheets.add(SECTIONS.name)
    state.land(proposals[0].change, proposals)


# --- § 6-2 map ---------------------------------------------------------------------------------------------
def statute_cell(row: PointCoverage | None, column: str) -> str:
    """One column of a § 6-2 row as the cell shows it."""
    if row is None:
        return ""
    if column == "status":
        return COVERAGE_LABELS[row.status]
    if column == "where":
        return "; ".join(row.where)
    return getattr(row, column)


def with_statute_cell(row: PointCoverage, column: str, text: str) -> PointCoverage:
    """``row`` with one column set from its cell text."""
    from ..schema import COVERAGE_CHOICES

    if column == "status":
        labels = {label.casefold(): status for label, status in COVERAGE_CHOICES.items()}
        return dataclasses.replace(row, status=labels.get(text.casefold(), CoverageStatus.MISSING))
    if column == "where":
        return dataclasses.replace(row, where=tuple(part.strip() for part in text.replace("\n", ";").split(";")
                                                    if part.strip()))
    return dataclasses.replace(row, **{column: text})


def _statute(state: MergeState, point: int, proposals: list[Proposal]) -> None:
    base = state.base.coverage_of(point)
    row = base or PointCoverage(point, CoverageStatus.MISSING)
    landed: list[Proposal] = []
    for column in STATUTE_COLUMNS:
        changed = [p for p in proposals
                   if key(statute_cell(p.agreement.coverage_of(point), column)) != key(statute_cell(base, column))]
        versions = agree(changed, lambda p, column=column: key(statute_cell(p.agreement.coverage_of(point), column)))
        if len(versions) == 1:
            row = with_statute_cell(row, column, statute_cell(changed[0].agreement.coverage_of(point), column))
            landed += versions[0]
        elif versions:
            header = STATUTE.column({"other_agreement": "other", "other_agreement_version": "other_version"}
                                    .get(column, column)).header
            state.collide(f"§ 6-2 nr. {point}, «{header}»: ulike verdier",
                          lambda column=column: Place(Area.STATUTE, column, item=str(point)),
                          Version(BASE_NAME, statute_cell(base, column)),
                          [Version(p.copy, statute_cell(p.agreement.coverage_of(point), column))
                           for g in versions for p in g])
    state.draft.statute[point] = row
    state.draft.touched_sheets.add(STATUTE.name)
    if key(coverage_text(row)) != key(coverage_text(base)):
        first = proposals[0].change
        change = dataclasses.replace(first, new=coverage_text(row))
        state.land(change, [p for p in proposals if p.copy in names(landed)])


# --- joint measures ---------------------------------------------------------------------------------------
def _copy_joint(proposal: Proposal) -> dict[str, str]:
    measure = proposal.agreement.joint_measures[proposal.change.source.index]
    return {name: getattr(measure, name) for name in JOINT_FIELDS}


def _joint(state: MergeState, index: int, proposals: list[Proposal]) -> None:
    measure = state.draft.joint[index]
    base = dict(measure.values)
    removers = [p for p in proposals if p.change.kind is Kind.REMOVED]
    editors = [p for p in proposals if p.change.kind is not Kind.REMOVED]
    state.draft.touched_sheets.add(JOINT_MEASURES.name)
    if removers and editors:
        state.collide("Samarbeidstiltaket er slettet i én kopi og endret i en annen",
                      lambda: Place(Area.JOINT, "delete", item=measure.values["name"]), Version(BASE_NAME, "beholdes"),
                      [Version(p.copy, DELETED, True) for p in removers] + [Version(p.copy, "endret") for p in editors])
        return
    if removers:
        measure.removed = True
        state.land(removers[0].change, removers)
        return
    for name in JOINT_FIELDS:
        changed = [p for p in editors if key(_copy_joint(p)[name]) != key(base[name])]
        versions = agree(changed, lambda p, name=name: key(_copy_joint(p)[name]))
        if len(versions) == 1:
            measure.values[name] = _copy_joint(changed[0])[name]
        elif versions:
            header = JOINT_MEASURES.column(name).header
            state.collide(f"Samarbeidstiltaket, «{header}»: ulike verdier",
                          lambda name=name: Place(Area.JOINT, name, item=measure.values["name"]),
                          Version(BASE_NAME, base[name]), [Version(p.copy, _copy_joint(p)[name])
                                                           for g in versions for p in g])
    for same in agree(editors, lambda p: (p.change.kind, key(p.change.new))):
        if all(key(_copy_joint(same[0])[n]) == key(measure.values[n]) for n in JOINT_FIELDS):
            state.land(same[0].change, same)


def _new_joint(state: MergeState, _key: str, proposals: list[Proposal]) -> None:
    first = _copy_joint(proposals[0])
    for proposal in proposals[1:]:
        if any(key(_copy_joint(proposal)[n]) != key(first[n]) for n in JOINT_FIELDS):
            state.notices.append(f"Samarbeidstiltaket «{first['name']}» er lagt til i både {proposals[0].copy} og "
                                 f"{proposal.copy} med ulikt innhold; det er tatt fra {proposals[0].copy}.")
    state.draft.joint.append(DraftJoint(first))
    state.draft.touched_sheets.add(JOINT_MEASURES.name)
    state.land(proposals[0].change, proposals)
