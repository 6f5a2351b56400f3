"""Time the plain build against the build with TOC page numbers (and with PDF), then the 42-document PDF batch.

    python benchmarks/bench_pdf.py [--rounds 5] [--workers 1 2] [--skip-batch]

The builds run paired, in turn within each round, so the ratios compare like with like on a
shared machine; medians are printed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agreement_builder.pdf import convert_to_pdf  # noqa: E402
from agreement_builder.pdf.pages import number_and_export, publish_numbered  # noqa: E402
from agreement_builder.render import render_agreement  # noqa: E402
from agreement_builder.render.batch import render_per_municipality  # noqa: E402
from agreement_builder.render.toc_pages import fill_toc_pages_file  # noqa: E402
from agreement_builder.validation import validate  # noqa: E402
from agreement_builder.workbook import read_workbook  # noqa: E402

EXAMPLE = ROOT / "workbooks" / "innlandet-rehabilitering.xlsx"


def _timed(job) -> float:
    start = time.perf_counter()
    job()
    return time.perf_counter() - start


def paired_builds(agreement, folder: Path, rounds: int) -> None:
    """Plain .docx vs .docx with TOC page numbers vs .docx + PDF, one of each per round."""
    report = validate(agreement)

    def render(path: Path) -> None:
        render_agreement(agreement, path, report=report, overwrite=True)

    jobs = {
        "plain": lambda: render(folder / "plain.docx"),
        "toc-pages": lambda: publish_numbered(render, folder / "pages.docx", fill_toc_pages_file, pdf=False,
                                              overwrite=True),
        "pdf": lambda: publish_numbered(render, folder / "pdf.docx", fill_toc_pages_file, pdf=True,
                                        overwrite=True),
    }
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(rounds):
        for name, job in jobs.items():
            times[name].append(_timed(job))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, median in medians.items():
        print(f"{name:>9}: median {median:6.2f} s over {rounds} rounds = {median / medians['plain']:5.1f} × plain")


def batch(agreement, folder: Path, workers_list: list[int]) -> None:
    """The 42 per-municipality PDFs: LibreOffice's own TOC refresh vs our numbered TOC (what --pdf does)."""
    documents = render_per_municipality(agreement, folder / "docx", stem="bench", report=validate(agreement))
    for workers in workers_list:
        refreshed = _timed(partial(convert_to_pdf, documents, folder / f"pdf{workers}", workers=workers))
        copies = folder / f"numbered{workers}"
        shutil.copytree(documents[0].parent, copies)
        numbered = _timed(partial(number_and_export, sorted(copies.glob("*.docx")), fill_toc_pages_file, pdf=True,
                                  workers=workers))
        count = len(documents)
        print(f"{workers} worker(s), {count} PDFs: LibreOffice's TOC refresh {refreshed:5.1f} s "
              f"({refreshed / count:.2f} s/document); numbered TOC as --pdf {numbered:5.1f} s "
              f"({numbered / count:.2f} s/document) = {numbered / refreshed:.2f} × refresh")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--skip-batch", action="store_true", help="only the paired single-document builds")
    args = parser.parse_args()
    agreement = read_workbook(EXAMPLE).agreement
    with tempfile.TemporaryDirectory() as folder:
        paired_builds(agreement, Path(folder), args.rounds)
        if not args.skip_batch:
            batch(agreement, Path(folder), args.workers)


if __name__ == "__main__":
    main()
