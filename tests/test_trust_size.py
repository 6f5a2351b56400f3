"""Small files that ask for a great deal of work stop early, with one line, before the reader builds anything.

The cases are the shapes of tests/hostile_workbooks.py at the real limits (docs/limits.md); before these
limits, the 1.2 MB workbook of 190 000 tasks took 13–130 s and up to 2 GB, and 60 KB of shared texts
used 6 000 times took 53 s, 1.8 GB and printed 180 MB.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import hostile_workbooks as shapes
from agreement_builder.cli import agreement as agreement_cli
from agreement_builder.cli import build_agreement
from agreement_builder.package_limits import LIMITS
from agreement_builder.workbook import read_workbook
from test_trust_failures import one_line


def nothing_written(folder: Path, before: set[str]) -> None:
    assert {path.name for path in folder.iterdir()} == before


@pytest.fixture
def build(tmp_path):
    """Run build-agreement on a workbook in ``tmp_path``; check that a refusal writes nothing."""
    def run(path: Path, *args: str):
        before = {item.name for item in tmp_path.iterdir()}
        result = CliRunner().invoke(build_agreement, [str(path), *args])
        if result.exit_code == 2:
            nothing_written(tmp_path, before)
        return result
    return run


def test_190_000_task_rows_in_a_small_file_stop_before_parsing(tmp_path, build):
    path = shapes.task_rows(tmp_path / "mange.xlsx", 63_000)
    assert path.stat().st_size < 2 * 1024 * 1024
    line = one_line(build(path, "-o", str(tmp_path / "avtale.docx")), "mange.xlsx, ark «Hjerneslag - milde og moderate"
                    "», celle ", "flere enn 100 000 celler med innhold")
    assert line.split("celle ")[1].startswith(("A", "B", "C"))
    one_line(CliRunner().invoke(agreement_cli, ["validate", str(path)]), "100 000 celler med innhold")


def test_a_long_shared_text_used_in_many_cells_counts_each_time(tmp_path, build):
    path = shapes.shared_long_texts(tmp_path / "lang.xlsx", rows=2_000, chars=30_000)
    assert path.stat().st_size < 100 * 1024
    one_line(build(path, "--per-municipality", "-o", str(tmp_path / "ut")),
             "lang.xlsx, ark «Hjerneslag - milde og moderate», celle ", "mer enn 10 000 000 tegn tekst")


def test_many_tasks_in_few_cells_stop_at_the_task_limit_naming_the_cell(tmp_path, build):
    path = shapes.tasks_in_cells(tmp_path / "celler.xlsx", cells=6, tasks_per_cell=10_000)
    line = one_line(build(path), "celler.xlsx, ark «Hjerneslag - milde og moderate», celle A",
                    "flere enn 50 000 oppgaver")
    assert line.split("celle A")[1].split(":")[0] in {"12", "13"}  # the sixth cell (row 13) or the fifth


def test_more_municipalities_than_the_country_has_are_refused(tmp_path, build):
    path = shapes.municipalities(tmp_path / "kommuner.xlsx", 1_000)
    one_line(build(path, "--per-municipality", "-o", str(tmp_path / "ut")),
             "kommuner.xlsx, ark «Kommuner», celle A", "flere enn 1 000 kommuner")


def test_a_batch_of_too_many_large_documents_is_refused_before_the_first_is_written(tmp_path, build):
    path = shapes.task_rows(tmp_path / "stor.xlsx", 16_600, same_text=True)  # 49 858 tasks, 42 municipalities
    agreement = read_workbook(path).agreement
    assert len(agreement.tasks) <= LIMITS.tasks
    assert len(agreement.tasks) * len(agreement.municipalities) > LIMITS.batch_tasks
    one_line(build(path, "--per-municipality", "-o", str(tmp_path / "ut")),
             "stor.xlsx: 42 dokumenter med 49 858 oppgaver hver", "2 000 000")
    assert not any(path.name.startswith(".ut") for path in tmp_path.iterdir())


def test_a_folder_of_group_workbooks_has_the_same_task_limit_in_total(tmp_path, monkeypatch):
    import agreement_builder.workbook.folder as folder_module
    import agreement_builder.workbook.reader as reader_module

    folder = tmp_path / "mappe"
    result = CliRunner().invoke(agreement_cli, ["split", str(shapes.EXAMPLE), "-o", str(folder)])
    assert result.exit_code == 0, result.output
    books = [path for path in folder.iterdir() if path.suffix == ".xlsx"]
    assert len(books) > 2
    per_book = max(len(book.groups and [t for g in book.groups for t in g.tasks])
                   for book in map(_group_book, books) if book)
    small = dataclasses.replace(LIMITS, tasks=per_book + 1)  # each book passes alone; together they do not
    monkeypatch.setattr(folder_module, "LIMITS", small)
    monkeypatch.setattr(reader_module, "LIMITS", small)
    line = one_line(CliRunner().invoke(build_agreement, [str(folder), "-o", str(tmp_path / "a.docx")]),
                    f"flere enn {per_book + 1} oppgaver", "(grensen nås i ")
    assert line.startswith(f"Feil: {folder}") and not (tmp_path / "a.docx").exists()


def _group_book(path: Path):
    from agreement_builder.workbook.group_book import is_group_book, parse_group_book
    from agreement_builder.workbook.source import load_sheets

    sheets = load_sheets(path)
    return parse_group_book(sheets, path) if is_group_book(sheets) else None


def test_the_30_000_task_benchmark_workbook_is_still_read_and_validated(tmp_path):
    """benchmarks/bench_merge.py and bench_diff.py use 3 000 and 30 000 tasks; both are far inside the limits."""
    sys.path.insert(0, str(shapes.ROOT / "benchmarks"))
    try:
        from generate import write_large_workbook
    finally:
        sys.path.remove(str(shapes.ROOT / "benchmarks"))
    path = write_large_workbook(tmp_path, 300, 100)
    assert len(read_workbook(path).agreement.tasks) == 30_000
    result = CliRunner().invoke(agreement_cli, ["validate", str(path)])
    assert result.exit_code in (0, 1) and "Feil:" not in result.stderr


def test_a_thousand_group_sheets_are_read_and_a_thousand_and_one_refused(tmp_path):
    path = shapes.group_sheets(tmp_path / "ark.xlsx", LIMITS.sheets - 22)  # the example has 22 sheets
    assert len(read_workbook(path).agreement.groups) == 15 + LIMITS.sheets - 22
    path = shapes.group_sheets(tmp_path / "ark2.xlsx", LIMITS.sheets - 21)
    one_line(CliRunner().invoke(agreement_cli, ["validate", str(path)]), "ark2.xlsx", "mer enn 1000 ark")


def test_the_shared_string_table_and_the_parts_have_limits(tmp_path):
    one_line(CliRunner().invoke(agreement_cli, ["validate", str(shapes.shared_table(
        tmp_path / "tekster.xlsx", LIMITS.shared_strings + 1))]), "tekster.xlsx", "over 1 000 000 delte tekster")
    parts = len(shapes.example_parts()) + LIMITS.parts - 29
    one_line(CliRunner().invoke(agreement_cli, ["validate", str(shapes.many_parts(
        tmp_path / "deler.xlsx", LIMITS.parts - 29))]), f"deler.xlsx: har {parts:,} deler (grensen er 10 000)".replace(
        ",", " "))
