"""Generate templates/samarbeidsavtale.docx, the Word template regions restyle in Word.

Run from the repository root:  python scripts/make_template.py [--overwrite]

The .docx is what users edit (styles, wording of the standard chapters, layout); this script
is how the shipped one is made and reviewed. The variables it uses are documented in
docs/template.md; `agreement template-check` checks an edited template.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agreement_builder.files import atomic_output  # noqa: E402

TARGET = ROOT / "templates" / "samarbeidsavtale.docx"
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
GREY = RGBColor(0x59, 0x59, 0x59)
TABLE_STYLE = "Oppgavetabell"
DRAFT_STYLE = "Utkastmerknad"
AFTER_TABLE_STYLE = "Tekst etter tabell"
TOC_HEADING_STYLE = "TOC Heading"
SIGNATURE_PARTY_STYLE = "Underskriftspart"
SIGNATURE_LINE_STYLE = "Underskriftslinje"
SIGNATURE_SIGN_STYLE = "Underskriftslinje for signatur"
LANGUAGE = "nb-NO"
HEADING_STYLES = ("Heading1", "Heading2", "Heading3")  # style ids, bound to the numbering levels
# Indentation (twips) of the number and the text after it, per heading level: «1», «1.1», «1.1.1».
HEADING_INDENTS = (567, 709, 851)


# --- styles ----------------------------------------------------------------------------------
def _set_language(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    lang.set(qn("w:bidi"), "ar-SA")


def _document_defaults(document) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_language(rpr)


def _styles(document) -> None:
    styles = document.styles
    _document_defaults(document)
    normal = styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    for name, size, before in (("Title", 26, 0), ("Heading 1", 16, 18), ("Heading 2", 13, 14), ("Heading 3", 12, 10)):
        style = styles[name]
        style.font.name, style.font.size, style.font.color.rgb = "Calibri", Pt(size), ACCENT
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.keep_with_next = True
    styles["Subtitle"].font.color.rgb = GREY
    for level in (1, 2, 3):
        toc = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = normal
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.space_after = Pt(2)
        # After the heading number (written with a tab, as Word writes it), then the page number.
        toc.paragraph_format.tab_stops.add_tab_stop(Cm(0.6 * (level - 1) + 0.5 + 0.35 * level))
        toc.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    draft = styles.add_style(DRAFT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    draft.base_style = normal
    draft.font.bold, draft.font.size, draft.font.color.rgb = True, Pt(14), RGBColor(0x9C, 0x00, 0x06)
    draft.paragraph_format.space_before = Pt(24)
    draft.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _border(draft.element.get_or_add_pPr(), "C00000")
    _more_styles(styles, normal)
    table_style = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    table_style.base_style = styles["Table Grid"]
    table_style.font.size = Pt(10)
    for style in styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER) and style.element.rPr is not None:
            _set_language(style.element.rPr)
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "List Number"):
        _set_language(styles[name].element.get_or_add_rPr())


def _more_styles(styles, normal) -> None:
    """Spacing lives in styles: text after a table, the TOC heading, the signature blocks."""
    after_table = styles.add_style(AFTER_TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    after_table.base_style = normal
    after_table.paragraph_format.space_before = Pt(10)
    toc_heading = styles[TOC_HEADING_STYLE]  # Word's own, so readers know it opens the TOC
    toc_heading.base_style = normal
    toc_heading.hidden = False
    toc_heading.element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 0  # never numbered
    toc_heading.font.size, toc_heading.font.bold, toc_heading.font.color.rgb = Pt(16), True, ACCENT
    toc_heading.paragraph_format.page_break_before = True
    toc_heading.paragraph_format.space_after = Pt(12)
    party = styles.add_style(SIGNATURE_PARTY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    party.base_style = normal
    party.font.bold = True
    party.paragraph_format.space_before = Pt(10)
    line = styles.add_style(SIGNATURE_LINE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    line.base_style = normal
    line.font.size, line.font.color.rgb = Pt(9), GREY
    line.paragraph_format.space_before = Pt(22)
    line.paragraph_format.space_after = Pt(2)
    _top_line(line.element.get_or_add_pPr())
    # The same look as a group of its own: Word and LibreOffice join adjacent paragraphs with the same
    # borders and indents into one bordered box, which would leave the signature without its line; a
    # right indent one point wider (invisible) keeps them apart.
    sign = styles.add_style(SIGNATURE_SIGN_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    sign.base_style = line
    sign.paragraph_format.space_after = Pt(12)
    sign.paragraph_format.right_indent = Pt(1)


def _top_line(ppr) -> None:
    """A thin line above the paragraph: where to write (the signature line)."""
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "595959")):
        top.set(qn(f"w:{key}"), value)
    borders.append(top)
    ppr.append(borders)


def _heading_numbering(document) -> None:
    """Numbered headings (1, 1.1, 1.1.1) from one multilevel list bound to the heading styles.

    Each level names its style (w:pStyle) and each heading style refers to the list (w:numPr),
    as Word does it, so a region's template restyles or renumbers the headings in Word's own
    dialogs and the table of contents shows the numbers.
    """
    numbering = document.part.numbering_part.element
    abstract_ids = [int(node.get(qn("w:abstractNumId"))) for node in numbering.findall(qn("w:abstractNum"))]
    num_ids = [int(node.get(qn("w:numId"))) for node in numbering.findall(qn("w:num"))]
    abstract_id, num_id = str(max(abstract_ids, default=-1) + 1), str(max(num_ids, default=0) + 1)
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), abstract_id)
    _child(abstract, "w:multiLevelType", "multilevel")
    for level, (style_id, indent) in enumerate(zip(HEADING_STYLES, HEADING_INDENTS)):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        _child(lvl, "w:start", "1")
        _child(lvl, "w:numFmt", "decimal")
        _child(lvl, "w:pStyle", style_id)
        _child(lvl, "w:lvlText", ".".join(f"%{n}" for n in range(1, level + 2)))
        _child(lvl, "w:lvlJc", "left")
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), str(indent))
        ind.set(qn("w:hanging"), str(indent))
        ppr.append(ind)
        lvl.append(ppr)
        abstract.append(lvl)
    existing = numbering.findall(qn("w:abstractNum"))
    if existing:
        existing[-1].addnext(abstract)
    else:
        numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), num_id)
    _child(num, "w:abstractNumId", abstract_id)
    numbering.append(num)
    for level, name in enumerate(("Heading 1", "Heading 2", "Heading 3")):
        num_pr = document.styles[name].element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = int(num_id)


def _child(parent, tag: str, value: str) -> None:
    element = OxmlElement(tag)
    element.set(qn("w:val"), value)
    parent.append(element)


def _border(ppr, colour: str) -> None:
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "12"), ("space", "6"), ("color", colour)):
            edge.set(qn(f"w:{key}"), value)
        borders.append(edge)
    ppr.append(borders)
    shading = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", "FDECEA")):
        shading.set(qn(f"w:{key}"), value)
    ppr.append(shading)


# --- building blocks ------------------------------------------------------------------------
def _para(document, text: str = "", style: str | None = None):
    return document.add_paragraph(text, style=style)


def _tag(document, tag: str) -> None:
    """A paragraph holding only a docxtpl block tag; it disappears when rendered."""
    document.add_paragraph(tag)


def _blocks(document, expression: str, after_table: str = "") -> None:
    """Paragraphs, bullets and numbered items from a list of {kind, text} blocks.

    ``after_table`` is a condition under which a first plain paragraph follows a table: it then
    gets the style with space above, so no empty paragraph is needed for spacing.
    """
    _tag(document, f"{{%p for block in {expression} %}}")
    _tag(document, "{%p if block.kind == 'kulepunkt' %}")
    _para(document, "{{ block.text }}", "List Bullet")
    _tag(document, "{%p elif block.kind == 'nummerert' %}")
    _para(document, "{{ block.text }}", "List Number")
    if after_table:
        _tag(document, f"{{%p elif loop.first and {after_table} %}}")
        _para(document, "{{ block.text }}", AFTER_TABLE_STYLE)
    _tag(document, "{%p else %}")
    _para(document, "{{ block.text }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")


def _text_or_default(document, key: str, default: list[str]) -> None:
    """The facts sheet's text for ``key`` when given, else the template's standard wording (if any)."""
    _tag(document, f"{{%p if texts.{key} %}}")
    _blocks(document, f"texts.{key}")
    if default:
        _tag(document, "{%p else %}")
        for paragraph in default:
            _para(document, paragraph)
    _tag(document, "{%p endif %}")


def _standard_chapter(document, key: str, heading: str, default: list[str]) -> None:
    """A standard chapter the workbook fills, replaces or switches off (``standard.<key>``)."""
    _tag(document, f"{{%p if standard.{key} %}}")
    document.add_heading(heading, level=1)
    _text_or_default(document, key, default)
    _tag(document, "{%p endif %}")


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    def char(kind: str) -> None:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char("begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def _row_properties(row, *, header: bool = False) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _shade(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", fill)):
        shading.set(qn(f"w:{key}"), value)
    properties.append(shading)


def _loop_table(document, headers: tuple[str, ...], loop: str, cells: tuple[str, ...], widths=None) -> None:
    """A table: header row (repeats on each page), one row per item of ``loop``, rows never split."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = document.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, label in zip(table.rows[0].cells, headers):
        cell.text = ""
        run = cell.paragraphs[0].add_run(label)
        run.bold, run.font.color.rgb, run.font.size = True, RGBColor(0xFF, 0xFF, 0xFF), Pt(9)
        _shade(cell, "1F4E79")
    _row_properties(table.rows[0], header=True)
    table.rows[1].cells[0].text = f"{{%tr for {loop} %}}"
    for cell, expression in zip(table.rows[2].cells, cells):
        cell.text = f"{{{{ {expression} }}}}"
    _row_properties(table.rows[2])
    table.rows[3].cells[0].text = "{%tr endfor %}"
    if widths:
        table.autofit = False
        for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
            column.set(qn("w:w"), str(int(Cm(width).twips)))
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = Cm(width)


