"""Peak memory and time of the commands on hostile workbooks, each run in its own child process.

    python benchmarks/bench_limits.py [--bomb-mib 2048] [--only PART-OF-A-NAME]

Cases: the shipped example (baseline); a value in XFD1048576 of a sheet that is not read and of
one that is; a huge declared dimension; the widest grid the limits accept; a shared string of
--bomb-mib MiB packed into a small file; and the shapes of tests/hostile_workbooks.py that ask
for much work from a small file (190 000 task rows, long shared texts used thousands of times,
every task alike so each gives findings, a thousand group sheets or municipalities, a million
shared texts, ten thousand parts, cell references outside Excel's grid, one drawing named 2 000
times, 10 000 hyperlinks over 1 000 cells each), each at the largest size the limits accept and past it, run
through `agreement validate`, `build-agreement` and `build-agreement --per-municipality`.
Prints file size, exit code, peak RSS (VmHWM of the child), wall time, RSS relative to the
baseline from the same run, and whether the case keeps the promise in docs/limits.md: any input
under 10 MB stays below 1 GB and 30 s.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import hostile_workbooks as shapes  # noqa: E402
from fixtures.media import png  # noqa: E402
from agreement_builder.package_limits import LIMITS, number_text  # noqa: E402

EXAMPLE = ROOT / "workbooks" / "innlandet-rehabilitering.xlsx"
GUIDANCE, MUNICIPALITIES = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml"
SST_RELATION = (b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
CHILD = """
import json, resource, sys
from agreement_builder.cli import agreement, build_agreement
command = build_agreement if sys.argv[1] == "build-agreement" else agreement
try:
    code = command.main(sys.argv[2:], standalone_mode=False) or 0
except SystemExit as exc:
    code = exc.code
except Exception as exc:
    code = getattr(exc, "exit_code", repr(exc))
