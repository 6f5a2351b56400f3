"""The NEW agreement rendered with Word tracked changes against OLD (w:ins / w:del).

Reviewers accept or reject each change in Word. Texts that changed are rendered as
placeholders, and after docxtpl each placeholder run is replaced by runs inside ``w:ins`` and
``w:del`` (author and, when the new version has one, its date). A moved task is a deletion in
its old column and an insertion in its new one; a reworded text is changed word by word.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..model import Agreement, DiagnosisGroup, Level
from ..render.context import build_context, safe
from ..render.docx import DEFAULT_TEMPLATE, render_document, write_bytes
from .compute import Area, Changes, Kind
from .matching import key
from .words import word_diff

AUTHOR = "agreement diff"
_OPEN, _CLOSE = "\ue010", "\ue011"
Segments = list[tuple[str, str]]


@dataclass
class _Marks:
    """Placeholders handed to the template, and the segments each stands for."""

    segments: dict[str, Segments] = field(default_factory=dict)

    def token(self, segments: Segments):
        name = f"{_OPEN}{len(self.segments)}{_CLOSE}"
        self.segments[name] = segments
        return safe(name)

    def text(self, old: str, new: str):
        return safe(new) if old == new else self.token(word_diff(old, new))


def _blocks(marks: _Marks, old_blocks, new_blocks) -> list[dict[str, Any]]:
    """Paragraphs aligned by content: equal ones plain, replaced ones word by word, others whole."""
    old_keys, new_keys = [key(b.text) for b in old_blocks], [key(b.text) for b in new_blocks]
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


def _group(marks: _Marks, changes: Changes, before: DiagnosisGroup | None, after: DiagnosisGroup | None):
    group = after or before
    columns: dict[Level, list] = {level: [] for level in Level}
    task_changes = [c for c in changes.in_group(group.name) if c.area is Area.TASK]
    incoming: dict[tuple[Level, str], list] = {}
    for change in task_changes:
        if change.kind is Kind.ADDED:
            incoming.setdefault((change.to_level, key(change.new)), []).append(marks.token([("insert", change.new)]))
        elif change.kind is Kind.REWORDED:
            incoming.setdefault((change.to_level, key(change.new)), []).append(marks.text(change.old, change.new))
        elif change.kind is Kind.MOVED:
            incoming.setdefault((change.to_level, key(change.new)), []).append(marks.token([("insert", change.new)]))
    if after is None:  # a removed group: everything struck out
        for task in before.tasks:
            columns[task.level].append(marks.token([("delete", task.text)]))
    else:
        for task in after.tasks:
            bucket = incoming.get((task.level, key(task.text)))
            columns[task.level].append(bucket.pop(0) if bucket else safe(task.text))
    for change in task_changes:
        if change.kind in (Kind.REMOVED, Kind.MOVED):
            columns[change.from_level].append(marks.token([("delete", change.old)]))
    rows = [
        {level.value: (columns[level][index] if index < len(columns[level]) else "") for level in Level}
        for index in range(max(map(len, columns.values())))
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


def tracked_context(old: Agreement, new: Agreement, changes: Changes, marks: _Marks) -> dict[str, Any]:
    context = build_context(new)
    old_sections = {key(s.heading): s for s in old.sections}
    context["sections"] = [
        {"heading": safe(s.heading), "blocks": _blocks(marks, old_sections[key(s.heading)].blocks, s.blocks)
         if key(s.heading) in old_sections else _blocks(marks, (), s.blocks)}
        for s in new.sections
    ]
    categories: dict[str, list] = {}
    for before, after in changes.group_pairs:
        categories.setdefault((after or before).category, []).append(_group(marks, changes, before, after))
    order = list(new.categories) + [name for name in categories if name not in new.categories]
    context["categories"] = [{"name": safe(name), "groups": categories[name]} for name in order if name in categories]
    return context


# --- after docxtpl: placeholders → tracked runs ------------------------------------------------
class _Revisions:
    def __init__(self, date: str | None):
        self.date = date
        self.next_id = 9000

    def wrapper(self, tag: str):
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), AUTHOR)
        if self.date:
            element.set(qn("w:date"), self.date)
        self.next_id += 1
        return element


def _run(properties, text: str, deleted: bool):
    run = OxmlElement("w:r")
    if properties is not None:
        run.append(copy.deepcopy(properties))
    for index, line in enumerate(text.split("\n")):
        if index:
            run.append(OxmlElement("w:br"))
        if line:
            node = OxmlElement("w:delText" if deleted else "w:t")
            node.set(qn("xml:space"), "preserve")
            node.text = line
            run.append(node)
    return run


def _segments_to_runs(segments: Segments, properties, revisions: _Revisions) -> list:
    elements = []
    for op, text in segments:
        if op == "equal":
            elements.append(_run(properties, text, deleted=False))
        else:
            wrapper = revisions.wrapper("w:del" if op == "delete" else "w:ins")
            wrapper.append(_run(properties, text, deleted=op == "delete"))
            elements.append(wrapper)
    return elements


def _mark_paragraph(paragraph, op: str, revisions: _Revisions) -> None:
    """A paragraph that is wholly inserted or deleted: its paragraph mark is tracked too."""
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = OxmlElement("w:pPr")
        paragraph.insert(0, properties)
    run_properties = properties.find(qn("w:rPr"))
    if run_properties is None:
        run_properties = OxmlElement("w:rPr")
        properties.append(run_properties)
    run_properties.append(revisions.wrapper("w:del" if op == "delete" else "w:ins"))


def apply_revisions(document, segments: dict[str, Segments], date: str | None) -> int:
    """Replace every placeholder run by tracked runs; returns how many were replaced."""
    revisions = _Revisions(date)
    replaced = 0
    for text_node in list(document.element.body.iter(qn("w:t"))):
        value = text_node.text or ""
        if _OPEN not in value:
            continue
        run = text_node.getparent()
        properties = run.find(qn("w:rPr"))
        pieces: Segments = []
        rest = value
        while _OPEN in rest:
            before, _, tail = rest.partition(_OPEN)
            number, _, rest = tail.partition(_CLOSE)
            if before:
                pieces.append(("equal", before))
            pieces += segments.get(f"{_OPEN}{number}{_CLOSE}", [])
        if rest:
            pieces.append(("equal", rest))
        for element in _segments_to_runs(pieces, properties, revisions):
            run.addprevious(element)
        run.getparent().remove(run)
        replaced += 1
        paragraph = next((a for a in text_node.iterancestors() if a.tag == qn("w:p")), None)
        ops = {op for op, _ in pieces}
        if paragraph is not None and len(ops) == 1 and ops != {"equal"} and not _has_other_text(paragraph):
            _mark_paragraph(paragraph, ops.pop(), revisions)
    return replaced


def _has_other_text(paragraph) -> bool:
    """Whether the paragraph has text outside tracked insertions and deletions."""
    for node in paragraph.iter(qn("w:t")):
        if not any(a.tag in (qn("w:ins"), qn("w:del")) for a in node.iterancestors()) and (node.text or "").strip():
            return True
    return False


def render_tracked(old: Agreement, new: Agreement, changes: Changes, output: Path, *,
                   template: Path | None = None, overwrite: bool = False) -> Path:
    """Write NEW with tracked changes against OLD to ``output``."""
    marks = _Marks()
    context = tracked_context(old, new, changes, marks)
    date = f"{new.facts.date.isoformat()}T00:00:00Z" if new.facts.date else None
    data = render_document(template or DEFAULT_TEMPLATE, context, new,
                           transform=lambda document: apply_revisions(document, marks.segments, date))
    return write_bytes(data, output, overwrite=overwrite)
