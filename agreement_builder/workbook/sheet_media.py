"""Cell hyperlinks and placed pictures of a worksheet, streamed from the package (python-calamine reads neither).

Hyperlinks: the sheet's ``<hyperlinks>`` (noted by the pre-scan's pass over the sheet) and the
external targets in the sheet's relationships.
Pictures: the sheet's drawing part, each picture's anchor cell, name and description (its alt
text) and the image part it shows. Every part goes through the bounded, DTD-refusing streaming
parser of :mod:`agreement_builder.package_limits`; image bytes are checked by :mod:`.images`.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import PackageError
from ..model import Figure, FigureProblem, column_number
from ..package_limits import MB, LIMITS, Limits, has_part, number_text, parse_xml, relationships, stream_part
from .images import IMAGE_BYTES, image_figure
from .prescan import SheetPlan
from .sheet_scan import EXCEL_COLUMNS, cell_key

_RANGE = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})(?::([A-Za-z]{1,3})([0-9]{1,7}))?")
_RANGE_CELLS = 1_000  # a hyperlink over a larger range applies to its first cell only
_PICTURES = 200  # per sheet read
_WORKBOOK_PICTURES = 1_000  # in all the sheets read together
_WORKBOOK_IMAGE_BYTES = 100 * MB  # the distinct images those pictures show, together


class MediaBudget:
    """What the pictures of all the sheets read may take together, and each image part read once.

    An image part shown by many pictures is read and checked once; a drawing part named twice
    by one sheet is read once (see :func:`read_sheet_media`).
    """

    __slots__ = ("pictures", "image_bytes", "images")

    def __init__(self) -> None:
        self.pictures = 0
        self.image_bytes = 0
        self.images: dict[str, Figure] = {}  # image part → its checked figure


@dataclass(frozen=True)
class SheetPicture:
    """A picture placed on a sheet: its top-left anchor cell (0-based) and the checked image."""

    row: int
    col: int
    figure: Figure


@dataclass(frozen=True)
class SheetMedia:
    """What a sheet holds besides values: hyperlink targets by 0-based (row, column), and pictures."""

    links: dict[tuple[int, int], str] = field(default_factory=dict)
    pictures: tuple[SheetPicture, ...] = ()


def _related(package: zipfile.ZipFile, path: Path, part: str, limits: Limits) -> dict[str, tuple[str, str, bool]]:
    """Id → (type, target, external) of ``part``'s relationships; internal targets resolved to part names."""
    return {rid: (kind, target, external)
            for rid, kind, target, external in relationships(package, path, part, limits, external=True)}


def read_sheet_media(package: zipfile.ZipFile, path: Path, plan: SheetPlan, limits: Limits = LIMITS,
                     budget: MediaBudget | None = None) -> SheetMedia:
    """The hyperlinks and pictures of the read sheet ``plan``, from the ids its scan found.

    The pre-scan noted each ``<hyperlink>`` and ``<drawing>`` of the sheet
    (:class:`~.prescan.SheetPlan`), so the sheet is not streamed again, and a sheet with
    neither costs nothing here. Each drawing part is read once however often the sheet names
    it; more than 200 pictures on the sheet, or more than ``budget`` allows for the workbook,
    is refused naming the sheet.
    """
    if not plan.has_media:
        return SheetMedia()
    budget = budget or MediaBudget()
    related = _related(package, path, plan.part, limits)
    where = f"ark «{plan.name}»"
    links = _links(path, plan, related, limits, where)
    drawings: dict[str, None] = {}
    for rid in dict.fromkeys(plan.drawings):
        kind, target, external = related.get(rid, ("", "", True))
        if kind.endswith("/drawing") and not external and has_part(package, target):
            drawings[target] = None
    count = _picture_counter(path, where, budget)
    pictures: list[SheetPicture] = []
    for target in drawings:
        pictures += _drawing_pictures(package, path, target, limits, count, budget, where)
    return SheetMedia(links, tuple(sorted(pictures, key=lambda picture: (picture.row, picture.col))))


def _picture_counter(path: Path, where: str, budget: MediaBudget) -> Callable[[], None]:
    """A function to call for each picture found on one sheet; it refuses the workbook past the limits."""
    on_sheet = [0]

    def count() -> None:
        on_sheet[0] += 1
        budget.pictures += 1
        if on_sheet[0] > _PICTURES:
            raise PackageError(path, f"arket har mer enn {number_text(_PICTURES)} bilder – langt flere enn noen "
                                     "avtale har", where)
        if budget.pictures > _WORKBOOK_PICTURES:
            raise PackageError(path, f"arkene som leses, har til sammen mer enn {number_text(_WORKBOOK_PICTURES)} "
                                     "bilder – langt flere enn noen avtale har", where)

    return count


