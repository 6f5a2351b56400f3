"""The Excel add-in ``agreement_builder.xlam``, made from the xlwings template without Excel.

xlwings ships ``quickstart_addin_ribbon.xlam``, whose ribbon button runs
``import <add-in name>; <add-in name>.main()``. Named ``agreement_builder.xlam``, it calls
:func:`agreement_builder.main`. Only the ribbon XML and the config sheet (interpreter) are
changed; the VBA project stays the template's, so VBA and Python versions always match.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from .errors import AgreementError
from .files import atomic_output

ADDIN_NAME = "agreement_builder.xlam"
TEMPLATE_NAME = "quickstart_addin_ribbon.xlam"
CONFIG_SHEET = "myaddin.conf"  # the template's VBA reads "<PROJECT_NAME>.conf"; its copy is "_myaddin.conf" (off)
RIBBON_CALLBACK = "RibbonMyAddin.RunMain"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}

SUPERTIP = ("Kontrollerer arbeidsboken mot helse- og omsorgstjenesteloven § 6-2, viser funnene på arket "
            "«Validering» og lagrer avtalen (.docx) ved siden av arbeidsboken – eller i Dokumenter\\Samarbeidsavtaler "
            "når arbeidsboken ikke ligger i en mappe på maskinen.")
RIBBON = f"""<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui">
    <ribbon>
        <tabs>
            <tab id="samarbeidsavtaleTab" label="Samarbeidsavtale">
                <group id="samarbeidsavtaleGroup" label="Samarbeidsavtale">
                    <button id="kontrollerOgLag" label="Kontroller og lag avtale" size="large"
                            screentip="Kontroller arbeidsboken og lag Word-avtalen"
                            supertip={quoteattr(SUPERTIP)}
                            onAction="{RIBBON_CALLBACK}" imageMso="MacroPlay" />
                </group>
            </tab>
        </tabs>
    </ribbon>
</customUI>
"""


def xlwings_template() -> Path:
    """The ribbon add-in template inside the installed xlwings (not imported, only located)."""
    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        raise AgreementError("xlwings er ikke installert – installer det med «pip install xlwings»")
    template = Path(spec.origin).parent / TEMPLATE_NAME
    if not template.exists():
        raise AgreementError(f"fant ikke {TEMPLATE_NAME} i xlwings-installasjonen ({template.parent})")
    return template


def _config_sheet(xml: bytes, interpreter: str) -> bytes:
    """The template's config sheet with Interpreter_Win (B1) and Interpreter_Mac (B2) filled in."""
    root = etree.fromstring(xml)
    data = root.find("m:sheetData", NS)
    for row_number in ("1", "2"):
        row = data.find(f"m:row[@r='{row_number}']", NS)
        row.set("spans", "1:2")
        for old in row.findall(f"m:c[@r='B{row_number}']", NS):
            row.remove(old)
        cell = etree.SubElement(row, f"{{{NS['m']}}}c", r=f"B{row_number}", t="inlineStr")
        text = etree.SubElement(etree.SubElement(cell, f"{{{NS['m']}}}is"), f"{{{NS['m']}}}t")
        text.text = interpreter
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _workbook(xml: bytes) -> bytes:
    """Turn the config sheet on: the template ships it as «_myaddin.conf»."""
    return xml.replace(b'name="_myaddin.conf"', f'name="{escape(CONFIG_SHEET)}"'.encode())


def build_addin(output: Path, *, interpreter: str | None = None, overwrite: bool = False) -> Path:
    """Write the add-in to ``output``; the interpreter defaults to the Python running this."""
    interpreter = interpreter or sys.executable
    template = xlwings_template()
    with zipfile.ZipFile(template) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
        order = [info.filename for info in source.infolist()]
    parts["customUI/customUI.xml"] = RIBBON.encode("utf-8")
    parts["xl/worksheets/sheet1.xml"] = _config_sheet(parts["xl/worksheets/sheet1.xml"], interpreter)
    parts["xl/workbook.xml"] = _workbook(parts["xl/workbook.xml"])
    with atomic_output(output, overwrite=overwrite) as temporary:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as target:
            for name in order:
                target.writestr(name, parts[name])
    return output


def xlstart_folder() -> Path:
    """Excel's per-user start-up folder, where add-ins load from when Excel starts."""
    if sys.platform == "win32":
        return Path(os.environ["APPDATA"]) / "Microsoft" / "Excel" / "XLSTART"
    if sys.platform == "darwin":
        return (Path.home() / "Library" / "Group Containers" / "UBF8T346G9.Office" / "User Content.localized"
                / "Startup.localized" / "Excel")
    raise AgreementError("«agreement excel install» virker på Windows og macOS; bruk «agreement excel build-addin» "
                         "for å bare lage filen")
