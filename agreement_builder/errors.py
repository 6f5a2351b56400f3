"""Exceptions for "cannot proceed"; problems *in* a workbook are findings, not exceptions."""

from __future__ import annotations

from pathlib import Path


class AgreementError(Exception):
    """The command could not run. ``str()`` is one line for the user (bokmål)."""

    exit_code = 2


class WorkbookError(AgreementError):
    """The workbook cannot be understood; names the file, sheet and cell."""

    def __init__(self, path: str | Path, message: str, sheet: str = "", cell: str = ""):
        self.path = Path(path)
        self.sheet = sheet
        self.cell = cell
        self.message = message
        super().__init__(self._line())

    def _line(self) -> str:
        where = [self.path.name]
        if self.sheet:
            where.append(f"ark «{self.sheet}»")
        if self.cell:
            where.append(f"celle {self.cell}")
        return f"{', '.join(where)}: {self.message}"


class OutputError(AgreementError):
    """An output file could not be written."""


class PackageError(AgreementError):
    """An Office package (.xlsx, .docx) is damaged or past the limits in docs/limits.md."""

    def __init__(self, path: str | Path, message: str, where: str = ""):
        self.path = Path(path)
        self.where = where
        self.message = message
        super().__init__(f"{self.path.name}{', ' + where if where else ''}: {message}")