def _links(path: Path, plan: SheetPlan, related: dict[str, tuple[str, str, bool]], limits: Limits,
           where: str) -> dict[tuple[int, int], str]:
    """The external hyperlink target of each cell holding a value, by 0-based (row, column); the first link wins.

    A hyperlink's range only matters for cells with a value, so each range is clipped to the
    cells the pre-scan found; the work is bounded by the sheet's content, not by the ranges a
    package declares, and past ``limits.cells`` cells looked at in all the ranges it is refused.
    """
    values = plan.value_cells
    links: dict[tuple[int, int], str] = {}
    if not values:
        return links
    last_row, last_column = max(values) // EXCEL_COLUMNS, max(key % EXCEL_COLUMNS for key in values)
    looked_at = 0
    for reference, rid in plan.hyperlinks:
        kind, target, external = related.get(rid, ("", "", False))
        bounds = _bounds(reference) if kind.endswith("/hyperlink") and external else None
        if bounds is None:
            continue
        top, left, bottom, right = bounds[0], bounds[1], min(bounds[2], last_row), min(bounds[3], last_column)
        if bottom < top or right < left:
            continue
        area = (bottom - top + 1) * (right - left + 1)
        looked_at += min(area, len(values))
        if looked_at > limits.cells:
            raise PackageError(path, f"lenkene på arket dekker til sammen mer enn {number_text(limits.cells)} "
                                     "celler – fjern lenker som dekker store områder", where)
        if area <= len(values):
            keys = (key for row in range(top, bottom + 1)
                    for key in range(cell_key(row, left), cell_key(row, right) + 1) if key in values)
        else:
            keys = (key for key in values
                    if top <= key // EXCEL_COLUMNS <= bottom and left <= key % EXCEL_COLUMNS <= right)
        for key in keys:
            links.setdefault(divmod(key, EXCEL_COLUMNS), target)
    return links


def _bounds(reference: str) -> tuple[int, int, int, int] | None:
    """0-based (top, left, bottom, right) of ``B5`` or ``B5:C7``; a very large range gives its first cell only."""
    match = _RANGE.fullmatch(reference.strip())
    if not match:
        return None
    first_col, first_row = column_number(match.group(1)) - 1, int(match.group(2)) - 1
    last_col = column_number(match.group(3)) - 1 if match.group(3) else first_col
    last_row = int(match.group(4)) - 1 if match.group(4) else first_row
    if last_row < first_row or last_col < first_col or (
            (last_row - first_row + 1) * (last_col - first_col + 1) > _RANGE_CELLS):
        return first_row, first_col, first_row, first_col
    return first_row, first_col, last_row, last_col


@dataclass
class _Anchor:
    row: int = 0
    col: int = 0
    pictures: list[tuple[str, str, str]] = field(default_factory=list)  # (name, alt, embed id)
    _in: str = ""
    _picture: dict[str, str] = field(default_factory=dict)


def _drawing_pictures(package: zipfile.ZipFile, path: Path, part: str, limits: Limits, count: Callable[[], None],
                      budget: MediaBudget, where: str) -> list[SheetPicture]:
    """The pictures of drawing ``part``, each with its anchor cell and checked image; ``count`` is called for each."""
    anchors: list[_Anchor] = []
    state = {"depth": 0, "from": False, "pic": False}

    def start(tag: str, attributes: dict[str, str]) -> None:
        if tag in ("twoCellAnchor", "oneCellAnchor", "absoluteAnchor") and not state["depth"]:
            anchors.append(_Anchor())
        if not anchors:
            return
        anchor = anchors[-1]
        state["depth"] += tag in ("twoCellAnchor", "oneCellAnchor", "absoluteAnchor")
        if tag == "from":
            state["from"] = True
        elif tag in ("row", "col") and state["from"]:
            anchor._in = tag
        elif tag == "pic":
            state["pic"] = True
            anchor._picture = {}
        elif tag == "cNvPr" and state["pic"]:
            alt = attributes.get("descr", "") or attributes.get("title", "")
            anchor._picture.update(name=attributes.get("name", ""), alt=alt)
        elif tag == "blip" and state["pic"]:
            anchor._picture["embed"] = attributes.get("embed", "")

    def end(tag: str) -> None:
        if not anchors:
            return
        anchor = anchors[-1]
        if tag == "from":
            state["from"] = False
        elif tag in ("row", "col"):
            anchor._in = ""
        elif tag == "pic":
            state["pic"] = False
            picture = anchor._picture
            if picture.get("embed"):
                count()
                anchor.pictures.append((picture.get("name", ""), picture.get("alt", ""), picture["embed"]))
        elif tag in ("twoCellAnchor", "oneCellAnchor", "absoluteAnchor"):
            state["depth"] -= 1

    def text(data: str) -> None:
        if anchors and anchors[-1]._in and data.strip().isdigit():
            setattr(anchors[-1], anchors[-1]._in, int(data.strip()))

    parse_xml(path, stream_part(package, path, part, limits, f"delen {part}"), start, end=end, text=text,
              where=f"delen {part}")
    related = _related(package, path, part, limits)
    return [SheetPicture(anchor.row, anchor.col, _image(package, path, related.get(embed), name, alt, budget, where))
            for anchor in anchors for name, alt, embed in anchor.pictures]


def _image(package: zipfile.ZipFile, path: Path, relation: tuple[str, str, bool] | None, name: str,
           alt: str, budget: MediaBudget, where: str) -> Figure:
    """The checked image a picture shows; a figure with a problem when it is missing or not an image.

    Each image part is read once per workbook; the distinct images together may hold at most
    100 MB (more is refused naming the sheet).
    """
    source = name or "bilde"
    kind, target, external = relation or ("", "", True)
    if external or not kind.endswith("/image") or not has_part(package, target):
        return image_figure(b"", source, alt)
    known = budget.images.get(target)
    if known is not None:
        return replace(known, source=source, alt=alt)
    size = package.getinfo(target).file_size
    if size > IMAGE_BYTES:
        figure = Figure(source, alt, problem=FigureProblem.TOO_LARGE)
    else:
        budget.image_bytes += size
        if budget.image_bytes > _WORKBOOK_IMAGE_BYTES:
            raise PackageError(path, f"bildene i arkene som leses, er til sammen over {_WORKBOOK_IMAGE_BYTES // MB} MB"
                                     " – langt mer enn noen avtale har", where)
        figure = image_figure(b"".join(stream_part(package, path, target, LIMITS, f"delen {target}")), source, alt)
    budget.images[target] = figure
    return figure
