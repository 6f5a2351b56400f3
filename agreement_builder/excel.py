"""Excel entry points (xlwings): check the open workbook and write the agreement from a ribbon button.

``main(book)`` validates, shows the findings in a "Validering" sheet next to the data and as
notes on the offending cells (drawn from :mod:`agreement_builder.validation.sheet_layout`, as the
command line draws them), and writes the .docx. As on the command line, findings do not block:
an agreement with errors is written as a draft that says so on its first page. Only a workbook
that cannot be read stops the run (one line in an alert). The findings never depend on the
document: when it cannot be written (no folder, the file open in Word, a full disk), row 2 of the
sheet and the alert say why in one line. ``validate(book)`` and ``build(book)`` do one half each.
The workbook's own data is never changed: only the Validering sheet and the notes, both replaced
on every run.

Where the document goes: the folder in «Mappe for avtaledokument», else beside the workbook,
else (never saved, or in OneDrive/SharePoint without a synced copy) «Samarbeidsavtaler» in the
user's Documents. Every value the sheet gets is text: each cell's number format is set to text
before its value, so Excel makes no formula, number or date of what a cell of the user said.

The values are read from Excel and handed to the same reader and rules as the command line
(:func:`agreement_builder.workbook.parse_sheets`). xlwings is imported only here, lazily;
the rest of the package never imports it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import AgreementError
from .excel_target import ONLINE, Place, may_replace, output_target, place_of
from .files import os_problem
from .model import AgreementStatus
from .paths import guarding_inputs, note_input
from .text import shortened
from .validation import Report, merge, validate as validate_agreement, validate_extract
from .validation.output import summary_line
from .sheet_look import MARGINS_CM, PAGE_FOOTER, PAGE_HEADER, PAPER_A4
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
    try:
        book = book if book is not None else _xlwings().Book.caller()
    except Exception as exc:  # not started from Excel: there is no workbook to show anything in
        raise AgreementError(f"Fant ikke arbeidsboken i Excel ({_short(exc)}).") from None
    try:
        return action(book)
    except AgreementError as exc:
        _alert(book, str(exc), critical=True)
    except Exception as exc:  # the button must never end in a Python traceback dialog
        _alert(book, _unexpected(exc), critical=True)
    return None


def _xlwings():
    import xlwings

    return xlwings


# --- the work ----------------------------------------------------------------------------------
def read_book(book):
    """The Book's sheets as grids (our own Validering sheet left out), parsed by the workbook reader."""
    return parse_sheets(_sheets(book), Path(book.name), folder=workbook_place(book).folder)  # image files: its folder


def read_book_input(book):
    """What the open Book is (see workbook/inputs.py): a workbook, a group workbook (an extract), or the
    main workbook of an agreement folder, read with the group workbooks saved beside it."""
    from .workbook.inputs import read_sheets_input

    return read_sheets_input(_sheets(book), Path(Path(book.name).name), _saved_folder(book))


def _sheets(book) -> list[SheetData]:
    return [SheetData(sheet.name, _values(sheet)) for sheet in book.sheets if sheet.name != SHEET]


def _saved_folder(book) -> Path | None:
    """The local folder the Book is saved in (where its group workbooks are), or None."""
    folder = workbook_place(book).folder
    return folder if folder is not None and folder.is_dir() else None


def _values(sheet) -> list[list[Any]]:
    last = sheet.used_range.last_cell
    values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value
    return [list(row) for row in values]


@dataclass(frozen=True)
class Saved:
    """What became of the document: where it went (``None``: nowhere) and one sentence saying so."""

    path: Path | None
    line: str


def _run(book, *, show: bool, write: bool) -> Report:
    result = read_book_input(book)
    if result.is_extract:  # a group workbook: the group rules only
        rules_report = validate_extract(result.agreement)
    else:  # the document is made from the rules' findings (and a folder's findings between files), as on the CLI
        rules_report = merge(validate_agreement(result.agreement), result.findings)
    report = merge(rules_report, result.notices)  # the sheet and the message also tell what the reader noticed
    saved = _save(book, result, rules_report) if write else None
    problems = _show(book, report, saved.line if saved else None) if show else []
    if saved is None:
        message = f"{summary_line(report)} Se arket «{SHEET}»."
    else:
        message = f"{saved.line} {summary_line(report)}"
    failed = bool(problems) or (saved is not None and saved.path is None)
    _alert(book, " ".join([message, *problems]), critical=failed or not report.valid)
    return report


