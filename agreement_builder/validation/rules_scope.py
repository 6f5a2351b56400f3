"""The document's scope: points outside it, named elsewhere or not, and what the document says it is."""

from __future__ import annotations

from ..model import CellRef, CoverageStatus, DocumentType
from .findings import Severity
from .registry import Check, Hit, rule
from .scope import GUIDELINE_RELEVANT, outside_scope

AREA = "§ 6-2-dekning"


def _unplaced(check: Check, relevant: bool):
    """The points outside the document's scope that no place and no other agreement covers."""
    for point in check.statute.points:
        row = check.agreement.coverage_of(point.number)
        missing = row is None or row.status is CoverageStatus.MISSING
        if missing and outside_scope(check.agreement, point.number) \
                and (point.number in GUIDELINE_RELEVANT) == relevant:
            yield Hit(row.ref if row else None, {"point": point.number, "name": point.short_name}, point.number)


@rule(
    "coverage-outside-scope", Severity.INFO, area=AREA, statute_part="nr. 8–13",
    title="Et punkt i § 6-2 er utenfor dette dokumentets omfang, og det står ikke hvor det er behandlet.",
    nb="§ 6-2 nr. {point} ({name}) er utenfor dette dokumentets omfang – oppgi gjerne i «Annen delavtale» "
       "hvilken avtale som behandler punktet",
    en="§ 6-2 no. {point} ({name}) is outside this document's scope – consider naming the agreement that "
       "handles it under «Annen delavtale»",
)
def coverage_outside_scope(check: Check):
    yield from _unplaced(check, relevant=False)


@rule(
    "coverage-unplaced", Severity.WARNING, area=AREA, statute_part="nr. 1–7",
    title="Et punkt veilederen regner som sentralt for rehabilitering (nr. 1–7), er utenfor dokumentets omfang "
          "uten at det står hvor det er behandlet.",
    nb="§ 6-2 nr. {point} ({name}) er utenfor dette dokumentets omfang, men det står ikke hvor punktet er "
       "behandlet – oppgi avtalen som behandler det i «Annen delavtale» (veilederen regner nr. 1–7 som "
       "sentrale for rehabilitering)",
    en="§ 6-2 no. {point} ({name}) is outside this document's scope, but it does not say where the point is "
       "handled – name the agreement under «Annen delavtale» (the guideline counts no. 1–7 as central to "
       "rehabilitation)",
)
def coverage_unplaced(check: Check):
    yield from _unplaced(check, relevant=True)


@rule(
    "scope-point-referenced", Severity.WARNING, area=AREA, statute_part="nr. 1–13",
    title="Et punkt står i «Behandler § 6-2 nr.», men arket «§ 6-2» sier at en annen delavtale dekker det.",
    nb="§ 6-2 nr. {point} står i «Behandler § 6-2 nr.», men arket «§ 6-2» sier at {other} dekker punktet – "
       "rett det ene eller det andre",
    en="§ 6-2 no. {point} is listed under «Behandler § 6-2 nr.», but the «§ 6-2» sheet says {other} covers "
       "it – correct one of them",
)
def scope_point_referenced(check: Check):
    for point in check.agreement.facts.handled_points:
        row = check.agreement.coverage_of(point)
        if row is not None and row.status is CoverageStatus.REFERENCED:
            other = f"«{row.other_agreement}»" if row.other_agreement else "en annen delavtale"
            yield Hit(check.agreement.facts.refs.get("handled_points") or row.ref,
                      {"point": point, "other": other}, point)


def _facts_ref(check: Check, key: str) -> CellRef:
    return check.agreement.facts.refs.get(key) or CellRef("Avtale")


@rule(
    "facts-document-type-missing", Severity.INFO, area="Avtalens fakta",
    title="«Dokumenttype» er ikke fylt ut, så dokumentet vurderes på alle 13 punktene i § 6-2.",
    nb="«Dokumenttype» er ikke fylt ut – dokumentet vurderes derfor på alle 13 punktene i § 6-2. Oppgi om det "
       "er en overordnet samarbeidsavtale, en delavtale eller et vedlegg, så vurderes det på punktene det behandler",
    en="«Dokumenttype» is empty – the document is therefore judged on all 13 points of § 6-2. Say whether it is "
       "the overarching agreement, a sub-agreement or an annex, and it is judged on the points it handles",
)
def facts_document_type_missing(check: Check):
    if check.agreement.facts.document_type is None:
        yield Hit(_facts_ref(check, "document_type"))


@rule(
    "facts-parent-missing", Severity.WARNING, area="Avtalens fakta",
    title="Et vedlegg eller en retningslinje sier ikke hvilken delavtale det hører under.",
    nb="Dokumentet er et vedlegg eller en retningslinje, men det står ikke hvilken delavtale det hører under – "
       "fyll ut «Hører under»",
    en="The document is an annex or guideline, but it does not say which sub-agreement it belongs to – fill in "
       "«Hører under»",
)
def facts_parent_missing(check: Check):
    facts = check.agreement.facts
    if facts.document_type is DocumentType.ANNEX and not facts.parent_agreement:
        yield Hit(_facts_ref(check, "parent_agreement"))
