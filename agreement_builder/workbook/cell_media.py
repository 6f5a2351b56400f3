"""Links and figures while reading cells: Excel hyperlinks, figure lines and placed pictures into blocks.

A cell's Excel hyperlink becomes the typed form of :mod:`agreement_builder.links` in the cell's
text, so the model, the diff and the import all see one kind of link. A hyperlink to anything but
http, https or mailto is left out with a notice. A line ``![alt](file)`` reads the image file from
the workbook's folder (:mod:`.images`); a picture placed on a sheet becomes a figure block at its row.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..links import allowed_url, figure_line, figure_text, typed_link
from ..model import Block, BlockKind, CellRef, Section
from ..text import Item
from ..validation.findings import Finding
from ..validation.notices import LINK_REFUSED
from .images import file_figure
from .source import SheetData, cell_name

if TYPE_CHECKING:  # pictures placed on a sheet are read by a module imported only when a sheet has some
    from .sheet_media import SheetPicture


class PendingPictures(list):
    """The pictures of one sheet not yet placed, in anchor order, with the sheet's name for their cells."""

    def __init__(self, sheet: str, pictures: Iterable[SheetPicture]):
        super().__init__(pictures)
        self.sheet = sheet


class CellMedia:
    """Turns cell hyperlinks, figure lines and placed pictures into the model, noting what it leaves out."""

    def __init__(self, folder: Path | None, notices: list[Finding]):
        self.folder = folder
        self.notices = notices

    def linked(self, sheet: SheetData, row: int, col: int, text: str) -> str:
        """``text`` of the cell with the cell's own hyperlink (if any) written in as a typed link."""
        url = sheet.links.get((row, col), "")
        if not url:
            return text
        if not allowed_url(url):
            scheme = url.partition(":")[0] + ":" if ":" in url else url[:20]
            self.notices.append(LINK_REFUSED.finding(CellRef(sheet.name, cell_name(row, col)), scheme=scheme))
            return text
        if url in text:
            return text
        return typed_link(text, url)

    def blocks(self, items: Iterable[Item], ref: CellRef | None, kind: BlockKind | None = None) -> tuple[Block, ...]:
        """Blocks of the cell's items; a line ``![alt](file)`` becomes a figure block with the file read and checked."""
        result = []
        for item in items:
            line = figure_line(item.text)
            if line is None:
                result.append(Block(item.text, kind or item.kind, ref))
            else:
                figure = file_figure(self.folder, line.target, line.alt)
                result.append(Block(item.text, BlockKind.PARAGRAPH, ref, figure))
        return tuple(result)

    @staticmethod
    def pictures(sheet: SheetData) -> PendingPictures:
        return PendingPictures(sheet.name, sheet.pictures)

    @staticmethod
    def picture_blocks(pending: PendingPictures, before: int | None = None) -> list[Block]:
        """Figure blocks of the pending pictures anchored above row ``before`` (all when None), taken off the queue."""
        blocks = []
        while pending and (before is None or pending[0].row < before):
            picture = pending.pop(0)
            figure = picture.figure
            ref = CellRef(pending.sheet, cell_name(picture.row, picture.col))
            blocks.append(Block(figure_text(figure.alt, figure.source), BlockKind.PARAGRAPH, ref, figure))
        return blocks

    def with_pictures(self, section: Section, pending: PendingPictures, before: int | None = None) -> Section:
        """``section`` with the pending pictures above row ``before`` added at its end."""
        blocks = self.picture_blocks(pending, before)
        return Section(section.heading, section.blocks + tuple(blocks), section.ref) if blocks else section
