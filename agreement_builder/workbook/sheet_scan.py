"""Streaming passes over SpreadsheetML parts: a worksheet's real extent, and the shared texts.

Used by :mod:`agreement_builder.workbook.prescan` before python-calamine parses anything;
the limits are those of :mod:`agreement_builder.package_limits`.
"""

from __future__ import annotations

import re
import zipfile
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PackageError
from ..model import column_number
from ..package_limits import LIMITS, Limits, StopParsing, number_text, parse_xml, stream_part

_REFERENCE = re.compile(r"([A-Za-z]{1,3})?([0-9]{1,7})?")
MAX_UNREAD_CELLS = 100  # error values and formulas without a value told per sheet; more are not listed
_TEXT_TYPES = ("s", "str", "inlineStr")


@dataclass
class SheetScan:
    """What a streaming pass over a worksheet found: its real extent and the start of row 1."""

    rows: int = 0  # last row holding a value (1-based; 0 when empty)
    columns: int = 0  # last column holding a value
    declared: str = ""  # the <dimension ref>, which the reader does not trust
    first_cell: tuple[str, str] | None = None  # (type, raw text) of A1 when it holds a value
    errors: list[tuple[str, str]] = field(default_factory=list)  # (cell, error value such as «#REF!»)
    uncached: list[str] = field(default_factory=list)  # cells with a formula saved without its value
    _row: int = 0
    _column: int = 0
    _has_value: bool = False
    _in_value: bool = False
    _type: str = ""
    _formula: bool = False
    _chars: int = 0
    _text: list[str] = field(default_factory=list)


@dataclass
class SharedStrings:
    """The shared-string table as the scan needs it: the texts asked for, and every text's length."""

    texts: dict[int, str] = field(default_factory=dict)
    lengths: array = field(default_factory=lambda: array("L"))


@dataclass
class ReadBudget:
    """What all the sheets that are read may hold together: cells with a value, and their characters.

    The reader turns each such cell into model objects, rules and document text, so these two
    numbers bound everything after the parse (docs/limits.md).
    """

    limits: Limits = LIMITS
    shared: SharedStrings = field(default_factory=SharedStrings)
    values: int = 0
    chars: int = 0

    def take(self, kind: str, raw: str, chars: int) -> str | None:
        """Count one cell with a value; the problem when a limit is passed, else ``None``."""
        if kind == "s":
            index = int(raw) if raw.strip().isdigit() else -1
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


def scan_sheet(package: zipfile.ZipFile, path: Path, name: str, limits: Limits = LIMITS, *, where: str = "",
               first_row_only: bool = False, budget: ReadBudget | None = None) -> SheetScan:
    """Stream worksheet part ``name``: extent, longest cell, A1; raise past ``limits``.

    With ``first_row_only`` the pass stops after row 1 (enough to tell what a sheet is), so a
    sheet that is never read costs next to nothing, whatever it holds further down. ``budget``
    counts the cells with a value and their text across all the sheets that are read.
    """
    scan = SheetScan()

    def fail(message: str) -> None:
        raise PackageError(path, message, where)

    def start(tag: str, attributes: dict[str, str]) -> None:
        if tag == "row":
            number = attributes.get("r")
            scan._row = int(number) if number and number.isdigit() else scan._row + 1
            scan._column = 0
            if first_row_only and scan._row > 1:
                raise StopParsing
        elif tag == "c":
            reference = _REFERENCE.fullmatch(attributes.get("r", ""))
            letters, digits = reference.groups() if reference else (None, None)
            scan._column = column_number(letters) if letters else scan._column + 1
            if digits:
                scan._row = int(digits)
            scan._has_value, scan._type, scan._chars, scan._text = False, attributes.get("t", ""), 0, []
            scan._formula = False
        elif tag == "f":
            scan._formula = True
        elif tag in ("v", "is"):
            scan._has_value = True
            scan._in_value = tag == "v"
        elif tag == "t":
            scan._in_value = True
        elif tag == "dimension":
            scan.declared = attributes.get("ref", "")

    def text(data: str) -> None:
        if scan._in_value:
            scan._chars += len(data)
            if scan._chars > limits.cell_chars:
                fail(f"celle {_cell(scan)} har mer enn {number_text(limits.cell_chars)} tegn")
            if scan._row == 1 and scan._column == 1 or scan._type in ("e", "s"):
                scan._text.append(data)

    def end(tag: str) -> None:
        if tag == "c" and not first_row_only:
            _note_unread(scan)
        if tag == "c" and scan._has_value:
            if not first_row_only:  # row 1 of a sheet that may not be read: no limit applies yet
                _extend(scan, limits, fail)
                problem = budget and budget.take(scan._type, "".join(scan._text), scan._chars)
                if problem:
                    raise PackageError(path, problem, f"{where}, celle {_cell(scan)}")
            if scan._row == 1 and scan._column == 1:
                scan.first_cell = (scan._type, "".join(scan._text))
        elif tag in ("v", "t"):
            scan._in_value = False
        elif tag == "row" and first_row_only and scan._row >= 1:
            raise StopParsing

    if first_row_only:  # however large the part: only its beginning is read
        chunks = _first_bytes(stream_part(package, path, name, limits, where, check_size=False), limits.part_bytes,
                              lambda: fail("arket er for stort før første rad slutter"))
    else:
        chunks = stream_part(package, path, name, limits, where)
    parse_xml(path, chunks, start, end=end, text=text, where=where)
    return scan


