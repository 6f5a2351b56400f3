"""Reading copies for merge: reusing BASE's parsed groups for identical sheets gives exactly the reader's model."""

from __future__ import annotations

import pytest

from agreement_builder.errors import WorkbookError
from agreement_builder.merge.workbook import read_input
from agreement_builder.workbook import read_workbook

from conftest import group_sheet


def _move_and_reorder(book):
    sheet = group_sheet(book, "Hjerneslag - milde og moderate")
    sheet["C5"], sheet["B8"] = None, "Kommunal døgnenhet"
    book.move_sheet(group_sheet(book, "Kreft").title, offset=-4)


def _rename_sheet_and_category(book):
    group_sheet(book, "KOLS").title = "Lungesykdom"
    book["Kategorier"]["A2"] = "Ervervede skader og ulykker"
    for sheet in book.worksheets:
        if sheet["A2"].value == "Kategori" and sheet["B2"].value == "Ervervede skader":
            sheet["B2"] = "Ervervede skader og ulykker"


def _reorder_categories(book):
    sheet = book["Kategorier"]
    sheet["A2"], sheet["A3"] = sheet["A3"].value, sheet["A2"].value


@pytest.mark.parametrize("change", [_move_and_reorder, _rename_sheet_and_category, _reorder_categories])
def test_reusing_base_groups_equals_a_full_read(example_path, edited, change):
    base = read_input(example_path)
    path = edited(change)
    assert read_input(path, base=base).agreement == read_workbook(path).agreement


def test_a_category_missing_from_the_list_is_still_an_error(example_path, edited):
    def drop_category(book):
        book["Kategorier"]["A2"] = "Noe annet"

    path = edited(drop_category)
    with pytest.raises(WorkbookError) as full:
        read_workbook(path)
    with pytest.raises(WorkbookError) as reused:
        read_input(path, base=read_input(example_path))
    assert str(reused.value) == str(full.value)
