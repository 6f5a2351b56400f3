"""The model → the template context: plain dicts and lists, every text already made safe.

This is the contract with region-owned templates; docs/template.md is generated from
:data:`CONTEXT_DOC` so the documentation cannot drift from the code.
"""

from __future__ import annotations

import datetime as dt
from itertools import zip_longest
from typing import Any
from collections.abc import Iterable

from markupsafe import Markup, escape

from .. import schema
from ..model import Agreement, Block, CoverageStatus, DiagnosisGroup, Level
from ..text import drop_xml_forbidden
from ..validation import Report
from ..validation.output import TEXTS, summary_line
from .links import block_markup, shows, text_markup

def safe(text: str) -> Markup:
    """Cell text as inert XML: escaped, forbidden characters dropped, docxtpl's markers defused.

    docxtpl turns ``{_{`` into ``{{`` after rendering; writing the underscore as a character
    reference keeps such text literal too.
    """
    escaped = str(escape(drop_xml_forbidden(text)))
    return Markup(escaped.replace("{_", "{&#95;").replace("_}", "&#95;}"))


def date_text(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _blocks(blocks: Iterable[Block]) -> list[dict[str, Any]]:
    return [{"kind": block.kind.value, "text": block_markup(block)} for block in blocks if shows(block)]


def _group(group: DiagnosisGroup) -> dict[str, Any]:
    columns = [[text_markup(task.text) for task in group.tasks_at(level)] for level in Level]
    rows = [
        {level.value: text for level, text in zip(Level, cells)}
        for cells in zip_longest(*columns, fillvalue="")
    ]
    return {
        "name": safe(group.name),
        "rows": rows,
        "tasks": {level.value: column for level, column in zip(Level, columns)},
        "task_count": len(group.tasks),
        "recommendation": _blocks(group.recommendation),
    }


def validation_summary(report: Report) -> dict[str, Any]:
    return {
        "valid": report.valid,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "summary": summary_line(report),
        "missing_points": [
            {"point": row.point, "short_name": row.short_name}
            for row in report.coverage
            if row.status is CoverageStatus.MISSING and (row.required or report.strict)
        ],
    }


def _coverage(report: Report) -> list[dict[str, Any]]:
    return [
        {
            "point": row.point,
            "short_name": row.short_name,
            "status": row.status.value,
            "status_label": TEXTS["nb"][row.status],
            "where": safe("; ".join(row.where)),
        }
        for row in report.coverage
    ]


def municipality_party(name: str) -> str:
    """«Lillehammer» → «Lillehammer kommune»; names that already say so are kept."""
    return name if name.casefold().endswith(("kommune", "suohkan", "kommuna", "gielda")) else f"{name} kommune"


def _parties_summary(agreement: Agreement) -> str:
    trust = agreement.facts.hospital_trust or "helseforetaket"
    municipalities = agreement.municipalities
    if len(municipalities) == 1:
        return f"{trust} og {municipality_party(municipalities[0].name)}"
    return f"{trust} og {len(municipalities)} kommuner"


def _texts(agreement: Agreement) -> dict[str, list[dict[str, Any]]]:
    """The facts sheet's free texts as blocks; empty lists let the template use its own wording."""
    return {key: _blocks(agreement.facts.texts.get(key, ())) for key in schema.FACT_TEXT_KEYS}


def build_context(agreement: Agreement, report: Report) -> dict[str, Any]:
    """Everything a template may use (see :data:`CONTEXT_DOC`); ``report`` is the agreement's validation."""
    facts = agreement.facts
    return {
        "title": safe(facts.title),
        "version": safe(facts.version),
        "status": safe(facts.status.value if facts.status else ""),
        "date": date_text(facts.date),
        "valid_from": date_text(facts.valid_from),
        "revise_by": date_text(facts.revise_by),
        "helsefellesskap": safe(facts.helsefellesskap),
        "hospital_trust": safe(facts.hospital_trust),
        "municipalities": [{"number": safe(m.number), "name": safe(m.name)} for m in agreement.municipalities],
        "levels": [{"key": level.value, "label": level.label} for level in Level],
        "sections": [
            {"heading": safe(section.heading), "blocks": _blocks(section.blocks)} for section in agreement.sections
        ],
        "categories": [
            {"name": safe(name), "groups": [_group(group) for group in agreement.groups_in(name)]}
            for name in agreement.categories
            if agreement.groups_in(name)
        ],
        "parties_summary": safe(_parties_summary(agreement)),
        "texts": _texts(agreement),
        "joint_measures": [
            {key: safe(getattr(measure, key)) for key in
             ("name", "group", "responsibility", "organisation", "financing")}
            for measure in agreement.joint_measures
        ],
        "signatories": [
            {"name": safe(name), "place_and_date": "", "signature": ""}
            for name in [agreement.facts.hospital_trust,
                         *(municipality_party(m.name) for m in agreement.municipalities)]
            if name
        ],
        "validation": validation_summary(report),
        "coverage": _coverage(report),
    }


# Documentation of the context, one entry per name; tests check it against build_context.
CONTEXT_DOC: dict[str, str] = {
    "title": "Avtalens tittel (arket Avtale).",
    "version": "Versjon.",
    "status": "Status: Utkast, Til behandling eller Godkjent (tom hvis ikke fylt ut).",
    "date": "Dato, dd.mm.åååå (tom hvis ikke fylt ut).",
    "valid_from": "Gyldig fra, dd.mm.åååå.",
    "revise_by": "Revideres innen, dd.mm.åååå.",
    "helsefellesskap": "Helsefellesskapets navn.",
    "hospital_trust": "Helseforetaket som er part.",
    "municipalities": "Kommunene: liste av {number, name}.",
    "levels": "De tre ansvarsnivåene i rekkefølge: liste av {key, label}.",
    "sections": "Generelle kapitler: liste av {heading, blocks}; hver blokk er {kind, text} der kind er "
    "avsnitt, kulepunkt eller nummerert.",
    "categories": "Kategorier med diagnosegrupper: liste av {name, groups}. Hver gruppe er {name, rows, tasks, "
    "task_count, recommendation}; rows er tabellradene {spesialisthelsetjenesten, felles, kommunehelsetjenesten}, "
    "tasks er oppgavene per nivå, recommendation er blokker som i sections.",
    "parties_summary": "Partene i kort form: «Sykehuset Innlandet HF og 42 kommuner», eller med én kommune "
    "«Sykehuset Innlandet HF og Lillehammer kommune».",
    "texts": "Tekstene fra arket Avtale som blokklister (som i sections): purpose, scope, deviations, "
    "disagreement, breach, duration. Tom liste når feltet er tomt – da bruker malen sin egen standardtekst.",
    "joint_measures": "Samarbeidstiltak etter § 6-2 andre ledd: liste av {name, group, responsibility, "
    "organisation, financing}.",
    "signatories": "Partene som skal underskrive, helseforetaket først: liste av {name, place_and_date, "
    "signature} (de to siste er tomme felt å skrive i).",
    "validation": "Kontrollen mot § 6-2: {valid, errors, warnings, summary, missing_points}; missing_points er "
    "lovpålagte punkter som mangler, som {point, short_name}.",
    "coverage": "§ 6-2-dekning, ett element per punkt 1–13: {point, short_name, status, status_label, where}; "
    "status er covered, partial, referenced eller missing.",
}