def _note_unread(scan: SheetScan) -> None:
    """Remember the cell just ended if it shows an error value or is a formula saved without its value.

    python-calamine reads both as empty, so only the sheet's XML can tell them from an empty cell.
    A formula whose value is the empty text (``t="str"`` and an empty ``<v>``) has its value.
    """
    if scan._type == "e" and scan._has_value:
        if len(scan.errors) < MAX_UNREAD_CELLS:
            scan.errors.append((_cell(scan), "".join(scan._text).strip()))
    elif scan._formula and not (scan._has_value and (scan._chars or scan._type in _TEXT_TYPES)):
        if len(scan.uncached) < MAX_UNREAD_CELLS:
            scan.uncached.append(_cell(scan))


def _first_bytes(chunks: Iterable[bytes], limit: int, fail: Callable[[], None]) -> Iterator[bytes]:
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            fail()
        yield chunk


def _cell(scan: SheetScan) -> str:
    letters = ""
    column = scan._column
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{scan._row}"


def _extend(scan: SheetScan, limits: Limits, fail: Callable[[str], None]) -> None:
    """Grow the extent to the current cell, failing as soon as a limit is passed."""
    if scan._row > limits.rows:
        fail(f"celle {_cell(scan)} ligger under rad {number_text(limits.rows)}, grensen for hvor langt ned arket leses")
    if scan._column > limits.columns:
        fail(f"celle {_cell(scan)} ligger lenger ut enn kolonne {limits.columns}, grensen for hvor bredt arket leses")
    scan.rows, scan.columns = max(scan.rows, scan._row), max(scan.columns, scan._column)
    if scan.rows * scan.columns > limits.cells:
        fail(f"arket strekker seg til {_cell(scan)}, over {number_text(limits.cells)} celler – "
             "slett tomme rader og kolonner langt ute i arket")


def scan_shared_strings(package: zipfile.ZipFile, path: Path, name: str, wanted: Iterable[int] = (),
                        limits: Limits = LIMITS) -> SharedStrings:
    """Check the shared-string table's size and count; return the texts at indexes ``wanted`` and all lengths."""
    wanted = set(wanted)
    table = SharedStrings()
    found, lengths = table.texts, table.lengths
    state = {"index": -1, "chars": 0, "depth_phonetic": 0, "in_text": False}
    current: list[str] = []
    where = "tabellen over delte tekster"

    def start(tag: str, _attributes: dict[str, str]) -> None:
        if tag == "si":
            state["index"] += 1
            state["chars"] = 0
            current.clear()
            if state["index"] >= limits.shared_strings:
                raise PackageError(path, f"har over {number_text(limits.shared_strings)} delte tekster", where)
        elif tag == "rPh":
            state["depth_phonetic"] += 1
        elif tag == "t":
            state["in_text"] = True

    def end(tag: str) -> None:
        if tag == "si":
            lengths.append(state["chars"])
            if state["index"] in wanted:
                found[state["index"]] = "".join(current)
        elif tag == "rPh":
            state["depth_phonetic"] -= 1
        elif tag == "t":
            state["in_text"] = False

    def text(data: str) -> None:
        if not state["in_text"]:
            return
        state["chars"] += len(data)
        if state["chars"] > limits.cell_chars:
            raise PackageError(path, f"delt tekst nr. {state['index'] + 1} har mer enn "
                                     f"{number_text(limits.cell_chars)} tegn", where)
        if state["index"] in wanted and not state["depth_phonetic"]:
            current.append(data)

    parse_xml(path, stream_part(package, path, name, limits, where), start, end=end, text=text, where=where)
    return table
