"""Add or replace one worksheet in an .xlsx/.xlsm package without touching anything else.

openpyxl rewrites the whole package when it saves (every relationship file, every sheet), so
macros' ribbon and signature links, extension lists, shapes, threaded comments and more are lost.
This module edits the package surgically instead: every part is copied with its exact content
except the few that must change to add the sheet:

- the new (or replaced) sheet part, written by :func:`sheet_xml`, with its row heights and print setup;
- the workbook part (one ``<sheet>`` element added, and the sheet's print titles: one defined name),
- the workbook's relationships (one relationship added),
- the content types (one ``Override`` added),
- the styles part (cell formats appended at the end, so every existing index keeps its meaning).

Both transitional and Strict OOXML packages are handled: the new XML uses the namespaces the
package already uses. Anything this cannot handle safely raises :class:`PackageEditError`.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from ..package_xml import parse_part
from ..sheet_look import MARGINS_CM, PAGE_FOOTER, PAGE_HEADER, PAPER_A4

CONTENT_TYPES = "[Content_Types].xml"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_MAIN = {"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
         "http://purl.oclc.org/ooxml/spreadsheetml/main"}
_OFFICE_DOCUMENT = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
}
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


class PackageEditError(Exception):
    """The package cannot be edited losslessly; the message is a bokmål sentence."""


@dataclass(frozen=True)
class CellStyle:
    """How one cell looks: every field optional; colours as RRGGBB."""

    bold: bool = False
    size: float | None = None
    colour: str | None = None
    fill: str | None = None
    underline: bool = False
    wrap: bool = False


@dataclass(frozen=True)
class Cell:
    """A text cell at (row, column), 1-based; ``link`` is an internal target such as ``'Ark'!B4``."""

    row: int
    column: int
    text: str
    style: CellStyle = CellStyle()
    link: str = ""


@dataclass(frozen=True)
class SheetSpec:
    """A sheet of text cells with column widths, row heights (points), an optional frozen header, and the
    rows (first, last) printed at the top of every page; it prints landscape on A4, fitted to the page width.
    """

    name: str
    cells: tuple[Cell, ...]
    widths: dict[int, float] = field(default_factory=dict)
    freeze_rows: int = 0
    heights: dict[int, float] = field(default_factory=dict)
    print_titles: tuple[int, int] | None = None


@dataclass
class _Package:
    infos: list[zipfile.ZipInfo]
    parts: dict[str, bytes]

    @classmethod
    def read(cls, data: bytes) -> _Package:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                infos = archive.infolist()
                if len({info.filename for info in infos}) != len(infos):
                    raise PackageEditError("pakken har flere deler med samme navn")
                return cls(infos, {info.filename: archive.read(info) for info in infos})
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise PackageEditError("filen er ikke en gyldig Excel-pakke") from error

    def write(self) -> bytes:
        buffer = io.BytesIO()
        known = {info.filename for info in self.infos}
        with zipfile.ZipFile(buffer, "w") as archive:
            for info in self.infos:
                if info.filename in self.parts:
                    archive.writestr(_copy_info(info), self.parts[info.filename])
            for name, data in self.parts.items():
                if name not in known:
                    archive.writestr(_new_info(name), data)
        return buffer.getvalue()


def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    copy.compress_type = zipfile.ZIP_DEFLATED if info.compress_type != zipfile.ZIP_STORED else zipfile.ZIP_STORED
    copy.external_attr = info.external_attr
    copy.create_system = info.create_system
    return copy


def _new_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _target(source_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def _serialise(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _workbook_part(package: _Package) -> str:
    root = parse_part(package.parts.get("_rels/.rels", b""), "_rels/.rels", PackageEditError)
    for rel in root.iter(f"{{{_PKG_RELS}}}Relationship"):
        if rel.get("Type") in _OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
            part = _target("", rel.get("Target", ""))
            if part in package.parts:
                return part
    raise PackageEditError("pakken mangler arbeidsbokdelen")


def sheet_names(data: bytes) -> list[str]:
    """The names of the package's sheets, in tab order."""
    package = _Package.read(data)
    workbook_name = _workbook_part(package)
    workbook = parse_part(package.parts[workbook_name], workbook_name, PackageEditError)
    return [sheet.get("name", "") for sheet in workbook.iter(f"{{{etree.QName(workbook).namespace}}}sheet")]


