"""Time the per-municipality batch: full docxtpl render per document vs render once + fill in.

    python benchmarks/bench_batch.py [--repeat 3]

Uses the shipped Innlandet example (42 municipalities).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agreement_builder.render import render_agreement  # noqa: E402
from agreement_builder.render.batch import render_per_municipality  # noqa: E402
from agreement_builder.validation import validate  # noqa: E402
from agreement_builder.workbook import read_workbook  # noqa: E402

EXAMPLE = ROOT / "workbooks" / "innlandet-rehabilitering.xlsx"


def naive(agreement, folder: Path) -> None:
    for municipality in agreement.municipalities:
        single = dataclasses.replace(agreement, municipalities=(municipality,))
        render_agreement(single, folder / f"{municipality.number}.docx", overwrite=True, report=validate(single))


def batch(agreement, folder: Path) -> None:
    render_per_municipality(agreement, folder, stem="bench", report=validate(agreement), overwrite=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    agreement = read_workbook(EXAMPLE).agreement
    count = len(agreement.municipalities)
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


if __name__ == "__main__":
    main()