def _save(book, result, rules_report: Report) -> Saved:
    """Write the document; a failure becomes the sentence that says why, so the findings are still shown.

    A group workbook (``result.is_extract``) gets its extract, «NAVN (utdrag).docx», not an agreement.
    """
    agreement = result.agreement
    what = "Utdraget (ikke avtalen)" if result.is_extract else "Avtalen"
    try:
        if agreement.is_empty:
            raise AgreementError("arbeidsboken har ingen diagnosegrupper eller kapitler ennå – fyll ut arkene først.")
        place = workbook_place(book)
        target, why = output_target(book.name, agreement.facts, place)
        with guarding_inputs():
            if place.folder is not None:
                note_input(place.folder / Path(book.name).name)
            if result.is_extract:
                from .render.extract import render_extract

                target = target.with_name(f"{target.stem} (utdrag).docx")
                render_extract(agreement, target, report=rules_report, overwrite=may_replace(target))
            else:
                from .render import render_agreement

                render_agreement(agreement, target, overwrite=may_replace(target), report=rules_report)
    except AgreementError as exc:
        return Saved(None, f"{what} ble ikke lagret: {_sentence(str(exc))}")
    except OSError as exc:
        return Saved(None, f"{what} ble ikke lagret: {os_problem(exc)}.")
    except Exception as exc:  # named on the sheet and in the message, never a traceback
        return Saved(None, f"{what} ble ikke lagret: {_unexpected(exc)}")
    draft = " Den er merket som utkast (status Utkast)." if agreement.facts.status is AgreementStatus.DRAFT else ""
    return Saved(target, f"{what} er lagret i {target}.{draft}{why}")


def workbook_place(book) -> Place:
    """Where the workbook lives, from ``book.fullname``.

    xlwings turns a OneDrive or SharePoint address into the synced local path; where there is no
    synced copy it raises, and Excel on the web sends only the name.
    """
    try:
        fullname = str(book.fullname)
    except Exception:  # xlwings: «Couldn't find your local OneDrive file» and the like
        return Place(None, ONLINE)
    return place_of(fullname)


# --- showing the findings in the workbook ------------------------------------------------------
def _show(book, report: Report, status: str | None = None) -> list[str]:
    """Replace the Validering sheet and the notes; ``status`` (what became of the document) is row 2.

    Returns what could not be done, one bokmål sentence each (the message adds them).
    """
    try:
        _remove_previous(book)
        layout = findings_layout(report, sheets=[sheet.name for sheet in book.sheets], status=status, notes=True)
        sheet = book.sheets.add(SHEET, before=book.sheets[0])
        paint(sheet, layout)
    except Exception as exc:  # e.g. a protected workbook structure
        return [f"Arket «{SHEET}» kunne ikke skrives (er arbeidsboken beskyttet?): {_short(exc)}."]
    marked, problems = _mark_cells(book, layout)
    try:
        _keep_books(sheet, marked)
    except Exception as exc:
        problems.append(f"Listen over merknadene kunne ikke skrives på arket «{SHEET}»: {_short(exc)}.")
    return problems


def _keep_books(sheet, marked: list[str]) -> None:
    """Column H: the cells this run put a note on, so the next run removes only those."""
    bookkeeping = sheet.range((HEADER_ROW, MARKED_COLUMN), (HEADER_ROW + len(marked), MARKED_COLUMN))
    bookkeeping.number_format = "@"  # before the values: a sheet name is text, whatever it starts with
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
    for row, height in layout.heights:  # Excel would show one line of wrapped text until a row is touched
        sheet.range((row, 1)).row_height = height
    try:
        sheet.freeze_panes.freeze_at(layout.freeze)
    except NotImplementedError:  # classic xlwings on Windows and macOS cannot freeze panes
        pass
    _page_setup(sheet, layout)


