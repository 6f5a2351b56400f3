"""Every rule has a case where it stays silent and one where it fires (checked by test_rule_catalogue)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from agreement_builder.model import (
    AgreementStatus, Block, CellRef, CoverageStatus, JointMeasure, Level, Municipality, PointCoverage, Task,
)
from agreement_builder.validation import Severity, validate


def findings(code, agreement, **options):
    return [finding for finding in validate(agreement, **options).findings if finding.code == code]


def assert_fires(code, agreement, count=None, **options):
    found = findings(code, agreement, **options)
    assert found, f"{code} did not fire"
    if count is not None:
        assert len(found) == count, [f.message() for f in found]
    return found


def assert_silent(code, agreement, **options):
    found = findings(code, agreement, **options)
    assert not found, [f.message() for f in found]


def replace_facts(agreement, **changes):
    return dataclasses.replace(agreement, facts=dataclasses.replace(agreement.facts, **changes))


def replace_group(agreement, index, **changes):
    groups = list(agreement.groups)
    groups[index] = dataclasses.replace(groups[index], **changes)
    return dataclasses.replace(agreement, groups=tuple(groups))


def replace_point(agreement, point, **changes):
    rows = tuple(dataclasses.replace(row, **changes) if row.point == point else row for row in agreement.statute_map)
    return dataclasses.replace(agreement, statute_map=rows)


@pytest.fixture(scope="module")
def clean(example):
    """The example made complete: every group has tasks, every point covered or referred to."""
    groups = tuple(
        group if group.tasks else dataclasses.replace(
            group, tasks=(Task("Oppfølging i kommunen", Level.MUNICIPAL, group.ref),
                          Task("Vurdering ved behov", Level.SPECIALIST, group.ref)))
        for group in example.groups
    )
    statute_map = tuple(
        PointCoverage(1, CoverageStatus.COVERED, ("Diagnosespesifikk oppgavefordeling",), ref=CellRef("§ 6-2", "C2"))
        if point == 1 else
        PointCoverage(point, CoverageStatus.REFERENCED, other_agreement=f"Delavtale {point}",
                      other_agreement_version="2024", ref=CellRef("§ 6-2", f"C{point + 1}"))
        for point in range(1, 14)
    )
    return dataclasses.replace(example, groups=groups, statute_map=statute_map)


def test_the_clean_agreement_has_no_findings(clean):
    assert [f.message() for f in validate(clean).findings] == []
    assert validate(clean).valid


def test_the_example_reports_what_a_careful_reader_would(example):
    report = validate(example)
    empty = findings("group-without-tasks", example)
    assert sorted(f.message() for f in empty) == sorted(
        f"Diagnosegruppen «{name}» har ingen oppgaver – fordel oppgavene på nivåene, ikke bare i anbefalingen"
        for name in ("Lårhalsbrudd, hofte- og kneopererte", "Hjemmeboende eldre",
                     "Sammensatte lidelser somatikk-rus/psykisk helse")
    )
    assert {str(f.ref) for f in empty} == {"Lårhalsbrudd, hofte- og kneoper!B1", "Hjemmeboende eldre!B1",
                                          "Sammensatte lidelser somatikk-r!B1"}
    missing = {f.point for f in report.findings if f.code == "coverage-missing"}
    assert missing == {3, 4, 7, 8, 10, 11, 13}
    task_codes = {f.code for f in report.findings if f.code.startswith("task-")}
    assert task_codes == set(), "no false alarms on the 58 tasks"
    assert not report.valid


# --- coverage ------------------------------------------------------------------------------
def test_coverage_missing(clean):
    assert_silent("coverage-missing", clean)
    found = assert_fires("coverage-missing", replace_point(clean, 8, status=CoverageStatus.MISSING), count=1)
    assert found[0].severity is Severity.ERROR and found[0].point == 8 and found[0].cell == "C9"


def test_coverage_missing_points_12_and_13_are_warnings_unless_strict(clean):
    agreement = replace_point(clean, 13, status=CoverageStatus.MISSING)
    assert assert_fires("coverage-missing", agreement)[0].severity is Severity.WARNING
    assert assert_fires("coverage-missing", agreement, strict=True)[0].severity is Severity.ERROR


def test_coverage_missing_when_the_row_is_absent(clean):
    agreement = dataclasses.replace(clean, statute_map=clean.statute_map[:-1])
    assert assert_fires("coverage-missing", agreement, count=1)[0].point == 13


def test_coverage_partial(clean):
    assert_silent("coverage-partial", clean)
    agreement = replace_point(clean, 2, status=CoverageStatus.PARTIAL, where=("Generelt",), note="mangler LMS")
    assert "mangler LMS" in assert_fires("coverage-partial", agreement, count=1)[0].message()


def test_coverage_place_missing(clean):
    assert_silent("coverage-place-missing", clean)
    assert_fires("coverage-place-missing", replace_point(clean, 1, where=()), count=1)


def test_coverage_place_unknown(clean):
    assert_silent("coverage-place-unknown", clean)
    found = assert_fires("coverage-place-unknown", replace_point(clean, 1, where=("Kapittel 9",)), count=1)
    assert "«Kapittel 9»" in found[0].message()


def test_coverage_places_may_be_groups_categories_or_sheet_names(clean):
    where = ("kols", "Andre pasientgrupper", "Hjerneslag - milde og moderate")
    assert_silent("coverage-place-unknown", replace_point(clean, 1, where=where))


def test_coverage_place_empty(clean):
    assert_silent("coverage-place-empty", clean)
    section = dataclasses.replace(clean.sections[0], blocks=())
    agreement = dataclasses.replace(clean, sections=(section,) + clean.sections[1:])
    agreement = replace_point(agreement, 1, where=(section.heading,))
    assert_fires("coverage-place-empty", agreement, count=1)


def test_coverage_words_absent(clean):
    covered = replace_point(clean, 5, status=CoverageStatus.COVERED, where=("Sykehuset Innlandet",))
    assert_silent("coverage-words-absent", covered)  # mentions "utskriving"
    wrong_place = replace_point(clean, 5, status=CoverageStatus.COVERED, where=("Fastlegene",))
    found = assert_fires("coverage-words-absent", wrong_place, count=1)
    assert "«Fastlegene»" in found[0].message()


def test_coverage_reference_unnamed(clean):
    assert_silent("coverage-reference-unnamed", clean)
    assert_fires("coverage-reference-unnamed", replace_point(clean, 9, other_agreement=""), count=1)


def test_coverage_reference_undated(clean):
    assert_silent("coverage-reference-undated", clean)
    found = assert_fires("coverage-reference-undated", replace_point(clean, 9, other_agreement_version=""), count=1)
    assert found[0].severity is Severity.INFO


# --- facts ---------------------------------------------------------------------------------
@pytest.mark.parametrize("code, field, empty", [
    ("facts-title-missing", "title", ""),
    ("facts-hospital-trust-missing", "hospital_trust", ""),
    ("facts-version-missing", "version", ""),
    ("facts-status-missing", "status", None),
    ("facts-date-missing", "date", None),
    ("facts-helsefellesskap-missing", "helsefellesskap", ""),
])
def test_facts_missing(clean, code, field, empty):
    assert_silent(code, clean)
    found = assert_fires(code, replace_facts(clean, **{field: empty}), count=1)
    assert found[0].sheet == "Avtale"


def test_facts_no_municipality(clean):
    assert_silent("facts-no-municipality", clean)
    assert_fires("facts-no-municipality", dataclasses.replace(clean, municipalities=()), count=1)


def test_facts_hospital_trust_unknown_suggests_the_nearest(clean):
    assert_silent("facts-hospital-trust-unknown", clean)
    found = assert_fires("facts-hospital-trust-unknown", replace_facts(clean, hospital_trust="Sykehuset Innland HF"))
    assert "mente du «Sykehuset Innlandet HF»" in found[0].message()


def test_facts_approved_undated(clean):
    assert_silent("facts-approved-undated", replace_facts(clean, status=AgreementStatus.APPROVED))
    assert_fires("facts-approved-undated", replace_facts(clean, status=AgreementStatus.APPROVED, date=None))


def test_facts_dates_order(clean):
    ordered = replace_facts(clean, valid_from=dt.date(2021, 1, 1), revise_by=dt.date(2023, 1, 1))
    assert_silent("facts-dates-order", ordered)
    found = assert_fires("facts-dates-order", replace_facts(ordered, revise_by=dt.date(2020, 6, 1)), count=1)
    assert "Revideres innen" in found[0].message()
    assert_fires("facts-dates-order", replace_facts(ordered, valid_from=dt.date(2020, 1, 1)), count=1)


# --- municipalities ------------------------------------------------------------------------
def _with_municipality(agreement, number, name):
    extra = Municipality(number, name, CellRef("Kommuner", f"A{len(agreement.municipalities) + 2}"))
    return dataclasses.replace(agreement, municipalities=agreement.municipalities + (extra,))


def test_municipality_unknown_number(clean):
    assert_silent("municipality-unknown-number", clean)
    found = assert_fires("municipality-unknown-number", _with_municipality(clean, "9999", "Gjøvick"), count=1)
    assert "mente du «Gjøvik» (3407)" in found[0].message()
    found = assert_fires("municipality-unknown-number", _with_municipality(clean, "", "Hamar"), count=1)
    assert "Hamar har nummer 3403" in found[0].message()


def test_municipality_name_mismatch_suggests_the_official_name(clean):
    assert_silent("municipality-name-mismatch", clean)
    numbers = [m for m in clean.municipalities if m.number != "3407"]
    agreement = dataclasses.replace(clean, municipalities=tuple(numbers))
    found = assert_fires("municipality-name-mismatch", _with_municipality(agreement, "3407", "Gjøvick"), count=1)
    assert "heter «Gjøvik»" in found[0].message() and "skrivefeil" in found[0].message()


def test_municipality_both_name_forms_are_accepted(clean):
    agreement = dataclasses.replace(clean, municipalities=(
        Municipality("5601", "Alta"), Municipality("5610", "Karasjok"), Municipality("5610", "Kárášjohka"),
        Municipality("1515", "Herøy (Møre og Romsdal)"), Municipality("1818", "Herøy"),
    ))
    assert_silent("municipality-name-mismatch", agreement)


def test_municipality_duplicate(clean):
    assert_silent("municipality-duplicate", clean)
    assert_fires("municipality-duplicate", _with_municipality(clean, "3403", "Hamar"), count=1)


def test_municipality_outside_helsefellesskap(clean):
    assert_silent("municipality-outside-helsefellesskap", clean)
    found = assert_fires("municipality-outside-helsefellesskap", _with_municipality(clean, "3401", "Kongsvinger"))
    assert "Akershus" in found[0].message()


def test_helsefellesskap_unknown(clean):
    assert_silent("helsefellesskap-unknown", clean)
    assert_fires("helsefellesskap-unknown", replace_facts(clean, helsefellesskap="Helsefellesskap Atlantis"))


def test_helsefellesskap_incomplete(clean):
    assert_silent("helsefellesskap-incomplete", clean)
    agreement = dataclasses.replace(clean, municipalities=clean.municipalities[1:])
    assert "Lunner" in assert_fires("helsefellesskap-incomplete", agreement, count=1)[0].message()


# --- § 6-2 nr. 2 -----------------------------------------------------------------------------
def test_point2_aspect_missing(clean, example):
    covered = replace_point(clean, 2, status=CoverageStatus.COVERED, where=("Generelt",), other_agreement="")
    found = assert_fires("point2-aspect-missing", covered, count=1)
    assert found[0].message() == "§ 6-2 nr. 2: avtalen nevner aldri innleggelse"
    section = dataclasses.replace(covered.sections[0], blocks=covered.sections[0].blocks + (
        Block("Ved innleggelse sender kommunen innleggelsesrapport."),))
    assert_silent("point2-aspect-missing", dataclasses.replace(covered, sections=(section,) + covered.sections[1:]))
    assert_silent("point2-aspect-missing", clean)  # referred to another sub-agreement


def test_point2_word_forms_and_rehabilitering_is_not_habilitering(clean):
    from agreement_builder.validation.rules_point2 import missing_aspects

    text = "innlagt, utskrevet, habiliteringstjenesten, rehabiliteringen, lærings- og mestringssenter"
    assert missing_aspects(text) == []
    assert missing_aspects("rehabilitering") == ["innleggelse", "utskrivning", "habilitering",
                                                 "lærings- og mestringstilbud"]


# --- nr. 1: tasks --------------------------------------------------------------------------------
def test_group_without_tasks(clean, example):
    assert_silent("group-without-tasks", clean)
    assert_fires("group-without-tasks", example, count=3)


def test_group_only_shared(clean):
    assert_silent("group-only-shared", clean)
    shared = tuple(dataclasses.replace(task, level=Level.SHARED) for task in clean.groups[0].tasks)
    found = assert_fires("group-only-shared", replace_group(clean, 0, tasks=shared), count=1)
    assert found[0].cell == "B1"


def test_task_contradiction(clean):
    assert_silent("task-contradiction", clean)
    group = clean.groups[0]
    extra = Task("kommunal døgnenhet.", Level.SPECIALIST, CellRef(group.ref.sheet, "A9"))
    found = assert_fires("task-contradiction", replace_group(clean, 0, tasks=group.tasks + (extra,)), count=1)
    assert found[0].cell == "C5" and "A9" in found[0].message()


def test_task_shared_and_single(clean):
    assert_silent("task-shared-and-single", clean)
    group = clean.groups[0]
    extra = Task("Pasientforløp", Level.MUNICIPAL, CellRef(group.ref.sheet, "C9"))
    assert_fires("task-shared-and-single", replace_group(clean, 0, tasks=group.tasks + (extra,)), count=1)


def test_task_duplicate(clean):
    assert_silent("task-duplicate", clean)
    group = clean.groups[0]
    extra = Task("Hjemmerehabilitering ", Level.MUNICIPAL, CellRef(group.ref.sheet, "C9"))
    found = assert_fires("task-duplicate", replace_group(clean, 0, tasks=group.tasks + (extra,)), count=1)
    assert found[0].cell == "C9"


def test_task_too_long(clean):
    assert_silent("task-too-long", clean)
    group = clean.groups[0]
    extra = Task("Kommunen følger opp. " * 12, Level.MUNICIPAL, CellRef(group.ref.sheet, "C9"))
    assert_fires("task-too-long", replace_group(clean, 0, tasks=group.tasks + (extra,)), count=1)


def test_group_without_recommendation(clean):
    assert_silent("group-without-recommendation", clean)
    assert_fires("group-without-recommendation", replace_group(clean, 0, recommendation=()), count=1)


def test_group_duplicate_name(clean):
    assert_silent("group-duplicate-name", clean)
    assert_fires("group-duplicate-name", replace_group(clean, 1, name="hjerneslag - MILDE og moderate"), count=1)


def test_category_unused(clean):
    assert_silent("category-unused", clean)
    agreement = dataclasses.replace(clean, categories=clean.categories + ("Barn og unge",))
    assert assert_fires("category-unused", agreement, count=1)[0].severity is Severity.INFO


# --- § 6-2 second paragraph ----------------------------------------------------------------------
def test_joint_measure_incomplete(clean):
    complete = JointMeasure("Ambulant team", "KOLS", "SI, arbeidsgiver SI", "Felles styringsgruppe", "50/50",
                            CellRef("Samarbeidstiltak", "A2"))
    assert_silent("joint-measure-incomplete", dataclasses.replace(clean, joint_measures=(complete,)))
    lacking = dataclasses.replace(complete, organisation="", financing=" ")
    found = assert_fires("joint-measure-incomplete", dataclasses.replace(clean, joint_measures=(lacking,)), count=1)
    assert "organisering og finansiering" in found[0].message()


def test_joint_measure_unknown_group(clean):
    measure = JointMeasure("Ambulant team", "KOLS", "SI", "Team", "SI", CellRef("Samarbeidstiltak", "A2"))
    assert_silent("joint-measure-unknown-group", dataclasses.replace(clean, joint_measures=(measure,)))
    unknown = dataclasses.replace(measure, group="Astma")
    assert_fires("joint-measure-unknown-group", dataclasses.replace(clean, joint_measures=(unknown,)), count=1)


# --- messages ----------------------------------------------------------------------------------------
def test_every_finding_has_an_english_message(example):
    for finding in validate(example).findings:
        assert finding.message("en") and finding.message("en") != finding.message("nb")
