"""Shared fixtures: the shipped example, its JSON source, and edited copies of it."""

from __future__ import annotations

import os

# xlwings PRO's remote Book (used to test the Excel plugin on Linux) is used here under its
# `noncommercial` licence key (PolyForm Noncommercial); only the test suite uses it. It must be
# set before xlwings is first imported.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import json
import re
import shutil
import zipfile
from pathlib import Path
from collections.abc import Callable, Iterator

import openpyxl
import pytest

from agreement_builder.cli_locale import use_bokmal

# click prints its own texts (usage errors, help headings) in bokmål, as the entry points arrange.
use_bokmal()

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "workbooks" / "innlandet-rehabilitering.xlsx"
SOURCE_JSON = ROOT / "workbooks" / "source" / "innlandet_rehabilitering.json"


@pytest.fixture(scope="session", autouse=True)
def template_cache(tmp_path_factory) -> Iterator[Path]:
    """Compiled templates (render/template_cache.py) go to a folder of the test run, not the user's cache."""
    folder = tmp_path_factory.mktemp("template-cache")
    before = os.environ.get("AGREEMENT_BUILDER_CACHE")
    os.environ["AGREEMENT_BUILDER_CACHE"] = str(folder)  # child processes inherit it
    yield folder
    if before is None:
        os.environ.pop("AGREEMENT_BUILDER_CACHE", None)
    else:
        os.environ["AGREEMENT_BUILDER_CACHE"] = before


@pytest.fixture
def own_cache(tmp_path, monkeypatch) -> Path:
    """A cache folder of this test alone (compiled templates, help pages)."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("AGREEMENT_BUILDER_CACHE", str(cache))
    return cache


@pytest.fixture(scope="session")
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def source() -> dict:
    return json.loads(SOURCE_JSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def example():
    from agreement_builder.workbook import read_workbook

    return read_workbook(EXAMPLE).agreement


@pytest.fixture
def edited(tmp_path) -> Callable[..., Path]:
    """edited(change, name=...) -> a copy of the example changed by ``change(openpyxl_book)``."""

    def make(change: Callable[[openpyxl.Workbook], None], name: str = "endret.xlsx") -> Path:
        book = openpyxl.load_workbook(EXAMPLE)
        change(book)
        target = tmp_path / name
        book.save(target)
        return target

    return make


@pytest.fixture
def example_copy(tmp_path) -> Path:
    target = tmp_path / "innlandet.xlsx"
    shutil.copy(EXAMPLE, target)
    return target


def clear_document_type(book: openpyxl.Workbook) -> None:
    """No «Dokumenttype»: the workbook is judged on all 13 points of § 6-2, as before the field existed."""
    sheet = book["Avtale"]
    row = next(row for row in range(1, sheet.max_row + 1) if sheet.cell(row=row, column=1).value == "Dokumenttype")
    sheet.cell(row=row, column=2).value = None


@pytest.fixture
def untyped_copy(tmp_path) -> Path:
    """A copy of the example that does not say what it is: 6 missing § 6-2 points are errors (exit code 1)."""
    book = openpyxl.load_workbook(EXAMPLE)
    clear_document_type(book)
    target = tmp_path / "innlandet.xlsx"
    book.save(target)
    return target


def group_sheet(book: openpyxl.Workbook, group_name: str):
    """The worksheet whose B1 holds ``group_name``."""
    return next(sheet for sheet in book.worksheets if sheet["B1"].value == group_name)


def set_cached_values(path: Path, sheet_index: int, values: dict[str, str]) -> None:
    """Give formula cells a cached string value, as Excel would have saved it."""
    member = f"xl/worksheets/sheet{sheet_index}.xml"
    with zipfile.ZipFile(path) as source:
        contents = {name: source.read(name) for name in source.namelist()}
    xml = contents[member].decode("utf-8")
    for cell, value in values.items():

        def cached(match: re.Match, cell: str = cell, value: str = value) -> str:
            attributes = re.sub(r' t="[^"]*"', "", match.group(1))
            return f'<c r="{cell}"{attributes} t="str"><f>{match.group(2)}</f><v>{value}</v></c>'

        xml = re.sub(rf'<c r="{cell}"([^>]*)><f>(.*?)</f>(?:<v>.*?</v>)?</c>', cached, xml)
    contents[member] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in contents.items():
            target.writestr(name, data)


def replace_in_package(path: Path, old: str, new: str) -> None:
    """Replace text in every XML part of an .xlsx, e.g. to write escapes openpyxl refuses."""
    with zipfile.ZipFile(path) as source:
        contents = {name: source.read(name) for name in source.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in contents.items():
            if name.endswith(".xml"):
                data = data.decode("utf-8").replace(old, new).encode("utf-8")
            target.writestr(name, data)


@pytest.fixture(autouse=True)
def _documents_in_tmp(tmp_path_factory, monkeypatch):
    """No test writes into the real Documents folder (the Excel button's fallback place).

    A test that sets HOME to a folder of its own keeps the real lookup, under that home.
    """
    from agreement_builder import excel_target

    base, folder = tmp_path_factory.getbasetemp(), tmp_path_factory.mktemp("dokumenter")
    real = excel_target.documents_folder

    def documents() -> Path:
        return real() if os.environ.get("HOME", "").startswith(str(base)) else folder

    monkeypatch.setattr(excel_target, "documents_folder", documents)
