"""Hyperlink ranges cost what the sheet holds: each range is clipped to the cells with a value.

A 95 KB workbook of 10 000 hyperlinks over about 1 000 cells each (A1:AL26, A27:AL52, …) made
ten million link entries (956 MB, 3.7 s) although the sheet has a few dozen values.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from agreement_builder.errors import PackageError
from agreement_builder.package_limits import LIMITS, Limits, open_package
from agreement_builder.workbook import read_workbook, sheet_media
from agreement_builder.workbook.prescan import plan_sheets

from hostile_workbooks import hyperlink_ranges

SHEET = "Hjerneslag - milde og moderate"


def _media(path: Path, limits: Limits = LIMITS):
    with open_package(path) as package:
        plan = next(plan for plan in plan_sheets(package, path) if plan.name == SHEET)
        return sheet_media.read_sheet_media(package, path, plan, limits)


def _values(path: Path) -> set[tuple[int, int]]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET).to_python(skip_empty_area=False)
    return {(row, col) for row, cells in enumerate(rows) for col, value in enumerate(cells) if value not in ("", None)}


def test_a_hyperlink_range_covers_only_the_cells_holding_a_value(tmp_path):
    path = hyperlink_ranges(tmp_path / "lenker.xlsx", 50)
    links = _media(path).links
    assert set(links) == _values(path)  # all of them lie in the first range, A1:AL26
    assert set(links.values()) == {"https://www.example.no/"}


def test_ten_thousand_ranges_over_a_thousand_cells_each_are_read(tmp_path, example):
    path = hyperlink_ranges(tmp_path / "lenker.xlsx", 10_000)
    assert set(_media(path).links) == _values(path)
    assert len(read_workbook(path).agreement.tasks) == len(example.tasks)


def test_ranges_looking_at_more_cells_than_the_cell_limit_are_refused_naming_the_sheet(tmp_path):
    path = hyperlink_ranges(tmp_path / "lenker.xlsx", 50)
    with pytest.raises(PackageError, match=rf"ark «{SHEET}»: lenkene på arket dekker til sammen mer enn 5 celler"):
        _media(path, Limits(cells=5))


def test_more_than_10_000_hyperlinks_name_the_sheet_and_a_bokmal_number(tmp_path):
    path = hyperlink_ranges(tmp_path / "lenker.xlsx", 10_001, rows_each=1, last_column="A")
    with pytest.raises(PackageError, match=rf"lenker.xlsx, ark «{SHEET}»: arket har mer enn 10 000 lenker"):
        read_workbook(path)
