"""Goal 3 of issue 13: the national run in one command against the reference script's single build.

Nine copies of the example (9 × 42 = 378 documents) built by one ``build-agreement … --per-municipality
-o DIR`` on all cores, and again with ``--jobs 1``, interleaved with the hand-written reference
script (``reference_script.py``) on one workbook; paired ratios from this one run, peak RSS of each
process tree's largest process (``os.wait4``: the pool's workers are the parent's children, and
a child's RSS is not the parent's). Goal: national ≤ 8× the reference.
Run: ``.venv/bin/python benchmarks/bench_national.py [REPEAT]`` (default 5).

``bench_national.py --pdf [REPEAT]`` (default 1) times goal 4 instead: the same nine workbooks with
``--pdf`` (378 tagged PDFs with numbered tables of contents, one LibreOffice session per worker) on
all cores; goal: the national 357 PDFs in < 40 s on 2 cores (printed scaled to 357 documents).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from process_timing import BIN, EXAMPLE, compile_bytecode, interleaved, machine, report
from reference_script import TEMPLATE, make_template

WORKBOOKS = 9


def national_inputs(base: Path) -> Path:
    """A folder in ``base`` holding :data:`WORKBOOKS` copies of the example, one per health community."""
    inputs = base / "inn"
    inputs.mkdir()
    for number in range(1, WORKBOOKS + 1):
        shutil.copy(EXAMPLE, inputs / f"helsefellesskap {number}.xlsx")
    return inputs


def main(repeat: int = 5) -> None:
    compile_bytecode()
    if not TEMPLATE.exists():
        make_template()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        inputs = national_inputs(base)
        national = [str(BIN / "build-agreement"), str(inputs), "--per-municipality", "-o"]
        commands = {
            "national, all cores": [*national, str(base / "ut-alle")],
            "national, --jobs 1": [*national, str(base / "ut-en"), "--jobs", "1"],
            "reference script (one build)": [str(BIN / "python"), str(Path(__file__).with_name("reference_script.py")),
                                             str(EXAMPLE), str(base / "ref.docx")],
        }

        def clear(name: str, round_: int) -> None:  # each national run writes into a fresh folder
            if name.startswith("national"):
                shutil.rmtree(commands[name][-1 if name.endswith("cores") else -3], ignore_errors=True)

        print(f"{machine()}; {WORKBOOKS} workbooks, median of {repeat}, interleaved")
        medians = report(interleaved(commands, repeat, before=clear))
        documents = sum(1 for _ in (base / "ut-en").rglob("*.docx"))
    reference = medians["reference script (one build)"]
    print(f"documents written per run  {documents}")
    print(f"national (all cores) / reference   {medians['national, all cores'] / reference:5.2f}×  (goal ≤ 8)")
    print(f"national (--jobs 1) / reference    {medians['national, --jobs 1'] / reference:5.2f}×")
    print(f"per document, all cores            {medians['national, all cores'] / documents * 1000:5.1f} ms")


def main_pdf(repeat: int = 1) -> None:
    """The national run with --pdf on all cores: wall time, per document, scaled to 357 documents.

    The CPU seconds of the whole process tree (the pool's workers, their LibreOffice sessions) say
    what the run would take on two idle cores (CPU / 2), whatever else the machine is doing.
    """
    import subprocess
    import time

    compile_bytecode()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        inputs = national_inputs(base)
        print(f"{machine()}; load average before {os.getloadavg()[0]:.2f}")
        times = []
        for round_ in range(repeat):
            output = base / f"ut{round_}"
            start = time.perf_counter()
            process = subprocess.Popen([str(BIN / "build-agreement"), str(inputs), "--per-municipality", "--pdf",
                                        "-o", str(output)], stdout=subprocess.DEVNULL)
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - start
            if os.waitstatus_to_exitcode(status):
                raise SystemExit(f"the national run failed ({os.waitstatus_to_exitcode(status)})")
            cpu = usage.ru_utime + usage.ru_stime
            pdfs = sum(1 for _ in output.rglob("*.pdf"))
            times.append(elapsed)
            print(f"national --pdf, all cores: {elapsed:6.1f} s for {pdfs} PDFs = {elapsed / pdfs * 1000:4.0f} ms per "
                  f"document; scaled to 357: {elapsed / pdfs * 357:5.1f} s (goal < 40)")
            print(f"  CPU of the whole tree {cpu:6.1f} s = {cpu / pdfs * 1000:4.0f} ms per document; on two idle "
                  f"cores ≥ {cpu / 2 / pdfs * 357:5.1f} s for 357; peak RSS {usage.ru_maxrss / 1024:5.1f} MB")
        print(f"load average after {os.getloadavg()[0]:.2f}; median {sorted(times)[len(times) // 2]:6.1f} s")


if __name__ == "__main__":
    if "--pdf" in sys.argv:
        arguments = [argument for argument in sys.argv[1:] if argument != "--pdf"]
        main_pdf(int(arguments[0]) if arguments else 1)
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
