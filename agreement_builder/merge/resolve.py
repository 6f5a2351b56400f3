"""The resolution pass: apply the decisions written in «Konflikter» and drop the rows that are decided."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import schema
from ..diff import Area
from ..text import comparison_key as key
from ..errors import AgreementError
from ..files import atomic_output
from ..model import Block
from ..text import split_items
from ..workbook.in_place import update_in_place
from ..workbook.reader import read_workbook
from ..workbook.source import check_readable
from .conflicts import SHEET, conflict_copies, read_conflicts, write_conflicts
from .draft import Draft
from .groups import LEVEL_BY_LABEL, ensure_category, recommendation_blocks
from .result import BASE_WORDS, DELETE_WORDS, OWN_TEXT, Collision, Place, Version
from .sheets import write_agreement
from .tables import with_fact, with_statute_cell
from .workbook import open_book

BACKUP_LABEL = "før beslutninger"
_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y")


@dataclass(frozen=True)
class Outcome:
    target: Path
    resolved: int
    remaining: int
    backup: Path | None = None


class DecisionError(AgreementError):
    """A decision in «Konflikter» that cannot be applied."""


def choose(collision: Collision, decision: str, copies: Sequence[str] = ()) -> Version:
    """The version a decision names: a copy, «grunnlag», «slett», or the decision's own text.

    ``copies`` are all the copies of the sheet: naming one that left this item alone keeps BASE's
    value. A decision that names both a copy and a decision word is refused (``ValueError``).
    """
    wanted = " ".join(decision.split()).casefold()
    named = [version for version in collision.versions if version.copy.casefold() == wanted]
    unchanged = [name for name in copies if name.casefold() == wanted] and not named
    words = [kind for kind, group in (("grunnlaget", BASE_WORDS), ("sletting", DELETE_WORDS))
             if wanted in group]
    if len(named) + bool(unchanged) + len(words) > 1 or (wanted == OWN_TEXT and (named or unchanged)):
        raise ValueError(f"«{decision.strip()}» er tvetydig: det er både navnet på en kopi og et ord for "
                         f"{words[0] if words else 'egen tekst'} – skriv kopiens versjon som egen tekst")
    if named:
        return named[0]
    if unchanged or wanted in BASE_WORDS:
        return collision.base
    return Version(OWN_TEXT, decision, wanted in DELETE_WORDS)


def resolve_workbook(path: Path, output: Path | None, *, in_place: bool = False, overwrite: bool = False) -> Outcome:
    """Apply the filled-in decisions of ``path``'s «Konflikter» sheet; write to ``output`` or into ``path``.

    In place, the workbook is locked, backed up beside itself and replaced atomically, as
    ``validate --in-place`` does.
    """
    check_readable(path)
    if in_place:
        counts: list[int] = []

        def change(data: bytes) -> bytes:
            content, resolved, remaining = resolved_workbook(path, data)
            counts[:] = [resolved, remaining]
            return content

        backup = update_in_place(path, change, label=BACKUP_LABEL)
        return Outcome(path, counts[0], counts[1], backup)
    content, resolved, remaining = resolved_workbook(path, path.read_bytes())
    with atomic_output(output, overwrite=overwrite) as temporary:
        temporary.write_bytes(content)
    return Outcome(output, resolved, remaining)


def resolved_workbook(path: Path, data: bytes) -> tuple[bytes, int, int]:
    """The workbook ``data`` (read from ``path``) with its decisions applied: (bytes, resolved, remaining)."""
    model = read_workbook(path).agreement
    book = open_book(data)
    rows = read_conflicts(book, path)
    copies = conflict_copies(book)
    if not rows:
        raise AgreementError(f"{path.name}: har ikke arket «{SHEET}» – ingenting å avgjøre")
    draft = Draft.of(model)
    remaining = []
    renames: dict[tuple, str] = {}
    for collision, decision, cell in sorted(rows, key=lambda row: _renames(row[0])):
        if not decision:
            remaining.append(collision)
            continue
        try:
            version = choose(collision, decision, copies)
            apply(draft, collision, version)
        except (ValueError, LookupError) as exc:
            raise DecisionError(f"{path.name}, ark «{SHEET}», celle {cell}: {exc}") from None
        if _renames(collision) and not version.deleted:
            renames[_identity(collision.place.area, collision.place)] = version.text.strip()
    remaining = [dataclasses.replace(c, place=_renamed(c.place, renames)) for c in remaining]
    write_agreement(book, model, draft.freeze(), draft.layout())
    write_conflicts(book, tuple(remaining), ())
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), len(rows) - len(remaining), len(remaining)


# --- applying one decision ----------------------------------------------------------------------------
def _identity(area: Area, place: Place) -> tuple:
    """What a renaming decision renames: a group by name, a task by group and text, a chapter, a joint measure."""
    if area is Area.GROUP:
        return (Area.GROUP, key(place.group or ""))
    if area is Area.TASK:
        return (Area.TASK, key(place.group or ""), key(place.item))
    return (area, key(place.item))


def _renamed(place: Place, renames: dict[tuple, str]) -> Place:
    """``place`` after the decided renames, so an undecided row still finds its item next time."""
    item = renames.get(_identity(place.area, place), place.item) if place.area is not Area.GROUP else place.item
    group = renames.get((Area.GROUP, key(place.group)), place.group) if place.group else place.group
    return dataclasses.replace(place, group=group, item=item)


def _renames(collision: Collision) -> int:
    """1 for decisions that change what other rows find their item by (names, task texts, deletions), else 0.

    Those are applied last, so every row still finds its item by the name it was written with.
    """
    place = collision.place
    renaming = {Area.TASK: {"text", "delete"}, Area.GROUP: {"name", "delete"}, Area.SECTION: {"heading", "delete"},
                Area.JOINT: {"name", "delete"}}
    return int(place.aspect in renaming.get(place.area, ()))


def apply(draft: Draft, collision: Collision, version: Version) -> None:
    """Put ``version`` at the collision's place in ``draft``; raises ValueError/LookupError when it cannot."""
    place = collision.place
    handlers = {Area.TASK: _task, Area.GROUP: _group, Area.RECOMMENDATION: _recommendation, Area.FACTS: _fact,
                Area.MUNICIPALITY: _municipality, Area.SECTION: _section, Area.STATUTE: _statute,
                Area.JOINT: _joint}
    handlers[place.area](draft, place, version)


