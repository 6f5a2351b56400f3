"""An agreement folder: one main workbook and the group workbooks that name the same agreement.

The files are recognised by content, not by name: the main workbook has the facts sheet
(«Avtale»), a group workbook has the header sheet («Gruppearbeidsbok» in A1). Other files are
left alone with a notice. The groups come in the order of the main workbook's «Kategorier»
sheet: by category, and within a category in the order its «Diagnosegrupper» cell lists them;
groups it does not list come after the listed ones, by name. Problems between the files are
findings with the file and cell (:data:`FOLDER_CODES`); two files for the same group and a group
workbook naming another agreement, or none, are *blocking* (:data:`BLOCKING_CODES`): a build stops
on them.

Files are only read. Symbolic links that lead out of the folder are not followed, and a folder
with more than :data:`MAX_FOLDER_FILES` entries is refused.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterable, Sequence

from .. import schema
from ..errors import AgreementError
from ..model import Agreement, CellRef, DiagnosisGroup
from ..text import clean_text, normalise
from ..validation.findings import Finding, Severity
from ..validation.notices import Notice
from .group_book import GroupBook, parse_group_book
from .reader import is_group_book
from ..package_limits import LIMITS, too_many_tasks
from .reader import parse_sheets
from .source import READABLE_SUFFIXES, SheetData, cell_name, load_sheets

MAX_FOLDER_FILES = 500

# code → (severity, bokmål template, English template); each names the files involved.
FOLDER_CODES: dict[str, tuple[Severity, str, str]] = {
    "group-book-duplicate": (
        Severity.ERROR,
        "diagnosegruppen «{group}» finnes i både {first} og {second} – fjern eller slå sammen den ene",
        "diagnosis group «{group}» is in both {first} and {second} – remove or merge one of them"),
    "group-book-other-agreement": (
        Severity.ERROR,
        "{second} hører til avtalen «{title}» ({helsefellesskap}), ikke til «{main_title}» i {first}",
        "{second} belongs to the agreement «{title}» ({helsefellesskap}), not to «{main_title}» in {first}"),
    "group-book-unnamed": (
        Severity.ERROR,
        "{second} nevner ingen avtale – fyll ut «Avtale» og «Helsefellesskap» på arket «Om gruppearbeidsboken» "
        "som i {first}",
        "{second} names no agreement – fill in «Avtale» and «Helsefellesskap» on its header sheet as in {first}"),
    "group-book-version": (
        Severity.WARNING,
        "{second} ble laget fra versjon «{version}» av avtalen; {first} har versjon «{main_version}»",
        "{second} was made from version «{version}» of the agreement; {first} has version «{main_version}»"),
    "group-book-category-unknown": (
        Severity.ERROR,
        "kategorien «{category}» for «{group}» i {second} finnes ikke på arket «Kategorier» i {first} – "
        "gruppen er ikke med i avtalen",
        "category «{category}» of «{group}» in {second} is not on the «Kategorier» sheet of {first} – "
        "the group is left out"),
    "group-book-missing": (
        Severity.ERROR,
        "{first} lister diagnosegruppen «{group}», men ingen arbeidsbok i mappen har den",
        "{first} lists diagnosis group «{group}», but no workbook in the folder has it"),
    "group-book-unlisted": (
        Severity.INFO,
        "«{group}» i {second} står ikke i listen over diagnosegrupper på arket «Kategorier» i {first}; "
        "den kommer sist i kategorien «{category}»",
        "«{group}» in {second} is not listed on the «Kategorier» sheet of {first}; it comes last in «{category}»"),
}
# What the folder reader skipped: notices (findings of severity info) about files, not cells.
FILE_NOT_WORKBOOK = Notice(
    "folder-file-not-workbook", "En fil i avtalemappen er ikke en Excel-arbeidsbok og ble ikke lest.",
    "{file} er ikke en Excel-arbeidsbok og ble ikke lest", "{file} is not an Excel workbook and was not read")
WORKBOOK_NOT_AGREEMENT = Notice(
    "folder-workbook-not-agreement", "En arbeidsbok i avtalemappen er verken hovedarbeidsbok eller gruppearbeidsbok.",
    "{file} er verken en hovedarbeidsbok eller en gruppearbeidsbok og ble ikke lest",
    "{file} is neither a main workbook nor a group workbook and was not read")
LINK_OUT_OF_FOLDER = Notice(
    "folder-link-outside", "En lenke i avtalemappen peker ut av mappen og ble ikke fulgt.",
    "{file} er en lenke ut av mappen og ble ikke lest", "{file} is a link out of the folder and was not read")
FILE_NAME_UNSAFE = Notice(
    "folder-file-name-unsafe", "Et filnavn i avtalemappen har kontrolltegn eller retningstegn.",
    "{file} har kontrolltegn eller retningstegn i navnet og ble ikke lest – gi filen et vanlig navn",
    "{file} has control or direction characters in its name and was not read – give it a plain name")
FOLDER_NOTICES = (FILE_NOT_WORKBOOK, WORKBOOK_NOT_AGREEMENT, LINK_OUT_OF_FOLDER, FILE_NAME_UNSAFE)

BLOCKING_CODES = frozenset({"group-book-duplicate", "group-book-other-agreement", "group-book-unnamed"})


@dataclass(frozen=True)
class FolderRead:
    """The agreement assembled from a folder, the findings between its files, and notices."""

    agreement: Agreement
    main: Path
    group_books: tuple[GroupBook, ...]
    findings: tuple[Finding, ...] = ()
    notices: tuple[Finding, ...] = ()

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.code in BLOCKING_CODES)

    def require_whole(self) -> Agreement:
        """The agreement, or :class:`AgreementError` (one line naming both files) if a file blocks it."""
        if self.blocking:
            raise AgreementError(f"{self.main.parent.name}: {self.blocking[0].message()}")
        return self.agreement


def folder_finding(code: str, ref: CellRef | None, **params: object) -> Finding:
    severity, nb, en = FOLDER_CODES[code]
    return Finding(code, severity, None, ref, {"nb": nb.format(**params), "en": en.format(**params)})


# --- finding the files -------------------------------------------------------------------------
def workbook_files(folder: Path) -> tuple[list[Path], list[Finding]]:
    """The workbook files directly in ``folder`` (sorted by name), and notices about what was skipped."""
    if not folder.is_dir():
        raise AgreementError(f"{folder}: mappen finnes ikke" if not folder.exists() else f"{folder}: er ikke en mappe")
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        raise AgreementError(f"{folder}: mappen kan ikke leses ({exc.strerror or exc})") from None
    if len(entries) > MAX_FOLDER_FILES:
        raise AgreementError(f"{folder}: mappen har {len(entries)} filer – mer enn {MAX_FOLDER_FILES}, som er "
                             "grensen for en avtalemappe")
    base = folder.resolve()
    files: list[Path] = []
    notices: list[Finding] = []
    for entry in entries:
        if entry.name.startswith((".", "~$")):
            continue  # hidden files, Excel's lock files, our own temporary files
        path, shown = Path(entry.path), _shown(entry.name)
        if shown != f"«{entry.name}»":
            notices.append(FILE_NAME_UNSAFE.finding(None, file=shown))  # no ref: the name itself is unsafe
        elif entry.is_symlink() and path.resolve().parent != base:
            notices.append(LINK_OUT_OF_FOLDER.finding(CellRef("", "", entry.name), file=shown))
        elif path.suffix.lower() not in READABLE_SUFFIXES or not path.is_file():
            notices.append(FILE_NOT_WORKBOOK.finding(CellRef("", "", entry.name), file=shown))
        else:
            files.append(path)
    return files, notices


def _shown(name: str) -> str:
    """A file name fit to print: control and format characters shown as «?»."""
    return "«" + re.sub(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]", "?", name) + "»"


# --- reading the folder -------------------------------------------------------------------------
def read_folder(folder: str | Path, *, open_main: tuple[Path, Sequence[SheetData]] | None = None) -> FolderRead:
    """Read an agreement folder into one agreement; raises :class:`AgreementError` when it cannot.

    ``open_main`` is the main workbook as open in Excel (its path and live sheets), read instead
    of the file saved at that path; its cells are then named without the file (they are in the
    workbook the findings are shown in), the group workbooks' cells with theirs.
    """
    folder = Path(folder)
    files, notices = workbook_files(folder)
    mains: list[tuple[Path, Sequence[SheetData]]] = []
    books: list[GroupBook] = []
    if open_main is not None:
        mains.append(open_main)
        files = [path for path in files if path.name != open_main[0].name]
    tasks = 0
    for path in files:
        sheets = load_sheets(path)
        if is_group_book(sheets):
            book = parse_group_book(sheets, path, folder=path.resolve().parent)
            books.append(book)
            tasks += sum(len(group.tasks) for group in book.groups)
            if tasks > LIMITS.tasks:  # each book is bounded by itself; the folder as a whole too
                raise AgreementError(f"{folder}: {too_many_tasks(LIMITS)} (grensen nås i {path.name})")
            notices += with_file(book.notices, path.name)
        elif any(schema.sheet_key(sheet.name) == schema.sheet_key(schema.FACTS_SHEET) for sheet in sheets):
            mains.append((path, sheets))
        else:
            notices.append(WORKBOOK_NOT_AGREEMENT.finding(CellRef("", "", path.name), file=_shown(path.name)))
    if not mains:
        raise AgreementError(f"{folder}: mappen har ingen hovedarbeidsbok (en arbeidsbok med arket "
                             f"«{schema.FACTS_SHEET}»)")
    if len(mains) > 1:
        raise AgreementError(f"{folder}: mappen har to hovedarbeidsbøker, {mains[0][0].name} og {mains[1][0].name} "
                             "– en avtalemappe skal ha én")
    main_path, main_sheets = mains[0]
    result = parse_sheets(main_sheets, main_path, folder=main_path.resolve().parent)  # image files beside it
    own = "" if open_main is not None else main_path.name  # cells of the open workbook need no file name
    notices += with_file(result.notices, own)
    listed = listed_groups(main_sheets, own)
    agreement, findings = _assemble(with_file(result.agreement, own), main_path.name, books, listed)
    return FolderRead(agreement, main_path, tuple(books), tuple(findings), tuple(notices))


def is_folder_main(sheets: Sequence[SheetData]) -> bool:
    """A main workbook whose groups live in group workbooks: it lists groups on «Kategorier» (as split writes).

    Explicit on purpose: a workbook saved among unrelated files is not read with them by accident.
    """
    return any(listed_groups(sheets).values())  # the column alone (as every workbook has it) is not enough


def listed_groups(sheets: Iterable[SheetData], file: str = "") -> dict[str, list[tuple[str, CellRef]]]:
    """Category → the group names its «Diagnosegrupper» cell lists, in order, with the cell."""
    sheet = next((s for s in sheets if schema.sheet_key(s.name) == schema.sheet_key(schema.CATEGORIES.name)), None)
    if sheet is None or not sheet.rows:
        return {}
    headers = {schema.sheet_key(clean_text(value)): col for col, value in enumerate(sheet.rows[0])}
    name_col = headers.get(schema.sheet_key(schema.CATEGORIES.column("name").header))
    groups_col = headers.get(schema.sheet_key(schema.CATEGORIES.column("groups").header))
    if name_col is None or groups_col is None:
        return {}
    listed: dict[str, list[tuple[str, CellRef]]] = {}
    for row in range(1, len(sheet.rows)):
        category = normalise(clean_text(sheet.value(row, name_col)))
        names = [normalise(part) for part in re.split(r"[;\n]", clean_text(sheet.value(row, groups_col)))]
        ref = CellRef(sheet.name, cell_name(row, groups_col), file)
        if category:
            listed.setdefault(category, []).extend((name, ref) for name in names if name)
    return listed


def _key(name: str) -> str:
    return normalise(name).casefold()


def _assemble(main: Agreement, main_name: str, books: list[GroupBook],
              listed: dict[str, list[tuple[str, CellRef]]]) -> tuple[Agreement, list[Finding]]:
    """The main workbook's agreement with the groups of the group workbooks put in, and the findings."""
    findings: list[Finding] = []
    owners: dict[str, str] = {_key(group.name): main_name for group in main.groups}
    categories = {_key(category): category for category in main.categories}
    extra: list[DiagnosisGroup] = []
    found = set(owners)  # every group name in a file of this agreement, placed or not
    for book in books:
        file = book.path.name
        header = book.header
        if not header.title:
            findings.append(folder_finding("group-book-unnamed", _header_ref(book, "title"), first=main_name,
                                           second=file))
            continue
        if not header.names_same_agreement(main):
            findings.append(folder_finding(
                "group-book-other-agreement", _header_ref(book, "title"), first=main_name, second=file,
                title=header.title, helsefellesskap=header.helsefellesskap, main_title=main.facts.title))
            continue
        if header.version and _key(header.version) != _key(main.facts.version):
            findings.append(folder_finding("group-book-version", _header_ref(book, "version"), first=main_name,
                                           second=file, version=header.version, main_version=main.facts.version))
        for group in (with_file(group, file) for group in book.groups):
            found.add(_key(group.name))
            if _key(group.name) in owners:
                findings.append(folder_finding("group-book-duplicate", group.ref, group=group.name,
                                               first=owners[_key(group.name)], second=file))
            elif _key(group.category) not in categories:
                findings.append(folder_finding("group-book-category-unknown", group.category_ref, first=main_name,
                                               second=file, category=group.category, group=group.name))
            else:
                owners[_key(group.name)] = file
                extra.append(dataclasses.replace(group, category=categories[_key(group.category)]))
    groups = _ordered(main, extra, listed, findings, main_name, found)
    return dataclasses.replace(main, groups=tuple(groups)), findings


