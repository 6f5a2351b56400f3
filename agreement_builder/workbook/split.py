"""Split an agreement workbook into an agreement folder, and join a folder back into one workbook.

``split`` writes the main workbook (facts, parties, chapters, § 6-2 map, joint measures,
categories with the group names in order, no group sheets) and one group workbook per
diagnosis group, into a temporary folder beside the target that is then renamed into place
(:func:`agreement_builder.files.atomic_folder`): the folder appears whole or not at all. The
file names are made from the group names by :mod:`agreement_builder.paths`. ``join`` reads the
folder as one agreement (:mod:`.folder`) and writes it as one workbook. Split then join gives
the same agreement.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from .. import schema
from ..errors import OutputError, WorkbookError
from ..files import atomic_folder
from ..model import Agreement, DiagnosisGroup
from ..paths import file_name, unique_names
from ..text import comparison_key
from .folder import FolderRead, read_folder
from .group_book import BookHeader, build_group_book
from .reader import read_workbook
from .writer import build_workbook, write_workbook


# --- split ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SplitResult:
    folder: Path
    main: Path
    groups: tuple[Path, ...]


def split_workbook(source: str | Path, folder: str | Path, *, overwrite: bool = False) -> SplitResult:
    """Split the agreement workbook ``source`` into the agreement folder ``folder``."""
    source, folder = Path(source), Path(folder)
    agreement = read_workbook(source).agreement
    _check_group_names(source, agreement)
    names = unique_names([file_name(source.stem, ".xlsx"), *(file_name(g.name, ".xlsx") for g in agreement.groups)])
    _check_folder(source, folder, names, overwrite)
    books = [(names[0], main_workbook(agreement))]
    books += [(name, build_group_book(BookHeader.of(agreement, group.category), [group]))
              for name, group in zip(names[1:], agreement.groups)]
    with atomic_folder(folder, overwrite=overwrite) as staging:
        for name, book in books:
            book.save(staging / name)
    return SplitResult(folder, folder / names[0], tuple(folder / name for name in names[1:]))


def main_workbook(agreement: Agreement):
    """The main workbook of a folder: no group sheets; «Kategorier» lists each category's groups in order."""
    book = build_workbook(dataclasses.replace(agreement, groups=()), blank_group=False)
    sheet = book[schema.CATEGORIES.name]
    column = 1 + next(i for i, c in enumerate(schema.CATEGORIES.columns) if c.key == "groups")
    for row, category in enumerate(agreement.categories, start=2):
        names = [group.name for group in agreement.groups_in(category)]
        sheet.cell(row=row, column=column, value="\n".join(names) or None)
    return book


def _check_group_names(source: Path, agreement: Agreement) -> None:
    """Refuse two groups whose names differ only in case or spacing: the folder could not be read back."""
    seen: dict[str, DiagnosisGroup] = {}
    for group in agreement.groups:
        first = seen.setdefault(comparison_key(group.name), group)
        if first is not group:
            sheets = [g.ref.sheet if g.ref else g.name for g in (first, group)]
            raise WorkbookError(source, f"diagnosegruppene «{first.name}» (ark «{sheets[0]}») og «{group.name}» "
                                        f"(ark «{sheets[1]}») har samme navn når store og små bokstaver ses bort "
                                        "fra – gi dem ulike navn eller slå dem sammen før deling")


def _check_folder(source: Path, folder: Path, names: list[str], overwrite: bool) -> None:
    """Refuse before any work: a file in the way, or the folder the input is in."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: finnes og er ikke en mappe")
    if source.resolve().parent == folder.resolve():
        raise OutputError(f"{folder}: er mappen {source.name} ligger i – velg en ny mappe for avtalemappen")
    if folder.is_dir() and not overwrite:
        taken = [name for name in names if (folder / name).exists()]
        if taken:
            raise OutputError(f"{folder / taken[0]}: finnes allerede – bruk --overwrite for å erstatte filene")


# --- join -----------------------------------------------------------------------------------------
def join_folder(folder: str | Path, output: str | Path, *, overwrite: bool = False) -> FolderRead:
    """Write the agreement folder ``folder`` as one workbook ``output`` (outside the folder)."""
    folder, output = Path(folder), Path(output)
    if output.resolve().parent == folder.resolve():
        raise OutputError(f"{output}: skriv den samlede arbeidsboken utenfor avtalemappen – i mappen ville den "
                          "bli lest som en hovedarbeidsbok til")
    read = read_folder(folder)
    write_workbook(output, read.require_whole(), overwrite=overwrite)
    return read


__all__ = ["SplitResult", "join_folder", "split_workbook"]
