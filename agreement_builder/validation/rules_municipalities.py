"""Municipalities: numbers and names against the official 2024 list, and helsefellesskap membership."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from ..reference import KnownMunicipality, members_of, municipalities
from .findings import Severity
from .registry import Check, Hit, Scope, rule
from .suggest import closest

AREA = "Kommuner"


def name_forms(known: KnownMunicipality) -> set[str]:
    """Every accepted spelling: Kartverket's and SSB's names and each part of a bilingual name."""
    forms = set()
    for name in (known.name, known.name_ssb):
        plain = re.sub(r"\s*\(.*?\)\s*$", "", name)  # SSB's "Herøy (Nordland)"
        forms |= {name, plain, *(part.strip() for part in re.split(r"\s+-\s+", plain))}
    return {form.casefold() for form in forms if form}


@lru_cache(maxsize=1)
def _by_name() -> dict[str, list[KnownMunicipality]]:
    index: dict[str, list[KnownMunicipality]] = defaultdict(list)
    for known in municipalities().values():
        for form in name_forms(known):
            index[form].append(known)
    return dict(index)


def _suggest_by_name(name: str) -> str:
    exact = _by_name().get(name.casefold())
    if exact:
        return " – " + " eller ".join(f"{m.name} har nummer {m.number}" for m in exact)
    match = closest(name, [m.name for m in municipalities().values()])
    if match:
        number = next(m.number for m in municipalities().values() if m.name == match)
        return f" – mente du «{match}» ({number})?"
    return ""


@rule(
    "municipality-unknown-number", Severity.ERROR, area=AREA, scope=Scope.MUNICIPALITY,
    title="Kommunenummeret finnes ikke i kommunelisten for 2024.",
    nb="Kommunenummeret «{number}» ({name}) finnes ikke i kommunelisten for 2024{suggestion}",
    en="Municipality number «{number}» ({name}) is not in the 2024 list{suggestion}",
)
def municipality_unknown_number(check: Check):
    for municipality in check.agreement.municipalities:
        if municipality.number not in municipalities():
            yield Hit(municipality.ref, {
                "number": municipality.number or "–", "name": municipality.name or "uten navn",
                "suggestion": _suggest_by_name(municipality.name) if municipality.name else "",
            })


@rule(
    "municipality-name-mismatch", Severity.ERROR, area=AREA, scope=Scope.MUNICIPALITY,
    title="Kommunenavnet passer ikke til kommunenummeret (Kartverkets og SSBs navneformer godtas).",
    nb="Kommune {number} heter «{official}», ikke «{name}»{hint}",
    en="Municipality {number} is «{official}», not «{name}»{hint}",
)
def municipality_name_mismatch(check: Check):
    for municipality in check.agreement.municipalities:
        known = municipalities().get(municipality.number)
        if known and municipality.name.casefold() not in name_forms(known):
            near = closest(municipality.name, [known.name, known.name_ssb]) if municipality.name else None
            yield Hit(municipality.ref, {
                "number": known.number, "official": known.name, "name": municipality.name,
                "hint": " (skrivefeil?)" if near else "",
            })


@rule(
    "municipality-duplicate", Severity.WARNING, area=AREA, scope=Scope.MUNICIPALITY_LIST,
    title="Samme kommune er oppført flere ganger.",
    nb="Kommune {number} ({name}) står flere ganger",
    en="Municipality {number} ({name}) is listed more than once",
)
def municipality_duplicate(check: Check):
    seen: set[str] = set()
    for municipality in check.agreement.municipalities:
        if municipality.number in seen:
            yield Hit(municipality.ref, {"number": municipality.number, "name": municipality.name})
        seen.add(municipality.number)


def _members(check: Check):
    name = check.agreement.facts.helsefellesskap
    return members_of(name) if name else ()


@rule(
    "municipality-outside-helsefellesskap", Severity.WARNING, area=AREA, scope=Scope.MUNICIPALITY,
    title="En kommune hører ikke til helsefellesskapet avtalen gjelder (etter opptaksområdene 2024).",
    nb="{name} ({number}) hører ikke til {helsefellesskap}, men til helsefellesskapet {area}",
    en="{name} ({number}) does not belong to {helsefellesskap} but to the {area} health community",
)
def municipality_outside_helsefellesskap(check: Check):
    members = _members(check)
    if not members:
        return
    numbers = {member.number for member in members}
    from ..reference import helsefellesskap

    area_of = {member.number: member.area for member in helsefellesskap()}
    for municipality in check.agreement.municipalities:
        if municipality.number in municipalities() and municipality.number not in numbers:
            yield Hit(municipality.ref, {
                "name": municipality.name, "number": municipality.number,
                "helsefellesskap": check.agreement.facts.helsefellesskap,
                "area": area_of.get(municipality.number, "?"),
            })


@rule(
    "helsefellesskap-unknown", Severity.INFO, area=AREA,
    title="Helsefellesskapet finnes ikke i referanselisten, så medlemskap kan ikke kontrolleres.",
    nb="Fant ikke helsefellesskapet «{name}» i referanselisten; kommunenes medlemskap er ikke kontrollert",
    en="Health community «{name}» is not in the reference list; membership was not checked",
)
def helsefellesskap_unknown(check: Check):
    name = check.agreement.facts.helsefellesskap
    if name and not _members(check):
        yield Hit(check.agreement.facts.refs.get("helsefellesskap"), {"name": name})


@rule(
    "helsefellesskap-incomplete", Severity.INFO, area=AREA, scope=Scope.MUNICIPALITY_LIST,
    title="Ikke alle kommunene i helsefellesskapet er med som part.",
    nb="{count} av kommunene i {helsefellesskap} er ikke med som part: {names}",
    en="{count} municipalities of {helsefellesskap} are not parties: {names}",
)
def helsefellesskap_incomplete(check: Check):
    members = _members(check)
    listed = {municipality.number for municipality in check.agreement.municipalities}
    absent = [member for member in members if member.number not in listed]
    if members and absent and listed:
        yield Hit(None, {
            "count": len(absent), "helsefellesskap": check.agreement.facts.helsefellesskap,
            "names": ", ".join(member.name for member in absent[:10]) + (" …" if len(absent) > 10 else ""),
        })
