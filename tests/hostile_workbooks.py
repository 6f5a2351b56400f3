"""Small workbooks that ask for a lot of work: many task rows, long shared texts, many sheets, parts or strings.

Each is the shipped example with one part edited the way a hostile (or careless) sender would, so a
file of a few hundred KB stands for millions of cells or characters. Used by tests/test_trust_size.py
and benchmarks/bench_limits.py (which measures peak memory and time on them).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "workbooks" / "innlandet-rehabilitering.xlsx"
GROUP_PART = "xl/worksheets/sheet8.xml"  # the first diagnosis group sheet, tasks from row 5
MUNICIPALITIES_PART = "xl/worksheets/sheet3.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SST_RELATION = (f'<Relationship Id="rIdSst" Type="{RELATIONSHIPS}/sharedStrings" '
                'Target="sharedStrings.xml"/></Relationships>').encode()


def example_parts() -> dict[str, bytes]:
    return read_parts(EXAMPLE)


def write(parts: dict[str, bytes], target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return target


def _inline(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def _append_rows(xml: bytes, rows: str) -> bytes:
    return xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>")


def task_rows(target: Path, rows: int, *, same_text: bool = False) -> Path:
    """A group sheet with ``rows`` more rows of three tasks each; ``same_text`` makes every task alike (findings)."""
    parts = example_parts()
    body = []
    for row in range(8, 8 + rows):
        texts = ["Samme oppgave"] * 3 if same_text else [f"Oppgave {row}", f"Felles {row}", f"Kommunal {row}"]
        body.append(f'<row r="{row}">' + "".join(_inline(f"{column}{row}", text)
                                                 for column, text in zip("ABC", texts)) + "</row>")
    parts[GROUP_PART] = _append_rows(parts[GROUP_PART], "".join(body))
    return write(parts, target)


def shared_long_texts(target: Path, rows: int, chars: int) -> Path:
    """Three shared texts of ``chars`` characters, each used in every one of ``rows`` rows of a group sheet."""
    parts = example_parts()
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>",
                                                                                     SST_RELATION)
    texts = "".join(f"<si><t>{(word + ' ') * (chars // (len(word) + 1))}</t></si>" for word in ("aaaa", "bbbb", "cccc"))
    parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{texts}</sst>'.encode()
    body = "".join(f'<row r="{row}">' + "".join(f'<c r="{column}{row}" t="s"><v>{index}</v></c>'
                                                for index, column in enumerate("ABC")) + "</row>"
                   for row in range(8, 8 + rows))
    parts[GROUP_PART] = _append_rows(parts[GROUP_PART], body)
    return write(parts, target)


def tasks_in_cells(target: Path, cells: int, tasks_per_cell: int) -> Path:
    """``cells`` task cells, each holding ``tasks_per_cell`` tasks separated by blank lines (Alt+Enter twice)."""
    parts = example_parts()
    text = "\n\n".join(["a"] * tasks_per_cell)
    body = "".join(f'<row r="{row}">{_inline(f"A{row}", text)}</row>' for row in range(8, 8 + cells))
    parts[GROUP_PART] = _append_rows(parts[GROUP_PART], body)
    return write(parts, target)


def municipalities(target: Path, count: int, rows: int = 0) -> Path:
    """``count`` more rows on «Kommuner» (and ``rows`` more rows of three tasks, for a batch)."""
    parts = read_parts(task_rows(target, rows)) if rows else example_parts()
    body = "".join(f'<row r="{row}">{_inline(f"A{row}", str(5000 + row))}{_inline(f"B{row}", f"Kommune {row}")}'
                   "</row>" for row in range(100, 100 + count))
    parts[MUNICIPALITIES_PART] = _append_rows(parts[MUNICIPALITIES_PART], body)
    return write(parts, target)


def read_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as source:
        return {name: source.read(name) for name in source.namelist()}


def group_sheets(target: Path, count: int, rows_each: int = 0) -> Path:
    """``count`` more diagnosis group sheets (copies of the first, renamed), each with ``rows_each`` more task rows."""
    parts = example_parts()
    body = "".join(f'<row r="{row}">{_inline(f"A{row}", f"Oppgave {row}")}</row>' for row in range(8, 8 + rows_each))
    group = _append_rows(parts[GROUP_PART], body)
    sheets, relations, types = [], [], []
    for number in range(count):
        parts[f"xl/worksheets/extra{number}.xml"] = group.replace(
            b"Hjerneslag - milde og moderate", f"Gruppe {number}".encode())
        sheets.append(f'<sheet name="Ekstra {number}" sheetId="{100 + number}" r:id="rIdX{number}"/>')
        relations.append(f'<Relationship Id="rIdX{number}" Type="{RELATIONSHIPS}/worksheet" '
                         f'Target="worksheets/extra{number}.xml"/>')
        types.append(f'<Override PartName="/xl/worksheets/extra{number}.xml" ContentType="application/'
                     'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"<sheets>", f'<sheets xmlns:r="{RELATIONSHIPS}">'.encode()).replace(
        b"</sheets>", "".join(sheets).encode() + b"</sheets>")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", "".join(relations).encode() + b"</Relationships>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", "".join(types).encode()
                                                                        + b"</Types>")
    return write(parts, target)


def shared_table(target: Path, count: int) -> Path:
    """A shared-string table of ``count`` texts, none of them used."""
    parts = example_parts()
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>",
                                                                                     SST_RELATION)
    parts["xl/sharedStrings.xml"] = (f'<sst xmlns="{MAIN}">'.encode() + b"".join(
        b"<si><t>%d</t></si>" % number for number in range(count)) + b"</sst>")
    return write(parts, target)


def many_parts(target: Path, count: int) -> Path:
    """``count`` extra small parts that nothing refers to."""
    parts = example_parts()
    for number in range(count):
        parts[f"xl/media/bilde{number}.bin"] = b"x"
    return write(parts, target)


_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _picture(number: int) -> str:
    return (f'<xdr:oneCellAnchor><xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{number}</xdr:row>'
            '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="95250" cy="95250"/><xdr:pic><xdr:nvPicPr>'
            f'<xdr:cNvPr id="{number + 2}" name="Bilde {number}" descr="Figur {number}"/><xdr:cNvPicPr/></xdr:nvPicPr>'
            f'<xdr:blipFill><a:blip xmlns:r="{RELATIONSHIPS}" r:embed="rIdImage"/></xdr:blipFill><xdr:spPr/></xdr:pic>'
            '<xdr:clientData/></xdr:oneCellAnchor>')


def repeated_drawing(target: Path, pictures: int, references: int, image: bytes) -> Path:
    """A group sheet naming ``references`` times its one drawing of ``pictures`` pictures, all showing ``image``."""
    parts = example_parts()
    parts["xl/media/bilde.png"] = image
    parts["xl/drawings/drawing1.xml"] = (f'<xdr:wsDr xmlns:xdr="{_DRAWING}" xmlns:a="{_A}">'
                                         + "".join(_picture(number) for number in range(pictures))
                                         + "</xdr:wsDr>").encode()
    parts["xl/drawings/_rels/drawing1.xml.rels"] = (
        f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}"><Relationship Id="rIdImage" Type="{RELATIONSHIPS}/image" '
        'Target="../media/bilde.png"/></Relationships>').encode()
    parts["xl/worksheets/_rels/sheet8.xml.rels"] = (
        f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}"><Relationship Id="rIdDrawing" Type="{RELATIONSHIPS}/'
        'drawing" Target="../drawings/drawing1.xml"/></Relationships>').encode()
    drawing = f'<drawing xmlns:r="{RELATIONSHIPS}" r:id="rIdDrawing"/>'
    parts[GROUP_PART] = parts[GROUP_PART].replace(b"</worksheet>", (drawing * references).encode() + b"</worksheet>")
    return write(parts, target)


def hyperlink_ranges(target: Path, count: int, rows_each: int = 26, last_column: str = "AL") -> Path:
    """A group sheet with ``count`` hyperlinks, each over ``rows_each`` rows from A to ``last_column``."""
    parts = example_parts()
    parts["xl/worksheets/_rels/sheet8.xml.rels"] = (
        f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}"><Relationship Id="rIdLink" Type="{RELATIONSHIPS}/'
        'hyperlink" Target="https://www.example.no/" TargetMode="External"/></Relationships>').encode()
    links = "".join(f'<hyperlink ref="A{1 + rows_each * number}:{last_column}{rows_each * (number + 1)}" '
                    'r:id="rIdLink"/>' for number in range(count))
    parts[GROUP_PART] = parts[GROUP_PART].replace(
        b"</worksheet>", f'<hyperlinks xmlns:r="{RELATIONSHIPS}">{links}</hyperlinks></worksheet>'.encode())
    return write(parts, target)


def cell_reference(target: Path, reference: str) -> Path:
    """A group sheet whose first task cell (D5) says it lies at ``reference`` instead."""
    parts = example_parts()
    parts[GROUP_PART] = parts[GROUP_PART].replace(b'r="D5"', f'r="{reference}"'.encode(), 1)
    return write(parts, target)
