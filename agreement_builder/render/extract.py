"""A preview of one group workbook: its groups as the agreement would show them, marked as an extract.

Not the agreement: no parties, chapters, § 6-2 map or signatures, and it says so in its title,
its header and its first lines («Utdrag – kun diagnosegruppen KOLS»). It is written with
python-docx on the agreement template's styles (the body of the template is left out), so
it looks like the agreement it is taken from.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.enum.text import WD_BREAK

from ..model import Agreement, Block, BlockKind, DiagnosisGroup, Level
from ..text import drop_xml_forbidden
from ..validation import Report
from ..validation.findings import SEVERITY_LABELS
from .docx import DEFAULT_TEMPLATE, write_bytes
from .finish import reproducible_zip
from .template_file import TemplateProblem, read_template

DRAFT_STYLE = "Utkastmerknad"
TABLE_STYLE = "Oppgavetabell"
_LIST_STYLES = {BlockKind.BULLET: "List Bullet", BlockKind.NUMBERED: "List Number"}


def extract_title(agreement: Agreement) -> str:
    """«Utdrag – kun diagnosegruppen KOLS» (or «diagnosegruppene A, B» for a few)."""
    names = [group.name for group in agreement.groups]
    what = "diagnosegruppen" if len(names) == 1 else "diagnosegruppene"
    return f"Utdrag – kun {what} {', '.join(names)}"


def render_extract(agreement: Agreement, output: str | Path, *, report: Report, template: str | Path | None = None,
                   overwrite: bool = False) -> Path:
    """Write the preview of a group workbook's ``agreement`` (its groups only) to ``output``."""
    document = _blank(Path(template) if template else DEFAULT_TEMPLATE)
    title = extract_title(agreement)
    _header_and_footer(document, title, agreement.facts.version)
    _paragraph(document, title, "Title")
    facts = agreement.facts
    origin = ", ".join(part for part in (f"«{facts.title}»" if facts.title else "", facts.helsefellesskap,
                                         f"versjon {facts.version}" if facts.version else "") if part)
    _paragraph(document, f"Fra samarbeidsavtalen {origin}" if origin else "Fra en samarbeidsavtale", "Subtitle")
    _paragraph(document, "Dette er et utdrag til gjennomsyn, ikke avtalen. Avtalen bygges av hovedarbeidsboken "
                         "og alle gruppearbeidsbøkene sammen.", DRAFT_STYLE)
    _paragraph(document, f"Kontroll av gruppen (reglene for diagnosegrupper): {len(report.errors)} feil, "
                         f"{len(report.warnings)} advarsler.", None)
    for category in agreement.categories:
        _paragraph(document, category, "Heading 2")
        for group in agreement.groups_in(category):
            _group(document, group)
    if report.findings:
        _paragraph(document, "Funn i kontrollen", "Heading 2")
        labels = SEVERITY_LABELS["nb"]
        for finding in report.findings:
            where = f"{finding.ref}: " if finding.ref else ""
            _paragraph(document, f"{where}{labels[finding.severity]} – {finding.message()}", "List Bullet")
    _properties(document, agreement, title)
    buffer = io.BytesIO()
    document.save(buffer)
    return write_bytes(reproducible_zip(buffer.getvalue()), Path(output), overwrite=overwrite)


def _blank(template: Path) -> DocumentObject:
    """The template with its body emptied (styles, page setup, headers kept); no Jinja runs on it.

    A user's template is checked as for the agreement (:func:`.template_file.read_template`:
    a regular file, a Word package, within the size limits) before python-docx opens it.
    """
    import docx

    data = read_template(template)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises several types for damaged packages
        raise TemplateProblem(f"{template}: malen kan ikke åpnes") from None
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return document


def _has_style(document: DocumentObject, name: str | None) -> bool:
    return name is not None and any(style.name == name for style in document.styles)


def _paragraph(document: DocumentObject, text: str, style: str | None):
    paragraph = document.add_paragraph(style=style if _has_style(document, style) else None)
    lines = drop_xml_forbidden(text).split("\n")
    run = paragraph.add_run(lines[0])
    for line in lines[1:]:
        run.add_break(WD_BREAK.LINE)
        run = paragraph.add_run(line)
    return paragraph


def _group(document: DocumentObject, group: DiagnosisGroup) -> None:
    _paragraph(document, group.name, "Heading 3")
    columns = [group.tasks_at(level) for level in Level]
    depth = max((len(column) for column in columns), default=0)
    if depth:
        table = document.add_table(rows=1 + depth, cols=len(columns))
        if _has_style(document, TABLE_STYLE):
            table.style = document.styles[TABLE_STYLE]
        for col, level in enumerate(Level):
            table.cell(0, col).text = level.label
            for row, task in enumerate(columns[col], start=1):
                table.cell(row, col).text = drop_xml_forbidden(task.text)
    for block in group.recommendation:
        _block(document, block)


def _block(document: DocumentObject, block: Block) -> None:
    _paragraph(document, block.text, _LIST_STYLES.get(block.kind, "Normal"))


def _header_and_footer(document: DocumentObject, title: str, version: str) -> None:
    """The template's header and footer hold Jinja fields; here they say what the document is."""
    footer = f"Utdrag – ikke avtalen{f' · versjon {version}' if version else ''}"
    for section in document.sections:
        for part, text in ((section.header, title), (section.first_page_header, title),
                           (section.footer, footer), (section.first_page_footer, footer)):
            if part.is_linked_to_previous:
                continue
            paragraphs = part.paragraphs
            for paragraph in paragraphs:
                for child in list(paragraph._p):
                    if not child.tag.endswith("}pPr"):
                        paragraph._p.remove(child)
            if paragraphs:
                paragraphs[0].add_run(drop_xml_forbidden(text))


def _properties(document: DocumentObject, agreement: Agreement, title: str) -> None:
    properties = document.core_properties
    properties.title = title
    properties.subject = agreement.facts.title
    properties.author = agreement.facts.helsefellesskap or "agreement_builder"
    properties.version = agreement.facts.version
    properties.language = "nb-NO"
    properties.last_modified_by = "agreement_builder"
    properties.comments = "Utdrag av en gruppearbeidsbok, laget med agreement_builder. Ikke avtalen."
    element = properties._element
    for node in list(element):
        if node.tag.endswith(("}created", "}modified", "}lastPrinted")):
            element.remove(node)
