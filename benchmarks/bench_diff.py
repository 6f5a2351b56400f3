"""Time `agreement diff` on large generated workbooks, and how it grows with the number of tasks.

    python benchmarks/bench_diff.py [--sizes 500 5000 50000] [--tasks-per-group 100] [--changes 300]

For each size: two agreements with that many tasks (groups of --tasks-per-group tasks, so
matching inside a group is exercised) and about --changes changes between them (moves,
rewordings, additions, removals). Times the pure diff; for 5,000 tasks also the whole
command on two .xlsx files (reading both, validating both, diffing).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import synthetic_agreement  # noqa: E402

from agreement_builder.diff import diff  # noqa: E402
from agreement_builder.model import Level, Task  # noqa: E402
from agreement_builder.workbook.writer import write_workbook  # noqa: E402


def changed_copy(agreement, count: int, seed: int = 7):
    """``agreement`` with about ``count`` task changes spread over its groups."""
    rng = random.Random(seed)
    groups = list(agreement.groups)
    for number in range(count):
        index = rng.randrange(len(groups))
        group = groups[index]
        tasks = list(group.tasks)
        position = rng.randrange(len(tasks))
        task = tasks[position]
        action = number % 4
        if action == 0:
            tasks[position] = dataclasses.replace(task, level=rng.choice([lv for lv in Level if lv is not task.level]))
        elif action == 1:
            tasks[position] = dataclasses.replace(task, text=task.text + " ved behov")
        elif action == 2:
            tasks.append(Task(f"Ny oppgave {number} for gruppen", rng.choice(list(Level))))
        else:
            tasks.pop(position)
        groups[index] = dataclasses.replace(group, tasks=tuple(tasks))
    return dataclasses.replace(agreement, groups=tuple(groups))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000, 50000])
    parser.add_argument("--tasks-per-group", type=int, default=100)
    parser.add_argument("--changes", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    previous = None
    for size in args.sizes:
        old = synthetic_agreement(max(1, size // args.tasks_per_group), args.tasks_per_group)
        new = changed_copy(old, min(args.changes, size // 5))
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = diff(old, new)
            times.append(time.perf_counter() - start)
        best = min(times)
        growth = f"  ×{best / previous[1]:.1f} time for ×{size / previous[0]:.0f} tasks" if previous else ""
        print(f"{size:6d} tasks, {len(result.changes):4d} changes: diff {best * 1000:8.1f} ms{growth}")
        previous = (size, best)
        if size == 5000:
            with tempfile.TemporaryDirectory() as folder:
                paths = [Path(folder) / "gammel.xlsx", Path(folder) / "ny.xlsx"]
                write_workbook(paths[0], old)
                write_workbook(paths[1], new)
                command = [sys.executable, str(ROOT / "cli.py"), "diff", *map(str, paths), "--format", "json"]
                runs = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    subprocess.run(command, capture_output=True, check=False)
                    runs.append(time.perf_counter() - start)
                label = "whole command on two 5,000-task .xlsx (read, validate, diff)"
                print(f"        {label}: {min(runs) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
