"""What a path given on the command line holds: a workbook, an agreement folder, or a group workbook.

:func:`read_input` tells them apart by content (a folder is a folder; a workbook with the facts
sheet is a whole agreement; one with the group header sheet is a group workbook) and returns
the agreement to work on. A group workbook gives an *extract*: its groups under the agreement's
title, with no parties, chapters or § 6-2 map, to be checked and previewed on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .. import schema
from ..errors import WorkbookError
from ..model import Agreement, Facts
from ..validation.findings import Finding
from .reader import is_group_book, parse_sheets
from .source import READABLE_SUFFIXES, SheetData, load_sheets

if TYPE_CHECKING:  # folders and group workbooks are read by modules imported when one is met
    from .folder import FolderRead
    from .group_book import GroupBook

WORKBOOK, FOLDER, GROUP = "workbook", "folder", "group"


class AgreementInput(NamedTuple):
    """The agreement read from ``path``, with the reader's notices and a folder's findings."""

    agreement: Agreement
    path: Path
    kind: str  # WORKBOOK, FOLDER or GROUP
    notices: tuple[Finding, ...] = ()
    findings: tuple[Finding, ...] = ()
    folder: FolderRead | None = None

    @property
    def is_extract(self) -> bool:
        """A group workbook read alone: not the agreement, only part of it."""
        return self.kind == GROUP

    @property
    def group_names(self) -> str:
        """The groups of an extract, for its title: «KOLS» or «KOLS, Hjerneslag»."""
        return ", ".join(group.name for group in self.agreement.groups)


def read_input(path: str | Path, *, whole: bool = True) -> AgreementInput:
    """Read ``path`` as whatever it holds. ``whole`` stops on blocking folder findings (for builds)."""
    path = Path(path)
    if path.is_dir() and path.suffix.lower() in READABLE_SUFFIXES:  # named like a workbook: not a folder meant
        raise WorkbookError(path, "er en mappe, ikke en arbeidsbok")
    if path.is_dir():
        from .folder import read_folder

        folder = read_folder(path)
        agreement = folder.require_whole() if whole else folder.agreement
        return AgreementInput(agreement, path, FOLDER, folder.notices, folder.findings, folder)
    return read_sheets_input(load_sheets(path), path, media_folder=path.resolve().parent)


def read_sheets_input(sheets: Sequence[SheetData], path: Path, folder: Path | None = None, *,
                      media_folder: Path | None = None) -> AgreementInput:
    """The same for sheets already read (the open Book in Excel).

    With ``folder`` (where the open workbook is saved), a main workbook that lists its groups on
    «Kategorier» is read with the group workbooks in that folder as one agreement. Image files
    named in cells are looked for in ``media_folder`` (default: ``folder``); with neither, none are found.
    """
    media_folder = media_folder or folder
    if is_group_book(sheets):
        from .group_book import parse_group_book

        book = parse_group_book(sheets, path, folder=media_folder)
        return AgreementInput(extract_agreement(book), path, GROUP, book.notices)
    if folder is not None and _has_facts(sheets):
        from .folder import is_folder_main, read_folder

        if is_folder_main(sheets):
            read = read_folder(folder, open_main=(folder / path.name, sheets))
            return AgreementInput(read.require_whole(), folder, FOLDER, read.notices, read.findings, read)
    result = parse_sheets(sheets, path, folder=media_folder)
    return AgreementInput(result.agreement, path, WORKBOOK, result.notices)


def _has_facts(sheets: Sequence[SheetData]) -> bool:
    return any(schema.sheet_key(sheet.name) == schema.sheet_key(schema.FACTS_SHEET) for sheet in sheets)


def extract_agreement(book: GroupBook) -> Agreement:
    """A group workbook's groups as an agreement of their own (no parties, chapters or § 6-2 map)."""
    header = book.header
    facts = Facts(title=header.title, version=header.version, helsefellesskap=header.helsefellesskap)
    categories = tuple(dict.fromkeys(group.category for group in book.groups))
    return Agreement(facts=facts, categories=categories, groups=book.groups, source=str(book.path))
