"""Writing the imported agreement as a workbook: our own writer, text kept as text."""

from __future__ import annotations

from pathlib import Path

from ..errors import OutputError
from ..files import atomic_output
from ..workbook.writer import build_workbook
from . import ImportResult


def write_import(result: ImportResult, target: Path, *, overwrite: bool = False) -> Path:
    """Write ``result`` to ``target`` atomically; the report goes on the guidance sheet.

    Within a command the document was noted as an input when it was read, so ``target`` can never
    be the document (the same path, a symbolic or a hard link); :mod:`agreement_builder.paths` refuses it.
    """
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
