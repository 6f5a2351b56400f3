"""Streaming passes over SpreadsheetML parts: a worksheet's real extent, and the shared texts.

Used by :mod:`agreement_builder.workbook.prescan` before python-calamine parses anything;
the limits are those of :mod:`agreement_builder.package_limits`.
"""

from __future__ import annotations

import re
import zipfile
from array import array
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import PackageError
from ..model import column_number
from ..package_limits import LIMITS, Limits, LocalNames, StopParsing, number_text, parse_expat, stream_part
from ..text import clean_text, normalise, shortened

MAX_UNREAD_CELLS = 100  # error values and formulas without a value told per sheet; more are not listed
HYPERLINKS = 10_000  # per sheet
_TEXT_TYPES = ("s", "str", "inlineStr")
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384  # Excel's grid: A1:XFD1048576
_CELL_REFERENCE = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")  # ASCII only; lower case is read as upper case
_ROW_NUMBER = re.compile(r"[0-9]{1,7}")
_SHOWN_REFERENCE = 20  # characters of a bad reference quoted in a message


class SharedStrings:
    """The shared-string table as the scan needs it: the texts asked for, and every text's length."""

    __slots__ = ("texts", "lengths")

    def __init__(self) -> None:
        self.texts: dict[int, str] = {}
        self.lengths = array("L")


class ReadBudget:
    """What all the sheets that are read may hold together: cells with a value, and their characters.

    The reader turns each such cell into model objects, rules and document text, so these two
    numbers bound everything after the parse (docs/limits.md).
    """

    __slots__ = ("limits", "shared", "values", "chars")

    def __init__(self, limits: Limits = LIMITS, shared: SharedStrings | None = None) -> None:
        self.limits = limits
        self.shared = shared or SharedStrings()
        self.values = 0
        self.chars = 0

    def take(self, kind: str, raw: str, chars: int) -> str | None:
        """Count one cell with a value; the problem when a limit is passed, else ``None``."""
        if kind == "s":
            index = shared_index(raw)
            chars = self.shared.lengths[index] if 0 <= index < len(self.shared.lengths) else 0
        self.values += 1
        self.chars += chars
        if self.values > self.limits.values:
            return (f"arkene som leses, har til sammen flere enn {number_text(self.limits.values)} celler med "
                    "innhold – langt flere enn noen avtale har; del arbeidsboken opp eller fjern rader som ikke "
                    "hører til")
        if self.chars > self.limits.text_chars:
            return (f"arkene som leses, har til sammen mer enn {number_text(self.limits.text_chars)} tegn tekst – "
                    "langt mer enn noen avtale har; del arbeidsboken opp eller korte ned tekstene")
        return None


def shared_index(raw: str) -> int:
    """The shared-text index a cell of type ``s`` holds; -1 when it holds none (not ASCII digits)."""
    raw = raw.strip()
    return int(raw) if raw.isdigit() and raw.isascii() else -1


def cell_key(row: int, column: int) -> int:
    """One number for the 0-based cell (``row``, ``column``): ``row * EXCEL_COLUMNS + column``."""
    return row * EXCEL_COLUMNS + column


class SheetScan:
    """What a streaming pass over a worksheet found: its extent, the start of row 1, what calamine cannot see.

    ``hyperlinks`` ((range, relationship id) of each ``<hyperlink>`` with an id) and ``drawings``
    (relationship ids of ``<drawing>``) let the links and pictures be read without a second pass;
    ``cells`` (the :func:`cell_key` of each cell holding a value) bounds what a hyperlink's range
    can cover. The read budget bounds ``cells`` (100 000 in all the sheets read).
    """

    __slots__ = ("rows", "columns", "first_cell", "errors", "uncached", "hyperlinks", "drawings", "cells")

    def __init__(self) -> None:
        self.rows = 0  # last row holding a value (1-based; 0 when empty)
        self.columns = 0  # last column holding a value
        self.first_cell: tuple[str, str] | None = None  # (type, raw text) of A1 when it holds a value
        self.errors: list[tuple[str, str]] = []  # (cell, error value such as «#REF!»)
        self.uncached: list[str] = []  # cells with a formula saved without its value
        self.hyperlinks: list[tuple[str, str]] = []
        self.drawings: list[str] = []
        self.cells: set[int] = set()


