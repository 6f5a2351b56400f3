"""Peak memory and time of `agreement validate` on hostile workbooks, each in its own child process.

    python benchmarks/bench_limits.py [--bomb-mib 2048]

Cases: the shipped example (baseline); a value in XFD1048576 of a sheet that is not read and of
one that is; a huge declared dimension; the widest grid the limits accept; and a shared string
of --bomb-mib MiB packed into a small file. Prints file size, exit code, peak RSS (ru_maxrss
of the child) and wall time, and each case's RSS relative to the baseline from the same run.
The promise (docs/limits.md): any input under 10 MB stays below 1 GB and 30 s.
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

from agreement_builder.package_limits import LIMITS  # noqa: E402

EXAMPLE = ROOT / "workbooks" / "innlandet-rehabilitering.xlsx"
GUIDANCE, MUNICIPALITIES = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml"
SST_RELATION = (b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
CHILD = """
import json, resource, sys
from agreement_builder.cli import agreement
try:
    code = agreement.main(["validate", sys.argv[1]], standalone_mode=False) or 0
except SystemExit as exc:
    code = exc.code
except Exception as exc:
    code = getattr(exc, "exit_code", repr(exc))
sys.stdout = sys.__stdout__
print(json.dumps({"code": code, "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
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


def measure(path: Path) -> tuple[dict, float]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, timeout=600,
                          cwd=ROOT)
    elapsed = time.perf_counter() - start
    lines = done.stdout.strip().splitlines()
    return (json.loads(lines[-1]) if lines else {"code": f"died ({done.returncode})", "rss_mib": float("nan")}), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bomb-mib", type=int, default=2048, help="size of the shared-string bomb (MiB)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        baseline = None
        print(f"{'case':40s} {'file':>9s} {'exit':>5s} {'peak RSS':>10s} {'× base':>7s} {'time':>7s}")
        for name, path in cases(Path(folder), args.bomb_mib):
            result, elapsed = measure(path)
            baseline = baseline or result["rss_mib"]
            print(f"{name:40s} {path.stat().st_size / 1024:7.0f}KB {result['code']!s:>5s} "
                  f"{result['rss_mib']:7.0f}MiB {result['rss_mib'] / baseline:7.2f} {elapsed:6.2f}s")


if __name__ == "__main__":
    main()
