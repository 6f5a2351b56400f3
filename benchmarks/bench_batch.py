"""Goal 2 of issue 13: the per-municipality batch, per document (goal ≤ 6 ms).

    .venv/bin/python benchmarks/bench_batch.py [--repeat 3]

Uses the shipped Innlandet example (42 municipalities). Prints, in-process (best of REPEAT), a
full docxtpl render per document against the batch (render once per validation result, then
fill in each municipality: only the parts naming it are compressed again), and the whole
``build-agreement --per-municipality`` process (median, peak RSS from ``os.wait4``) with the
console script beside this python.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "workbooks" / "innlandet-rehabilitering.xlsx"


def naive(agreement, folder: Path) -> None:
    from agreement_builder.render import render_agreement
    from agreement_builder.validation import validate

    for municipality in agreement.municipalities:
        single = dataclasses.replace(agreement, municipalities=(municipality,))
        render_agreement(single, folder / f"{municipality.number}.docx", overwrite=True, report=validate(single))


def batch(agreement, folder: Path) -> None:
    from agreement_builder.render.batch import render_per_municipality
    from agreement_builder.validation import validate

    render_per_municipality(agreement, folder, stem="bench", report=validate(agreement), overwrite=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    count = whole_process(args.repeat)  # first: a child's peak RSS counts its parent's at the fork
    sys.path.insert(0, str(ROOT))
    from agreement_builder.workbook import read_workbook

    agreement = read_workbook(EXAMPLE).agreement
    results = {}
    for label, function in (("docxtpl per document", naive), ("render once + fill in", batch)):
        times = []
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as folder:
                start = time.perf_counter()
                function(agreement, Path(folder))
                times.append(time.perf_counter() - start)
        results[label] = min(times)
        print(f"{label:24s} {count} documents in {min(times):6.2f} s  = {min(times) / count * 1000:6.1f} ms/document")
    ratio = results["render once + fill in"] / results["docxtpl per document"]
    print(f"batch costs {ratio:.0%} of rendering each document from scratch")


def whole_process(repeat: int) -> int:
    """``build-agreement EXAMPLE --per-municipality`` as a process: median time and peak RSS."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from process_timing import BIN, run_once

    runs = []
    with tempfile.TemporaryDirectory() as folder:
        for round_ in range(repeat + 1):  # round 0 warms the file cache and the compiled template
            output = Path(folder) / f"kommuner-{round_}"
            runs.append(run_once([str(BIN / "build-agreement"), str(EXAMPLE), "--per-municipality", "-o",
                                  str(output)]))
        count = sum(1 for _ in output.glob("*.docx"))
    elapsed = statistics.median(seconds for seconds, _ in runs[1:])
    print(f"whole process            {count} documents in {elapsed:6.2f} s  = {elapsed / count * 1000:6.1f} "
          f"ms/document, peak RSS {max(rss for _, rss in runs):.0f} MB")
    return count


if __name__ == "__main__":
    main()
