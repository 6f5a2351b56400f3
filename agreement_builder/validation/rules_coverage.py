"""§ 6-2 coverage: every point addressed here, referred to a named sub-agreement, or missing."""

from __future__ import annotations

from ..model import CoverageStatus
from .findings import Severity
from .places import find_place, mentions
from .registry import Check, Hit, rule
from .scope import outside_scope

AREA = "§ 6-2-dekning"


def _missing_severity(check: Check, required: bool) -> Severity:
    return Severity.ERROR if required or check.strict else Severity.WARNING


@rule(
    "coverage-missing", Severity.ERROR, area=AREA, statute_part="nr. 1–13",
    title="Et punkt i § 6-2 som dokumentet skal behandle, er verken behandlet eller dekket av en annen delavtale.",
    severity_note="feil for nr. 1–11; advarsel for nr. 12–13 (feil med --strict). En delavtale eller et vedlegg "
                  "vurderes bare på punktene den behandler (se «Dokumenttype» og «Behandler § 6-2 nr.»)",
    nb="§ 6-2 nr. {point} ({name}) er ikke behandlet – behandle punktet i avtalen eller oppgi delavtalen som "
       "dekker det",
    en="§ 6-2 no. {point} ({name}) is not addressed – address it here or name the sub-agreement that covers it",
)
def coverage_missing(check: Check):
    for point in check.statute.points:
        row = check.agreement.coverage_of(point.number)
        if outside_scope(check.agreement, point.number):
            continue  # reported by coverage-outside-scope or coverage-unplaced
        if row is None or row.status is CoverageStatus.MISSING:
            yield Hit(row.ref if row else None, {"point": point.number, "name": point.short_name},
                      point.number, _missing_severity(check, point.required))


@rule(
    "coverage-partial", Severity.WARNING, area=AREA, statute_part="nr. 1–13",
    title="Arbeidsgruppen har markert et punkt som bare delvis behandlet.",
    severity_note="merknad når punktet er utenfor dokumentets omfang",
    nb="§ 6-2 nr. {point} ({name}) er bare delvis behandlet{scope}{note}",
    en="§ 6-2 no. {point} ({name}) is only partly addressed{scope_en}{note}",
)
def coverage_partial(check: Check):
    for row in check.agreement.statute_map:
        if row.status is CoverageStatus.PARTIAL:
            note = f": {row.note}" if row.note else ""
            outside = outside_scope(check.agreement, row.point)
            yield Hit(row.ref, {
                "point": row.point, "name": check.statute.point(row.point).short_name, "note": note,
                "scope": " (punktet er utenfor dette dokumentets omfang)" if outside else "",
                "scope_en": " (the point is outside this document's scope)" if outside else "",
            }, row.point, Severity.INFO if outside else None)


@rule(
    "coverage-place-missing", Severity.WARNING, area=AREA, statute_part="nr. 1–13",
    title="Et punkt er markert som behandlet, men kolonnen «Hvor i avtalen» er tom.",
    nb="§ 6-2 nr. {point} er markert som behandlet, men det står ikke hvor – fyll ut «Hvor i avtalen»",
    en="§ 6-2 no. {point} is marked as addressed but not where – fill in «Hvor i avtalen»",
)
def coverage_place_missing(check: Check):
    for row in check.agreement.statute_map:
        if row.status in (CoverageStatus.COVERED, CoverageStatus.PARTIAL) and not row.where:
            yield Hit(row.ref, {"point": row.point}, row.point)


@rule(
    "coverage-place-unknown", Severity.ERROR, area=AREA, statute_part="nr. 1–13",
    title="«Hvor i avtalen» nevner et kapittel, en diagnosegruppe eller kategori som ikke finnes.",
    nb="§ 6-2 nr. {point} viser til «{place}», som ikke finnes i arbeidsboken",
    en="§ 6-2 no. {point} refers to «{place}», which is not in the workbook",
)
def coverage_place_unknown(check: Check):
    places = check.places
    for row in check.agreement.statute_map:
        if row.status in (CoverageStatus.COVERED, CoverageStatus.PARTIAL):
            for name in row.where:
                if find_place(places, name) is None:
                    yield Hit(row.ref, {"point": row.point, "place": name}, row.point)


@rule(
    "coverage-place-empty", Severity.ERROR, area=AREA, statute_part="nr. 1–13",
    title="«Hvor i avtalen» viser til et sted som finnes, men er tomt.",
    nb="§ 6-2 nr. {point} viser til «{place}», som er tomt",
    en="§ 6-2 no. {point} refers to «{place}», which is empty",
)
def coverage_place_empty(check: Check):
    places = check.places
    for row in check.agreement.statute_map:
        if row.status in (CoverageStatus.COVERED, CoverageStatus.PARTIAL):
            for name in row.where:
                place = find_place(places, name)
                if place is not None and place.empty:
                    yield Hit(place.ref or row.ref, {"point": row.point, "place": place.name}, row.point)


@rule(
    "coverage-words-absent", Severity.WARNING, area=AREA, statute_part="nr. 1–13",
    title="Stedene et punkt viser til, bruker ingen av ordene som viser at punktet er behandlet.",
    nb="§ 6-2 nr. {point} ({name}): teksten i {places} nevner ikke noe om dette (ventet ord som {words})",
    en="§ 6-2 no. {point} ({name}): the text in {places} does not mention it (expected words such as {words})",
)
def coverage_words_absent(check: Check):
    places = check.places
    for row in check.agreement.statute_map:
        if row.status is not CoverageStatus.COVERED or row.point == 1:
            continue  # nr. 1 is answered by the task tables themselves
        found = [place for name in row.where if (place := find_place(places, name)) and not place.empty]
        point = check.statute.point(row.point)
        if found and not mentions("\n".join(place.text for place in found), point.keywords):
            yield Hit(row.ref, {
                "point": row.point, "name": point.short_name,
                "places": ", ".join(f"«{place.name}»" for place in found),
                "words": ", ".join(f"«{word}»" for word in point.keywords[:3]),
            }, row.point)


@rule(
    "coverage-reference-unnamed", Severity.ERROR, area=AREA, statute_part="nr. 1–13",
    title="Et punkt er dekket av en annen delavtale, men delavtalen er ikke navngitt.",
    nb="§ 6-2 nr. {point} er dekket av en annen delavtale, men hvilken står ikke – fyll ut «Annen delavtale»",
    en="§ 6-2 no. {point} is covered by another sub-agreement, but it is not named – fill in «Annen delavtale»",
)
def coverage_reference_unnamed(check: Check):
    for row in check.agreement.statute_map:
        if row.status is CoverageStatus.REFERENCED and not row.other_agreement:
            yield Hit(row.ref, {"point": row.point}, row.point)


@rule(
    "coverage-reference-undated", Severity.INFO, area=AREA, statute_part="nr. 1–13",
    title="En delavtale det vises til, mangler versjon eller dato.",
    nb="§ 6-2 nr. {point}: oppgi versjon eller dato for «{agreement}», så det er klart hvilken utgave som gjelder",
    en="§ 6-2 no. {point}: give a version or date for «{agreement}» so it is clear which edition applies",
)
def coverage_reference_undated(check: Check):
    for row in check.agreement.statute_map:
        if row.status is CoverageStatus.REFERENCED and row.other_agreement and not row.other_agreement_version:
            yield Hit(row.ref, {"point": row.point, "agreement": row.other_agreement}, row.point)
