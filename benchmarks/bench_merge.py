"""Time `agreement merge` on a 3,000-task workbook and its copies, and how it grows with the number of copies.

    python benchmarks/bench_merge.py [--groups 300] [--tasks 10] [--copies 1 2 5 10] [--changes 30]

Each copy is the base with about --changes task changes of its own (moves, rewordings,
additions, removals; different per copy, so some collide). Prints, for each number of copies,
the pure merge of models and the whole command (read every workbook, merge, write MERGED), with
the growth against the previous line.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_diff import changed_copy  # noqa: E402
from generate import synthetic_agreement  # noqa: E402

from agreement_builder.merge import merge  # noqa: E402
from agreement_builder.workbook import read_workbook  # noqa: E402
from agreement_builder.workbook.writer import write_workbook  # noqa: E402


def best_of(repeat: int, action) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=300)
    parser.add_argument("--tasks", type=int, default=10)
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 2, 5, 10])
    parser.add_argument("--changes", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        base_path = folder / "grunnlag.xlsx"
        write_workbook(base_path, synthetic_agreement(args.groups, args.tasks))
        base = read_workbook(base_path).agreement  # the model as read, so refs match the files
        paths = []
        for number in range(max(args.copies)):
            path = folder / f"region-{number + 1}.xlsx"
            write_workbook(path, changed_copy(base, args.changes, seed=100 + number))
            paths.append(path)
        models = [(path.stem, read_workbook(path).agreement) for path in paths]
        print(f"{len(base.tasks)} tasks in BASE; each copy about {args.changes} changes")
        previous = None
        for count in args.copies:
            result = merge(base, models[:count])
            pure = best_of(args.repeat, lambda: merge(base, models[:count]))  # noqa: B023
            command = [sys.executable, str(ROOT / "cli.py"), "merge", str(base_path), *map(str, paths[:count]),
                       "-o", str(folder / "samlet.xlsx"), "--overwrite", "--format", "json"]
            whole = best_of(args.repeat, lambda: subprocess.run(command, capture_output=True, check=False))  # noqa: B023
            growth = ""
            if previous:
                growth = (f"  ×{pure / previous[1]:.1f} merge, ×{whole / previous[2]:.1f} command "
                          f"for ×{count / previous[0]:.1f} copies")
            print(f"{count:3d} copies: merge {pure * 1000:7.1f} ms, whole command {whole * 1000:7.0f} ms "
                  f"({len(result.applied)} applied, {len(result.collisions)} collisions){growth}")
            previous = (count, pure, whole)


if __name__ == "__main__":
    main()
