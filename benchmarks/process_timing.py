"""Whole-process timing for the speed benchmarks: wall time and peak RSS of each child, interleaved runs."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # run with the venv's python: its console scripts sit beside it
EXAMPLE = ROOT / "workbooks" / "innlandet-rehabilitering.xlsx"


def compile_bytecode() -> None:
    """Compile the package once, as an installed wheel would be, so no run pays for it."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "agreement_builder")], check=True)


def run_once(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one run of ``command`` as its own process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {error}")
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return elapsed, rss


def interleaved(commands: dict[str, list[str]], repeat: int, before=None) -> dict[str, tuple[list[float], float]]:
    """Each command ``repeat`` times, round-robin, so a slow moment hits all alike; times and the peak RSS."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    peak: dict[str, float] = dict.fromkeys(commands, 0.0)
    for round_ in range(repeat + 1):  # round 0 warms the file cache and is not counted
        for name, command in commands.items():
            if before:
                before(name, round_)
            elapsed, rss = run_once(command)
            if round_:
                times[name].append(elapsed)
            peak[name] = max(peak[name], rss)
    return {name: (times[name], peak[name]) for name in commands}


def report(results: dict[str, tuple[list[float], float]]) -> dict[str, float]:
    """Print median, spread and peak RSS of each; return the medians."""
    medians = {}
    for name, (times, rss) in results.items():
        medians[name] = statistics.median(times)
        print(f"{name:<34} median {medians[name] * 1000:8.1f} ms  (min {min(times) * 1000:7.1f}, "
              f"max {max(times) * 1000:7.1f})  peak RSS {rss:6.1f} MB")
    return medians


def machine() -> str:
    """The machine line every figure is recorded with."""
    import platform

    return (f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")
