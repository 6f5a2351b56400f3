"""What the standard chapters and the cover show: only what the workbook gives, or a default it can switch off.

- A standard chapter (Lovgrunnlag, Formål, … Underskrifter) shows the facts sheet's text when
  given, the template's default wording when the field is empty, and nothing when the field says
  «Utelates» (:data:`~agreement_builder.schema.OMIT_TEXT`). A chapter of the workbook's own with
  the same heading takes the standard one's place, so no heading appears twice.
- The § 6-2 table shows the map as the working group filled it, not the check's verdict.
"""

from __future__ import annotations

from typing import Any

from .. import schema
from ..law import load_statute
from ..law.sources import legal_sources
from ..model import Agreement, AgreementStatus, Block, CoverageStatus
from .links import block_markup, shows
from .safe_text import safe

# Standard chapters by facts key, with the heading the shipped template gives each.
STANDARD_HEADINGS = {
    "legal_basis": "Lovgrunnlag",
    "purpose": "Formål",
    "scope": "Virkeområde",
    "deviations": "Avvik",
    "disagreement": "Uenighet",
    "breach": "Mislighold",
    "duration": "Varighet, revisjon og oppsigelse",
    "signatures": "Underskrifter",
}
# The cover's table of facts: only the rows the workbook fills.
COVER_FACTS = ("document_type", "parent_agreement", "handled_points", "version", "status", "date", "valid_from",
               "revise_by")


def is_omitted(blocks: tuple[Block, ...]) -> bool:
    """True when a facts text only says «Utelates»: the chapter is left out."""
    return len(blocks) == 1 and blocks[0].text.strip().casefold() in schema.OMIT_WORDS


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def standard_chapters(agreement: Agreement) -> dict[str, bool]:
    """Facts key → True when the template's standard chapter is shown."""
    own = {_fold(section.heading) for section in agreement.sections}
    texts = agreement.facts.texts
    return {
        key: not is_omitted(texts.get(key, ())) and (bool(texts.get(key)) or _fold(heading) not in own)
        for key, heading in STANDARD_HEADINGS.items()
    }


def blocks(items) -> list[dict[str, Any]]:
    """Blocks for the template ({kind, text}): links and figures as Word markup, refused figures left out."""
    return [{"kind": block.kind.value, "text": block_markup(block)} for block in items if shows(block)]


def texts(agreement: Agreement) -> dict[str, list[dict[str, Any]]]:
    """The facts sheet's free texts as blocks; empty when not given or switched off (the template decides)."""
    result = {}
    for key in schema.FACT_TEXT_KEYS:
        given = agreement.facts.texts.get(key, ())
        result[key] = [] if is_omitted(given) else blocks(given)
    return result


def cover_facts(agreement: Agreement, values: dict[str, str]) -> list[dict[str, str]]:
    """The cover table's rows ({label, value}) for the facts the workbook fills, in the sheet's order."""
    labels = {field.key: field.label for field in schema.FACT_FIELDS}
    return [{"label": labels[key], "value": values[key]} for key in COVER_FACTS if values.get(key)]


def scope_facts(agreement: Agreement) -> dict[str, str]:
    """What the document is, what it belongs under and which § 6-2 points it handles, when the facts sheet
    says so ("" otherwise)."""
    facts = agreement.facts
    return {"document_type": safe(facts.document_type.value) if facts.document_type else "",
            "parent_agreement": safe(facts.parent_agreement),
            "handled_points": safe(schema.points_text(facts.handled_points))}


def is_draft(agreement: Agreement, asked: bool) -> bool:
    """A draft mark when the build asks for one or the workbook's status is «Utkast»."""
    return asked or agreement.facts.status is AgreementStatus.DRAFT


def statute_map(agreement: Agreement) -> list[dict[str, Any]]:
    """§ 6-2 first paragraph, point by point, as the workbook's map says; empty when the map is empty."""
    if not agreement.statute_map:
        return []
    rows = []
    for point in load_statute().points:
        row = agreement.coverage_of(point.number)
        status, where, note = (row.status, _where(row), row.note) if row else (None, "", "")
        rows.append({
            "point": point.number,
            "short_name": point.short_name,
            "status": status.value if status else "",
            "status_label": schema.COVERAGE_LABELS[status] if status else "",
            "where": safe(where),
            "note": safe(note),
        })
    return rows


def _where(row) -> str:
    if row.status is CoverageStatus.REFERENCED:
        version = f" ({row.other_agreement_version})" if row.other_agreement_version else ""
        return f"{row.other_agreement}{version}" if row.other_agreement else ""
    return "; ".join(row.where) if row.status is not CoverageStatus.MISSING else ""


def law_names() -> dict[str, dict[str, str]]:
    """The checked list of laws, regulations and guidelines, by key: {name, cited, title, abbreviation, lovdata}."""
    return {
        key: {"name": source.name, "cited": source.cited, "title": source.title,
              "abbreviation": source.abbreviation, "lovdata": source.lovdata}
        for key, source in legal_sources().items()
    }