# --- the document -----------------------------------------------------------------------------
def _title_page(document) -> None:
    _para(document, "{{ title }}", "Title")
    _para(document, "Avtale mellom {{ parties_summary }}", "Subtitle")
    _tag(document, "{%p if helsefellesskap %}")
    _para(document, "{{ helsefellesskap }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if cover_facts %}")
    table = document.add_table(rows=3, cols=2)
    table.style = document.styles["Table Grid"]
    table.rows[0].cells[0].text = "{%tr for fact in cover_facts %}"
    label, value = table.rows[1].cells
    label.text, value.text = "{{ fact.label }}", "{{ fact.value }}"
    label.paragraphs[0].runs[0].bold = True
    table.rows[2].cells[0].text = "{%tr endfor %}"
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if draft %}")
    _para(document, "UTKAST", DRAFT_STYLE)
    _tag(document, "{%p endif %}")
    _para(document, "Innhold", TOC_HEADING_STYLE)
    _field(_para(document), 'TOC \\o "1-3" \\h \\z \\u',
           "Innholdsfortegnelsen oppdateres når dokumentet åpnes (i Word: høyreklikk og velg Oppdater felt).")


def _parties(document) -> None:
    heading = document.add_heading("Parter", level=1)
    heading.paragraph_format.page_break_before = True
    _tag(document, "{%p if single_municipality %}")
    _para(document, "Partene i avtalen er {{ parties_summary }} (kommunenummer {{ municipalities[0].number }}).")
    _tag(document, "{%p elif municipalities %}")
    _para(document, "Partene i avtalen er {{ hospital_trust or 'helseforetaket' }} og de "
                    "{{ municipalities|length }} kommunene nedenfor.")
    headers = ("Kommunenr.", "Kommune") * 3
    cells = tuple(expression for column in range(3)
                  for expression in (f"row[{column}].number", f"row[{column}].name"))
    _loop_table(document, headers, "row in municipality_rows", cells, widths=(2.3, 3.0) * 3)
    _tag(document, "{%p else %}")
    _para(document, "Partene i avtalen er {{ hospital_trust or 'helseforetaket' }} og kommunene.")
    _tag(document, "{%p endif %}")


