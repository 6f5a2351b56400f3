"""Changes as one self-contained HTML file a reviewer can open and print.

Summary first; then per changed diagnosis group its three columns with added, removed,
moved and reworded tasks marked (by symbol and strike-through as well as colour, so a
black-and-white print stays legible); word-level highlighting for reworded text. The page
is drawn by ``templates/diff.html.j2`` (autoescaped); this module only prepares its data.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..model import Level
from ..text import comparison_key
from .compute import Area, Change, Changes, Kind
from .layout import Cell, Mark, group_columns
from .output import KIND_LABELS, describe, grouped, ref_text, summary_line
from .words import word_diff

_SYMBOLS = {Mark.ADDED: "+", Mark.REMOVED: "−", Mark.MOVED_IN: "⇠", Mark.MOVED_OUT: "⇢", Mark.REWORDED: "~"}


def _line_breaks(text: str) -> Markup:
    """Text escaped, with its line breaks as ``<br>``."""
    return Markup("<br>").join(text.split("\n"))


@cache
def environment() -> Environment:
    """The Jinja environment of the HTML reports: package templates, autoescaped, strict."""
    environment = Environment(loader=PackageLoader("agreement_builder.diff", "templates"), autoescape=True,
                              undefined=StrictUndefined)
    environment.filters["br"] = _line_breaks
    return environment


def _cell(cell: Cell) -> dict[str, Any]:
    """A task of the layout for the template: its class, symbol, text or word changes, and where it moved."""
    reworded = cell.mark is Mark.REWORDED or (
        cell.mark is Mark.MOVED_IN and comparison_key(cell.old) != comparison_key(cell.new))
    note = ""
    if cell.mark is Mark.MOVED_IN:
        note = f"(fra {cell.other_level.label})"
    elif cell.mark is Mark.MOVED_OUT:
        note = f"(til {cell.other_level.label})"
    return {"mark": cell.mark.value, "symbol": _SYMBOLS.get(cell.mark, ""), "text": cell.text,
            "words": word_diff(cell.old, cell.new) if reworded else [], "note": note}


def _change(change: Change) -> dict[str, Any]:
    """A change for the template's list: kind, description, word changes of a long rewording, cell."""
    long_text = len(change.old) + len(change.new) > 80
    shows_words = change.kind in (Kind.CHANGED, Kind.REWORDED) and (
        change.area in (Area.SECTION, Area.RECOMMENDATION) or (change.area is Area.FACTS and long_text))
    return {
        "kind": KIND_LABELS[change.kind],
        "description": describe(change),
        "words": word_diff(change.old, change.new) if shows_words else [],
        "ref": ref_text(change),
    }


def _sections(changes: Changes) -> list[dict[str, Any]]:
    """One section per area or changed group: its change list, and a group's columns when tasks changed."""
    pairs = {(after or before).name: (before, after) for before, after in changes.group_pairs}
    sections = []
    for title, items in grouped(changes):
        group = items[0].group if items else None
        listed, columns = items, None
        if group is not None:
            listed = [change for change in items if change.area is not Area.TASK]
            if any(change.area is Area.TASK for change in items):
                laid_out = group_columns(*pairs.get(group, (None, None)), items)
                columns = [[_cell(cell) for cell in laid_out[level]] for level in Level]
        sections.append({"title": title, "changes": [_change(change) for change in listed], "columns": columns})
    return sections


def render_html(changes: Changes, old_name: str = "", new_name: str = "") -> str:
    """The changes as one HTML page; ``old_name`` and ``new_name`` say which files were compared."""
    return environment().get_template("diff.html.j2").render(
        changes=changes,
        old_name=old_name,
        new_name=new_name,
        summary=summary_line(changes),
        counts=[(KIND_LABELS[kind], changes.count(kind)) for kind in Kind if changes.count(kind)],
        levels=[level.label for level in Level],
        sections=_sections(changes),
    )
