"""Generate templates/samarbeidsavtale.docx, the Word template regions restyle in Word.

Run from the repository root:  python scripts/make_template.py [--overwrite]
The .docx is what users edit; this script is how the shipped one is made, reviewed and
regenerated. The Jinja tags it writes are documented in docs/template.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agreement_builder.files import atomic_output  # noqa: E402

TARGET = ROOT / "templates" / "samarbeidsavtale.docx"
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
TASK_TABLE_STYLE = "Oppgavetabell"


def _language(style, tag: str = "nb-NO") -> None:
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)
    lang.set(qn("w:bidi"), "ar-SA")


def _styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "List Number"):
        _language(styles[name])
    for name, size in (("Title", 26), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 12)):
        styles[name].font.color.rgb = ACCENT
        styles[name].font.size = Pt(size)
        styles[name].font.name = "Calibri"
    table_style = styles.add_style(TASK_TABLE_STYLE, 3)  # WD_STYLE_TYPE.TABLE
    table_style.base_style = styles["Table Grid"]
    table_style.font.size = Pt(10)


def _para(document, text: str = "", style: str | None = None):
    return document.add_paragraph(text, style=style)


def _tag(document, tag: str) -> None:
    """A paragraph holding only a docxtpl block tag; it disappears when rendered."""
    document.add_paragraph(tag)


def _blocks(document, expression: str) -> None:
    _tag(document, f"{{%p for block in {expression} %}}")
    _tag(document, "{%p if block.kind == 'kulepunkt' %}")
    _para(document, "{{ block.text }}", "List Bullet")
    _tag(document, "{%p elif block.kind == 'nummerert' %}")
    _para(document, "{{ block.text }}", "List Number")
    _tag(document, "{%p else %}")
    _para(document, "{{ block.text }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")


def _row_properties(row, *, header: bool = False) -> None:
    properties = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    properties.append(cant_split)
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _shade(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _task_table(document) -> None:
    table = document.add_table(rows=4, cols=3)
    table.style = document.styles[TASK_TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _header_row(table, ("Spesialisthelsetjenesten", "Felles ansvar", "Kommunehelsetjenesten"))
    table.rows[1].cells[0].text = "{%tr for row in group.rows %}"
    for cell, key in zip(table.rows[2].cells, ("spesialisthelsetjenesten", "felles", "kommunehelsetjenesten")):
        cell.text = f"{{{{ row.{key} }}}}"
    _row_properties(table.rows[2])
    table.rows[3].cells[0].text = "{%tr endfor %}"


def _header_row(table, labels) -> None:
    for cell, label in zip(table.rows[0].cells, labels):
        cell.text = ""
        run = cell.paragraphs[0].add_run(label)
        run.bold = True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        _shade(cell, "1F4E79")
    _row_properties(table.rows[0], header=True)


def _coverage_table(document) -> None:
    table = document.add_table(rows=4, cols=4)
    table.style = document.styles[TASK_TABLE_STYLE]
    _header_row(table, ("Nr.", "Punkt", "Status", "Hvor / annen delavtale"))
    table.rows[1].cells[0].text = "{%tr for row in coverage %}"
    for cell, expression in zip(table.rows[2].cells, ("row.point", "row.short_name", "row.status_label", "row.where")):
        cell.text = f"{{{{ {expression} }}}}"
    _row_properties(table.rows[2])
    table.rows[3].cells[0].text = "{%tr endfor %}"


def build_template() -> Document:
    document = Document()
    _styles(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin = section.bottom_margin = Cm(2.5)

    _para(document, "{{ title }}", "Title")
    _para(document, "Samarbeidsavtale mellom {{ hospital_trust }} og kommunene i {{ helsefellesskap }}", "Subtitle")
    _para(document, "Versjon {{ version }} – {{ status }} – {{ date }}")
    _tag(document, "{%p if not validation.valid %}")
    _para(document, "UTKAST – avtalen oppfyller ennå ikke minimumskravene i helse- og omsorgstjenesteloven § 6-2.",
          "Intense Quote")
    _tag(document, "{%p if validation.missing_points %}")
    _para(document, "Disse punktene i § 6-2 første ledd er verken behandlet her eller dekket av en annen delavtale:")
    _tag(document, "{%p for point in validation.missing_points %}")
    _para(document, "nr. {{ point.point }}: {{ point.short_name }}", "List Bullet")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")
    _para(document, "Kontrollen fant {{ validation.summary }}")
    _tag(document, "{%p endif %}")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    document.add_heading("Parter", level=1)
    _para(document, "Avtalen er inngått mellom {{ hospital_trust }} og disse kommunene:")
    _tag(document, "{%p for municipality in municipalities %}")
    _para(document, "{{ municipality.name }} ({{ municipality.number }})", "List Bullet")
    _tag(document, "{%p endfor %}")

    document.add_heading("§ 6-2-dekning", level=1)
    _para(document, "Slik dekker avtalen minimumsinnholdet i helse- og omsorgstjenesteloven § 6-2 første ledd:")
    _coverage_table(document)

    _tag(document, "{%p for section in sections %}")
    document.add_heading("{{ section.heading }}", level=1)
    _blocks(document, "section.blocks")
    _tag(document, "{%p endfor %}")

    _tag(document, "{%p for category in categories %}")
    document.add_heading("{{ category.name }}", level=2)
    _tag(document, "{%p for group in category.groups %}")
    document.add_heading("{{ group.name }}", level=3)
    _tag(document, "{%p if group.rows %}")
    _task_table(document)
    _tag(document, "{%p endif %}")
    _blocks(document, "group.recommendation")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endfor %}")

    footer = section.footer.paragraphs[0]
    footer.text = "{{ title }} – versjon {{ version }}"
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=TARGET)
    parser.add_argument("--overwrite", action="store_true")
    args = parser.parse_args()
    with atomic_output(args.output, overwrite=args.overwrite) as temporary:
        build_template().save(str(temporary))
    print(args.output)


if __name__ == "__main__":
    main()
