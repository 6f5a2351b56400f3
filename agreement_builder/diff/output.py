"""Changes as terminal text, Markdown and JSON (docs/diff.md); HTML beside this, Word in render/tracked.py.

Text from the workbooks is data: on the terminal its controls show as escapes, and in Markdown
every character that could make structure (``#``, ``|``, ``*``, a line break …) is escaped.
"""

from __future__ import annotations

import json
from typing import Any
from collections.abc import Callable

from ..model import Level
from ..text import json_controls_escaped, one_line, terminal_text
from .compute import Area, Change, Changes, Kind
from .words import word_diff

KIND_LABELS = {
    Kind.ADDED: "lagt til", Kind.REMOVED: "fjernet", Kind.MOVED: "flyttet", Kind.REWORDED: "omformulert",
    Kind.RENAMED: "nytt navn", Kind.CHANGED: "endret",
}
SECTION_TITLES = [
    (Area.FACTS, "Avtalens fakta"), (Area.MUNICIPALITY, "Kommuner"), (Area.SECTION, "Kapitler"),
    (Area.STATUTE, "§ 6-2-kartet"), (Area.JOINT, "Samarbeidstiltak"),
    (Area.FINDING, "Kontrollfunn (fjernet = rettet, lagt til = nytt)"),
]


def change_count(count: int) -> str:
    """«1 endring», «2 endringer», «0 endringer»."""
    return f"{count} endring" if count == 1 else f"{count} endringer"


def summary_line(changes: Changes) -> str:
    if not changes:
        return "Ingen endringer i innholdet."
    counts = [f"{changes.count(kind)} {KIND_LABELS[kind]}" for kind in Kind if changes.count(kind)]
    columns = "kolonne" if len(changes.order) == 1 else "kolonner"
    order = f"; rekkefølgen er endret i {len(changes.order)} {columns}" if changes.order else ""
    return f"{change_count(len(changes.changes))}: {', '.join(counts)}{order}."


def ref_text(change: Change) -> str:
    """Where the change is in the workbook: «Ark!B5», or «Ark!B5 → Ark!C7» when it moved."""
    old, new = change.old_ref, change.new_ref
    if old and new and old != new:
        return f"{old} → {new}"
    return str(new or old or "")


def describe(change: Change) -> str:
    """One line in words, without the kind."""
    if change.area is Area.TASK:
        if change.kind is Kind.MOVED:
            text = f"«{change.new}»" if change.old == change.new else f"«{change.old}» → «{change.new}»"
            return f"{text}: {change.from_level.label} → {change.to_level.label}"
        if change.kind is Kind.REWORDED:
            return f"{change.to_level.label}: «{change.old}» → «{change.new}»"
        level = change.to_level or change.from_level
        return f"{level.label}: «{change.new or change.old}»"
    if change.area is Area.RECOMMENDATION:
        return "anbefalingen er omformulert"
    if change.kind is Kind.RENAMED:
        return f"«{change.old}» → «{change.new}»"
    if change.kind in (Kind.ADDED, Kind.REMOVED) and not change.field:
        return f"«{change.new or change.old}»"
    if change.area is Area.SECTION and change.kind is Kind.CHANGED:
        return f"«{change.field}» er endret"
    label = f"{change.field}: " if change.field else ""
    if change.area is Area.FINDING:
        return f"{label}{change.new or change.old}"
    return f"{label}«{change.old}» → «{change.new}»"


CONTEXT = 60  # characters of unchanged text kept on each side of a change in text and Markdown


def _trim(text: str, first: bool, last: bool) -> str:
    """Shorten long unchanged text between changes to its ends."""
    if len(text) <= 2 * CONTEXT + 5:
        return text
    head = "" if first else text[:CONTEXT]
    tail = "" if last else text[-CONTEXT:]
    return f"{head} … {tail}".strip() if not (first or last) else (f"… {tail}" if first else f"{head} …")


def _inline_words(change: Change, deleted: Callable[[str], str], inserted: Callable[[str], str],
                  equal: Callable[[str], str]) -> str:
    segments = word_diff(change.old, change.new)
    parts = []
    for index, (op, text) in enumerate(segments):
        if op == "equal":
            parts.append(equal(_trim(text, index == 0, index == len(segments) - 1)))
        else:
            parts.append(deleted(text) if op == "delete" else inserted(text))
    return "".join(parts)


def _has_words(change: Change) -> bool:
    return change.kind in (Kind.REWORDED, Kind.CHANGED) and change.area in (Area.RECOMMENDATION, Area.SECTION) \
        or (change.area is Area.TASK and change.kind is Kind.REWORDED)


