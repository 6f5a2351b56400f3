"""Excel entry points (xlwings): check the open workbook and write the agreement from a ribbon button.

``main(book)`` validates, shows the findings in a "Validering" sheet next to the data and as
notes on the offending cells (drawn from :mod:`agreement_builder.validation.sheet_layout`, as the
command line draws them), and, when nothing blocks, writes the .docx beside the workbook.
As on the command line, findings do not block: an agreement with errors is written as a draft
that says so on its first page. What blocks is what stops any run: a workbook that cannot be
read, or no place to write the document. ``validate(book)`` and ``build(book)`` do one half
each. The workbook's own data is never changed: only the Validering sheet and the notes, both
replaced on every run.

The values are read from Excel and handed to the same reader and rules as the command line
(:func:`agreement_builder.workbook.parse_sheets`). xlwings is imported only here, lazily;
the rest of the package never imports it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import schema
from .errors import AgreementError, OutputError
from .validation import Report, merge, validate as validate_agreement, validate_extract
from .validation.output import summary_line
from .validation.sheet_layout import (
    HEADER_ROW, NOTE_PREFIX, SHEET, SheetLayout, Style, findings_layout, link_location, style_blocks,
)
from .workbook import SheetData, parse_sheets

TITLE = "Samarbeidsavtale"
MARKED_HEADER = "Merket celle"
MARKED_COLUMN = 8  # H: the cells this tool put a note on, so the next run can remove them
MARKED_WIDTH = 24


# --- entry points -----------------------------------------------------------------------------
def main(book=None) -> Report | None:
    """Check the workbook, show the findings, write the agreement. For the ribbon button."""
    return _guarded(book, lambda b: _run(b, show=True, write=True))


def validate(book=None) -> Report | None:
    """Check the workbook and show the findings; writes no document."""
    return _guarded(book, lambda b: _run(b, show=True, write=False))


def build(book=None) -> Report | None:
    """Write the agreement (a draft when there are errors); the Validering sheet is left as it is."""
    return _guarded(book, lambda b: _run(b, show=False, write=True))


def _guarded(book, action):
    book = book if book is not None else _xlwings().Book.caller()
    try:
        return action(book)
    except AgreementError as exc:
        _alert(book, str(exc), critical=True)
    except Exception as exc:  # the button must never end in a Python traceback dialog
        _alert(book, f"Uventet feil ({type(exc).__name__}: {exc}). Meld fra til den som drifter verktøyet.",
               critical=True)
    return None


def _xlwings():
    import xlwings

    return xlwings


# --- the work ----------------------------------------------------------------------------------
def read_book(book):
    """The Book's sheets as grids (our own Validering sheet left out), parsed by the workbook reader."""
    return parse_sheets(_sheets(book), Path(book.name))


def read_book_input(book):
    """What the open Book is (see workbook/inputs.py): a workbook, a group workbook (an extract), or the
    main workbook of an agreement folder, read with the group workbooks saved beside it."""
    from .workbook.inputs import read_sheets_input

    return read_sheets_input(_sheets(book), Path(Path(book.name).name), _saved_folder(book))


def _sheets(book) -> list[SheetData]:
    return [SheetData(sheet.name, _values(sheet)) for sheet in book.sheets if sheet.name != SHEET]


def _saved_folder(book) -> Path | None:
    """The local folder the Book is saved in, or None (not saved, or in OneDrive/SharePoint)."""
    fullname = str(book.fullname)
    folder = Path(fullname).parent
    if fullname.lower().startswith(("http://", "https://")) or folder == Path(".") or not folder.is_dir():
        return None
    return folder


def _values(sheet) -> list[list[Any]]:
    last = sheet.used_range.last_cell
    values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value
    return [list(row) for row in values]


def _run(book, *, show: bool, write: bool) -> Report:
    result = read_book_input(book)
    agreement = result.agreement
    if result.is_extract:  # a group workbook: the group rules only
        rules_report = validate_extract(agreement)
    else:  # the document is made from the rules' findings (and a folder's findings between files), as on the CLI
        rules_report = merge(validate_agreement(agreement), result.findings)
    report = merge(rules_report, result.notices)  # the sheet and the message also tell what the reader noticed
    draft = "" if report.valid else " Den er merket som utkast fordi kontrollen fant feil."
    if not write:
        _show(book, report)
        _alert(book, f"{summary_line(report)} Se arket «{SHEET}».", critical=not report.valid)
        return report
    if agreement.is_empty:
        raise AgreementError("Arbeidsboken har ingen diagnosegrupper eller kapitler ennå – fyll ut arkene først.")
    target = output_path(book, agreement)
    what = "Avtalen"
    if result.is_extract:
        from .render.extract import render_extract

        target, what, draft = target.with_name(f"{target.stem} (utdrag).docx"), "Utdraget (ikke avtalen)", ""
        render_extract(agreement, target, report=rules_report, overwrite=_may_replace(target))
    else:
        from .render import render_agreement

        render_agreement(agreement, target, overwrite=_may_replace(target), report=rules_report)
    if show:
        _show(book, report, f"{what} er lagret i {target}.{draft}")
    _alert(book, f"{what} er lagret i {target}.{draft} {summary_line(report)}", critical=not report.valid)
    return report


