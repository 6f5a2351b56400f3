"""The NEW agreement rendered with Word tracked changes against OLD (w:ins / w:del).

Reviewers accept or reject each change in Word. Texts that changed are rendered as
placeholders, and after docxtpl each placeholder run is replaced by runs inside ``w:ins`` and
``w:del`` (author and, when the new version has one, its date). A moved task is a deletion in
its old column and an insertion in its new one; a reworded text is changed word by word. The
columns come from :func:`diff.layout.group_columns`, as in the HTML report.
"""

from __future__ import annotations

import difflib
import functools
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

from ..diff import Changes
from ..diff.layout import Cell, Mark, column_rows, group_columns
from ..diff.words import word_diff
from ..model import Agreement, DiagnosisGroup, Level
from ..text import comparison_key
from ..validation import Report
from .context import build_context, safe
from .child import DEFAULT_BUDGET, Budget
from .docx import render_document, write_bytes
from .wordxml import Revisions, enclosing_paragraph, has_untracked_text, text_run

AUTHOR = "agreement diff"
_OPEN, _CLOSE = "\ue010", "\ue011"
Segments = list[tuple[str, str]]


@dataclass
class _Marks:
    """Placeholders handed to the template, and the segments each stands for.

    Each placeholder carries a random nonce that is not in ``avoid`` (the agreements' text), so
    text from a cell is never taken for one.
    """

    avoid: str = ""
    segments: dict[str, Segments] = field(default_factory=dict)
    nonce: str = ""

    def __post_init__(self):
        while not self.nonce or self.nonce in self.avoid:
            self.nonce = secrets.token_hex(8)

    def token(self, segments: Segments):
        name = f"{_OPEN}{self.nonce}-{len(self.segments)}{_CLOSE}"
        self.segments[name] = segments
        return safe(name)

    def text(self, old: str, new: str):
        return safe(new) if old == new else self.token(word_diff(old, new))


def _blocks(marks: _Marks, old_blocks, new_blocks) -> list[dict[str, Any]]:
    """Paragraphs aligned by content: equal ones plain, replaced ones word by word, others whole."""
    old_keys = [comparison_key(b.text) for b in old_blocks]
    new_keys = [comparison_key(b.text) for b in new_blocks]
    result = []
    matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = list(old_blocks[i1:i2]), list(new_blocks[j1:j2])
        if tag == "equal":
            result += [{"kind": b.kind.value, "text": safe(b.text)} for b in news]
            continue
        for index in range(max(len(olds), len(news))):
            before = olds[index] if index < len(olds) else None
            after = news[index] if index < len(news) else None
            if before and after:
                result.append({"kind": after.kind.value, "text": marks.text(before.text, after.text)})
            elif after:
                result.append({"kind": after.kind.value, "text": marks.token([("insert", after.text)])})
            else:
                result.append({"kind": before.kind.value, "text": marks.token([("delete", before.text)])})
    return result


def _cell(marks: _Marks, cell: Cell):
    """A task of the layout as template text: plain, reworded word by word, inserted or deleted whole."""
    if cell.mark is Mark.KEPT:
        return safe(cell.text)
    if cell.mark is Mark.REWORDED:
        return marks.text(cell.old, cell.new)
    if cell.mark in (Mark.ADDED, Mark.MOVED_IN):
        return marks.token([("insert", cell.new)])
    return marks.token([("delete", cell.old)])


def _group(marks: _Marks, changes: Changes, before: DiagnosisGroup | None, after: DiagnosisGroup | None):
    group = after or before
    layout = group_columns(before, after, changes.in_group(group.name))
    columns = {level: [_cell(marks, cell) for cell in layout[level]] for level in Level}
    rows = [
        {level.value: text if text is not None else "" for level, text in row.items()}
        for row in column_rows(columns)
    ]
    if before is None:
        name = marks.token([("insert", after.name)])
    elif after is None:
        name = marks.token([("delete", before.name)])
    else:
        name = marks.text(before.name, after.name)
    return {
        "name": name,
        "rows": rows,
        "tasks": {level.value: columns[level] for level in Level},
        "task_count": sum(map(len, columns.values())),
        "recommendation": _blocks(marks, before.recommendation if before else (),
                                  after.recommendation if after else ()),
    }


