"""The agreement as data: frozen dataclasses with no I/O.

Every value read from a workbook carries a :class:`CellRef` naming the sheet and
cell it came from, so that validation findings and diffs can point at it. A model
built in code (tests, other adapters) may leave ``ref`` as ``None``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import Enum

_A1_LIKE = re.compile(r"([A-Za-z]{1,3})([0-9]+)")
_R1C1_LIKE = re.compile(r"[Rr][0-9]*[Cc]?[0-9]*|[Cc][0-9]*")
_LAST_COLUMN, _LAST_ROW = 16384, 1048576  # XFD, Excel's last column, and its last row


@dataclass(frozen=True, order=True)
class CellRef:
    """A cell in a workbook: sheet name plus A1 coordinate (``""`` for a whole sheet).

    ``file`` names the workbook file when an agreement is read from several (an agreement
    folder); ``""`` means the one workbook that was read.
    """

    sheet: str
    cell: str = ""
    file: str = ""

    def __str__(self) -> str:
        """The cell as Excel writes it in a formula: ``Avtale!B4``, ``'§ 6-2'!C3``, ``'[fil.xlsx]Ark'!A1``.

        A whole sheet is its name (``[fil.xlsx]Ark`` in another file of an agreement folder).
        """
        if not self.cell:
            return f"[{self.file}]{self.sheet}" if self.file else self.sheet
        if self.file:
            return f"'{_doubled(f'[{self.file}]{self.sheet}')}'!{self.cell}"
        return f"{quoted_sheet(self.sheet)}!{self.cell}"


def quoted_sheet(name: str) -> str:
    """A sheet name as Excel writes it before ``!``: in single quotes (an apostrophe doubled) when it needs them.

    Excel needs them for a name with anything but letters, digits, «_» and «.», one that starts with a
    digit or «.», and one that reads as a cell (``A1``, ``XFD1048576``, ``R1C1``, ``R``, ``C``) or as TRUE/FALSE.
    """
    plain = (bool(name) and all(char.isalnum() or char in "_." for char in name)
             and not (name[0].isdigit() or name[0] == ".") and not _reads_as_reference(name)
             and name.upper() not in ("TRUE", "FALSE"))
    return name if plain else f"'{_doubled(name)}'"


def _doubled(text: str) -> str:
    return text.replace("'", "''")


def _reads_as_reference(name: str) -> bool:
    a1 = _A1_LIKE.fullmatch(name)
    if a1 and 1 <= int(a1.group(2)) <= _LAST_ROW and column_number(a1.group(1)) <= _LAST_COLUMN:
        return True
    return bool(_R1C1_LIKE.fullmatch(name))


def column_number(letters: str) -> int:
    """Excel column letters to a 1-based number: A → 1, AA → 27."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


class Level(Enum):
    """Responsibility level: the three columns of every task table."""

    SPECIALIST = "spesialisthelsetjenesten"
    SHARED = "felles"
    MUNICIPAL = "kommunehelsetjenesten"

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]


LEVEL_LABELS = {
    Level.SPECIALIST: "Spesialisthelsetjenesten",
    Level.SHARED: "Felles ansvar",
    Level.MUNICIPAL: "Kommunehelsetjenesten",
}


class BlockKind(Enum):
    PARAGRAPH = "avsnitt"
    BULLET = "kulepunkt"
    NUMBERED = "nummerert"


class AgreementStatus(Enum):
    DRAFT = "Utkast"
    CONSULTATION = "Til behandling"
    APPROVED = "Godkjent"


class DocumentType(Enum):
    """What the document is in the agreement structure, which decides which § 6-2 points it is judged on."""

    OVERARCHING = "Overordnet samarbeidsavtale"
    COMPLETE_SET = "Samlet avtaleverk (overordnet avtale med delavtaler)"
    SUB_AGREEMENT = "Delavtale"
    ANNEX = "Vedlegg eller retningslinje til en delavtale"

    @property
    def judged_on_all_points(self) -> bool:
        """The whole samarbeidsavtale (or a declared complete set): every point of § 6-2 applies."""
        return self in (DocumentType.OVERARCHING, DocumentType.COMPLETE_SET)


class CoverageStatus(Enum):
    """How the agreement's own § 6-2 map says a point is handled."""

    COVERED = "covered"
    PARTIAL = "partial"
    REFERENCED = "referenced"
    MISSING = "missing"