def replace_sheet(data: bytes, spec: SheetSpec) -> bytes:
    """Return ``data`` (an .xlsx/.xlsm package) with ``spec`` added, or replacing the sheet of that name.

    A new sheet goes first, as the first tab (sheet-local names and the active tab are moved on by
    one, so the user's sheet stays the one that opens); a sheet of the same name keeps its place and
    part name.
    """
    package = _Package.read(data)
    workbook_name = _workbook_part(package)
    workbook = parse_part(package.parts[workbook_name], workbook_name, PackageEditError)
    main = etree.QName(workbook).namespace
    if main not in _MAIN:
        raise PackageEditError("arbeidsbokdelen har et ukjent format")
    rels_name = _rels_name(workbook_name)
    rels = parse_part(package.parts.get(rels_name, b""), rels_name, PackageEditError)
    r_ns = _relationship_namespace(workbook)
    sheets = workbook.find(f"{{{main}}}sheets")
    if sheets is None:
        raise PackageEditError("arbeidsboken har ingen ark-liste")
    existing = next((s for s in sheets if s.get("name", "").casefold() == spec.name.casefold()), None)
    style_ids = _add_styles(package, workbook_name, rels, main, spec)
    if existing is not None:
        sheet_part = _existing_part(package, workbook_name, rels, existing.get(f"{{{r_ns}}}id"))
    else:
        sheet_part = _add_sheet(package, workbook_name, rels, sheets, main, r_ns, spec.name)
        package.parts[rels_name] = _serialise(rels)
    if existing is None or spec.print_titles:
        _set_print_titles(workbook, main, spec)
        package.parts[workbook_name] = _serialise(workbook)
    package.parts[sheet_part] = sheet_xml(spec, main, style_ids)
    return package.write()


_PRINT_TITLES = "_xlnm.Print_Titles"
_AFTER_DEFINED_NAMES = ("calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
                        "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst")


def _set_print_titles(workbook, main: str, spec: SheetSpec) -> None:
    """The sheet's print titles as Excel keeps them: a defined name local to the sheet (replacing its old one)."""
    sheets = workbook.find(f"{{{main}}}sheets")
    index = next(i for i, sheet in enumerate(sheets) if sheet.get("name", "").casefold() == spec.name.casefold())
    names = workbook.find(f"{{{main}}}definedNames")
    for name in list(names if names is not None else ()):
        if name.get("name") == _PRINT_TITLES and name.get("localSheetId") == str(index):
            names.remove(name)
    if not spec.print_titles:
        return
    if names is None:
        names = etree.Element(f"{{{main}}}definedNames")
        following = next((child for child in workbook if etree.QName(child).localname in _AFTER_DEFINED_NAMES), None)
        if following is None:
            workbook.append(names)
        else:
            following.addprevious(names)
    first, last = spec.print_titles
    quoted = spec.name.replace("'", "''")
    etree.SubElement(names, f"{{{main}}}definedName", name=_PRINT_TITLES, localSheetId=str(index)).text = \
        f"'{quoted}'!${first}:${last}"


def _relationship_namespace(workbook) -> str:
    for prefix, uri in workbook.nsmap.items():
        if prefix and uri.endswith("/relationships"):
            return uri
    return "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _worksheet_rel_type(rels) -> str:
    for rel in rels:
        if rel.get("Type", "").endswith("/worksheet"):
            return rel.get("Type")
    return "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


def _existing_part(package: _Package, workbook_name: str, rels, rel_id: str | None) -> str:
    rel = next((r for r in rels if r.get("Id") == rel_id), None)
    if rel is None or not rel.get("Type", "").endswith("/worksheet"):
        raise PackageEditError("arket som skal erstattes, er ikke et vanlig regneark")
    part = _target(workbook_name, rel.get("Target", ""))
    _drop_sheet_relationships(package, part)
    return part


def _drop_sheet_relationships(package: _Package, part: str) -> None:
    """Remove the old sheet's own relationships and the parts only it used (its notes, drawings)."""
    rels_name = _rels_name(part)
    if rels_name not in package.parts:
        return
    rels = parse_part(package.parts.pop(rels_name), rels_name, PackageEditError)
    targets = {_target(part, rel.get("Target", "")) for rel in rels if rel.get("TargetMode") != "External"}
    used_elsewhere = set()
    for name, data in package.parts.items():
        if name.endswith(".rels"):
            owner = name.replace("_rels/", "").removesuffix(".rels")
            for rel in parse_part(data, name, PackageEditError):
                if rel.get("TargetMode") != "External":
                    used_elsewhere.add(_target(owner, rel.get("Target", "")))
    for target in targets - used_elsewhere:
        package.parts.pop(target, None)
        package.parts.pop(_rels_name(target), None)
        _remove_override(package, target)


