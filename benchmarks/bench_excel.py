"""Time the Excel button's work (excel.main) on the example, on an xlwings Book built from JSON.

    XLWINGS_LICENSE_KEY=noncommercial python benchmarks/bench_excel.py [--repeat 5]

Measures reading the Book, validating, writing the Validering sheet actions and the .docx;
not Excel's own time to apply the actions, nor Python's start-up (see bench_validate.py).
The `noncommercial` xlwings PRO key is needed only to build a Book from JSON outside Excel.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import openpyxl  # noqa: E402
from excel_payload import book_from  # noqa: E402

from agreement_builder import excel  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        book = openpyxl.load_workbook(ROOT / "workbooks" / "innlandet-rehabilitering.xlsx")
        book["Avtale"]["B16"] = str(Path(folder) / "avtaler")
        path = Path(folder) / "innlandet.xlsx"
        book.save(path)
        times = []
        for _ in range(args.repeat):
            xl = book_from(path)
            start = time.perf_counter()
            excel.main(xl)
            times.append(time.perf_counter() - start)
        print(f"excel.main on the example: best {min(times) * 1000:.0f} ms, first {times[0] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