def tracked_context(old: Agreement, new: Agreement, changes: Changes, marks: _Marks,
                    report: Report) -> dict[str, Any]:
    """The template context of ``new`` (validated as ``report``), with changed texts as placeholders."""
    context = build_context(new, report)
    old_sections = {comparison_key(s.heading): s for s in old.sections}
    context["sections"] = [
        {"heading": safe(s.heading),
         "blocks": _blocks(marks, old_sections[comparison_key(s.heading)].blocks, s.blocks)
         if comparison_key(s.heading) in old_sections else _blocks(marks, (), s.blocks)}
        for s in new.sections
    ]
    categories: dict[str, list] = {}
    for before, after in changes.group_pairs:
        categories.setdefault((after or before).category, []).append(_group(marks, changes, before, after))
    order = list(new.categories) + [name for name in categories if name not in new.categories]
    context["categories"] = [{"name": safe(name), "groups": categories[name]} for name in order if name in categories]
    return context


# --- after docxtpl: placeholders → tracked runs ------------------------------------------------
def _segments_to_runs(segments: Segments, properties, revisions: Revisions) -> list:
    return [
        text_run(text, properties) if op == "equal"
        else revisions.tracked_run(text, properties, deleted=op == "delete")
        for op, text in segments
    ]


def _tokens(segments: dict[str, Segments]) -> re.Pattern:
    """A pattern matching exactly the placeholders of ``segments`` (captured, for re.split)."""
    return re.compile("(" + "|".join(map(re.escape, segments)) + ")")


def _pieces(value: str, segments: dict[str, Segments], tokens: re.Pattern) -> Segments:
    """The segments a text with placeholders stands for; text around the placeholders stays equal."""
    pieces: Segments = []
    for index, part in enumerate(tokens.split(value)):
        if index % 2:
            pieces += segments[part]
        elif part:
            pieces.append(("equal", part))
    return pieces


def apply_revisions(document, segments: dict[str, Segments], date: str | None) -> int:
    """Replace every placeholder run by tracked runs; returns how many were replaced."""
    if not segments:
        return 0
    revisions = Revisions(AUTHOR, date)
    tokens = _tokens(segments)
    replaced = 0
    for text_node in list(document.element.body.iter(qn("w:t"))):
        value = text_node.text or ""
        if not tokens.search(value):
            continue
        run = text_node.getparent()
        pieces = _pieces(value, segments, tokens)
        for element in _segments_to_runs(pieces, run.find(qn("w:rPr")), revisions):
            run.addprevious(element)
        run.getparent().remove(run)
        replaced += 1
        paragraph = enclosing_paragraph(text_node)
        ops = {op for op, _ in pieces}
        if paragraph is not None and len(ops) == 1 and ops != {"equal"} and not has_untracked_text(paragraph):
            revisions.track_paragraph_mark(paragraph, deleted=ops.pop() == "delete")
    return replaced


def render_tracked(old: Agreement, new: Agreement, changes: Changes, output: Path, *, report: Report,
                   template: Path | None = None, overwrite: bool = False, budget: Budget = DEFAULT_BUDGET) -> Path:
    """Write NEW with tracked changes against OLD to ``output``; ``report`` is NEW's validation.

    ``template`` None is the built-in template; a user's template renders within ``budget``.
    """
    marks = _Marks(avoid=repr(old) + repr(new))
    context = tracked_context(old, new, changes, marks, report)
    date = f"{new.facts.date.isoformat()}T00:00:00Z" if new.facts.date else None
    data = render_document(template, context, new, budget=budget,
                           transform=functools.partial(apply_revisions, segments=marks.segments, date=date))
    return write_bytes(data, output, overwrite=overwrite)