def _opening_chapters(document) -> None:
    _parties(document)
    _standard_chapter(document, "legal_basis", "Lovgrunnlag", [
        "{%p if parent_agreement %}",
        "Dokumentet hører under {{ parent_agreement }}.",
        "{%p endif %}",
        "Avtalen bygger på {{ law.hol.cited }} § 6-1 og § 6-2 og {{ law.sphlsl.cited }} § 2-1 e om samarbeid "
        "mellom kommuner og helseforetak.",
        "Andre sentrale rettskilder er {{ law.pbrl.cited }}, {{ law.rehabiliteringsforskriften.name }} og "
        "{{ law.rehabiliteringsveilederen.name }}.",
        "Avtalen kan ikke innskrenke det ansvaret partene har etter lov eller forskrift. Der avtalen og regelverket "
        "ikke stemmer overens, går regelverket foran.",
    ])
    _standard_chapter(document, "purpose", "Formål", [
        "Avtalen skal bidra til at pasienter og brukere får helhetlige og sammenhengende tjenester, ved å "
        "klargjøre hvilke oppgaver spesialisthelsetjenesten og kommunehelsetjenesten har ansvar for, og hvilke "
        "oppgaver partene løser sammen.",
    ])
    _standard_chapter(document, "scope", "Virkeområde", [
        "Avtalen gjelder samarbeidet mellom {{ parties_summary }} om pasientgruppene og oppgavene som er beskrevet "
        "i avtalen.",
    ])