def _remove_override(package: _Package, part: str) -> None:
    types = parse_part(package.parts[CONTENT_TYPES], CONTENT_TYPES, PackageEditError)
    for override in types.findall(f"{{{_CT}}}Override"):
        if override.get("PartName") == "/" + part:
            types.remove(override)
    package.parts[CONTENT_TYPES] = _serialise(types)


def _add_sheet(package: _Package, workbook_name: str, rels, sheets, main: str, r_ns: str, name: str) -> str:
    folder = posixpath.join(posixpath.dirname(workbook_name), "worksheets")
    number = 1
    while posixpath.join(folder, f"sheet{number}.xml") in package.parts:
        number += 1
    part = posixpath.join(folder, f"sheet{number}.xml")
    rel_ids = {rel.get("Id") for rel in rels}
    rel_number = len(rel_ids) + 1
    while f"rId{rel_number}" in rel_ids:
        rel_number += 1
    relation = etree.SubElement(rels, f"{{{_PKG_RELS}}}Relationship")
    relation.set("Id", f"rId{rel_number}")
    relation.set("Type", _worksheet_rel_type(rels))
    relation.set("Target", posixpath.relpath(part, posixpath.dirname(workbook_name)))
    sheet_ids = [int(s.get("sheetId", "0")) for s in sheets if s.get("sheetId", "").isdigit()]
    element = etree.Element(f"{{{main}}}sheet")
    sheets.insert(0, element)
    _shift_sheet_indexes(sheets.getparent(), main)
    element.set("name", name)
    element.set("sheetId", str(max(sheet_ids, default=0) + 1))
    element.set(f"{{{r_ns}}}id", f"rId{rel_number}")
    _add_override(package, part)
    return part


def _shift_sheet_indexes(workbook, main: str) -> None:
    """A sheet inserted first moves every other one a place on: keep sheet-local names and views on theirs."""
    for name in workbook.iter(f"{{{main}}}definedName"):
        local = name.get("localSheetId")
        if local is not None and local.isdigit():
            name.set("localSheetId", str(int(local) + 1))
    for view in workbook.iter(f"{{{main}}}workbookView"):
        view.set("activeTab", str(int(view.get("activeTab", "0") or 0) + 1))
        if view.get("firstSheet", "").isdigit():
            view.set("firstSheet", str(int(view.get("firstSheet")) + 1))


def _add_override(package: _Package, part: str) -> None:
    types = parse_part(package.parts[CONTENT_TYPES], CONTENT_TYPES, PackageEditError)
    override = etree.SubElement(types, f"{{{_CT}}}Override")
    override.set("PartName", "/" + part)
    override.set("ContentType", WORKSHEET_TYPE)
    package.parts[CONTENT_TYPES] = _serialise(types)


def _styles_part(package: _Package, workbook_name: str, rels) -> str:
    for rel in rels:
        if rel.get("Type", "").endswith("/styles"):
            return _target(workbook_name, rel.get("Target", ""))
    raise PackageEditError("arbeidsboken mangler stildelen")


def _add_styles(package: _Package, workbook_name: str, rels, main: str, spec: SheetSpec) -> dict[CellStyle, int]:
    """Append one cell format per distinct style in ``spec``; return style → index."""
    wanted = list(dict.fromkeys(cell.style for cell in spec.cells))  # every cell: text format at least
    if not wanted:
        return {}
    name = _styles_part(package, workbook_name, rels)
    styles = parse_part(package.parts.get(name, b""), name, PackageEditError)
    lists = {tag: _child(styles, main, tag) for tag in ("fonts", "fills", "cellXfs")}
    result = {}
    for style in wanted:
        font = _append(lists["fonts"], _font(main, style))
        fill = _append(lists["fills"], _fill(main, style)) if style.fill else 0
        result[style] = _append(lists["cellXfs"], _xf(main, style, font, fill))
    package.parts[name] = _serialise(styles)
    return result


def _child(styles, main: str, tag: str):
    element = styles.find(f"{{{main}}}{tag}")
    if element is None:
        raise PackageEditError("stildelen i arbeidsboken er ufullstendig")
    return element


def _append(container, element) -> int:
    container.append(element)
    count = len(container.findall(element.tag))
    container.set("count", str(count))
    return count - 1


def _font(main: str, style: CellStyle):
    font = etree.Element(f"{{{main}}}font")
    if style.bold:
        etree.SubElement(font, f"{{{main}}}b")
    if style.underline:
        etree.SubElement(font, f"{{{main}}}u")
    etree.SubElement(font, f"{{{main}}}sz").set("val", str(style.size or 11))
    if style.colour:
        etree.SubElement(font, f"{{{main}}}color").set("rgb", "FF" + style.colour)
    etree.SubElement(font, f"{{{main}}}name").set("val", "Calibri")
    return font


