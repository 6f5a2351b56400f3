"""Workbook adapter: .xlsx files and cell grids in, the domain model out; the blank workbook out."""

from .reader import ReadResult, parse_sheets, read_workbook
from .source import SheetData, load_sheets

__all__ = ["ReadResult", "SheetData", "load_sheets", "parse_sheets", "read_workbook"]
