"""Changes as one self-contained HTML file a reviewer can open and print.

Summary first; then per changed diagnosis group its three columns with added, removed,
moved and reworded tasks marked (by symbol and strike-through as well as colour, so a
black-and-white print stays legible); word-level highlighting for reworded text.
"""

from __future__ import annotations

from html import escape

from ..model import DiagnosisGroup, Level
from .compute import Area, Change, Changes, Kind
from .matching import key
from .output import KIND_LABELS, _grouped, _ref, describe, summary_line
from .words import word_diff

STYLE = """
body { font-family: Calibri, "Segoe UI", Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #1a1a1a;
       line-height: 1.4; padding: 0 1em; }
h1 { color: #1F4E79; margin-bottom: .2em; } h2 { color: #1F4E79; border-bottom: 2px solid #1F4E79; margin-top: 1.6em; }
.files { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .6em 0; }
th, td { border: 1px solid #9bb; padding: .35em .5em; vertical-align: top; text-align: left; }
th { background: #1F4E79; color: #fff; }
.summary table { width: auto; min-width: 18em; }
.summary td.number { text-align: right; width: 4em; font-weight: bold; }
ul.tasks { list-style: none; margin: 0; padding: 0; } ul.tasks li { margin: .15em 0; padding: .1em .3em; }
.added { background: #e3f4e1; } .removed { background: #fbe3e1; text-decoration: line-through; color: #8a1c12; }
.moved-in { background: #e1eefb; } .moved-out { background: #eef2f6; text-decoration: line-through; color: #555; }
.reworded { background: #fff6d6; }
ins { background: #c8efc4; text-decoration: none; } del { background: #f6c4bf; color: #8a1c12; }
.mark { font-weight: bold; margin-right: .3em; } .note { color: #555; font-size: .9em; }
.changes li { margin: .25em 0; } .kind { font-weight: bold; } .ref { color: #666; font-size: .85em; }
.legend span { margin-right: 1em; padding: .1em .4em; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; } tr, li { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

_MARKS = {"added": "+", "removed": "−", "moved-in": "⇠", "moved-out": "⇢", "reworded": "~"}


def _words(old: str, new: str) -> str:
    parts = []
    for op, text in word_diff(old, new):
        text = escape(text).replace("\n", "<br>")
        parts.append(text if op == "equal" else f"<del>{text}</del>" if op == "delete" else f"<ins>{text}</ins>")
    return "".join(parts)


def _item(css: str, body: str, note: str = "") -> str:
    mark = f'<span class="mark" aria-hidden="true">{_MARKS[css]}</span>' if css in _MARKS else ""
    note = f' <span class="note">{escape(note)}</span>' if note else ""
    return f'<li class="{css}">{mark}{body}{note}</li>'


def _columns(before: DiagnosisGroup | None, after: DiagnosisGroup | None, changes: list[Change]) -> str:
    """The three level columns of a group with every task marked by what happened to it."""
    marked: dict[tuple[Level, str], list[str]] = {}
    extra: dict[Level, list[str]] = {level: [] for level in Level}
    for change in changes:
        if change.area is not Area.TASK:
            continue
        if change.kind is Kind.ADDED:
            marked.setdefault((change.to_level, key(change.new)), []).append(_item("added", escape(change.new)))
        elif change.kind is Kind.REMOVED:
            extra[change.from_level].append(_item("removed", escape(change.old)))
        elif change.kind is Kind.REWORDED:
            marked.setdefault((change.to_level, key(change.new)), []).append(
                _item("reworded", _words(change.old, change.new)))
        elif change.kind is Kind.MOVED:
            body = escape(change.new) if key(change.old) == key(change.new) else _words(change.old, change.new)
            marked.setdefault((change.to_level, key(change.new)), []).append(
                _item("moved-in", body, f"(fra {change.from_level.label})"))
            extra[change.from_level].append(_item("moved-out", escape(change.old), f"(til {change.to_level.label})"))
    cells = []
    for level in Level:
        items = []
        for task in (after.tasks_at(level) if after else ()):
            bucket = marked.get((level, key(task.text)))
            items.append(bucket.pop(0) if bucket else f"<li>{escape(task.text)}</li>")
        items += extra[level]
        cells.append(f'<td><ul class="tasks">{"".join(items)}</ul></td>')
    headers = "".join(f"<th>{escape(level.label)}</th>" for level in Level)
    return f'<table class="levels"><tr>{headers}</tr><tr>{"".join(cells)}</tr></table>'


def _change_list(items: list[Change]) -> str:
    rows = []
    for change in items:
        ref = f' <span class="ref">({escape(_ref(change))})</span>' if _ref(change) else ""
        body = escape(describe(change))
        long_text = len(change.old) + len(change.new) > 80
        if change.kind in (Kind.CHANGED, Kind.REWORDED) and (
                change.area in (Area.SECTION, Area.RECOMMENDATION) or (change.area is Area.FACTS and long_text)):
            body += f'<div class="reworded">{_words(change.old, change.new)}</div>'
        rows.append(f'<li><span class="kind">{escape(KIND_LABELS[change.kind])}</span>: {body}{ref}</li>')
    return f'<ul class="changes">{"".join(rows)}</ul>'


def render_html(changes: Changes, old_name: str = "", new_name: str = "") -> str:
    pairs = {(after or before).name: (before, after) for before, after in changes.group_pairs}
    counts = "".join(
        f'<tr><td>{escape(KIND_LABELS[kind])}</td><td class="number">{changes.count(kind)}</td></tr>'
        for kind in Kind if changes.count(kind)
    )
    body = [
        "<!DOCTYPE html>",
        '<html lang="nb"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Endringer – {escape(changes.new_title or 'samarbeidsavtale')}</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Endringer i samarbeidsavtalen</h1>",
        f'<p class="files">{escape(changes.new_title)}<br>Forrige versjon: {escape(old_name)} · '
        f"Ny versjon: {escape(new_name)}</p>",
        '<section class="summary"><h2>Oppsummering</h2>',
        f"<p><strong>{escape(summary_line(changes))}</strong></p>",
        f"<table>{counts}</table>" if counts else "",
        '<p class="legend"><span class="added">+ lagt til</span><span class="removed">− fjernet</span>'
        '<span class="moved-in">⇠ flyttet hit</span><span class="moved-out">⇢ flyttet herfra</span>'
        '<span class="reworded">~ omformulert: <del>gammelt</del> <ins>nytt</ins></span></p></section>',
    ]
    for title, items in _grouped(changes):
        body.append(f"<section><h2>{escape(title)}</h2>")
        group = items[0].group if items and items[0].group is not None else None
        if group is not None:
            before, after = pairs.get(group, (None, None))
            others = [c for c in items if c.area is not Area.TASK]
            if others:
                body.append(_change_list(others))
            if any(c.area is Area.TASK for c in items):
                body.append(_columns(before, after, items))
        else:
            body.append(_change_list(items))
        body.append("</section>")
    if changes.order:
        body.append("<section><h2>Rekkefølge (ikke en innholdsendring)</h2><ul>")
        body += [f"<li>«{escape(o.group)}», {escape(o.level.label)}: {escape(' | '.join(o.new))}</li>"
                 for o in changes.order]
        body.append("</ul></section>")
    body.append("</body></html>")
    return "\n".join(body)