def _body(document) -> None:
    _tag(document, "{%p for section in sections %}")
    document.add_heading("{{ section.heading }}", level=1)
    _blocks(document, "section.blocks")
    _tag(document, "{%p endfor %}")

    _tag(document, "{%p for category in categories %}")
    document.add_heading("{{ category.name }}", level=2)
    _tag(document, "{%p for group in category.groups %}")
    document.add_heading("{{ group.name }}", level=3)
    _tag(document, "{%p if group.rows %}")
    _loop_table(document, ("Spesialisthelsetjenesten", "Felles ansvar", "Kommunehelsetjenesten"), "row in group.rows",
                ("row.spesialisthelsetjenesten", "row.felles", "row.kommunehelsetjenesten"))
    _tag(document, "{%p endif %}")
    _blocks(document, "group.recommendation", after_table="group.rows")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endfor %}")

    _tag(document, "{%p if joint_measures %}")
    document.add_heading("Samarbeidstiltak", level=1)
    _para(document, "For samarbeidstiltakene nedenfor er ansvar (også arbeidsgiveransvar), organisering og "
                    "finansiering avtalt slik, jf. {{ law.hol.name }} § 6-2 andre ledd.")
    _loop_table(document, ("Tiltak", "Diagnosegruppe", "Ansvar", "Organisering", "Finansiering"),
                "measure in joint_measures",
                ("measure.name", "measure.group", "measure.responsibility", "measure.organisation",
                 "measure.financing"))
    _tag(document, "{%p endif %}")

    _tag(document, "{%p if statute_map %}")
    document.add_heading("Minimumsinnholdet etter § 6-2", level=1)
    _para(document, "Tabellen viser hvor punktene i {{ law.hol.name }} § 6-2 første ledd behandles: i denne "
                    "avtalen, eller i en annen avtale som er oppgitt med navn.")
    _loop_table(document, ("Nr.", "Punkt", "Status", "Hvor", "Merknad"), "row in statute_map",
                ("row.point", "row.short_name", "row.status_label", "row.where", "row.note"),
                widths=(1.0, 4.4, 2.9, 3.6, 4.1))
    _tag(document, "{%p endif %}")