def _fill(main: str, style: CellStyle):
    fill = etree.Element(f"{{{main}}}fill")
    pattern = etree.SubElement(fill, f"{{{main}}}patternFill", patternType="solid")
    etree.SubElement(pattern, f"{{{main}}}fgColor").set("rgb", "FF" + str(style.fill))
    etree.SubElement(pattern, f"{{{main}}}bgColor").set("indexed", "64")
    return fill


def _xf(main: str, style: CellStyle, font: int, fill: int):
    xf = etree.Element(f"{{{main}}}xf", numFmtId="49", fontId=str(font), fillId=str(fill), borderId="0",
                       xfId="0", applyFont="1", applyNumberFormat="1")
    if fill:
        xf.set("applyFill", "1")
    if style.wrap:
        xf.set("applyAlignment", "1")
        etree.SubElement(xf, f"{{{main}}}alignment", wrapText="1", vertical="top")
    return xf


def column_letter(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_xml(spec: SheetSpec, main: str, style_ids: dict[CellStyle, int]) -> bytes:
    """The worksheet part: text as inline strings (never formulas), widths, frozen rows, links."""
    root = etree.Element(f"{{{main}}}worksheet", nsmap={None: main})
    etree.SubElement(etree.SubElement(root, f"{{{main}}}sheetPr"), f"{{{main}}}pageSetUpPr", fitToPage="1")
    views = etree.SubElement(etree.SubElement(root, f"{{{main}}}sheetViews"), f"{{{main}}}sheetView",
                             workbookViewId="0")
    if spec.freeze_rows:
        etree.SubElement(views, f"{{{main}}}pane", ySplit=str(spec.freeze_rows),
                         topLeftCell=f"A{spec.freeze_rows + 1}", activePane="bottomLeft", state="frozen")
    if spec.widths:
        cols = etree.SubElement(root, f"{{{main}}}cols")
        for column, width in sorted(spec.widths.items()):
            etree.SubElement(cols, f"{{{main}}}col", min=str(column), max=str(column), width=str(width),
                             customWidth="1")
    data = etree.SubElement(root, f"{{{main}}}sheetData")
    _rows(data, main, spec, style_ids)
    links = [cell for cell in spec.cells if cell.link]
    if links:
        container = etree.SubElement(root, f"{{{main}}}hyperlinks")
        for cell in sorted(links, key=lambda c: (c.row, c.column)):
            etree.SubElement(container, f"{{{main}}}hyperlink", ref=f"{column_letter(cell.column)}{cell.row}",
                             location=cell.link, display=_clean(cell.text))
    _page_setup(root, main)
    return _serialise(root)


def _page_setup(root, main: str) -> None:
    """Landscape A4, one page wide, margins, the sheet's name above and «Side N av M» below (schema order)."""
    inches = {side: str(round(centimetres / 2.54, 3)) for side, centimetres in MARGINS_CM.items()}
    etree.SubElement(root, f"{{{main}}}pageMargins", **inches)
    etree.SubElement(root, f"{{{main}}}pageSetup", paperSize=str(PAPER_A4), orientation="landscape",
                     fitToWidth="1", fitToHeight="0")
    header_footer = etree.SubElement(root, f"{{{main}}}headerFooter")
    etree.SubElement(header_footer, f"{{{main}}}oddHeader").text = f"&C{PAGE_HEADER}"
    etree.SubElement(header_footer, f"{{{main}}}oddFooter").text = f"&C{PAGE_FOOTER}"


def _rows(data, main: str, spec: SheetSpec, style_ids: dict[CellStyle, int]) -> None:
    by_row: dict[int, list[Cell]] = {}
    for cell in spec.cells:
        by_row.setdefault(cell.row, []).append(cell)
    for number in sorted(by_row):
        row = etree.SubElement(data, f"{{{main}}}row", r=str(number))
        if number in spec.heights:
            row.set("ht", str(spec.heights[number]))
            row.set("customHeight", "1")
        for cell in sorted(by_row[number], key=lambda c: c.column):
            element = etree.SubElement(row, f"{{{main}}}c", r=f"{column_letter(cell.column)}{number}")
            if cell.style in style_ids:
                element.set("s", str(style_ids[cell.style]))
            if not cell.text:
                continue  # an empty cell keeps its look
            element.set("t", "inlineStr")
            text = etree.SubElement(etree.SubElement(element, f"{{{main}}}is"), f"{{{main}}}t")
            text.text = _clean(cell.text)
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _clean(text: str) -> str:
    return _XML_FORBIDDEN.sub("", text)[:32767]
