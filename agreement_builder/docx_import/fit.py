"""Texts longer than one workbook cell can hold (Excel's 32,767 characters) are split, and said so."""

from __future__ import annotations

import dataclasses

from ..model import Agreement, Block, Task
from ..package_limits import LIMITS
from .report import ImportReport


def pieces(text: str, limit: int = LIMITS.cell_chars) -> list[str]:
    """``text`` in parts of at most ``limit`` characters, cut at a space where there is one."""
    parts = []
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit + 1)
        cut = cut if cut > limit // 2 else limit
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return parts + [text] if text else parts


def _blocks(blocks: tuple[Block, ...], where: str, report: ImportReport) -> tuple[Block, ...]:
    result = []
    for block in blocks:
        parts = pieces(block.text)
        if len(parts) > 1:
            report.note(f"et avsnitt var for langt for én celle og er delt i {len(parts)}", where, -1)
        result += [dataclasses.replace(block, text=part) for part in parts]
    return tuple(result)


def _tasks(tasks: tuple[Task, ...], where: str, report: ImportReport) -> tuple[Task, ...]:
    result = []
    for task in tasks:
        parts = pieces(task.text)
        if len(parts) > 1:
            report.note(f"en oppgave var for lang for én celle og er delt i {len(parts)}", where, -1)
        result += [dataclasses.replace(task, text=part) for part in parts]
    return tuple(result)


def fit_cells(agreement: Agreement, report: ImportReport) -> Agreement:
    """The agreement with every text short enough for a workbook cell."""
    sections = tuple(dataclasses.replace(section, blocks=_blocks(section.blocks, f"kapitlet «{section.heading}»",
                                                                 report)) for section in agreement.sections)
    groups = tuple(dataclasses.replace(group, tasks=_tasks(group.tasks, f"diagnosegruppen «{group.name}»", report),
                                       recommendation=_blocks(group.recommendation,
                                                              f"diagnosegruppen «{group.name}»", report))
                   for group in agreement.groups)
    texts = {key: _blocks(blocks, f"feltet {key}", report) for key, blocks in agreement.facts.texts.items()}
    return dataclasses.replace(agreement, sections=sections, groups=groups,
                               facts=dataclasses.replace(agreement.facts, texts=texts))
