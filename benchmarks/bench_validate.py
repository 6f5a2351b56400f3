"""Time validation of large workbooks: reading, the rules, and the whole command.

    python benchmarks/bench_validate.py [--groups 300] [--tasks 10] [--repeat 5]

The default is a 3,000-task workbook (300 groups × 10 tasks); 19 regions × 15 groups × 10
tasks is --groups 285.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_read import best_of  # noqa: E402
from generate import size_arguments, write_large_workbook  # noqa: E402

from agreement_builder.validation import validate  # noqa: E402
from agreement_builder.workbook import read_workbook  # noqa: E402


def main() -> None:
    args = size_arguments(__doc__.splitlines()[0])
    with tempfile.TemporaryDirectory() as folder:
        path = write_large_workbook(folder, args.groups, args.tasks)
        agreement = read_workbook(path).agreement
        print(f"workbook: {len(agreement.groups)} groups, {len(agreement.tasks)} tasks")
        report = validate(agreement)
        print(f"findings: {len(report.errors)} errors, {len(report.warnings)} warnings")
        for label, function, arguments in (
            ("read_workbook", read_workbook, (path,)),
            ("validate (rules only)", validate, (agreement,)),
            ("read + validate", lambda p: validate(read_workbook(p).agreement), (path,)),
        ):
            best, median = best_of(args.repeat, function, *arguments)
            print(f"{label:24s} best {best * 1000:7.1f} ms  median {median * 1000:7.1f} ms")
        command = [sys.executable, str(ROOT / "cli.py"), "validate", str(path), "--format", "json"]
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
        print(f"{'agreement validate (process)':24s} best {min(times) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
