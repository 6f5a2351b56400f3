"""Who changed what: a merge's result as terminal text, Markdown, JSON and HTML (a Jinja2 template)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ..diff import Area, Kind
from ..diff.output import KIND_LABELS, _md, describe
from ..diff.output import ref_text as _ref
from ..text import json_controls_escaped
from .result import Applied, Collision, MergeResult

AREA_TITLES = {
    "fakta": "Avtalens fakta", "kommune": "Kommuner", "kapittel": "Kapitler", "diagnosegruppe": "Diagnosegrupper",
    "oppgave": "Oppgaver", "anbefaling": "Anbefalinger", "§ 6-2": "§ 6-2-kartet", "samarbeidstiltak":
    "Samarbeidstiltak",
}


def summary_line(result: MergeResult) -> str:
    applied, collisions = len(result.applied), len(result.collisions)
    copies = len(result.copies)
    line = (f"{copies} kopi{'er' if copies != 1 else ''} slått sammen: {applied} endring"
            f"{'er' if applied != 1 else ''} tatt med")
    if collisions:
        return f"{line}, {collisions} konflikt{'er' if collisions != 1 else ''} må avgjøres (arket «Konflikter»)."
    return f"{line}, ingen konflikter."


def _group_prefix(applied: Applied) -> str:
    """«Group»: before a change inside a diagnosis group (not where the change names the group itself)."""
    change = applied.change
    names_itself = change.area is Area.GROUP and change.kind is not Kind.CHANGED
    return f"«{change.group}»: " if change.group and not names_itself else ""


def applied_line(applied: Applied) -> str:
    """One applied change in words: kind, what, where, and who."""
    ref = f" ({_ref(applied.change)})" if _ref(applied.change) else ""
    return (f"{KIND_LABELS[applied.change.kind]}: {_group_prefix(applied)}{describe(applied.change)}{ref} "
            f"– {', '.join(applied.copies)}")


def collision_lines(number: int, collision: Collision) -> list[str]:
    place = collision.place
    item = "" if place.area is Area.FACTS else place.item  # «what» names the field by its label; the key is internal
    context = ", ".join(filter(None, (f"«{place.group}»" if place.group else "",
                                      place.level.label if place.level else "", item)))
    lines = [f"{number}. {collision.what}{f' ({context})' if context else ''}",
             f"     grunnlag: {collision.base.text}"]
    lines += [f"     {version.copy}: {version.text}" for version in collision.versions]
    return lines


def text_lines(result: MergeResult) -> list[str]:
    lines = [summary_line(result)]
    if result.applied:
        lines += ["", "Endringer som er tatt med (hvem):"]
        lines += [f"  {applied_line(applied)}" for applied in result.applied]
    if result.collisions:
        lines += ["", "Konflikter (grunnlagets verdi står til det er avgjort):"]
        for number, collision in enumerate(result.collisions, start=1):
            lines += [f"  {line}" for line in collision_lines(number, collision)]
    if result.notices:
        lines += ["", "Merknader:"] + [f"  {notice}" for notice in result.notices]
    return lines


def markdown(result: MergeResult) -> str:
    lines = [f"# Sammenslåing: {_md(result.agreement.facts.title or 'samarbeidsavtale')}", "",
             f"**{_md(summary_line(result))}**"]
    if result.applied:
        lines += ["", "## Endringer som er tatt med", "", "| Endring | Fra |", "| --- | --- |"]
        for applied in result.applied:
            change = applied.change
            text = f"{KIND_LABELS[change.kind]}: {_group_prefix(applied)}{describe(change)}"
            lines.append(f"| {_md(text)} | {_md(', '.join(applied.copies))} |")
    if result.collisions:
        lines += ["", "## Konflikter", ""]
        for number, collision in enumerate(result.collisions, start=1):
            first, *versions = collision_lines(number, collision)
            lines.append(f"{_md(first)}")
            lines += [f"   - {_md(line.strip())}" for line in versions]
    if result.notices:
        lines += ["", "## Merknader", ""] + [f"- {_md(notice)}" for notice in result.notices]
    return "\n".join(lines) + "\n"


def as_json(result: MergeResult) -> dict[str, Any]:
    """The JSON form: summary, applied changes with the copies that made them, collisions, notices."""
    return {
        "summary": {"copies": list(result.copies), "applied": len(result.applied),
                    "collisions": len(result.collisions)},
        "applied": [
            {"kind": a.change.kind.value, "area": a.change.area.value, "group": a.change.group,
             "field": a.change.field, "old": a.change.old or None, "new": a.change.new or None,
             "from_level": a.change.from_level.value if a.change.from_level else None,
             "to_level": a.change.to_level.value if a.change.to_level else None, "copies": list(a.copies)}
            for a in result.applied
        ],
        "collisions": [
            {"what": c.what, "area": c.place.area.value, "aspect": c.place.aspect, "group": c.place.group,
             "level": c.place.level.value if c.place.level else None, "item": c.place.item, "base": c.base.text,
             "versions": [{"copy": v.copy, "text": v.text, "deleted": v.deleted} for v in c.versions]}
            for c in result.collisions
        ],
        "notices": list(result.notices),
    }


def json_text(result: MergeResult) -> str:
    """The report as JSON text; control characters in cell text escaped, as the other JSON outputs do."""
    return json_controls_escaped(json.dumps(as_json(result), ensure_ascii=False, indent=2))


def render_html(result: MergeResult, base_name: str = "") -> str:
    """One self-contained HTML page, drawn by ``report.html.j2`` on the diff's base template (autoescaped)."""
    from ..diff.html import environment

    source = resources.files(__package__).joinpath("report.html.j2").read_text(encoding="utf-8")
    template = environment().from_string(source)
    applied = [{"kind": KIND_LABELS[a.change.kind], "what": f"{_group_prefix(a)}{describe(a.change)}",
                "ref": _ref(a.change), "copies": ", ".join(a.copies)} for a in result.applied]
    collisions = [{"what": c.what, "group": c.place.group or "", "level": c.place.level.label if c.place.level else "",
                   "base": c.base.text, "versions": c.versions} for c in result.collisions]
    return template.render(title=result.agreement.facts.title or "samarbeidsavtale", summary=summary_line(result),
                           base_name=base_name, copies=result.copies, applied=applied, collisions=collisions,
                           notices=result.notices)
