"""Time `agreement import`: a 40-page agreement, and the round trip of a 3,000-task workbook.

    python benchmarks/bench_import.py [--groups 300] [--tasks 10] [--repeat 5] [--pages]

Goals (issue 12): importing a 40-page agreement < 1 s; import(build(workbook)) for 3,000 tasks < 5 s.
The «40-page» document is the example with 54 groups of 8 tasks (--pages counts its pages with
LibreOffice, when installed). Ratios are from the same run, so they hold on any machine.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import synthetic_agreement  # noqa: E402

from agreement_builder.docx_import import import_document  # noqa: E402
from agreement_builder.docx_import.output import write_import  # noqa: E402
from agreement_builder.render import render_agreement  # noqa: E402
from agreement_builder.validation import validate  # noqa: E402
from agreement_builder.workbook import read_workbook  # noqa: E402
from agreement_builder.workbook.writer import write_workbook  # noqa: E402

FORTY_PAGES = (54, 8)  # groups, tasks per group


def timed(repeat: int, function, *args) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def pages(document: Path, folder: Path) -> str:
    from agreement_builder.pdf import find_soffice

    soffice = find_soffice()
    if soffice is None:
        return "?"
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(folder), str(document)], capture_output=True, timeout=300, check=False)
    info = subprocess.run(["pdfinfo", str(document.with_suffix(".pdf"))], capture_output=True, text=True)
    return next((line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")), "?")


def build(agreement, path: Path) -> Path:
    """The Word agreement, as build-agreement makes it (validated first)."""
    return render_agreement(agreement, path, report=validate(agreement), overwrite=True)


def round_trip(workbook: Path, folder: Path) -> int:
    agreement = read_workbook(workbook).agreement
    document = build(agreement, folder / "rundtur.docx")
    result = import_document(document)
    write_import(result, folder / "rundtur.xlsx", overwrite=True)
    return len(result.agreement.tasks)


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=300)
    parser.add_argument("--tasks", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pages", action="store_true", help="count the pages of the «40-page» document")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        forty = build(synthetic_agreement(*FORTY_PAGES), folder / "førti.docx")
        shown = pages(forty, folder) if args.pages else "not counted"
        best, median, _ = timed(args.repeat, import_document, forty)
        print(f"import, {FORTY_PAGES[0] * FORTY_PAGES[1]} tasks ({shown} pages): best {best * 1000:7.1f} ms  "
              f"median {median * 1000:7.1f} ms   (goal < 1000 ms)")

        workbook = folder / "stor.xlsx"
        write_workbook(workbook, synthetic_agreement(args.groups, args.tasks))
        document = build(read_workbook(workbook).agreement, folder / "stor.docx")
        build_best, _, _ = timed(1, build, read_workbook(workbook).agreement, folder / "b.docx")
        import_best, import_median, _ = timed(args.repeat, import_document, document)
        trip_best, trip_median, count = timed(max(1, args.repeat // 2), round_trip, workbook, folder)
        print(f"round trip read → build → import → write, {count} tasks: best {trip_best:6.2f} s  "
              f"median {trip_median:6.2f} s   (goal < 5 s)")
        print(f"  of which import alone: best {import_best:6.2f} s  median {import_median:6.2f} s; "
              f"build alone {build_best:6.2f} s; import/build ratio {import_best / build_best:4.2f}")


if __name__ == "__main__":
    main()