def scan_sheet(package: zipfile.ZipFile, path: Path, name: str, limits: Limits = LIMITS, *, where: str = "",
               first_row_only: bool = False, budget: ReadBudget | None = None) -> SheetScan:
    """Stream worksheet part ``name``: extent, longest cell, A1, hyperlinks and drawings; raise past ``limits``.

    With ``first_row_only`` the pass stops after row 1 (enough to tell what a sheet is), so a
    sheet that is never read costs next to nothing, whatever it holds further down. ``budget``
    counts the cells with a value and their text across all the sheets that are read.
    """
    scanner = _SheetScanner(path, name, limits, where, first_row_only, budget)
    if first_row_only:  # however large the part: only its beginning is read
        chunks = _first_bytes(stream_part(package, path, name, limits, where, check_size=False), limits.part_bytes,
                              lambda: scanner.fail("arket er for stort før første rad slutter"))
    else:
        chunks = stream_part(package, path, name, limits, where)
    parse_expat(path, chunks, scanner.start, end=scanner.end, text=scanner.text, where=where)
    return scanner.scan


class _Columns(dict):
    """Column letters to their number, each worked out once."""

    def __missing__(self, letters: str) -> int:
        number = column_number(letters)
        if len(self) < 4096:
            self[letters] = number
        return number


_COLUMNS = _Columns()