def _page_setup(sheet, layout: SheetLayout) -> None:
    """Landscape A4, one page wide, header rows on every page, the sheet's name and page numbers.

    Only Excel on Windows (COM) offers the page setup to xlwings; elsewhere the sheet prints with
    Excel's defaults.
    """
    try:
        setup = sheet.api.PageSetup
    except Exception:  # macOS or a remote engine: no page setup object
        return
    first, last = layout.print_titles
    points = {side: centimetres * 72 / 2.54 for side, centimetres in MARGINS_CM.items()}
    settings = {
        "PaperSize": PAPER_A4, "Orientation": 2, "Zoom": False, "FitToPagesWide": 1, "FitToPagesTall": False,
        "PrintTitleRows": f"${first}:${last}", "CenterHeader": PAGE_HEADER, "CenterFooter": PAGE_FOOTER,
        "LeftMargin": points["left"], "RightMargin": points["right"], "TopMargin": points["top"],
        "BottomMargin": points["bottom"], "HeaderMargin": points["header"], "FooterMargin": points["footer"],
    }
    for name, value in settings.items():  # 2: xlLandscape; Zoom off so that the fit applies
        try:
            setattr(setup, name, value)
        except Exception:  # e.g. no printer installed: the sheet is still there
            return


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


def _mark_cells(book, layout: SheetLayout) -> tuple[list[str], list[str]]:
    """A note on each cell with findings, unless it already has one (someone's own).

    Returns the cells noted, and what could not be done (a note on a protected sheet, or an
    Excel without notes); the findings are on the sheet either way.
    """
    marked: list[str] = []
    failed = 0
    for note in layout.notes:
        cell = book.sheets[note.ref.sheet][note.ref.cell]
        try:
            if cell.note is None:
                cell.add_note(note.text)  # a note is plain text: Excel never evaluates it
                marked.append(str(note.ref))
        except NotImplementedError:  # this Excel cannot add notes at all
            return marked, [f"Denne Excel-versjonen kan ikke sette merknader på cellene; funnene står på arket "
                            f"«{SHEET}»."]
        except Exception:  # e.g. a protected sheet
            failed += 1
    if failed:
        return marked, [f"{failed} av cellene med funn fikk ikke merknad (er arket beskyttet?); funnene står på "
                        f"arket «{SHEET}»."]
    return marked, []


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
        sheet_name, cell_name = split_ref(ref)
        if sheet_name in names:
            note = book.sheets[sheet_name][cell_name].note
            if note is not None and _is_ours(note):
                note.delete()
    previous.delete()


def split_ref(ref: str) -> tuple[str, str]:
    """(sheet, cell) from «'Ark 1'!B2» or «Ark!B2» (as this column holds them, now or from older versions)."""
    sheet_name, _, cell_name = ref.rpartition("!")
    if len(sheet_name) > 1 and sheet_name.startswith("'") and sheet_name.endswith("'"):
        sheet_name = sheet_name[1:-1].replace("''", "'")
    return sheet_name, cell_name


def _is_ours(note) -> bool:
    try:
        return str(note.text).startswith(NOTE_PREFIX)
    except NotImplementedError:  # remote engines cannot read note text: trust the list we kept
        return True


def _alert(book, message: str, *, critical: bool = False) -> None:
    try:
        book.app.alert(_one_line(message), title=TITLE, mode="critical" if critical else "info")
    except Exception:  # no UI to show it in (e.g. a test without an app): the sheet says it
        pass


def _one_line(text: str) -> str:
    """``text`` on one line: line breaks and other control characters become spaces."""
    return " ".join("".join(" " if unicodedata.category(char)[0] == "C" else char for char in text).split())


def _short(exc: BaseException, limit: int = 200) -> str:
    """An exception as a short single line (its type when it says nothing)."""
    text = _one_line(str(exc)) or type(exc).__name__
    return shortened(text, limit)


def _sentence(text: str) -> str:
    return text if text.rstrip().endswith((".", "!", "?")) else f"{text}."


def _unexpected(exc: BaseException) -> str:
    return (f"Uventet feil ({type(exc).__name__}: {_short(exc)}). Meld fra til den som drifter verktøyet.")
