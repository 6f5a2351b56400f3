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
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
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
LANGUAGE = "nb-NO"


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
        toc.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    draft = styles.add_style(DRAFT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    draft.base_style = normal
    draft.font.bold, draft.font.color.rgb = True, RGBColor(0x9C, 0x00, 0x06)
    _border(draft.element.get_or_add_pPr(), "C00000")
    table_style = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    table_style.base_style = styles["Table Grid"]
    table_style.font.size = Pt(10)
    for style in styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER) and style.element.rPr is not None:
            _set_language(style.element.rPr)
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "List Number"):
        _set_language(styles[name].element.get_or_add_rPr())


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


def _blocks(document, expression: str) -> None:
    """Paragraphs, bullets and numbered items from a list of {kind, text} blocks."""
    _tag(document, f"{{%p for block in {expression} %}}")
    _tag(document, "{%p if block.kind == 'kulepunkt' %}")
    _para(document, "{{ block.text }}", "List Bullet")
    _tag(document, "{%p elif block.kind == 'nummerert' %}")
    _para(document, "{{ block.text }}", "List Number")
    _tag(document, "{%p else %}")
    _para(document, "{{ block.text }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")


def _text_or_default(document, key: str, default: list[str]) -> None:
    """The facts sheet's text for ``key`` when given, else the template's standard wording."""
    _tag(document, f"{{%p if texts.{key} %}}")
    _blocks(document, f"texts.{key}")
    _tag(document, "{%p else %}")
    for paragraph in default:
        _para(document, paragraph)
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


def _page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# --- the document -----------------------------------------------------------------------------
def _title_page(document) -> None:
    _para(document, "{{ title }}", "Title")
    _para(document, "Samarbeidsavtale mellom {{ parties_summary }}", "Subtitle")
    _para(document, "{{ helsefellesskap }}")
    facts = (("Versjon", "{{ version }}"), ("Status", "{{ status }}"), ("Dato", "{{ date }}"),
             ("Gyldig fra", "{{ valid_from }}"))
    # What the document is, shown only when the workbook says so (one row between {%tr if %} and {%tr endif %}).
    scope = (("Dokumenttype", "document_type"), ("Hører under", "parent_agreement"),
             ("Behandler § 6-2 nr.", "handled_points"))
    table = document.add_table(rows=len(facts) + 3 * len(scope), cols=2)
    table.style = document.styles["Table Grid"]
    rows = iter(table.rows)
    for (label, value), row in zip(facts, rows):
        row.cells[0].text, row.cells[1].text = label, value
        row.cells[0].paragraphs[0].runs[0].bold = True
    for label, name in scope:
        next(rows).cells[0].text = f"{{%tr if {name} %}}"
        row = next(rows)
        row.cells[0].text, row.cells[1].text = label, f"{{{{ {name} }}}}"
        row.cells[0].paragraphs[0].runs[0].bold = True
        next(rows).cells[0].text = "{%tr endif %}"
    _para(document)
    _tag(document, "{%p if not validation.valid %}")
    _para(document, "UTKAST – avtalen oppfyller ennå ikke minimumskravene i helse- og omsorgstjenesteloven § 6-2.",
          DRAFT_STYLE)
    _tag(document, "{%p if validation.missing_points %}")
    _para(document, "Disse punktene i § 6-2 første ledd er verken behandlet her eller dekket av en annen delavtale:")
    _tag(document, "{%p for point in validation.missing_points %}")
    _para(document, "nr. {{ point.point }}: {{ point.short_name }}", "List Bullet")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")
    _para(document, "Kontrollen fant {{ validation.summary }}")
    _tag(document, "{%p endif %}")
    _page_break(document)
    heading = _para(document, "Innhold", "Subtitle")
    heading.runs[0].bold = True
    _field(_para(document), 'TOC \\o "1-3" \\h \\z \\u',
           "Innholdsfortegnelsen oppdateres når dokumentet åpnes (i Word: høyreklikk og velg Oppdater felt).")
    _page_break(document)


