"""Split an agreement workbook into an agreement folder, and join a folder back into one workbook.

``split`` writes the main workbook (facts, parties, chapters, § 6-2 map, joint measures,
categories with the group names in order, no group sheets) and one group workbook per
diagnosis group, into a temporary folder beside the target that is then renamed into place:
the folder appears whole or not at all. ``join`` reads the folder as one agreement
(:mod:`.folder`) and writes it as one workbook. Split then join gives the same agreement.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .. import schema
from ..errors import OutputError
from ..model import Agreement
from .folder import FolderRead, read_folder
from .group_book import BookHeader, build_group_book
from .reader import read_workbook
from .writer import build_workbook, write_workbook

# --- file names from group names ------------------------------------------------------------------
# TODO(lead): replace with agreement_builder.paths.file_name + unique_names (trust-input) when it lands;
# the rules here are the same: separators, «..», control/format/bidi characters, Windows device names,
# trailing dots and spaces, at most 150 characters, unique ignoring case.
MAX_NAME_CHARS = 150
_SEPARATORS = re.compile(r'[\\/:*?"<>|]+')
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?", re.IGNORECASE)


def safe_file_name(text: str, suffix: str = ".xlsx", *, fallback: str = "uten navn") -> str:
    """``text`` + ``suffix`` as one safe file name on Windows, macOS and Linux."""
    text = unicodedata.normalize("NFC", str(text))
    text = "".join(" " if char.isspace() else char for char in text if unicodedata.category(char)[0] != "C")
    text = " ".join(_SEPARATORS.sub("-", text).split()).strip().lstrip(".").strip()
    text = text[: MAX_NAME_CHARS - len(suffix)].rstrip(". ")
    if _RESERVED.fullmatch(text):
        text = f"_{text}"
    return f"{text or fallback}{suffix}"


def unique_names(names: list[str]) -> list[str]:
    """``names`` made distinct ignoring case: «KOLS.xlsx», «KOLS (2).xlsx»."""
    taken: set[str] = set()
    result = []
    for name in names:
        stem, dot, suffix = name.rpartition(".")
        candidate, number = name, 1
        while candidate.casefold() in taken:
            number += 1
            candidate = f"{stem} ({number}){dot}{suffix}"
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


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
    names = unique_names([safe_file_name(source.stem), *(safe_file_name(g.name) for g in agreement.groups)])
    _check_folder(source, folder, names, overwrite)
    books = [(names[0], main_workbook(agreement))]
    books += [(name, build_group_book(BookHeader.of(agreement, group.category), [group]))
              for name, group in zip(names[1:], agreement.groups)]
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        for name, book in books:
            book.save(staging / name)
        _move_in(staging, folder, names, overwrite)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
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


def _check_folder(source: Path, folder: Path, names: list[str], overwrite: bool) -> None:
    """Refuse before writing: a file in the way, the input's own folder, a folder that cannot be made."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: finnes og er ikke en mappe")
    if source.resolve().parent == folder.resolve():
        raise OutputError(f"{folder}: er mappen {source.name} ligger i – velg en ny mappe for avtalemappen")
    if folder.is_dir() and not overwrite:
        taken = [name for name in names if (folder / name).exists()]
        if taken:
            raise OutputError(f"{folder / taken[0]}: finnes allerede – bruk --overwrite for å erstatte filene")
    parent = folder.parent if str(folder.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{folder}: mappen {parent} finnes ikke")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"{folder}: har ikke skrivetilgang til mappen {parent}")


def _move_in(staging: Path, folder: Path, names: list[str], overwrite: bool) -> None:
    """A new folder is renamed into place whole; into an existing one the files are moved one by one."""
    if not folder.exists():
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)  # mkdtemp's folder is owner-only
        try:
            staging.rename(folder)
            return
        except OSError as exc:
            if not folder.exists():  # else someone made it meanwhile: move the files in
                raise OutputError(f"{folder}: kan ikke opprettes ({exc.strerror or exc})") from None
    for name in names:
        target = folder / name
        if target.exists() and not overwrite:
            raise OutputError(f"{target}: finnes allerede – bruk --overwrite for å erstatte filene")
        os.replace(staging / name, target)


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


__all__ = ["SplitResult", "join_folder", "safe_file_name", "split_workbook", "unique_names"]
