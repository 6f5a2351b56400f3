"""The model → the template context: plain dicts and lists, every text already made safe.

This is the contract with region-owned templates; docs/template.md is generated from
:data:`CONTEXT_DOC` so the documentation cannot drift from the code.
"""

from __future__ import annotations

import datetime as dt
from itertools import zip_longest
from typing import Any

from ..model import Agreement, CoverageStatus, DiagnosisGroup, Level
from ..validation import Report
from ..validation.output import status_label, summary_line
from . import chapters
from .parties import municipality_party, municipality_rows, parties_summary, signatories, signature_rows
from .safe_text import safe
from .links import text_markup

__all__ = ["CONTEXT_DOC", "build_context", "date_text", "municipality_party", "safe", "validation_summary"]


def date_text(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


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
        "recommendation": chapters.blocks(group.recommendation),
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
    """The check's verdict on § 6-2, point by point (for a region's own template; the shipped one leaves it out)."""
    return [
        {
            "point": row.point,
            "short_name": row.short_name,
            "status": row.status.value,
            "status_label": status_label(row),
            "where": safe("; ".join(row.where)),
        }
        for row in report.coverage
    ]


def build_context(agreement: Agreement, report: Report, *, draft: bool = False) -> dict[str, Any]:
    """Everything a template may use (see :data:`CONTEXT_DOC`); ``report`` is the agreement's validation.

    ``draft`` asks for the draft mark whatever the workbook's status says; without it the mark
    follows the status («Utkast»).
    """
    facts = agreement.facts
    dates = {"date": date_text(facts.date), "valid_from": date_text(facts.valid_from),
             "revise_by": date_text(facts.revise_by)}
    status = safe(facts.status.value if facts.status else "")
    parties = signatories(agreement)
    scope = chapters.scope_facts(agreement)
    return {
        "title": safe(facts.title),
        "version": safe(facts.version),
        "status": status,
        **dates,
        **scope,
        "draft": chapters.is_draft(agreement, draft),
        "cover_facts": chapters.cover_facts(agreement, {"version": safe(facts.version), "status": status, **dates,
                                                        **scope}),
        "helsefellesskap": safe(facts.helsefellesskap),
        "hospital_trust": safe(facts.hospital_trust),
        "municipalities": [{"number": safe(m.number), "name": safe(m.name)} for m in agreement.municipalities],
        "municipality_rows": municipality_rows(agreement),
        "single_municipality": len(agreement.municipalities) == 1,
        "levels": [{"key": level.value, "label": level.label} for level in Level],
        "sections": [
            {"heading": safe(section.heading), "blocks": chapters.blocks(section.blocks)}
            for section in agreement.sections
        ],
        "categories": [
            {"name": safe(name), "groups": [_group(group) for group in agreement.groups_in(name)]}
            for name in agreement.categories
            if agreement.groups_in(name)
        ],
        "parties_summary": safe(parties_summary(agreement)),
        "texts": chapters.texts(agreement),
        "standard": chapters.standard_chapters(agreement),
        "law": chapters.law_names(),
        "joint_measures": [
            {key: safe(getattr(measure, key)) for key in
             ("name", "group", "responsibility", "organisation", "financing")}
            for measure in agreement.joint_measures
        ],
        "signatories": parties,
        "signature_rows": signature_rows(parties),
        "statute_map": chapters.statute_map(agreement),
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
    "draft": "Sann når dokumentet skal merkes som utkast: statusen er Utkast, eller byggingen ba om det.",
    "cover_facts": "Faktaene på forsiden som er fylt ut (Dokumenttype, Hører under, Behandler § 6-2 nr., Versjon, "
    "Status, Dato, Gyldig fra, Revideres innen): "
    "liste av {label, value}.",
    "helsefellesskap": "Helsefellesskapets navn.",
    "hospital_trust": "Helseforetaket som er part.",
    "document_type": "Hva dokumentet er: Overordnet samarbeidsavtale, Samlet avtaleverk (…), Delavtale eller Vedlegg "
    "eller retningslinje til en delavtale (tom hvis ikke fylt ut).",
    "parent_agreement": "Avtalen dokumentet hører under (tom hvis ikke fylt ut).",
    "handled_points": "Punktene i § 6-2 dokumentet behandler, f.eks. «1, 2» eller «1–7» (tom hvis ikke fylt ut).",
    "municipalities": "Kommunene: liste av {number, name}.",
    "municipality_rows": "Kommunene tre og tre per rad, for en kompakt partsliste: liste av rader, hver en liste "
    "av {number, name} (siste rad fylt ut med tomme).",
    "single_municipality": "Sann når avtalen har én kommune (da skriver malen «kommunen», ellers «kommunene»).",
    "levels": "De tre ansvarsnivåene i rekkefølge: liste av {key, label}.",
    "sections": "Generelle kapitler: liste av {heading, blocks}; hver blokk er {kind, text} der kind er "
    "avsnitt, kulepunkt eller nummerert.",
    "categories": "Kategorier med diagnosegrupper: liste av {name, groups}. Hver gruppe er {name, rows, tasks, "
    "task_count, recommendation}; rows er tabellradene {spesialisthelsetjenesten, felles, kommunehelsetjenesten}, "
    "tasks er oppgavene per nivå, recommendation er blokker som i sections.",
    "parties_summary": "Partene i kort form: «Sykehuset Innlandet HF og 42 kommuner», eller med én kommune "
    "«Sykehuset Innlandet HF og Lillehammer kommune».",
    "texts": "Tekstene fra arket Avtale som blokklister (som i sections): legal_basis, purpose, scope, "
    "deviations, disagreement, breach, duration, signatures. Tom liste når feltet er tomt eller sier «Utelates».",
    "standard": "Hvilke standardkapitler som skal stå i dokumentet, per nøkkel som i texts: usann når feltet "
    "sier «Utelates», eller når det er tomt og arbeidsboken har et eget kapittel med samme overskrift.",
    "law": "Lover, forskrifter og veiledere fra den kontrollerte listen (agreement_builder/law/sources.json), "
    "per nøkkel (hol, sphlsl, pbrl, rehabiliteringsforskriften, rehabiliteringsveilederen): {name, cited, "
    "title, abbreviation, lovdata}; cited er navnet med Lovdatas korttittel i parentes, f.eks. "
    "«helse- og omsorgstjenesteloven (hol.)».",
    "joint_measures": "Samarbeidstiltak etter § 6-2 andre ledd: liste av {name, group, responsibility, "
    "organisation, financing}.",
    "signatories": "Partene som skal underskrive, helseforetaket først: liste av {name, place_and_date, "
    "signature} (de to siste er tomme felt å skrive i).",
    "signature_rows": "Partene i signatories, to per rad når det er to parter, ellers tre: liste av rader (siste "
    "rad fylt ut med parter der name er tom).",
    "statute_map": "§ 6-2-kartet slik arbeidsgruppen fylte det ut (arket § 6-2), ett element per punkt 1–13: "
    "{point, short_name, status, status_label, where, note}; status_label er arbeidsbokens valg (tom når "
    "punktet ikke er fylt ut). Tom liste når arket er tomt.",
    "validation": "Kontrollens vurdering (vises ikke i standardmalen): {valid, errors, warnings, summary, "
    "missing_points}; missing_points er lovpålagte punkter som mangler, som {point, short_name}.",
    "coverage": "Kontrollens vurdering av § 6-2 (vises ikke i standardmalen), ett element per punkt 1–13: "
    "{point, short_name, status, status_label, where}; status er covered, partial, referenced eller missing.",
}
