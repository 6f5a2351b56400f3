"""Merge at the edges: reading BASE and the copies, naming them, writing MERGED on a copy of BASE."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Sequence

from openpyxl import load_workbook

from .. import schema
from ..text import comparison_key as key
from ..errors import AgreementError, WorkbookError
from ..files import atomic_output, check_target
from ..paths import note_input
from ..model import Agreement
from ..text import clean_text
from ..workbook.reader import ReadResult, parse_sheets
from ..workbook.source import SheetData, load_sheets
from .conflicts import FIXED_HEADERS, KEY_HEADER, write_conflicts
from .result import RESERVED_NAMES, MergeResult
from .sheets import write_agreement

SENDER_LABELS = ("avsender", "region")


@dataclass(frozen=True)
class Input:
    """A workbook given to merge: its path, bytes as read, sheets, model, notices and name for attribution."""

    path: Path
    content: bytes
    sheets: tuple[SheetData, ...]
    read: ReadResult
    name: str

    @property
    def agreement(self) -> Agreement:
        return self.read.agreement


def read_input(path: Path, *, by_content: bool = False, base: Input | None = None) -> Input:
    """Read one workbook; ``by_content`` recognises an .xlsx whatever its name (git's temporary files).

    With ``base``, group sheets whose cells are exactly BASE's are not parsed again: BASE's groups
    are used for them (a copy usually changes a few sheets of many).
    """
    if by_content:
        content, sheets = _sheets_by_content(path)
    else:
        sheets = load_sheets(path)
        content = path.read_bytes()
    folder = None if by_content else path.resolve().parent  # image files named in cells lie beside the workbook
    read = (_parse_reusing(sheets, path, base, folder) if base is not None
            else parse_sheets(sheets, path, folder=folder))
    return Input(path, content, tuple(sheets), read, _sender(sheets) or path.stem)


def _parse_reusing(sheets: Sequence[SheetData], path: Path, base: Input, folder: Path | None) -> ReadResult:
    """Parse ``sheets``, taking BASE's group for every group sheet identical to BASE's sheet of that name."""
    import dataclasses

    grids = {sheet.name: sheet.rows for sheet in base.sheets}
    same = {sheet.name for sheet in sheets if grids.get(sheet.name) == sheet.rows}
    reused = {g.ref.sheet: g for g in base.agreement.groups if g.ref and g.ref.sheet in same}
    read = parse_sheets([sheet for sheet in sheets if sheet.name not in reused], path, folder=folder)
    categories = {name: index for index, name in enumerate(read.agreement.categories)}
    if not reused or any(group.category not in categories for group in reused.values()):
        return parse_sheets(sheets, path, folder=folder) if reused else read  # the reader must judge the categories
    parsed = {group.ref.sheet: group for group in read.agreement.groups}
    groups = [reused.get(sheet.name) or parsed.get(sheet.name) for sheet in sheets]
    ordered = sorted(filter(None, groups), key=lambda group: categories[group.category])
    return dataclasses.replace(read, agreement=dataclasses.replace(read.agreement, groups=tuple(ordered)))


def _sheets_by_content(path: Path) -> tuple[bytes, list[SheetData]]:
    """Sheets of a workbook whatever its name says: read through a copy named .xlsx, with every usual check."""
    import tempfile

    try:
        content = path.read_bytes()
    except OSError as exc:
        raise WorkbookError(path, f"kan ikke åpnes ({exc.strerror or exc})") from None
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "arbeidsbok.xlsx"
        copy.write_bytes(content)
        try:
            return content, load_sheets(copy)
        except WorkbookError as error:
            raise WorkbookError(path, error.message, error.sheet, error.cell) from None


def _sender(sheets: Sequence[SheetData]) -> str:
    """The «Avsender» (or «Region») written on the facts sheet, if any."""
    facts = next((s for s in sheets if schema.sheet_key(s.name) == schema.sheet_key(schema.FACTS_SHEET)), None)
    if facts is None:
        return ""
    for row in range(len(facts.rows)):
        if schema.sheet_key(clean_text(facts.value(row, 0))) in SENDER_LABELS:
            return " ".join(clean_text(facts.value(row, 1)).split())
    return ""


def unique_names(names: Sequence[str]) -> list[str]:
    """The copies' names, distinct without regard to case and never a decision word («grunnlag», «slett»…).

    A name taken (by an earlier copy or a decision word) gets a number: «grunnlag (2)», «Nord (2)».
    """
    taken = {word.casefold() for word in (*RESERVED_NAMES, *FIXED_HEADERS, KEY_HEADER)}  # nor a column of its own
    result = []
    for raw in names:
        name, number = raw or "kopi", 2
        while name.casefold() in taken:
            name, number = f"{raw or 'kopi'} ({number})", number + 1
        taken.add(name.casefold())
        result.append(name)
    return result


def check_same_agreement(base: Input, copies: Sequence[Input]) -> None:
    """Raise unless every copy has BASE's title and helsefellesskap."""
    for copy in copies:
        for label, attribute in (("tittel", "title"), ("helsefellesskap", "helsefellesskap")):
            ours, theirs = getattr(base.agreement.facts, attribute), getattr(copy.agreement.facts, attribute)
            if key(ours) != key(theirs):
                raise AgreementError(
                    f"{copy.path.name}: er ikke en kopi av samme avtale som {base.path.name} "
                    f"({label} «{theirs}», ikke «{ours}»)"
                )


def open_book(content: bytes):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about Excel features it does not keep
        return load_workbook(io.BytesIO(content))


def write_merged(base: Input, result: MergeResult, target: Path, *, overwrite: bool = False) -> Path:
    """Write MERGED: BASE's workbook brought to the merged agreement, with «Konflikter» when needed."""
    book = open_book(base.content)
    write_agreement(book, base.agreement, result.agreement, result.layout)
    write_conflicts(book, result.collisions, result.copies)
    with atomic_output(target, overwrite=overwrite) as temporary:
        book.save(temporary)
    return target


def _notice_line(path: Path, finding) -> str:
    """A reader's notice as one line naming the file (and the cell, when it has one)."""
    where = f"{finding.ref}: " if finding.cell else ""
    return f"{path.name}: {where}{finding.message()}."


def merge_workbooks(base_path: Path, copy_paths: Sequence[Path], target: Path, *, overwrite: bool = False,
                    by_content: bool = False, names: Sequence[str] | None = None) -> tuple[MergeResult, list[str]]:
    """Read, check, merge and write; nothing is written unless every input is readable and of one agreement.

    Returns the result and the readers' notices. ``names`` overrides the copies' names.
    """
    from .engine import merge

    if not by_content:  # refuse an output onto an input (or an existing file) before any work
        for path in (base_path, *copy_paths):
            note_input(path)
        check_target(target, overwrite=overwrite)
    base = read_input(base_path, by_content=by_content)
    copies = [read_input(path, by_content=by_content, base=base) for path in copy_paths]
    check_same_agreement(base, copies)
    labels = unique_names(names or [copy.name for copy in copies])
    result = merge(base.agreement, [(name, copy.agreement) for name, copy in zip(labels, copies)])
    write_merged(base, result, target, overwrite=overwrite or by_content)
    notices = [_notice_line(item.path, finding) for item in (base, *copies) for finding in item.read.notices]
    return result, notices
