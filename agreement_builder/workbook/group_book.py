"""Group workbooks: one (or a few) diagnosis groups of an agreement, for the group that owns them.

A group workbook has the same group sheets as the full workbook (:mod:`agreement_builder.schema`)
and a protected header sheet, recognised by «Gruppearbeidsbok» in A1, naming the agreement it
belongs to (title, helsefellesskap, version) and the groups' category, with guidance for the
group's owners. docs/group-workbooks.md describes the workflow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .. import schema
from ..errors import AgreementError, WorkbookError
from ..files import atomic_output
from ..model import Agreement, CellRef, DiagnosisGroup, Facts
from ..text import clean_text, normalise
from ..validation.findings import Finding
from .reader import is_group_book as is_group_book  # re-exported: where group workbooks are told apart
from .reader import is_group_book_header, parse_group_sheets
from .source import SheetData, cell_name, load_sheets

if TYPE_CHECKING:  # openpyxl and the writer load only when a group workbook is written, not read
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

GUIDANCE = (
    "Denne arbeidsboken er én del av samarbeidsavtalen som er nevnt over. Den holder diagnosegruppen(e) "
    "dere har ansvaret for; resten av avtalen (parter, kapitler, § 6-2 og kategorier) står i "
    "hovedarbeidsboken hos sekretariatet.",
    "Fyll ut gruppearket: én oppgave per celle i kolonnene Spesialisthelsetjenesten, Felles ansvar og "
    "Kommunehelsetjenesten, og ett avsnitt per celle i kolonnen Anbefaling. Tomme rader er greit.",
    "Gruppens navn står i B1 på gruppearket. Endrer dere navnet, må sekretariatet også endre det på arket "
    "«Kategorier» i hovedarbeidsboken.",
    "Kontroller gruppen med «agreement validate» eller Excel-knappen, og se et utdrag med «build-agreement». "
    "Utdraget er ikke avtalen: avtalen bygges av hovedarbeidsboken og alle gruppearbeidsbøkene sammen.",
    "Send filen tilbake til sekretariatet. Filnavnet kan dere endre; det er innholdet i dette arket som "
    "forteller hvilken avtale filen hører til, så ikke endre det.",
    "Arket er skrivebeskyttet for å unngå uhell (uten passord): det er veiledning, ikke sikkerhet.",
)


@dataclass(frozen=True)
class BookHeader:
    """What a group workbook says about the agreement it belongs to; ``refs`` maps field key to cell."""

    title: str = ""
    helsefellesskap: str = ""
    version: str = ""
    category: str = ""
    refs: dict[str, CellRef] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, agreement: Agreement, category: str = "") -> BookHeader:
        facts = agreement.facts
        return cls(facts.title, facts.helsefellesskap, facts.version, category)

    def names_same_agreement(self, agreement: Agreement) -> bool:
        """Same title and helsefellesskap (ignoring case and spacing); the version may differ."""
        return (_fold(self.title), _fold(self.helsefellesskap)) == (
            _fold(agreement.facts.title), _fold(agreement.facts.helsefellesskap))


def _fold(text: str) -> str:
    return normalise(text).casefold()


@dataclass(frozen=True)
class GroupBook:
    """A group workbook as read: its header, its groups in sheet order, and the reader's notices."""

    path: Path
    header: BookHeader
    groups: tuple[DiagnosisGroup, ...]
    notices: tuple[Finding, ...] = ()


# --- writing --------------------------------------------------------------------------------------
def build_group_book(header: BookHeader, groups: Sequence[DiagnosisGroup | None]) -> Workbook:
    """An openpyxl Workbook: the protected header sheet, then one sheet per group (``None``: blank)."""
    from openpyxl import Workbook
    from openpyxl.workbook.defined_name import DefinedName

    from .writer import add_group_sheets, finish_sheet, keep_text, open_on_first_sheet

    book = Workbook()
    _header_sheet(book.active, header)
    first_value = schema.GROUP_BOOK_FIRST_FIELD_ROW + _field_index("category")
    book.defined_names["Kategoriliste"] = DefinedName(
        "Kategoriliste", attr_text=f"'{schema.GROUP_BOOK_SHEET}'!$B${first_value}"
    )
    add_group_sheets(book, list(groups) or [None])
    open_on_first_sheet(book)  # the header sheet: what the workbook is and how to use it
    keep_text(book)
    for sheet in book.worksheets:
        finish_sheet(sheet)
    return book


def write_group_book(path: str | Path, header: BookHeader, groups: Sequence[DiagnosisGroup | None], *,
                     overwrite: bool = False) -> Path:
    """Write a group workbook to ``path`` atomically."""
    book = build_group_book(header, groups)
    with atomic_output(Path(path), overwrite=overwrite) as temporary:
        book.save(temporary)
    return Path(path)