def _ordered(main: Agreement, extra: list[DiagnosisGroup], listed: dict[str, list[tuple[str, CellRef]]],
             findings: list[Finding], main_name: str, found: set[str]) -> list[DiagnosisGroup]:
    """All groups by category; within one, the listed order, then the main workbook's own, then by name."""
    listed = {_key(category): names for category, names in listed.items()}
    everywhere = set(found)
    result: list[DiagnosisGroup] = []
    for category in main.categories:
        names = listed.get(_key(category), [])
        position = {}
        for index, (name, _) in enumerate(names):
            position.setdefault(_key(name), index)
        own = [group for group in main.groups if group.category == category]
        others = sorted((group for group in extra if group.category == category),
                        key=lambda group: (_key(group.name), group.ref.file if group.ref else ""))
        members = own + others
        for name, ref in names:
            if _key(name) not in everywhere:
                findings.append(folder_finding("group-book-missing", ref, first=main_name, group=name))
                everywhere.add(_key(name))
        if listed:
            for group in others:
                if _key(group.name) not in position:
                    findings.append(folder_finding("group-book-unlisted", group.ref, first=main_name,
                                                   second=group.ref.file if group.ref else "", group=group.name,
                                                   category=category))
        result += sorted(members, key=lambda group: position.get(_key(group.name), len(names)))
    return result


def _header_ref(book: GroupBook, key: str) -> CellRef:
    ref = book.header.refs.get(key) or CellRef(schema.GROUP_BOOK_SHEET, "B4")
    return dataclasses.replace(ref, file=book.path.name)


# --- cell references that name their file -------------------------------------------------------
def with_file(value, file: str):
    """``value`` (a model object) with every :class:`CellRef` in it naming ``file``."""
    if isinstance(value, CellRef):
        return dataclasses.replace(value, file=file)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: with_file(getattr(value, f.name), file) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        items = [with_file(item, file) for item in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)  # a NamedTuple stays one
    if isinstance(value, dict):
        return {key: with_file(item, file) for key, item in value.items()}
    return value
