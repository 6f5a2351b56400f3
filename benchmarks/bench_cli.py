"""Goal 1 of issue 13: whole-process times of the CLI against the hand-written reference script.

Run with the venv's python (``.venv/bin/python benchmarks/bench_cli.py [REPEAT]``, default 9): the
console scripts beside it are the ones timed, the package is bytecode-compiled first, and the
commands run interleaved, so each ratio is paired from this one run. Prints medians, peak RSS
(per child, from ``os.wait4``) and the ratios:

- ``build-agreement`` on the example (read, validate, render the whole agreement) / reference script
  (goal ≤ 0.8);
- ``agreement --help`` / ``python -c pass`` (goal ≤ 3);
- ``python -c "import docx, docxtpl"`` / reference script: the floor any docxtpl tool pays;
- ``python -c "import click"`` / ``python -c pass``: the floor of ``--help`` for any click program.

Install non-editable into its own venv to measure as the issue does (``pip install .``: an
editable install adds import hooks that make ``python -c pass`` twice as slow).

The warm case is measured: round 0 of the interleaved runs is not counted, and it fills the user's
cache folder (compiled template, and the help page click printed; agreement_builder/help_cache.py).
After the timing, one more ``agreement --help`` runs with ``-X importtime`` and the printout says
whether it loaded click (it must not, or the cache was not used).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from process_timing import BIN, EXAMPLE, compile_bytecode, interleaved, machine, report
from reference_script import TEMPLATE, make_template


def main(repeat: int = 9) -> None:
    compile_bytecode()
    if not TEMPLATE.exists():
        make_template()
    python = str(BIN / "python")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        commands = {
            "build-agreement (example)": [str(BIN / "build-agreement"), str(EXAMPLE), "-o", str(out / "a.docx"),
                                          "--overwrite"],
            "reference script": [python, str(Path(__file__).with_name("reference_script.py")), str(EXAMPLE),
                                 str(out / "ref.docx")],
            "agreement --help": [str(BIN / "agreement"), "--help"],
            "python -c pass": [python, "-c", "pass"],
            "import docx, docxtpl (floor)": [python, "-c", "import docx, docxtpl"],
            "import click (floor of --help)": [python, "-c", "import click"],
        }
        print(f"{machine()}; median of {repeat}, interleaved; round 0 (not counted) warms the file, template and "
              "help caches")
        medians = report(interleaved(commands, repeat))
    reference = medians["reference script"]
    print(f"build / reference script   {medians['build-agreement (example)'] / reference:5.2f}×  (goal ≤ 0.8)")
    print(f"--help / python -c pass    {medians['agreement --help'] / medians['python -c pass']:5.2f}×  (goal ≤ 3)")
    print(f"floor / reference script   {medians['import docx, docxtpl (floor)'] / reference:5.2f}×")
    print(f"import click / python -c pass {medians['import click (floor of --help)'] / medians['python -c pass']:5.2f}×"
          "  (what any click CLI's --help pays at least)")
    print(f"warm `agreement --help` loads click: {'yes' if _help_loads_click() else 'no'}")


def _help_loads_click() -> bool:
    """Whether ``agreement --help`` loaded click in one more run (it should be answered from the help cache)."""
    result = subprocess.run([str(BIN / "agreement"), "--help"], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"})
    return any(line.rsplit("|", 1)[-1].strip() == "click" for line in result.stderr.splitlines())


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
