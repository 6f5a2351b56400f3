"""§ 6-2 nr. 1: the task distribution itself – every group has tasks, and they do not contradict."""

from __future__ import annotations

from collections import Counter

from ..model import Level
from ..text import comparison_key as _key
from ..text import normalise
from .findings import Severity
from .registry import Check, Hit, rule

AREA = "Oppgavefordeling (nr. 1)"
LONG_TASK = 200  # characters; longer text reads as a recommendation, not a task


@rule(
    "group-without-tasks", Severity.WARNING, area=AREA, per_group=True, point=1,
    title="En diagnosegruppe har bare anbefalingstekst og ingen oppgaver i tabellen.",
    nb="Diagnosegruppen «{group}» har bare tekst og ingen oppgavetabell – fordel gjerne oppgavene på nivåene, så "
       "ansvarsfordelingen blir tydelig",
    en="Diagnosis group «{group}» has text only and no task table – consider distributing its tasks over the levels, "
       "so the division of responsibility is clear",
)
def group_without_tasks(check: Check):
    for group in check.agreement.groups:
        if not group.tasks:
            yield Hit(group.ref, {"group": group.name})


@rule(
    "group-only-shared", Severity.ERROR, area=AREA, per_group=True, point=1,
    title="Alle oppgavene i en gruppe står under «Felles ansvar»; ingen part har fått et eget ansvar.",
    nb="Alle oppgavene i «{group}» står under Felles ansvar – minst én oppgave må ligge hos "
       "spesialisthelsetjenesten eller kommunehelsetjenesten",
    en="All tasks of «{group}» are shared – at least one must belong to the specialist or the municipal service",
)
def group_only_shared(check: Check):
    for group in check.agreement.groups:
        if group.tasks and all(task.level is Level.SHARED for task in group.tasks):
            yield Hit(group.ref, {"group": group.name})


@rule(
    "task-contradiction", Severity.ERROR, area=AREA, per_group=True, point=1,
    title="Samme oppgave står både hos spesialisthelsetjenesten og kommunehelsetjenesten i samme gruppe.",
    nb="«{task}» står både hos spesialisthelsetjenesten ({other}) og kommunehelsetjenesten i «{group}» – "
       "legg den ett sted, eller under Felles ansvar",
    en="«{task}» is both a specialist ({other}) and a municipal task in «{group}» – put it in one place, or shared",
)
def task_contradiction(check: Check):
    for group in check.agreement.groups:
        specialist = {_key(task.text): task for task in group.tasks_at(Level.SPECIALIST)}
        for task in group.tasks_at(Level.MUNICIPAL):
            other = specialist.get(_key(task.text))
            if other is not None:
                where = other.ref.cell if other.ref else ""
                yield Hit(task.ref, {"task": task.text, "group": group.name, "other": where})


@rule(
    "task-shared-and-single", Severity.WARNING, area=AREA, per_group=True, point=1,
    title="Samme oppgave står både under «Felles ansvar» og hos én av partene.",
    nb="«{task}» står både under Felles ansvar og hos {level} i «{group}»",
    en="«{task}» is listed both as shared and under {level} in «{group}»",
)
def task_shared_and_single(check: Check):
    for group in check.agreement.groups:
        shared = {_key(task.text) for task in group.tasks_at(Level.SHARED)}
        for task in group.tasks:
            if task.level is not Level.SHARED and _key(task.text) in shared:
                yield Hit(task.ref, {"task": task.text, "group": group.name, "level": task.level.label.lower()})


@rule(
    "task-duplicate", Severity.WARNING, area=AREA, per_group=True, point=1,
    title="Samme oppgave står to ganger i samme kolonne.",
    nb="«{task}» står flere ganger under {level} i «{group}»",
    en="«{task}» appears more than once under {level} in «{group}»",
)
def task_duplicate(check: Check):
    for group in check.agreement.groups:
        for level in Level:
            seen: set[str] = set()
            for task in group.tasks_at(level):
                key = _key(task.text)
                if key in seen:
                    yield Hit(task.ref, {"task": task.text, "group": group.name, "level": level.label})
                seen.add(key)


@rule(
    "task-too-long", Severity.WARNING, area=AREA, per_group=True, point=1,
    title=f"En oppgave er lengre enn {LONG_TASK} tegn og hører trolig hjemme i anbefalingen.",
    nb="Oppgaven i «{group}» er {length} tegn lang – flytt forklaringen til Anbefaling og la oppgaven være kort",
    en="The task in «{group}» is {length} characters long – move the explanation to the recommendation",
)
def task_too_long(check: Check):
    for group in check.agreement.groups:
        for task in group.tasks:
            if len(normalise(task.text)) > LONG_TASK:
                yield Hit(task.ref, {"group": group.name, "length": len(normalise(task.text))})


@rule(
    "group-without-recommendation", Severity.WARNING, area=AREA, per_group=True, point=1,
    title="En diagnosegruppe mangler anbefalingstekst.",
    nb="Diagnosegruppen «{group}» har ingen anbefaling",
    en="Diagnosis group «{group}» has no recommendation",
)
def group_without_recommendation(check: Check):
    for group in check.agreement.groups:
        if not group.recommendation:
            yield Hit(group.ref, {"group": group.name})


@rule(
    "group-duplicate-name", Severity.ERROR, area=AREA, per_group=True, point=1,
    title="To diagnosegrupper har samme navn.",
    nb="Diagnosegruppen «{group}» finnes {count} ganger – gi gruppene ulike navn eller slå dem sammen",
    en="Diagnosis group «{group}» appears {count} times – rename or merge them",
)
def group_duplicate_name(check: Check):
    counts = Counter(_key(group.name) for group in check.agreement.groups)
    reported: set[str] = set()
    for group in check.agreement.groups:
        key = _key(group.name)
        if counts[key] > 1 and key not in reported:
            reported.add(key)
            yield Hit(group.ref, {"group": group.name, "count": counts[key]})


@rule(
    "category-unused", Severity.INFO, area=AREA,
    title="En kategori har ingen diagnosegrupper.",
    nb="Kategorien «{category}» har ingen diagnosegrupper og kommer ikke med i avtalen",
    en="Category «{category}» has no diagnosis groups and will not appear in the agreement",
)
def category_unused(check: Check):
    for category in check.agreement.categories:
        if not check.agreement.groups_in(category):
            yield Hit(None, {"category": category})