def write_blank_group_book(path: str | Path, name: str, category: str = "", *, facts: Facts | None = None,
                           overwrite: bool = False) -> str:
    """A blank group workbook for the group ``name`` (``agreement init --group``); returns the cleaned name.

    ``facts`` (the main workbook's) names the agreement; without it the title, helsefellesskap and
    version are left blank, and unlocked, for the secretariat to fill in.
    """
    name, category = normalise(clean_text(name)), normalise(clean_text(category))
    if not name:
        raise AgreementError(f"{Path(path).name}: diagnosegruppen trenger et navn (--group)")
    header = BookHeader.of(Agreement(facts), category) if facts else BookHeader(category=category)
    write_group_book(path, header, [DiagnosisGroup(name, category)], overwrite=overwrite)
    return name


def _field_index(key: str) -> int:
    return next(index for index, item in enumerate(schema.GROUP_BOOK_FIELDS) if item.key == key)


def _header_sheet(sheet: Worksheet, header: BookHeader) -> None:
    """The header: marker, the agreement's name, the category, guidance; filled cells locked."""
    from openpyxl.styles import Font, Protection

    from .writer import FONT, HELP_FONT, LABEL_FONT, TITLE_FONT, WRAP

    sheet.title = schema.GROUP_BOOK_SHEET
    sheet["A1"] = schema.GROUP_BOOK_MARKER
    sheet["A1"].font = TITLE_FONT
    sheet["A2"] = "Én diagnosegruppe (eller noen få) fra samarbeidsavtalen nedenfor."
    sheet["A2"].font = HELP_FONT
    for offset, item in enumerate(schema.GROUP_BOOK_FIELDS):
        row = schema.GROUP_BOOK_FIRST_FIELD_ROW + offset
        sheet.cell(row=row, column=1, value=item.label).font = LABEL_FONT
        value = getattr(header, item.key)
        cell = sheet.cell(row=row, column=2, value=value or None)
        cell.alignment = WRAP
        cell.protection = Protection(locked=bool(value))  # a blank one (agreement init --group) can be filled
        help_cell = sheet.cell(row=row, column=3, value=item.help)
        help_cell.font, help_cell.alignment = HELP_FONT, WRAP
    first = schema.GROUP_BOOK_FIRST_FIELD_ROW + len(schema.GROUP_BOOK_FIELDS) + 1
    sheet.cell(row=first, column=1, value="Slik bruker dere arbeidsboken").font = Font(name=FONT, bold=True, size=12)
    for offset, text in enumerate(GUIDANCE, start=1):
        sheet.merge_cells(start_row=first + offset, start_column=1, end_row=first + offset, end_column=3)
        cell = sheet.cell(row=first + offset, column=1, value=text)
        cell.alignment = WRAP
    for column, width in zip("ABC", (20, 60, 60)):
        sheet.column_dimensions[column].width = width
    sheet.protection.sheet = True  # no password: guidance against slips, not security


# --- reading --------------------------------------------------------------------------------------
def read_group_book(path: str | Path) -> GroupBook:
    """Read a group workbook; raises :class:`WorkbookError` when it is not one or cannot be read."""
    path = Path(path)
    return parse_group_book(load_sheets(path), path, folder=path.resolve().parent)


def parse_group_book(sheets: Sequence[SheetData], path: str | Path, folder: Path | None = None) -> GroupBook:
    """A group workbook from sheet grids (from a file, or from Excel through xlwings).

    ``folder`` is the workbook's own folder, where image files named in cells are looked for.
    """
    path = Path(path)
    header_sheet = next((sheet for sheet in sheets if is_group_book_header(sheet)), None)
    if header_sheet is None:
        raise WorkbookError(path, f"er ikke en gruppearbeidsbok (ingen ark med «{schema.GROUP_BOOK_MARKER}» i A1)")
    header = read_header(header_sheet)
    groups, notices = parse_group_sheets(sheets, path, header.category, folder)
    if not groups:
        raise WorkbookError(path, "gruppearbeidsboken har ingen diagnosegruppe – skriv gruppens navn i B1 på "
                                  "gruppearket")
    return GroupBook(path, header, groups, notices)


def read_header(sheet: SheetData) -> BookHeader:
    """The header fields, found by their labels in column A (values in B)."""
    by_label = {schema.sheet_key(item.label): item for item in schema.GROUP_BOOK_FIELDS}
    values: dict[str, str] = {}
    refs: dict[str, CellRef] = {}
    for row in range(min(len(sheet.rows), 40)):
        item = by_label.get(schema.sheet_key(clean_text(sheet.value(row, 0))))
        if item is not None and item.key not in values:
            values[item.key] = normalise(clean_text(sheet.value(row, 1)))
            refs[item.key] = CellRef(sheet.name, cell_name(row, 1))
    return BookHeader(refs=refs, **values)