def _signature_table(document, columns: int) -> None:
    """One block per party: its name, a line for place and date, a line for the signature."""
    table = document.add_table(rows=3, cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.rows[0].cells[0].text = "{%tr for row in signature_rows %}"
    for column, cell in enumerate(table.rows[1].cells):
        cell.paragraphs[0].text = f"{{{{ row[{column}].name }}}}"
        cell.paragraphs[0].style = document.styles[SIGNATURE_PARTY_STYLE]
        cell.add_paragraph(f"{{%p if row[{column}].name %}}")
        cell.add_paragraph("Sted og dato", SIGNATURE_LINE_STYLE)
        cell.add_paragraph("Underskrift", SIGNATURE_SIGN_STYLE)
        cell.add_paragraph("{%p endif %}")
    _row_properties(table.rows[1])
    table.rows[2].cells[0].text = "{%tr endfor %}"
    width = 16 / columns
    for row in table.rows:
        for cell in row.cells:
            cell.width = Cm(width)


def _closing_chapters(document) -> None:
    _standard_chapter(document, "deviations", "Avvik", [
        "Avvik fra avtalen meldes skriftlig til den andre parten. Avvik brukes til læring og forbedring, og "
        "partene følger opp meldte avvik uten unødig opphold.",
    ])
    _standard_chapter(document, "disagreement", "Uenighet", [
        "Uenighet om forståelsen eller gjennomføringen av avtalen søkes først løst på lavest mulig nivå, og "
        "deretter mellom partenes ledelse.",
    ])
    _standard_chapter(document, "breach", "Mislighold", [
        "Oppfyller en part ikke sine plikter etter avtalen, varsler den andre parten skriftlig, og partene søker "
        "å rette forholdet.",
    ])
    _standard_chapter(document, "duration", "Varighet, revisjon og oppsigelse", [
        "{{ valid_from and 'Avtalen gjelder fra ' ~ valid_from ~ ' og' or 'Avtalen gjelder' }} til den erstattes "
        "av en ny avtale eller sies opp.{{ revise_by and ' Den skal revideres innen ' ~ revise_by ~ '.' }}",
    ])
    _tag(document, "{%p if standard.signatures %}")
    document.add_heading("Underskrifter", level=1)
    _text_or_default(document, "signatures", [])
    _tag(document, "{%p if signature_rows and signature_rows[0]|length == 2 %}")
    _signature_table(document, 2)
    _tag(document, "{%p elif signature_rows %}")
    _signature_table(document, 3)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endif %}")


def _header_and_footer(section) -> None:
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.text = "{{ title }}{{ ' – UTKAST' if draft else '' }}"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.runs[0].font.size, header.runs[0].font.color.rgb = Pt(9), GREY
    footer = section.footer.paragraphs[0]
    tabs = footer.paragraph_format.tab_stops
    for inherited in (Inches(3.25), Inches(6.5)):  # the Footer style's centre and right stops
        tabs.add_tab_stop(inherited, WD_TAB_ALIGNMENT.CLEAR)
    tabs.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT)
    run = footer.add_run("Versjon {{ version }}{{ ' – ' ~ date if date else '' }}\tSide ")
    run.font.size = Pt(9)
    _field(footer, "PAGE", "1")
    footer.add_run(" av ")
    _field(footer, "NUMPAGES", "1")
    for run in footer.runs:
        run.font.size, run.font.color.rgb = Pt(9), GREY


def _settings(document) -> None:
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def build_template() -> Document:
    document = Document()
    _styles(document)
    _heading_numbering(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    _header_and_footer(section)
    _settings(document)
    properties = document.core_properties
    properties.title = "Samarbeidsavtale"
    properties.subject = "Mal for samarbeidsavtaler mellom kommuner og helseforetak"
    properties.author = "agreement_builder"
    properties.language = LANGUAGE
    properties.comments = "Mal for samarbeidsavtaler; variablene er beskrevet i docs/template.md."
    _title_page(document)
    _opening_chapters(document)
    _body(document)
    _closing_chapters(document)
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