class _SheetScanner:
    """The expat handlers of :func:`scan_sheet`: one call per event, state in slots."""

    __slots__ = ("scan", "path", "part", "limits", "where", "first_row_only", "budget", "local", "row_element",
                 "row", "column", "has_value", "in_value", "type", "formula", "chars", "keep", "raw")

    def __init__(self, path: Path, part: str, limits: Limits, where: str, first_row_only: bool,
                 budget: ReadBudget | None) -> None:
        self.scan = SheetScan()
        self.path, self.part, self.limits, self.where = path, part, limits, where
        self.first_row_only, self.budget = first_row_only, budget
        self.local = LocalNames()
        self.row_element = self.row = self.column = self.chars = 0
        self.has_value = self.in_value = self.formula = self.keep = False
        self.type = self.raw = ""

    def fail(self, message: str) -> None:
        raise PackageError(self.path, message, self.where)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        tag = self.local[name]
        if tag == "c":
            self._start_cell(attributes.get("r"), attributes.get("t", ""))
        elif tag == "v":
            self.has_value = self.in_value = True
        elif tag == "row":
            self._start_row(attributes.get("r"))
        elif tag == "f":
            self.formula = True
        elif tag == "is":
            self.has_value, self.in_value = True, False
        elif tag == "t":
            self.in_value = True
        elif tag == "hyperlink" or tag == "drawing":
            self._relation(tag, {self.local[key]: value for key, value in attributes.items()})

    def _start_row(self, number: str | None) -> None:
        """A new row: its ``r``, else the one after the last row, as python-calamine counts rows."""
        if number is None:
            row = self.row_element + 1
        elif _ROW_NUMBER.fullmatch(number):
            row = int(number)
        else:
            row = 0
        if self.first_row_only and (row != 1 or self.row_element):
            raise StopParsing  # only row 1 matters, and what calamine never reads is not checked
        if not 1 <= row <= EXCEL_ROWS:
            shown = _quoted(str(row) if number is None else number)
            self.fail(f"rad {shown} er ikke et gyldig radnummer – Excel har radene 1–{number_text(EXCEL_ROWS)}")
        self.row_element = self.row = row
        self.column = 0

    def _start_cell(self, reference: str | None, kind: str) -> None:
        """A new cell: where it is (its ``r``, else the column after the last in this row) and of which type.

        Every ``r`` is read as python-calamine reads it; one that is no A1 reference inside Excel's
        grid is refused, so calamine never sizes a grid by it. A missing ``r`` is allowed (LibreOffice
        and other writers leave it out): the cell is the one after the last in its row.
        """
        if reference is None:
            self.row, self.column = self.row_element, self.column + 1
        else:
            match = _CELL_REFERENCE.fullmatch(reference)
            row = int(match.group(2)) if match else 0
            column = _COLUMNS[match.group(1)] if match else 0
            if not (1 <= row <= EXCEL_ROWS and 1 <= column <= EXCEL_COLUMNS) and not self.first_row_only:
                self.fail(f"cellereferansen {_quoted(reference)} er ikke en gyldig celle – Excel har kolonnene "
                          f"A–XFD og radene 1–{number_text(EXCEL_ROWS)}")
            self.row, self.column = row, column
        if self.column > EXCEL_COLUMNS and not self.first_row_only:
            self.fail(f"en celle uten referanse etter {self._cell(EXCEL_COLUMNS)} ligger utenfor Excels "
                      "siste kolonne (XFD)")
        self.has_value = self.formula = False
        self.type, self.chars, self.raw = kind, 0, ""
        self.keep = kind == "e" or kind == "s" or (self.row == 1 and self.column == 1)

    def _relation(self, tag: str, attributes: dict[str, str]) -> None:
        """Note a hyperlink's range and a drawing by their relationship ids, to read them after the pass."""
        rid = attributes.get("id")
        if not rid:
            return
        if tag == "drawing":
            self.scan.drawings.append(rid)
            return
        if len(self.scan.hyperlinks) >= HYPERLINKS:
            self.fail(f"arket har mer enn {number_text(HYPERLINKS)} lenker – langt flere enn noen avtale har")
        self.scan.hyperlinks.append((attributes.get("ref", ""), rid))

    def text(self, data: str) -> None:
        if self.in_value:
            self.chars += len(data)
            if self.chars > self.limits.cell_chars:
                self.fail(f"celle {self._cell()} har mer enn {number_text(self.limits.cell_chars)} tegn")
            if self.keep:
                self.raw += data

    def end(self, name: str) -> None:
        tag = self.local[name]
        if tag == "v" or tag == "t":
            self.in_value = False
        elif tag == "c":
            self._end_cell()
        elif tag == "row" and self.first_row_only and self.row >= 1:
            raise StopParsing

    def _end_cell(self) -> None:
        scan = self.scan
        if not self.first_row_only:
            self._note_unread()
        if not self.has_value:
            return
        if not self.first_row_only:  # row 1 of a sheet that may not be read: no limit applies yet
            self._extend()
            problem = self.budget and self.budget.take(self.type, self.raw, self.chars)
            if problem:
                raise PackageError(self.path, problem, f"{self.where}, celle {self._cell()}")
            scan.cells.add(cell_key(self.row - 1, self.column - 1))
        if self.row == 1 and self.column == 1:
            scan.first_cell = (self.type, self.raw)

    def _note_unread(self) -> None:
        """Remember the cell just ended if it shows an error value or is a formula saved without its value.

        python-calamine reads both as empty, so only the sheet's XML can tell them from an empty cell.
        A formula whose value is the empty text (``t="str"`` and an empty ``<v>``) has its value.
        """
        scan = self.scan
        if self.type == "e" and self.has_value:
            if len(scan.errors) < MAX_UNREAD_CELLS:
                scan.errors.append((self._cell(), self.raw.strip()))
        elif self.formula and not (self.has_value and (self.chars or self.type in _TEXT_TYPES)):
            if len(scan.uncached) < MAX_UNREAD_CELLS:
                scan.uncached.append(self._cell())

    def _extend(self) -> None:
        """Grow the extent to the current cell, failing as soon as a limit is passed."""
        scan, limits = self.scan, self.limits
        if self.row > limits.rows:
            self.fail(f"celle {self._cell()} ligger under rad {number_text(limits.rows)}, grensen for hvor langt "
                      "ned arket leses")
        if self.column > limits.columns:
            self.fail(f"celle {self._cell()} ligger lenger ut enn kolonne {limits.columns}, grensen for hvor bredt "
                      "arket leses")
        if self.row > scan.rows or self.column > scan.columns:
            scan.rows, scan.columns = max(scan.rows, self.row), max(scan.columns, self.column)
            if scan.rows * scan.columns > limits.cells:
                self.fail(f"arket strekker seg til {self._cell()}, over {number_text(limits.cells)} celler – "
                          "slett tomme rader og kolonner langt ute i arket")

    def _cell(self, column: int = 0) -> str:
        """The current cell (or ``column`` of the current row) as an A1 reference."""
        letters = ""
        column = column or self.column
        while column:
            column, rest = divmod(column - 1, 26)
            letters = chr(65 + rest) + letters
        return f"{letters}{self.row}"


