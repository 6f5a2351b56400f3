"""Time reading workbooks: python-calamine (what the reader uses) against openpyxl, and the pre-scan's share.

    python benchmarks/bench_read.py [--groups 300] [--tasks 10] [--repeat 5]

For the example and the generated workbook: ``load_sheets`` (pre-scan, calamine, links and
pictures) and the pre-scan alone (``plan_sheets``: every part the reader parses streamed once
through expat, within the limits), in-process, best and median of REPEAT.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import size_arguments, write_large_workbook  # noqa: E402

from agreement_builder.package_limits import open_package  # noqa: E402
from agreement_builder.workbook import SheetData, load_sheets, parse_sheets  # noqa: E402
from agreement_builder.workbook.prescan import plan_sheets  # noqa: E402

EXAMPLE = ROOT / "workbooks" / "innlandet-rehabilitering.xlsx"


def load_with_openpyxl(path: Path) -> list[SheetData]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheets = [SheetData(sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)])
              for sheet in book.worksheets]
    book.close()
    return sheets


def best_of(repeat: int, function, *args) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def prescan(path: Path) -> None:
    with open_package(path) as package:
        plan_sheets(package, path)


def prescan_share(label: str, path: Path, repeat: int) -> None:
    """The pre-scan's time and its share of loading the sheets."""
    _, load = best_of(repeat, load_sheets, path)
    best, scan = best_of(repeat, prescan, path)
    print(f"{label}: load_sheets median {load * 1000:7.2f} ms, pre-scan median {scan * 1000:7.2f} ms "
          f"(best {best * 1000:.2f}), share {scan / load:4.0%}")


def main() -> None:
    args = size_arguments(__doc__.splitlines()[0])
    prescan_share("example", EXAMPLE, max(args.repeat, 20))
    with tempfile.TemporaryDirectory() as folder:
        path = write_large_workbook(folder, args.groups, args.tasks)
        tasks = args.groups * args.tasks
        print(f"workbook: {args.groups} groups, {tasks} tasks, {path.stat().st_size // 1024} KiB")
        for name, loader in (("calamine", load_sheets), ("openpyxl", load_with_openpyxl)):
            best, median = best_of(args.repeat, loader, path)
            print(f"load  {name:9s} best {best * 1000:7.1f} ms  median {median * 1000:7.1f} ms")
        sheets = load_sheets(path)
        best, median = best_of(args.repeat, parse_sheets, sheets, path)
        print(f"parse (grids → model) best {best * 1000:7.1f} ms  median {median * 1000:7.1f} ms")
        prescan_share("generated", path, args.repeat)


if __name__ == "__main__":
    main()
