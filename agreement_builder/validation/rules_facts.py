"""The agreement's facts: parties, version, status and dates."""

from __future__ import annotations

from ..model import AgreementStatus, CellRef
from ..reference import hospital_trusts
from .findings import Severity
from .registry import Check, Hit, rule
from .suggest import closest

AREA = "Avtalens fakta"


def _ref(check: Check, key: str) -> CellRef:
    return check.agreement.facts.refs.get(key) or CellRef("Avtale")


def _missing(key: str, label: str, severity: Severity, why: str):
    code = f"facts-{key.replace('_', '-')}-missing"

    @rule(code, severity, area=AREA, title=f"«{label}» er ikke fylt ut.",
          nb=f"«{label}» er ikke fylt ut – {why}", en=f"«{label}» is empty")
    def missing(check: Check):
        if not getattr(check.agreement.facts, key):
            yield Hit(_ref(check, key))

    return missing


facts_title_missing = _missing("title", "Tittel", Severity.ERROR, "avtalen må ha en tittel")
facts_hospital_trust_missing = _missing("hospital_trust", "Helseforetak", Severity.ERROR,
                                        "helseforetaket er part i avtalen")
facts_version_missing = _missing("version", "Versjon", Severity.WARNING,
                                 "uten versjon er det vanskelig å vite hvilken avtale som gjelder")
facts_status_missing = _missing("status", "Status", Severity.WARNING, "velg Utkast, Til behandling eller Godkjent")
facts_date_missing = _missing("date", "Dato", Severity.WARNING, "oppgi når avtalen ble vedtatt eller behandlet")
facts_helsefellesskap_missing = _missing("helsefellesskap", "Helsefellesskap", Severity.WARNING,
                                         "oppgi helsefellesskapet avtalen gjelder")


@rule(
    "facts-no-municipality", Severity.ERROR, area=AREA,
    title="Ingen kommuner er oppført som part.",
    nb="Ingen kommuner er oppført som part – fyll ut arket «Kommuner»",
    en="No municipality is listed as a party – fill in the «Kommuner» sheet",
)
def facts_no_municipality(check: Check):
    if not check.agreement.municipalities:
        yield Hit(CellRef("Kommuner", "A2"))


@rule(
    "facts-hospital-trust-unknown", Severity.WARNING, area=AREA,
    title="Helseforetaket finnes ikke i listen over helseforetak.",
    nb="«{name}» er ikke et kjent helseforetak{suggestion}",
    en="«{name}» is not a known hospital trust{suggestion_en}",
)
def facts_hospital_trust_unknown(check: Check):
    name = check.agreement.facts.hospital_trust
    known = hospital_trusts()
    if name and name.casefold() not in {trust.casefold() for trust in known}:
        match = closest(name, known)
        yield Hit(_ref(check, "hospital_trust"), {
            "name": name,
            "suggestion": f" – mente du «{match}»?" if match else "",
            "suggestion_en": f" – did you mean «{match}»?" if match else "",
        })


@rule(
    "facts-approved-undated", Severity.ERROR, area=AREA,
    title="Avtalen har status Godkjent, men ingen dato.",
    nb="Avtalen er markert som godkjent, men mangler dato",
    en="The agreement is marked as approved but has no date",
)
def facts_approved_undated(check: Check):
    facts = check.agreement.facts
    if facts.status is AgreementStatus.APPROVED and not facts.date:
        yield Hit(_ref(check, "date"))


@rule(
    "facts-dates-order", Severity.ERROR, area=AREA,
    title="Datoene står i feil rekkefølge (Dato ≤ Gyldig fra < Revideres innen).",
    nb="«{later}» ({later_date}) er før «{earlier}» ({earlier_date})",
    en="«{later}» ({later_date}) is before «{earlier}» ({earlier_date})",
)
def facts_dates_order(check: Check):
    facts = check.agreement.facts
    dates = [("date", "Dato", facts.date), ("valid_from", "Gyldig fra", facts.valid_from),
             ("revise_by", "Revideres innen", facts.revise_by)]
    present = [entry for entry in dates if entry[2]]
    for (_, earlier, earlier_date), (key, later, later_date) in zip(present, present[1:]):
        if later_date < earlier_date or (key == "revise_by" and later_date == earlier_date):
            yield Hit(_ref(check, key), {
                "later": later, "later_date": later_date.strftime("%d.%m.%Y"),
                "earlier": earlier, "earlier_date": earlier_date.strftime("%d.%m.%Y"),
            })