def _group_of(draft: Draft, name: str):
    group = draft.group_named(name or "")
    if group is None:
        raise LookupError(f"finner ikke diagnosegruppen «{name}»")
    group.touched = True
    return group


def _level(label: str):
    level = LEVEL_BY_LABEL.get(label.strip().casefold())
    if level is None:
        choices = ", ".join(f"«{level.label}»" for level in LEVEL_BY_LABEL.values())
        raise ValueError(f"«{label}» er ikke et nivå – skriv {choices}")
    return level


def _task(draft: Draft, place, version: Version) -> None:
    group = _group_of(draft, place.group)
    task = next((t for t in group.tasks if not t.removed and t.level is place.level and key(t.text) == key(place.item)),
                None)
    if task is None:
        raise LookupError(f"finner ikke oppgaven «{place.item}» i «{place.group}»")
    if version.deleted:
        task.removed = True
    elif place.aspect == "level":
        task.level = _level(version.text)
    elif place.aspect == "delete" and ":" in version.text and version.text.split(":", 1)[0].casefold() in \
            LEVEL_BY_LABEL:
        label, text = version.text.split(":", 1)
        task.level, task.text = _level(label), text.strip()
    else:
        task.text = version.text.strip()


def _group(draft: Draft, place, version: Version) -> None:
    group = _group_of(draft, place.group)
    if version.deleted:
        group.removed = True
    elif place.aspect == "name":
        group.name = version.text.strip()
    elif place.aspect == "category":
        group.category = version.text.strip()
        ensure_category(draft, group.category)


def _recommendation(draft: Draft, place, version: Version) -> None:
    _group_of(draft, place.group).recommendation = recommendation_blocks(version.text)


def _parse_fact(field_key: str, text: str):
    field = next(f for f in schema.FACT_FIELDS if f.key == field_key)
    text = text.strip()
    if field.kind == "points":
        points = schema.parse_points(text)
        if points is None:
            raise ValueError(f"«{text}» er ikke en liste over punkter i § 6-2 (1–13)")
        return points
    if field.kind == "long":
        return recommendation_blocks(text)  # blocks, as the reader makes them from a cell
    if not text or field.kind not in ("date", "choice"):
        return text or None if field.kind in ("date", "choice") else text
    if field.kind == "date":
        for fmt in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                pass
        raise ValueError(f"«{text}» er ikke en dato – skriv den som dd.mm.åååå")
    choice = schema.fact_choice(field_key, text)
    if choice is None:
        raise ValueError(f"ukjent {field.label.lower()} «{text}»")
    return choice


def _fact(draft: Draft, place, version: Version) -> None:
    draft.facts = with_fact(draft.facts, place.item, _parse_fact(place.item, version.text))
    draft.touched_sheets.add(schema.FACTS_SHEET)


def _municipality(draft: Draft, place, version: Version) -> None:
    from .draft import DraftMunicipality

    draft.touched_sheets.add(schema.MUNICIPALITIES.name)
    found = next((m for m in draft.municipalities if m.number == place.item and not m.removed), None)
    if version.deleted:
        if found:
            found.removed = True
    elif found:
        found.name = version.text.strip()
    else:
        draft.municipalities.append(DraftMunicipality(place.item, version.text.strip()))


def _section(draft: Draft, place, version: Version) -> None:
    draft.touched_sheets.add(schema.SECTIONS.name)
    section = next((s for s in draft.sections if not s.removed and key(s.heading) == key(place.item)), None)
    if section is None:
        raise LookupError(f"finner ikke kapitlet «{place.item}»")
    if version.deleted:
        section.removed = True
    elif place.aspect == "heading":
        section.heading = version.text.strip()
    elif place.aspect == "text":
        section.blocks = tuple(Block(item.text, item.kind) for item in split_items(version.text))


def _statute(draft: Draft, place, version: Version) -> None:
    from ..model import CoverageStatus, PointCoverage

    point = int(place.item)
    row = draft.statute.get(point) or PointCoverage(point, CoverageStatus.MISSING)
    if place.aspect == "status" and version.text.strip().casefold() not in {
            label.casefold() for label in schema.COVERAGE_CHOICES}:
        raise ValueError(f"ukjent status «{version.text}» for § 6-2")
    draft.statute[point] = with_statute_cell(row, place.aspect, version.text.strip())
    draft.touched_sheets.add(schema.STATUTE.name)


def _joint(draft: Draft, place, version: Version) -> None:
    draft.touched_sheets.add(schema.JOINT_MEASURES.name)
    measure = next((j for j in draft.joint if not j.removed and key(j.values["name"]) == key(place.item)), None)
    if measure is None:
        raise LookupError(f"finner ikke samarbeidstiltaket «{place.item}»")
    if version.deleted:
        measure.removed = True
    else:
        measure.values[place.aspect] = version.text.strip()