def _quoted(reference: str) -> str:
    """A reference from the file quoted in a message: cleaned of control characters and shortened."""
    return f"«{shortened(normalise(clean_text(reference)), _SHOWN_REFERENCE)}»"


def _first_bytes(chunks: Iterable[bytes], limit: int, fail: Callable[[], None]) -> Iterator[bytes]:
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            fail()
        yield chunk


def scan_shared_strings(package: zipfile.ZipFile, path: Path, name: str, wanted: Iterable[int] = (),
                        limits: Limits = LIMITS) -> SharedStrings:
    """Check the shared-string table's size and count; return the texts at indexes ``wanted`` and all lengths."""
    scanner = _SharedStringsScanner(path, set(wanted), limits)
    parse_expat(path, stream_part(package, path, name, limits, scanner.WHERE), scanner.start, end=scanner.end,
                text=scanner.text, where=scanner.WHERE)
    return scanner.table


class _SharedStringsScanner:
    """The expat handlers of :func:`scan_shared_strings`: one call per event, state in slots."""

    WHERE = "tabellen over delte tekster"
    __slots__ = ("table", "path", "wanted", "limits", "local", "index", "chars", "phonetic", "in_text", "current")

    def __init__(self, path: Path, wanted: set[int], limits: Limits) -> None:
        self.table = SharedStrings()
        self.path, self.wanted, self.limits = path, wanted, limits
        self.local = LocalNames()
        self.index, self.chars, self.phonetic, self.in_text = -1, 0, 0, False
        self.current: list[str] = []

    def start(self, name: str, _attributes: dict[str, str]) -> None:
        tag = self.local[name]
        if tag == "t":
            self.in_text = True
        elif tag == "si":
            self.index += 1
            self.chars = 0
            self.current.clear()
            if self.index >= self.limits.shared_strings:
                raise PackageError(self.path, f"har over {number_text(self.limits.shared_strings)} delte tekster",
                                   self.WHERE)
        elif tag == "rPh":
            self.phonetic += 1

    def end(self, name: str) -> None:
        tag = self.local[name]
        if tag == "t":
            self.in_text = False
        elif tag == "si":
            self.table.lengths.append(self.chars)
            if self.index in self.wanted:
                self.table.texts[self.index] = "".join(self.current)
        elif tag == "rPh":
            self.phonetic -= 1

    def text(self, data: str) -> None:
        if not self.in_text:
            return
        self.chars += len(data)
        if self.chars > self.limits.cell_chars:
            raise PackageError(self.path, f"delt tekst nr. {self.index + 1} har mer enn "
                                          f"{number_text(self.limits.cell_chars)} tegn", self.WHERE)
        if self.index in self.wanted and not self.phonetic:
            self.current.append(data)
