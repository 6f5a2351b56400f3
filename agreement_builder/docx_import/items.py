"""What the walker makes of a document: paragraphs, tables and notices, in reading order."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import BlockKind
from .styles import StyleInfo


@dataclass
class Paragraph:
    """A paragraph's visible text (``\\n`` for line breaks) and what its look says about it."""

    number: int  # body paragraph number, 1-based; 0 inside a table
    text: str
    style: StyleInfo
    outline_level: int | None = None  # a heading level given on the paragraph itself
    list_kind: BlockKind | None = None
    bold: bool = False  # every visible character bold
    size: int = 22  # largest font size, half-points
    toc: bool = False  # part of a table of contents

    @property
    def heading_level(self) -> int | None:
        return self.outline_level if self.outline_level is not None else self.style.heading_level


@dataclass
class Cell:
    paragraphs: list[Paragraph]
    column: int  # first grid column, 0-based
    span: int = 1
    continued: bool = False  # the lower part of a vertical merge

    @property
    def text(self) -> str:
        return "\n".join(paragraph.text for paragraph in self.paragraphs).strip()


@dataclass
class Table:
    number: int  # body table number, 1-based
    rows: list[list[Cell]] = field(default_factory=list)
    width: int = 0  # grid columns: the widest row, kept by :meth:`add_row` (not recounted per row read)

    def add_row(self, cells: list[Cell]) -> None:
        self.rows.append(cells)
        self.width = max(self.width, *(cell.column + cell.span for cell in cells), 0)

    def texts(self, row: int) -> list[str]:
        """The text of each grid column in ``row`` (a merged cell's text in its first column)."""
        values = [""] * self.width
        for cell in self.rows[row]:
            if not cell.continued:
                values[cell.column] = cell.text
        return values


@dataclass
class Notice:
    """Something the importer could not place; ``item`` is its index in the item list."""

    message: str
    where: str
    item: int
    heading: str = ""


Item = Paragraph | Table