def output_path(book, agreement) -> Path:
    """Beside the workbook, or in the folder the facts sheet names (relative to the workbook)."""
    fullname = str(book.fullname)
    stem = Path(book.name).stem
    folder_text = agreement.facts.output_folder
    on_web = fullname.lower().startswith(("http://", "https://"))
    here = None if on_web or Path(fullname).parent == Path(".") else Path(fullname).parent
    if folder_text:
        folder = Path(folder_text).expanduser()
        if not folder.is_absolute():
            if here is None:
                raise AgreementError(f"«Mappe for avtaledokument» ({folder_text}) må være en hel sti, f.eks. "
                                     r"C:\Avtaler, når arbeidsboken ikke ligger i en mappe på maskinen.")
            folder = here / folder
        return folder / f"{stem}.docx"
    if here is None:
        where = "i OneDrive eller SharePoint" if on_web else "ikke i en mappe på maskinen"
        raise AgreementError(
            f"Arbeidsboken ligger {where}, så avtalen kan ikke lagres ved siden av den. Skriv en mappe i "
            f"«Mappe for avtaledokument» på arket «{schema.FACTS_SHEET}», eller lagre arbeidsboken lokalt."
        )
    return here / f"{stem}.docx"


def _may_replace(target: Path) -> bool:
    """Replace an earlier agreement only if nobody has saved it since this tool wrote it."""
    if not target.exists():
        return False
    try:
        import docx

        properties = docx.Document(str(target)).core_properties
    except Exception:
        raise OutputError(f"{target} finnes allerede og er ikke en avtale laget av verktøyet – flytt eller gi "
                          "den nytt navn først.") from None
    if properties.last_modified_by != "agreement_builder":
        raise OutputError(f"{target} er endret i Word etter at den ble laget. Lagre endringene under et annet "
                          "navn, eller slett filen, og prøv igjen.")
    return True


# --- showing the findings in the workbook ------------------------------------------------------
def _show(book, report: Report, status: str | None = None) -> None:
    """Replace the Validering sheet and the notes; ``status`` (where the agreement was saved) is row 2."""
    _remove_previous(book)
    layout = findings_layout(report, sheets=[sheet.name for sheet in book.sheets], status=status)
    sheet = book.sheets.add(SHEET, before=book.sheets[0])
    paint(sheet, layout)
    marked = _mark_cells(book, layout)
    bookkeeping = sheet.range((HEADER_ROW, MARKED_COLUMN), (HEADER_ROW + len(marked), MARKED_COLUMN))
    bookkeeping.number_format = "@"  # a sheet name is text, whatever it starts with
    bookkeeping.value = [[MARKED_HEADER]] + [[ref] for ref in marked]
    bookkeeping.column_width = MARKED_WIDTH


def paint(sheet, layout: SheetLayout) -> None:
    """Draw ``layout`` on an empty ``sheet``: values in one write, each run of alike cells styled at once."""
    rows, columns = layout.extent
    everything = sheet.range((1, 1), (rows, columns))
    everything.number_format = "@"  # text stays text: no numbers, dates or formulas made of it
    everything.value = layout.grid()
    for style, (top, left, bottom, right) in style_blocks(layout.cells):
        _style(sheet.range((top, left), (bottom, right)), style)
    for cell in layout.cells:
        if cell.link is not None:
            sheet.range((cell.row, cell.column)).add_hyperlink(f"#{link_location(cell.link)}", cell.value)
    for letter, width in layout.widths:
        sheet.range(f"{letter}:{letter}").column_width = width
    try:
        sheet.freeze_panes.freeze_at(layout.freeze)
    except NotImplementedError:  # classic xlwings on Windows and macOS cannot freeze panes
        pass


def _style(cells, style: Style) -> None:
    if style.fill:
        cells.color = f"#{style.fill}"
    if style.bold:
        cells.font.bold = True
    if style.size:
        cells.font.size = style.size
    if style.colour:
        cells.font.color = f"#{style.colour}"
    if style.wrap:
        cells.wrap_text = True
        cells.vertical_alignment = "top"


def _mark_cells(book, layout: SheetLayout) -> list[str]:
    """A note on each cell with findings, unless it already has one (someone's own); the cells noted."""
    marked = []
    for note in layout.notes:
        cell = book.sheets[note.ref.sheet][note.ref.cell]
        if cell.note is None:
            cell.add_note(note.text)
            marked.append(str(note.ref))
    return marked


def _remove_previous(book) -> None:
    """Delete the previous run's Validering sheet and the notes it lists as ours."""
    if SHEET not in [sheet.name for sheet in book.sheets]:
        return
    previous = book.sheets[SHEET]
    last = previous.used_range.last_cell
    refs = []
    if last.column >= MARKED_COLUMN:
        values = previous.range((1, MARKED_COLUMN), (last.row, MARKED_COLUMN)).options(ndim=1).value
        refs = [value for value in values if isinstance(value, str) and "!" in value and value != MARKED_HEADER]
    names = {sheet.name for sheet in book.sheets}
    for ref in refs:
        sheet_name, _, cell_name = ref.rpartition("!")
        if sheet_name in names:
            note = book.sheets[sheet_name][cell_name].note
            if note is not None and _is_ours(note):
                note.delete()
    previous.delete()


def _is_ours(note) -> bool:
    try:
        return str(note.text).startswith(NOTE_PREFIX)
    except NotImplementedError:  # remote engines cannot read note text: trust the list we kept
        return True


def _alert(book, message: str, *, critical: bool = False) -> None:
    try:
        book.app.alert(message, title=TITLE, mode="critical" if critical else "info")
    except Exception:  # no UI to show it in (e.g. a test without an app): the sheet still says it
        pass
