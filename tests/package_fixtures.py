"""Workbooks as other tools save them: macros with a ribbon, charts, threaded comments, Strict OOXML.

Each is made from the shipped example by editing its package the way Excel lays these parts out,
so the tests can check that an in-place write keeps every part it does not need to change.
"""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart, Reference

RIBBON = ('<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui"><ribbon><tabs>'
          '<tab id="t" label="Makro"><group id="g" label="Makro"><button id="b" label="Kjør" onAction="Kjor"/>'
          '</group></tab></tabs></ribbon></customUI>')
THREADED = ('<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
            '<threadedComment ref="B1" dT="2026-01-01T10:00:00.00" personId="{00000000-0000-0000-0000-000000000001}" '
            'id="{00000000-0000-0000-0000-000000000002}"><text>Sjekk tittelen – Kari</text></threadedComment>'
            '</ThreadedComments>')
PERSONS = ('<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
           '<person displayName="Kari Nordmann" id="{00000000-0000-0000-0000-000000000001}" '
           'userId="kari@example.no" providerId="AD"/></personList>')


def read_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_parts(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _add_relationship(xml: bytes, rel_id: str, rel_type: str, target: str) -> bytes:
    relation = f'<Relationship Id="{rel_id}" Type="{rel_type}" Target="{target}"/>'
    return xml.replace(b"</Relationships>", relation.encode() + b"</Relationships>")


def _add_content_type(xml: bytes, element: str) -> bytes:
    return xml.replace(b"</Types>", element.encode() + b"</Types>")


def macro_workbook(example: Path, target: Path) -> Path:
    """An .xlsm with xlwings' real VBA project and a ribbon (customUI14) linked from the package root."""
    spec = importlib.util.find_spec("xlwings")
    vba = zipfile.ZipFile(Path(spec.origin).parent / "quickstart.xlsm").read("xl/vbaProject.bin")
    parts = read_parts(example)
    parts["xl/vbaProject.bin"] = vba
    parts["customUI/customUI14.xml"] = RIBBON.encode()
    parts["xl/_rels/workbook.xml.rels"] = _add_relationship(
        parts["xl/_rels/workbook.xml.rels"], "rIdVba", "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
        "vbaProject.bin")
    parts["_rels/.rels"] = _add_relationship(
        parts["_rels/.rels"], "rIdRibbon", "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
        "customUI/customUI14.xml")
    types = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    parts["[Content_Types].xml"] = _add_content_type(
        types, '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>')
    return write_parts(target, parts)


def chart_workbook(example: Path, target: Path) -> Path:
    """The example with a bar chart on its categories sheet (saved by openpyxl)."""
    book = openpyxl.load_workbook(example)
    sheet = book.worksheets[-1]
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=1, min_row=1, max_row=3))
    sheet.add_chart(chart, "H2")
    book.save(target)
    return target


def threaded_comment_workbook(example: Path, target: Path) -> Path:
    """The example with a threaded comment (Excel 365) on the facts sheet's title."""
    parts = read_parts(example)
    workbook_rels = parts["xl/_rels/workbook.xml.rels"].decode()
    facts_target = re.search(r'Target="/?(?:xl/)?(worksheets/sheet\d+\.xml)"', workbook_rels).group(1)
    facts = f"xl/{facts_target}"
    rels_name = facts.replace("worksheets/", "worksheets/_rels/") + ".rels"
    parts["xl/threadedComments/threadedComment1.xml"] = THREADED.encode()
    parts["xl/persons/person.xml"] = PERSONS.encode()
    rels = parts.get(rels_name, b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                                   b'</Relationships>')
    parts[rels_name] = _add_relationship(
        rels, "rIdThreaded", "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment",
        "../threadedComments/threadedComment1.xml")
    parts["xl/_rels/workbook.xml.rels"] = _add_relationship(
        parts["xl/_rels/workbook.xml.rels"], "rIdPersons",
        "http://schemas.microsoft.com/office/2017/10/relationships/person", "persons/person.xml")
    types = _add_content_type(parts["[Content_Types].xml"],
                              '<Override PartName="/xl/threadedComments/threadedComment1.xml" '
                              'ContentType="application/vnd.ms-excel.threadedcomments+xml"/>')
    parts["[Content_Types].xml"] = _add_content_type(
        types, '<Override PartName="/xl/persons/person.xml" ContentType="application/vnd.ms-excel.person+xml"/>')
    return write_parts(target, parts)


_STRICT = {
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    b"http://schemas.openxmlformats.org/drawingml/2006/main": b"http://purl.oclc.org/ooxml/drawingml/main",
}


def strict_workbook(example: Path, target: Path) -> Path:
    """The example in Strict OOXML namespaces, as Excel's «Strict Open XML Spreadsheet» saves it."""
    parts = read_parts(example)
    for name, data in parts.items():
        if name.endswith((".xml", ".rels")):
            for old, new in _STRICT.items():
                data = data.replace(old, new)
            parts[name] = data
    return write_parts(target, parts)


def libreoffice_workbook(example: Path, folder: Path) -> Path | None:
    """The example as LibreOffice Calc saves it (None when soffice is missing)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    source = folder / "calc-input.xlsx"
    shutil.copy(example, source)
    out = folder / "calc"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/lo-profile", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=180)
    return out / "calc-input.xlsx"


def zip_bytes(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()