def grouped(changes: Changes):
    """(title, [changes]) in reading order: facts, parties, chapters, each group, § 6-2, findings."""
    by_area = {area: [c for c in changes.changes if c.area is area and c.group is None] for area, _ in SECTION_TITLES}
    for area, title in SECTION_TITLES[:3]:
        if by_area[area]:
            yield title, by_area[area]
    seen = []
    for change in changes.changes:
        if change.group is not None and change.group not in seen:
            seen.append(change.group)
    for group in seen:
        yield f"Diagnosegruppe «{group}»", list(changes.in_group(group))
    for area, title in SECTION_TITLES[3:]:
        if by_area[area]:
            yield title, by_area[area]


def _shown(text: str) -> str:
    """Data as one line that cannot steer the terminal."""
    return terminal_text(one_line(text))


def text_lines(changes: Changes, *, style: Callable[[str, Kind], str] | None = None) -> list[str]:
    style = style or (lambda text, kind: text)
    lines = [summary_line(changes)]
    for title, items in grouped(changes):
        lines += ["", _shown(title)]
        for change in items:
            where = f"  ({_shown(ref_text(change))})" if ref_text(change) else ""
            lines.append(f"  {style(KIND_LABELS[change.kind], change.kind)}  {_shown(describe(change))}{where}")
            if _has_words(change) and change.area is not Area.TASK:
                lines.append("      " + _inline_words(change, lambda t: style(f"[-{_shown(t)}-]", Kind.REMOVED),
                                                      lambda t: style(f"{{+{_shown(t)}+}}", Kind.ADDED), _shown))
    if changes.order:
        lines += ["", "Rekkefølge (ikke en innholdsendring)"]
        for order in changes.order:
            lines.append(f"  «{_shown(order.group)}», {order.level.label}: {_shown(' | '.join(order.new))}")
    return lines


def markdown(changes: Changes) -> str:
    lines = [f"# Endringer: {_md(changes.new_title or 'samarbeidsavtale')}", "", f"**{summary_line(changes)}**"]
    for title, items in grouped(changes):
        lines += ["", f"## {_md(title)}", ""]
        for change in items:
            where = f" *({_md(ref_text(change))})*" if ref_text(change) else ""
            lines.append(f"- **{KIND_LABELS[change.kind]}**: {_md(describe(change))}{where}")
            if _has_words(change) and change.area is not Area.TASK:
                words = _inline_words(change, lambda t: f"~~{_md(t)}~~" if t.strip() else _md(t),
                                      lambda t: f"**{_md(t)}**" if t.strip() else _md(t), _md)
                lines.append(f"  > {words}")
    if changes.order:
        lines += ["", "## Rekkefølge (ikke en innholdsendring)", ""]
        lines += [f"- «{_md(o.group)}», {o.level.label}: {_md(' | '.join(o.new))}" for o in changes.order]
    return "\n".join(lines) + "\n"


_MARKDOWN_SPECIAL = "\\`*_[]<>|~#!&"


def _md(text: str) -> str:
    """Data as inline Markdown: its special characters escaped, its line breaks as ``<br>``.

    So a line break, «##» or «|» in a cell cannot start a heading, a list or a table.
    """
    text = terminal_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    for char in _MARKDOWN_SPECIAL:
        text = text.replace(char, f"\\{char}")
    return "<br>".join(text.split("\n"))


def _level(level: Level | None) -> str | None:
    return level.value if level else None


def as_json(changes: Changes) -> dict[str, Any]:
    """The documented JSON form (docs/diff.md, docs/diff.schema.json)."""
    summary: dict[str, Any] = {kind.value: changes.count(kind) for kind in Kind}
    summary["total"] = len(changes.changes)
    summary["order_changes"] = len(changes.order)
    return {
        "summary": summary,
        "changes": [
            {
                "kind": change.kind.value,
                "area": change.area.value,
                "group": change.group,
                "field": change.field,
                "from_level": _level(change.from_level),
                "to_level": _level(change.to_level),
                "old": change.old or None,
                "new": change.new or None,
                "old_ref": str(change.old_ref) if change.old_ref else None,
                "new_ref": str(change.new_ref) if change.new_ref else None,
            }
            for change in changes.changes
        ],
        "order": [
            {"group": o.group, "level": o.level.value, "old": list(o.old), "new": list(o.new)} for o in changes.order
        ],
    }


def json_text(changes: Changes) -> str:
    return json_controls_escaped(json.dumps(as_json(changes), ensure_ascii=False, indent=2))