sys.stdout = sys.__stdout__
try:  # this process's own peak (ru_maxrss keeps the parent's peak across fork and exec on Linux)
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"code": code, "rss_mib": peak / 1024}))
"""


def variant(folder: Path, name: str, member: str, change) -> Path:
    with zipfile.ZipFile(EXAMPLE) as source:
        parts = {item: source.read(item) for item in source.namelist()}
    parts[member] = change(parts.get(member, b""))
    target = folder / name
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for item, data in parts.items():
            package.writestr(item, data)
    return target


def cell(reference: str, row: int) -> bytes:
    return f'<row r="{row}"><c r="{reference}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'.encode()


def bomb(folder: Path, mebibytes: int) -> Path:
    """One shared string of ``mebibytes`` MiB; deflate packs it about 1000:1."""
    target = folder / f"bombe-{mebibytes}MiB.xlsx"
    with zipfile.ZipFile(EXAMPLE) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for item in source.namelist():
            data = source.read(item)
            if item == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", SST_RELATION)
            package.writestr(item, data)
        with package.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            block = b"A" * (1024 * 1024)
            for _ in range(mebibytes):
                part.write(block)
            part.write(b"</t></si></sst>")
    return target


def many_wide(folder: Path, count: int, row: int, column: str) -> Path:
    """``count`` copies of a group sheet, each with a value at the edge of the accepted grid."""
    target = folder / f"many-wide-{count}.xlsx"
    with zipfile.ZipFile(EXAMPLE) as source:
        parts = {item: source.read(item) for item in source.namelist()}
    group = parts["xl/worksheets/sheet8.xml"].replace(b"</sheetData>", cell(f"{column}{row}", row))
    sheets, relations, types = b"", b"", b""
    for number in range(count):
        parts[f"xl/worksheets/extra{number}.xml"] = group
        sheets += f'<sheet name="Ekstra {number}" sheetId="{100 + number}" r:id="rIdX{number}"/>'.encode()
        relations += (f'<Relationship Id="rIdX{number}" Type="http://schemas.openxmlformats.org/officeDocument/'
                      f'2006/relationships/worksheet" Target="worksheets/extra{number}.xml"/>').encode()
        types += (f'<Override PartName="/xl/worksheets/extra{number}.xml" ContentType="application/'
                  f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>').encode()
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"<sheets>", b'<sheets xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    ).replace(b"</sheets>", sheets + b"</sheets>")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", relations + b"</Relationships>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", types + b"</Types>")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for item, data in parts.items():
            package.writestr(item, data)
    return target


def dimension(xml: bytes) -> bytes:
    return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)


VALIDATE, BUILD, BATCH = ("validate",), ("build",), ("batch",)
ALL = VALIDATE + BUILD + BATCH


def work_cases(folder: Path) -> list[tuple[str, Path, tuple[str, ...]]]:
    """Small files asking for much work (tests/hostile_workbooks.py), at the limits and past them."""
    alike_rows = (LIMITS.tasks - 58) // 3  # every task the same text: the most findings the limits allow
    return [
        ("190 000 task rows (refused)", shapes.task_rows(folder / "rows-190k.xlsx", 63_000), ALL),
        (f"{number_text(alike_rows * 3 + 58)} tasks, all alike",
         shapes.task_rows(folder / "alike.xlsx", alike_rows, same_text=True), ALL),
        ("30 000 tasks (benchmark size)", shapes.task_rows(folder / "rows-30k.xlsx", 10_000), ALL),
        ("6 000 cells × 30 000 shared chars (refused)", shapes.shared_long_texts(folder / "long-6k.xlsx", 2_000,
                                                                                  30_000), ALL),
        ("330 cells × 30 000 shared chars", shapes.shared_long_texts(folder / "long-330.xlsx", 110, 30_000), ALL),
        ("60 000 tasks in 6 cells (refused)", shapes.tasks_in_cells(folder / "cells.xlsx", 6, 10_000), VALIDATE),
        ("49 958 tasks in 5 cells", shapes.tasks_in_cells(folder / "cells-5.xlsx", 5, 9_980), ALL),
        ("1 000 municipalities", shapes.municipalities(folder / "municipalities.xlsx", 1_000 - 42), BATCH),
        ("1 000 municipalities × 2 000 tasks", shapes.municipalities(folder / "batch-edge.xlsx", 1_000 - 42,
                                                                     (LIMITS.batch_tasks // 1_000 - 58) // 3), BATCH),
        ("1 000 group sheets", shapes.group_sheets(folder / "sheets.xlsx", LIMITS.sheets - 22), ALL),
        ("1 000 group sheets × 45 task rows", shapes.group_sheets(folder / "sheets-rows.xlsx", LIMITS.sheets - 22,
                                                                  45), ALL),
        ("1 000 000 shared texts", shapes.shared_table(folder / "strings.xlsx", LIMITS.shared_strings), VALIDATE),
        ("10 000 parts", shapes.many_parts(folder / "parts.xlsx", LIMITS.parts - 30), VALIDATE),
        ("cell r=D30000000 (refused)", shapes.cell_reference(folder / "r-rows.xlsx", "D30000000"), BUILD),
        ("cell r=DDDDDDDD5 (refused)", shapes.cell_reference(folder / "r-letters.xlsx", "DDDDDDDD5"), BUILD),
        ("one drawing of 200 pictures named 2 000 times",
         shapes.repeated_drawing(folder / "drawing-2000.xlsx", 200, 2_000, png(64, 48)), BUILD),
        ("201 pictures on a sheet (refused)", shapes.repeated_drawing(folder / "drawing-201.xlsx", 201, 1,
                                                                      png(64, 48)), BUILD),
        ("10 000 hyperlinks over 988 cells each", shapes.hyperlink_ranges(folder / "links.xlsx", 10_000), BUILD),
        ("10 001 hyperlinks (refused)", shapes.hyperlink_ranges(folder / "links-over.xlsx", 10_001), BUILD),
    ]


def arguments(command: str, path: Path, folder: Path) -> list[str]:
    out = folder / f"out-{path.stem}"
    if command == "validate":
        return ["agreement", "validate", str(path)]
    if command == "build":
        return ["build-agreement", str(path), "-o", f"{out}.docx", "--overwrite"]
    return ["build-agreement", str(path), "--per-municipality", "-o", str(out), "--overwrite"]


def cases(folder: Path, bomb_mib: int) -> list[tuple[str, Path]]:
    widest_row = LIMITS.cells // LIMITS.columns
    last_column = "SF"  # column 500
    return [
        ("example (baseline)", EXAMPLE),
        ("XFD1048576, sheet not read", variant(folder, "far-unread.xlsx", GUIDANCE,
                                               lambda xml: xml.replace(b"</sheetData>", cell("XFD1048576", 1048576)))),
        ("XFD1048576, sheet read", variant(folder, "far-read.xlsx", MUNICIPALITIES,
                                           lambda xml: xml.replace(b"</sheetData>", cell("XFD1048576", 1048576)))),
        ("declared A1:XFD1048576", variant(folder, "dimension.xlsx", MUNICIPALITIES, dimension)),
        (f"widest accepted grid ({widest_row}×{LIMITS.columns})",
         variant(folder, "widest.xlsx", MUNICIPALITIES,
                 lambda xml: xml.replace(b"</sheetData>", cell(f"{last_column}{widest_row}", widest_row)))),
        (f"shared string of {bomb_mib} MiB", bomb(folder, bomb_mib)),
        ("one more group sheet, widest grid", many_wide(folder, 1, widest_row, last_column)),
        ("20 more group sheets, widest grid", many_wide(folder, 20, widest_row, last_column)),
    ]


def measure(command: list[str]) -> tuple[dict, float]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, *command], capture_output=True, text=True, timeout=600,
                          cwd=ROOT)
    elapsed = time.perf_counter() - start
    lines = done.stdout.strip().splitlines()
    return (json.loads(lines[-1]) if lines else {"code": f"died ({done.returncode})", "rss_mib": float("nan")}), elapsed


PROMISE_MIB, PROMISE_SECONDS = 1024, 30


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bomb-mib", type=int, default=2048, help="size of the shared-string bomb (MiB)")
    parser.add_argument("--only", default="", help="run only the cases whose name holds this text")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        runs = [(case, path, "validate") for case, path in cases(folder, args.bomb_mib)]
        runs += [(case, path, command) for case, path, commands in work_cases(folder) for command in commands]
        baseline = None
        print(f"{'case':44s} {'command':9s} {'file':>9s} {'exit':>5s} {'peak RSS':>10s} {'× base':>7s} "
              f"{'time':>7s}  promise")
        for case, path, command in runs:
            if args.only not in case and baseline is not None:
                continue
            result, elapsed = measure(arguments(command, path, folder))
            baseline = baseline or result["rss_mib"]
            kept = result["rss_mib"] < PROMISE_MIB and elapsed < PROMISE_SECONDS and path.stat().st_size < 10 * 2**20
            print(f"{case:44s} {command:9s} {path.stat().st_size / 1024:7.0f}KB {result['code']!s:>5s} "
                  f"{result['rss_mib']:7.0f}MiB {result['rss_mib'] / baseline:7.2f} {elapsed:6.2f}s  "
                  f"{'kept' if kept else 'BROKEN'}", flush=True)


if __name__ == "__main__":
    main()