def _opening_chapters(document) -> None:
    document.add_heading("Parter", level=1)
    _para(document, "Avtalen er inngått mellom {{ hospital_trust }} og kommunene nedenfor.")
    _loop_table(document, ("Kommunenummer", "Kommune"), "municipality in municipalities",
                ("municipality.number", "municipality.name"), widths=(4, 12))

    document.add_heading("Bakgrunn og lovgrunnlag", level=1)
    _para(document, "Avtalen er en delavtale under den overordnede samarbeidsavtalen mellom partene, og er inngått "
                    "etter helse- og omsorgstjenesteloven § 6-1 og § 6-2 og spesialisthelsetjenesteloven § 2-1 e.")
    _para(document, "Andre sentrale rettskilder er pasient- og brukerrettighetsloven, forskrift om habilitering, "
                    "rehabilitering og individuell plan og koordinator, og veilederen for habilitering, "
                    "rehabilitering, individuell plan og koordinator.")
    _para(document, "Avtalen kan ikke innskrenke det ansvaret partene har etter lov eller forskrift. Der avtalen "
                    "og regelverket ikke stemmer overens, går regelverket foran.")

    document.add_heading("Formål", level=1)
    _text_or_default(document, "purpose", [
        "Avtalen skal bidra til at pasienter og brukere får helhetlige og sammenhengende tjenester, ved å "
        "klargjøre hvilke oppgaver spesialisthelsetjenesten og kommunehelsetjenesten har ansvar for, og hvilke "
        "oppgaver partene løser sammen.",
    ])
    document.add_heading("Virkeområde", level=1)
    _text_or_default(document, "scope", [
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
    _para(document)
    _tag(document, "{%p endif %}")
    _blocks(document, "group.recommendation")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endfor %}")

    _tag(document, "{%p if joint_measures %}")
    document.add_heading("Samarbeidstiltak", level=1)
    _para(document, "For samarbeidstiltakene nedenfor er ansvar (også arbeidsgiveransvar), organisering og "
                    "finansiering avtalt slik, jf. helse- og omsorgstjenesteloven § 6-2 andre ledd.")
    _loop_table(document, ("Tiltak", "Diagnosegruppe", "Ansvar", "Organisering", "Finansiering"),
                "measure in joint_measures",
                ("measure.name", "measure.group", "measure.responsibility", "measure.organisation",
                 "measure.financing"))
    _tag(document, "{%p endif %}")

    document.add_heading("§ 6-2-dekning", level=1)
    _para(document, "Slik dekker avtalen minimumsinnholdet i helse- og omsorgstjenesteloven § 6-2 første ledd. "
                    "Punkter som behandles i andre delavtaler, er oppgitt med delavtalens navn.")
    _loop_table(document, ("Nr.", "Punkt", "Status", "Hvor / annen delavtale"), "row in coverage",
                ("row.point", "row.short_name", "row.status_label", "row.where"), widths=(1.3, 6.5, 2.7, 5.5))


def _closing_chapters(document) -> None:
    document.add_heading("Avvik", level=1)
    _text_or_default(document, "deviations", [
        "Avvik fra avtalen meldes til den andre parten etter helsefellesskapets rutine for avviksmelding. Avvik "
        "brukes til læring og forbedring, og partene følger opp meldte avvik uten unødig opphold.",
    ])
    document.add_heading("Uenighet", level=1)
    _text_or_default(document, "disagreement", [
        "Uenighet om forståelsen eller gjennomføringen av avtalen søkes først løst på lavest mulig nivå. Fører "
        "ikke det fram, behandles saken etter bestemmelsene om uenighet i den overordnede samarbeidsavtalen.",
    ])
    document.add_heading("Mislighold", level=1)
    _text_or_default(document, "breach", [
        "Oppfyller en part ikke sine plikter etter avtalen, varsler den andre parten skriftlig, og partene søker "
        "å rette forholdet. Vesentlig mislighold behandles etter den overordnede samarbeidsavtalen.",
    ])
    document.add_heading("Varighet, revisjon og oppsigelse", level=1)
    _text_or_default(document, "duration", [
        "Avtalen gjelder fra {{ valid_from or 'den er underskrevet av partene' }} og til den erstattes av en ny "
        "avtale eller sies opp. Avtalen revideres {{ 'innen ' ~ revise_by if revise_by else 'ved behov' }}. "
        "Oppsigelse og revisjon følger den overordnede samarbeidsavtalen.",
    ])
    document.add_heading("Underskrifter", level=1)
    _para(document, "Avtalen er underskrevet av partene.")
    _loop_table(document, ("Part", "Sted og dato", "Underskrift"), "party in signatories",
                ("party.name", "party.place_and_date", "party.signature"), widths=(6, 4.5, 5.5))


def _header_and_footer(section) -> None:
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.text = "{{ title }}"
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
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    _header_and_footer(section)
    _settings(document)
    properties = document.core_properties
    properties.title = "Samarbeidsavtale"
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
