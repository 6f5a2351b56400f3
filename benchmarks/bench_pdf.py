"""Time PDF conversion of the 42 per-municipality agreements with 1 and 2 LibreOffice workers.

    python benchmarks/bench_pdf.py [--workers 1 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agreement_builder.pdf import convert_to_pdf  # noqa: E402
from agreement_builder.render.batch import render_per_municipality  # noqa: E402
from agreement_builder.validation import validate  # noqa: E402
from agreement_builder.workbook import read_workbook  # noqa: E402

EXAMPLE = ROOT / "workbooks" / "innlandet-rehabilitering.xlsx"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    agreement = read_workbook(EXAMPLE).agreement
    with tempfile.TemporaryDirectory() as folder:
        documents = render_per_municipality(agreement, Path(folder) / "docx", stem="bench", report=validate(agreement))
        for workers in args.workers:
            start = time.perf_counter()
            pdfs, refreshed = convert_to_pdf(documents, Path(folder) / f"pdf{workers}", workers=workers)
            elapsed = time.perf_counter() - start
            print(f"{workers} worker(s): {len(pdfs)} PDFs in {elapsed:5.1f} s = {elapsed / len(pdfs):.2f} s/document"
                  f" (table of contents refreshed: {refreshed})")


if __name__ == "__main__":
    main()