class FigureProblem(Enum):
    """Why an image named in the workbook was not taken into the document."""

    MISSING = "missing"
    OUTSIDE = "outside"
    NOT_IMAGE = "not-image"
    TOO_LARGE = "too-large"
    TOO_MANY_PIXELS = "too-many-pixels"


@dataclass(frozen=True)
class Figure:
    """A picture for the document: checked image bytes (PNG, JPEG or GIF) and their alternative text.

    ``source`` says where it came from (the file name typed in a cell, or the picture's name on a
    sheet). When ``problem`` is set the image was refused and ``data`` is empty.
    """

    source: str
    alt: str = ""
    data: bytes = field(default=b"", repr=False)
    media_type: str = ""
    width: int = 0  # pixels
    height: int = 0
    problem: FigureProblem | None = None


@dataclass(frozen=True)
class Block:
    """A paragraph or list item. ``text`` may hold line breaks (``\\n``) and links as typed (:mod:`.links`).

    A figure is a block of its own: ``text`` is the figure as typed (``![alt](file)``) and ``figure``
    the picture read for it.
    """

    text: str
    kind: BlockKind = BlockKind.PARAGRAPH
    ref: CellRef | None = None
    figure: Figure | None = None


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...] = ()
    ref: CellRef | None = None


@dataclass(frozen=True)
class Task:
    text: str
    level: Level
    ref: CellRef | None = None


@dataclass(frozen=True)
class DiagnosisGroup:
    name: str
    category: str
    tasks: tuple[Task, ...] = ()
    recommendation: tuple[Block, ...] = ()
    ref: CellRef | None = None
    category_ref: CellRef | None = None

    def tasks_at(self, level: Level) -> tuple[Task, ...]:
        return tuple(task for task in self.tasks if task.level is level)


@dataclass(frozen=True)
class Municipality:
    number: str
    name: str
    ref: CellRef | None = None


@dataclass(frozen=True)
class PointCoverage:
    """One row of the agreement's § 6-2 map, as the working group filled it."""

    point: int
    status: CoverageStatus
    where: tuple[str, ...] = ()
    other_agreement: str = ""
    other_agreement_version: str = ""
    note: str = ""
    ref: CellRef | None = None


@dataclass(frozen=True)
class JointMeasure:
    """A joint measure (samarbeidstiltak), § 6-2 second paragraph."""

    name: str
    group: str = ""
    responsibility: str = ""
    organisation: str = ""
    financing: str = ""
    ref: CellRef | None = None


@dataclass(frozen=True)
class Facts:
    """The agreement's facts from the facts sheet; ``refs`` maps field key to cell.

    ``texts`` holds the long free texts (purpose, scope, …) by field key, already split into
    blocks; a text left empty has no entry. ``output_folder`` is where the Excel button saves.
    ``document_type``, ``parent_agreement`` and ``handled_points`` say what the document is, what it
    belongs under, and which § 6-2 points it sets out to handle (its scope; empty when not declared).
    """

    title: str = ""
    version: str = ""
    status: AgreementStatus | None = None
    helsefellesskap: str = ""
    hospital_trust: str = ""
    date: dt.date | None = None
    valid_from: dt.date | None = None
    revise_by: dt.date | None = None
    texts: dict[str, tuple[Block, ...]] = field(default_factory=dict)
    refs: dict[str, CellRef] = field(default_factory=dict)
    output_folder: str = ""
    document_type: DocumentType | None = None
    parent_agreement: str = ""
    handled_points: tuple[int, ...] = ()


@dataclass(frozen=True)
class Agreement:
    facts: Facts
    municipalities: tuple[Municipality, ...] = ()
    sections: tuple[Section, ...] = ()
    categories: tuple[str, ...] = ()
    groups: tuple[DiagnosisGroup, ...] = ()
    statute_map: tuple[PointCoverage, ...] = ()
    joint_measures: tuple[JointMeasure, ...] = ()
    source: str = ""

    @property
    def is_empty(self) -> bool:
        """Nothing to put in a document yet: no diagnosis groups and no chapters."""
        return not self.groups and not self.sections

    @property
    def tasks(self) -> tuple[Task, ...]:
        return tuple(task for group in self.groups for task in group.tasks)

    def groups_in(self, category: str) -> tuple[DiagnosisGroup, ...]:
        return tuple(group for group in self.groups if group.category == category)

    def coverage_of(self, point: int) -> PointCoverage | None:
        return next((row for row in self.statute_map if row.point == point), None)
