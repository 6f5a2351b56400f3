"""What rendering a user's template in a child process costs, against rendering it in this process.

    python benchmarks/bench_template_child.py [--repeat 5]

The same template (a copy of the built-in one, so both give the same bytes) is rendered for the
shipped Innlandet example in this process and in a child process within the default budget,
in pairs with alternating order; prints each median and the median of the paired ratios.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agreement_builder.render.context import build_context  # noqa: E402
from agreement_builder.render.docx import DEFAULT_TEMPLATE, render_document  # noqa: E402
from agreement_builder.validation import validate  # noqa: E402
from agreement_builder.workbook import read_workbook  # noqa: E402

EXAMPLE = ROOT / "workbooks" / "innlandet-rehabilitering.xlsx"


def timed(function) -> tuple[float, bytes]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    agreement = read_workbook(EXAMPLE).agreement
    context = build_context(agreement, validate(agreement))
    with tempfile.TemporaryDirectory() as folder:
        users = Path(folder) / "vår-mal.docx"
        shutil.copy(DEFAULT_TEMPLATE, users)
        runs = {"in-process": lambda: render_document(None, context, agreement),
                "child": lambda: render_document(users, context, agreement)}
        render_document(users, context, agreement)  # warm the file cache for both
        times: dict[str, list[float]] = {"in-process": [], "child": []}
        for number in range(args.repeat):
            order = ("in-process", "child") if number % 2 == 0 else ("child", "in-process")
            results = {}
            for label in order:
                seconds, results[label] = timed(runs[label])
                times[label].append(seconds)
            assert results["child"] == results["in-process"], "the child rendered other bytes"
    for label, values in times.items():
        print(f"{label:12s} median {statistics.median(values) * 1000:7.1f} ms over {args.repeat} renders")
    ratios = [child / own for child, own in zip(times["child"], times["in-process"])]
    overhead = statistics.median(c - o for c, o in zip(times["child"], times["in-process"]))
    print(f"child / in-process: {statistics.median(ratios):.2f}x (paired, median); overhead {overhead * 1000:.0f} ms "
          "per render of a user's template")


if __name__ == "__main__":
    main()
