"""Writing the imported agreement as a workbook: our own writer, text kept as text, never onto the input."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import OutputError
from ..files import atomic_output
from ..workbook.writer import build_workbook
from . import ImportResult


def check_not_input(source: Path, target: Path) -> None:
    """Refuse a target that is the source document (also through a link or another spelling of the path)."""
    same = target.resolve() == source.resolve()
    if not same and target.exists():
        try:
            same = os.path.samefile(source, target)
        except OSError:
            same = False
    if same:
        raise OutputError(f"{target}: er selve dokumentet som importeres – velg et annet navn for arbeidsboken")


def write_import(result: ImportResult, source: Path, target: Path, *, overwrite: bool = False) -> Path:
    """Write ``result`` to ``target`` atomically; the report's notices go on the guidance sheet."""
    check_not_input(source, target)
    if target.suffix.lower() != ".xlsx":
        raise OutputError(f"{target}: arbeidsboken må ha endelsen .xlsx")
    book = build_workbook(result.agreement, notices=result.report.sheet_lines())
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":  # a text from the document that starts with «=» stays text
                    cell.data_type = "s"
    with atomic_output(target, overwrite=overwrite) as temporary:
        book.save(temporary)
    return target
