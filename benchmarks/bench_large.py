"""Goals 5 and 6 of issue 13: large workbooks grow linearly, with few regex passes, in bounded memory.

Two synthetic workbooks of 3,000 and 30,000 tasks (``generate.py``, run as its own process: 100
tasks per group). For each: in-process times of reading and of validation (best of REPEAT), the regex calls each makes
(counted with cProfile: substitutions in the reader, searches over text in validation, and the
time validation spends in them), and ``build-agreement`` as a whole process (median of REPEAT,
peak RSS from ``os.wait4``). Prints the growth exponent from 3k to 30k (1.0 is linear; goal:
linear) and the 30,000-task build's peak RSS (goal ≤ 250 MB).
Run: ``.venv/bin/python benchmarks/bench_large.py [REPEAT]`` (default 3).
"""

from __future__ import annotations

import cProfile
import math
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

import subprocess

from process_timing import BIN, compile_bytecode, machine, run_once

ROOT = Path(__file__).resolve().parent.parent

SIZES = {3_000: 30, 30_000: 300}  # tasks: groups of 100 tasks
REGEX = ("sub", "search", "findall", "finditer", "match", "fullmatch")


def best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def regex_calls(function) -> dict[str, tuple[int, float]]:
    """{method: (calls, seconds)} of compiled-pattern methods during ``function()``, from cProfile."""
    profile = cProfile.Profile()
    profile.runcall(function)
    calls: dict[str, tuple[int, float]] = {}
    for (_, _, name), (_, count, own, _, _) in pstats.Stats(profile).stats.items():
        for method in REGEX:
            if name == f"<method '{method}' of 're.Pattern' objects>":
                calls[method] = (count, own)
    return calls


def builds(path: Path, out: Path, repeat: int) -> list[tuple[float, float]]:
    """Wall seconds and peak RSS of ``repeat`` builds (after one that warms the caches)."""
    return [run_once([str(BIN / "build-agreement"), str(path), "-o", str(out), "--overwrite"])
            for _ in range(repeat + 1)][1:]


def measure(path: Path, built: list[tuple[float, float]], repeat: int) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    from agreement_builder.validation import validate
    from agreement_builder.workbook import read_workbook

    agreement = read_workbook(path).agreement
    reading = regex_calls(lambda: read_workbook(path))
    validating = regex_calls(lambda: validate(agreement))
    return {
        "tasks": len(agreement.tasks),
        "read": best(lambda: read_workbook(path), repeat),
        "validate": best(lambda: validate(agreement), repeat),
        "read substitutions": reading.get("sub", (0, 0))[0],
        "read regex calls": sum(count for count, _ in reading.values()),
        "validate searches": validating.get("search", (0, 0))[0],
        "validate regex seconds": sum(seconds for _, seconds in validating.values()),
        "build": statistics.median(elapsed for elapsed, _ in built),
        "build RSS": max(rss for _, rss in built),
    }


def main(repeat: int = 3) -> None:
    compile_bytecode()
    print(f"{machine()}; best (in-process) or median (build) of {repeat}")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = {tasks: Path(tmp) / f"{tasks}.xlsx" for tasks in SIZES}
        for tasks, groups in SIZES.items():  # made by another process, so this one stays small
            subprocess.run([sys.executable, str(Path(__file__).with_name("generate.py")), str(paths[tasks]),
                            "--groups", str(groups), "--tasks", str(tasks // groups)], check=True,
                           stdout=subprocess.DEVNULL)
        # The builds first: a child's peak RSS counts its parent's at the fork, so this one must be small.
        built = {tasks: builds(path, Path(tmp) / "ut.docx", repeat) for tasks, path in paths.items()}
        for tasks, path in paths.items():
            results[tasks] = measure(path, built[tasks], repeat)
    for row in results.values():
        print(f"{row['tasks']:>6} tasks: read {row['read'] * 1000:7.1f} ms ({row['read substitutions']} regex "
              f"substitutions, {row['read regex calls']} regex calls), validate {row['validate'] * 1000:6.1f} ms "
              f"({row['validate searches']} regex searches, {row['validate regex seconds'] * 1000:.0f} ms in regex "
              f"under cProfile), build {row['build'] * 1000:7.1f} ms, peak RSS {row['build RSS']:6.1f} MB")
    small, large = results[3_000], results[30_000]
    for name in ("read", "validate", "build"):
        exponent = math.log(large[name] / small[name]) / math.log(large["tasks"] / small["tasks"])
        print(f"growth exponent 3k→30k, {name:<8} {exponent:4.2f}  (1.00 is linear)")
    print(f"30,000-task build peak RSS  {large['build RSS']:.0f} MB  (goal ≤ 250)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
