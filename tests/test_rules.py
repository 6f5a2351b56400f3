"""Every rule in the catalogue has a case where it fires and a near miss where it stays silent.

``CASES`` is keyed by rule code; a test checks that its keys are exactly the catalogue's codes,
so a new rule cannot land without both cases. Tests further down look closer at what some rules say.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable

import pytest

from agreement_builder.model import (
    Agreement, AgreementStatus, Block, CellRef, CoverageStatus, DocumentType, Figure, FigureProblem, JointMeasure,
    Level, Municipality, PointCoverage, Task,
)
from agreement_builder.validation import RULES, Scope, Severity, validate


def findings(code, agreement, **options):
    return [finding for finding in validate(agreement, only={code}, **options).findings if finding.code == code]


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


def with_task(agreement, text, level, cell):
    """``agreement`` with one more task in its first group."""
    group = agreement.groups[0]
    return replace_group(agreement, 0, tasks=group.tasks + (Task(text, level, CellRef(group.ref.sheet, cell)),))


def with_municipality(agreement, number, name):
    extra = Municipality(number, name, CellRef("Kommuner", f"A{len(agreement.municipalities) + 2}"))
    return dataclasses.replace(agreement, municipalities=agreement.municipalities + (extra,))


def with_measure(agreement, **changes):
    measure = JointMeasure("Ambulant team", "KOLS", "SI, arbeidsgiver SI", "Felles styringsgruppe", "50/50",
                           CellRef("Samarbeidstiltak", "A2"))
    return dataclasses.replace(agreement, joint_measures=(dataclasses.replace(measure, **changes),))


def with_empty_section_covering_point_1(agreement):
    section = dataclasses.replace(agreement.sections[0], blocks=())
    agreement = dataclasses.replace(agreement, sections=(section,) + agreement.sections[1:])
    return replace_point(agreement, 1, where=(section.heading,))


def point_2_covered_in_general(agreement, extra: str = ""):
    """Point 2 marked as covered under «Generelt»; ``extra`` is one more paragraph in the first chapter."""
    agreement = replace_point(agreement, 2, status=CoverageStatus.COVERED, where=("Generelt",), other_agreement="")
    if not extra:
        return agreement
    section = agreement.sections[0]
    section = dataclasses.replace(section, blocks=section.blocks + (Block(extra),))
    return dataclasses.replace(agreement, sections=(section,) + agreement.sections[1:])


def without_3407_plus(number, name):
    def change(agreement):
        kept = tuple(m for m in agreement.municipalities if m.number != "3407")
        return with_municipality(dataclasses.replace(agreement, municipalities=kept), number, name)

    return change


def ordered_dates(agreement, **changes):
    return replace_facts(agreement, **{"valid_from": dt.date(2021, 1, 1), "revise_by": dt.date(2023, 1, 1), **changes})


def unchanged(agreement):
    return agreement


def sub_agreement(handled=(1,), **points):
    """A delavtale handling ``handled``; ``points`` maps «p8» to a status for that point."""
    def change(agreement):
        agreement = replace_facts(agreement, document_type=DocumentType.SUB_AGREEMENT, handled_points=handled)
        for name, status in points.items():
            agreement = replace_point(agreement, int(name[1:]), status=status, other_agreement="")
        return agreement

    return change


MISSING = CoverageStatus.MISSING


def with_block(agreement, text, figure=None):
    """``agreement`` with one more block (``figure`` set for a figure block) in its first chapter."""
    section = agreement.sections[0]
    block = Block(text, ref=CellRef("Kapitler", "B40"), figure=figure)
    return dataclasses.replace(agreement, sections=(
        dataclasses.replace(section, blocks=section.blocks + (block,)), *agreement.sections[1:]))


PNG = Figure("figur.png", "Pyramiden", b"\x89PNG...", "image/png", 10, 10)


def with_figure(alt="Pyramiden", problem=None):
    figure = dataclasses.replace(PNG, alt=alt, problem=problem, data=b"" if problem else PNG.data)
    return lambda agreement: with_block(agreement, f"![{alt}](figur.png)", figure)


@dataclasses.dataclass(frozen=True)
class Case:
    """How to make one rule fire on the clean agreement (``count`` findings), and a near miss where it is silent."""

    fire: Callable[[Agreement], Agreement]
    silent: Callable[[Agreement], Agreement] = unchanged
    count: int = 1


def _missing_fact(field, empty):
    return Case(lambda a: replace_facts(a, **{field: empty}))


CASES: dict[str, Case] = {
    "coverage-missing": Case(lambda a: replace_point(a, 8, status=CoverageStatus.MISSING)),
    "coverage-partial": Case(lambda a: replace_point(a, 2, status=CoverageStatus.PARTIAL, where=("Generelt",),
                                                     note="mangler LMS")),
    "coverage-place-missing": Case(lambda a: replace_point(a, 1, where=())),
    "coverage-place-unknown": Case(
        lambda a: replace_point(a, 1, where=("Kapittel 9",)),
        silent=lambda a: replace_point(a, 1, where=("kols", "Andre pasientgrupper", "Hjerneslag - milde og moderate")),
    ),
    "coverage-place-empty": Case(with_empty_section_covering_point_1),
    "coverage-words-absent": Case(
        lambda a: replace_point(a, 5, status=CoverageStatus.COVERED, where=("Fastlegene",)),
        silent=lambda a: replace_point(a, 5, status=CoverageStatus.COVERED, where=("Sykehuset Innlandet",)),
    ),
    "coverage-reference-unnamed": Case(lambda a: replace_point(a, 9, other_agreement="")),
    "coverage-reference-undated": Case(lambda a: replace_point(a, 9, other_agreement_version="")),
    "coverage-outside-scope": Case(sub_agreement(p8=MISSING), silent=sub_agreement()),
    "coverage-unplaced": Case(sub_agreement(p3=MISSING), silent=sub_agreement((1, 3), p3=CoverageStatus.COVERED)),
    "scope-point-referenced": Case(sub_agreement((1, 9)), silent=sub_agreement((1,))),
    "facts-document-type-missing": _missing_fact("document_type", None),
    "facts-parent-missing": Case(
        lambda a: replace_facts(a, document_type=DocumentType.ANNEX, parent_agreement=""),
        silent=lambda a: replace_facts(a, document_type=DocumentType.ANNEX,
                                       parent_agreement="Delavtale om habilitering og rehabilitering"),
    ),
    "facts-title-missing": _missing_fact("title", ""),
    "facts-hospital-trust-missing": _missing_fact("hospital_trust", ""),
    "facts-version-missing": _missing_fact("version", ""),
    "facts-status-missing": _missing_fact("status", None),
    "facts-date-missing": _missing_fact("date", None),
    "facts-helsefellesskap-missing": _missing_fact("helsefellesskap", ""),
    "facts-no-municipality": Case(lambda a: dataclasses.replace(a, municipalities=())),
    "facts-hospital-trust-unknown": Case(lambda a: replace_facts(a, hospital_trust="Sykehuset Innland HF")),
    "facts-approved-undated": Case(
        lambda a: replace_facts(a, status=AgreementStatus.APPROVED, date=None),
        silent=lambda a: replace_facts(a, status=AgreementStatus.APPROVED),
    ),
    "facts-dates-order": Case(lambda a: ordered_dates(a, revise_by=dt.date(2020, 6, 1)), silent=ordered_dates),
    "joint-measure-incomplete": Case(lambda a: with_measure(a, organisation="", financing=" "), silent=with_measure),
    "joint-measure-unknown-group": Case(lambda a: with_measure(a, group="Astma"), silent=with_measure),
    "municipality-unknown-number": Case(lambda a: with_municipality(a, "9999", "Gjøvick")),
    "municipality-name-mismatch": Case(
        without_3407_plus("3407", "Gjøvick"),
        silent=lambda a: dataclasses.replace(a, municipalities=(
            Municipality("5601", "Alta"), Municipality("5610", "Karasjok"), Municipality("5610", "Kárášjohka"),
            Municipality("1515", "Herøy (Møre og Romsdal)"), Municipality("1818", "Herøy"),
        )),
    ),
    "municipality-duplicate": Case(lambda a: with_municipality(a, "3403", "Hamar")),
    "municipality-outside-helsefellesskap": Case(lambda a: with_municipality(a, "3401", "Kongsvinger")),
    "helsefellesskap-unknown": Case(lambda a: replace_facts(a, helsefellesskap="Helsefellesskap Atlantis")),
    "helsefellesskap-incomplete": Case(lambda a: dataclasses.replace(a, municipalities=a.municipalities[1:])),
    "point2-aspect-missing": Case(
        point_2_covered_in_general,
        silent=lambda a: point_2_covered_in_general(a, "Ved innleggelse sender kommunen innleggelsesrapport."),
    ),
    "group-without-tasks": Case(lambda a: replace_group(a, 0, tasks=())),
    "group-only-shared": Case(lambda a: replace_group(a, 0, tasks=tuple(
        dataclasses.replace(task, level=Level.SHARED) for task in a.groups[0].tasks))),
    "task-contradiction": Case(lambda a: with_task(a, "kommunal døgnenhet.", Level.SPECIALIST, "A9")),
    "task-shared-and-single": Case(lambda a: with_task(a, "Pasientforløp", Level.MUNICIPAL, "C9")),
    "task-duplicate": Case(lambda a: with_task(a, "Hjemmerehabilitering ", Level.MUNICIPAL, "C9")),
    "task-too-long": Case(lambda a: with_task(a, "Kommunen følger opp. " * 12, Level.MUNICIPAL, "C9")),
    "group-without-recommendation": Case(lambda a: replace_group(a, 0, recommendation=())),
    "group-duplicate-name": Case(lambda a: replace_group(a, 1, name="hjerneslag - MILDE og moderate")),
    "link-target-refused": Case(
        lambda a: with_block(a, "Se [veilederen](file:///C:/Veileder.pdf) og [planen](javascript:alert(1))."),
        silent=lambda a: with_block(a, "Se [veilederen](https://www.helsedirektoratet.no/veiledere) og "
                                       "mailto:post@example.no."),
        count=2,
    ),
    "figure-file-missing": Case(with_figure(problem=FigureProblem.MISSING), silent=with_figure()),
    "figure-outside-folder": Case(with_figure(problem=FigureProblem.OUTSIDE), silent=with_figure()),
    "figure-not-image": Case(with_figure(problem=FigureProblem.NOT_IMAGE), silent=with_figure()),
    "figure-too-large": Case(with_figure(problem=FigureProblem.TOO_MANY_PIXELS), silent=with_figure()),
    "figure-alt-missing": Case(with_figure(alt=" "), silent=with_figure()),
    "category-unused": Case(lambda a: dataclasses.replace(a, categories=a.categories + ("Barn og unge",))),
}
CODES = [rule.code for rule in RULES]


def fired(code, clean, **options):
    """The findings of ``code`` in its firing case."""
    return assert_fires(code, CASES[code].fire(clean), count=CASES[code].count, **options)


@pytest.fixture(scope="module")
def clean(example):
    """The example made a complete overarching agreement: every group has tasks, every point covered or referred to."""
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
    facts = dataclasses.replace(example.facts, document_type=DocumentType.OVERARCHING, handled_points=(),
                                parent_agreement="")
    return dataclasses.replace(example, facts=facts, groups=groups, statute_map=statute_map)


# --- the catalogue and the table -------------------------------------------------------------------
def test_the_table_has_a_case_for_every_rule_and_no_other():
    assert sorted(CASES) == sorted(CODES)


def test_codes_are_unique_and_lowercase_words_with_hyphens():
    assert len(CODES) == len(set(CODES))
    assert [code for code in CODES if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", code)] == []


def test_the_catalogue_is_a_tuple_of_rules_each_with_a_title_and_both_messages():
    assert isinstance(RULES, tuple)
    for rule in RULES:
        assert rule.title and rule.message_nb and rule.message_en and rule.area, rule.code
        assert isinstance(rule.scope, Scope)


@pytest.mark.parametrize("code", CODES)
def test_rule_fires(clean, code):
    fired(code, clean)


@pytest.mark.parametrize("code", CODES)
def test_rule_stays_silent(clean, code):
    assert_silent(code, CASES[code].silent(clean))


def _said(code, agreement):
    return {(f.severity, f.point, f.ref, f.message()) for f in findings(code, agreement)}


@pytest.mark.parametrize("code", CODES)
def test_scope_says_where_a_rule_runs_for_one_municipality(clean, code):
    """What a document for one municipality shows is right for the rule's scope (render/batch.py relies on it).

    About the agreement: each one-municipality copy finds the same as the whole. About each
    municipality: the copies together find what the whole finds. About the list: neither holds.
    """
    scope = next(rule.scope for rule in RULES if rule.code == code)
    agreement = CASES[code].fire(clean)
    whole = _said(code, agreement)
    copies = [_said(code, dataclasses.replace(agreement, municipalities=(m,))) for m in agreement.municipalities]
    same_in_each = all(copy == whole for copy in copies)
    together = set().union(*copies) == whole
    if scope is Scope.AGREEMENT:
        assert same_in_each
    elif scope is Scope.MUNICIPALITY:
        assert together and not same_in_each
    else:
        assert not together and not same_in_each


# --- the example and the clean agreement ---------------------------------------------------------
def test_the_clean_agreement_has_no_findings(clean):
    assert [f.message() for f in validate(clean).findings] == []
    assert validate(clean).valid


def test_the_example_reports_what_a_careful_reader_would(example):
    """An annex on task distribution in rehabilitation: no errors, its real gaps as warnings (issue 10)."""
    report = validate(example)
    assert example.facts.document_type is DocumentType.ANNEX and example.facts.handled_points == (1, 2)
    assert report.valid and report.errors == ()
    empty = findings("group-without-tasks", example)
    assert sorted(f.message() for f in empty) == sorted(
        f"Diagnosegruppen «{name}» har bare tekst og ingen oppgavetabell – fordel gjerne oppgavene på nivåene, så "
        "ansvarsfordelingen blir tydelig"
        for name in ("Lårhalsbrudd, hofte- og kneopererte", "Hjemmeboende eldre",
                     "Sammensatte lidelser somatikk-rus/psykisk helse")
    )
    assert {f.severity for f in empty} == {Severity.WARNING}
    assert {str(f.ref) for f in empty} == {"'Lårhalsbrudd, hofte- og kneoper'!B1", "'Hjemmeboende eldre'!B1",
                                          "'Sammensatte lidelser somatikk-r'!B1"}
    point_2 = {(f.code, f.severity) for f in report.findings if f.point == 2}
    assert point_2 == {("coverage-partial", Severity.WARNING), ("point2-aspect-missing", Severity.WARNING)}
    by_code = lambda code: {f.point for f in report.findings if f.code == code}  # noqa: E731
    assert by_code("coverage-missing") == set()
    assert by_code("coverage-unplaced") == {3, 4, 7}
    assert by_code("coverage-outside-scope") == {8, 10, 11, 13}
    task_codes = {f.code for f in report.findings if f.code.startswith("task-")}
    assert task_codes == set(), "no false alarms on the 58 tasks"


def test_the_example_without_a_type_keeps_the_old_judgement_and_asks_for_the_type(example):
    report = validate(replace_facts(example, document_type=None))
    assert {f.point for f in report.errors if f.code == "coverage-missing"} == {3, 4, 7, 8, 10, 11}
    notice = [f for f in report.findings if f.code == "facts-document-type-missing"]
    assert len(notice) == 1 and notice[0].severity is Severity.INFO and notice[0].cell == "B10"
    assert "Dokumenttype" in notice[0].message()


# --- what the rules say --------------------------------------------------------------------------
def test_coverage_missing_names_point_and_cell(clean):
    found = fired("coverage-missing", clean)
    assert found[0].severity is Severity.ERROR and found[0].point == 8 and found[0].cell == "C9"


def test_coverage_missing_points_12_and_13_are_warnings_unless_strict(clean):
    agreement = replace_point(clean, 13, status=CoverageStatus.MISSING)
    assert assert_fires("coverage-missing", agreement)[0].severity is Severity.WARNING
    assert assert_fires("coverage-missing", agreement, strict=True)[0].severity is Severity.ERROR


def test_coverage_missing_when_the_row_is_absent(clean):
    agreement = dataclasses.replace(clean, statute_map=clean.statute_map[:-1])
    assert assert_fires("coverage-missing", agreement, count=1)[0].point == 13


def test_coverage_partial_repeats_the_note(clean):
    assert "mangler LMS" in fired("coverage-partial", clean)[0].message()


def test_coverage_partial_outside_the_scope_is_a_notice(clean):
    agreement = sub_agreement((1,))(replace_point(clean, 9, status=CoverageStatus.PARTIAL, where=("Generelt",)))
    found = assert_fires("coverage-partial", agreement, count=1)
    assert found[0].severity is Severity.INFO and "utenfor dette dokumentets omfang" in found[0].message()
    assert assert_fires("coverage-partial", sub_agreement((1, 9))(agreement))[0].severity is Severity.WARNING


def test_a_sub_agreement_is_judged_on_the_points_it_handles(clean):
    assert_silent("coverage-missing", sub_agreement((1,), p3=MISSING, p8=MISSING)(clean))
    found = assert_fires("coverage-missing", sub_agreement((1, 3), p3=MISSING)(clean), count=1)
    assert found[0].point == 3 and found[0].severity is Severity.ERROR


def test_without_declared_points_the_scope_is_what_the_map_addresses(clean):
    agreement = sub_agreement((), p3=MISSING, p8=MISSING)(clean)
    assert [f.point for f in findings("coverage-unplaced", agreement)] == [3]
    assert [f.point for f in findings("coverage-outside-scope", agreement)] == [8]
    assert_silent("coverage-missing", agreement)


@pytest.mark.parametrize("kind", [DocumentType.OVERARCHING, DocumentType.COMPLETE_SET])
def test_the_whole_agreement_is_judged_on_all_points_whatever_it_says_it_handles(clean, kind):
    agreement = replace_facts(sub_agreement((1,), p8=MISSING)(clean), document_type=kind)
    assert [f.point for f in findings("coverage-missing", agreement)] == [8]
    assert_silent("coverage-outside-scope", agreement)


def test_the_coverage_summary_marks_points_outside_the_scope(clean):
    report = validate(sub_agreement((1,), p8=MISSING)(clean))
    row = next(row for row in report.coverage if row.point == 8)
    assert row.status is CoverageStatus.MISSING and not row.in_scope and not row.required
    assert all(row.in_scope for row in validate(clean).coverage)


def test_coverage_unplaced_is_a_warning_naming_the_guideline(clean):
    found = fired("coverage-unplaced", clean)
    assert found[0].severity is Severity.WARNING and found[0].point == 3 and "nr. 1–7" in found[0].message()


def test_coverage_outside_scope_is_a_notice(clean):
    found = fired("coverage-outside-scope", clean)
    assert found[0].severity is Severity.INFO and "utenfor dette dokumentets omfang" in found[0].message()


def test_coverage_place_unknown_names_the_place(clean):
    assert "«Kapittel 9»" in fired("coverage-place-unknown", clean)[0].message()


def test_coverage_words_absent_names_the_place(clean):
    assert "«Fastlegene»" in fired("coverage-words-absent", clean)[0].message()


def test_coverage_reference_undated_is_a_notice(clean):
    assert fired("coverage-reference-undated", clean)[0].severity is Severity.INFO


@pytest.mark.parametrize("code", [code for code in CODES if re.fullmatch(r"facts-.*-missing", code)])
def test_missing_facts_point_at_the_facts_sheet(clean, code):
    assert fired(code, clean)[0].sheet == "Avtale"


def test_facts_hospital_trust_unknown_suggests_the_nearest(clean):
    assert "mente du «Sykehuset Innlandet HF»" in fired("facts-hospital-trust-unknown", clean)[0].message()


def test_facts_dates_order(clean):
    assert "Revideres innen" in fired("facts-dates-order", clean)[0].message()
    assert_fires("facts-dates-order", ordered_dates(clean, valid_from=dt.date(2020, 1, 1)), count=1)


def test_municipality_unknown_number_suggests_by_name(clean):
    assert "mente du «Gjøvik» (3407)" in fired("municipality-unknown-number", clean)[0].message()
    found = assert_fires("municipality-unknown-number", with_municipality(clean, "", "Hamar"), count=1)
    assert "Hamar har nummer 3403" in found[0].message()


def test_municipality_name_mismatch_suggests_the_official_name(clean):
    message = fired("municipality-name-mismatch", clean)[0].message()
    assert "heter «Gjøvik»" in message and "skrivefeil" in message


def test_municipality_outside_helsefellesskap_names_its_own(clean):
    assert "Akershus" in fired("municipality-outside-helsefellesskap", clean)[0].message()


def test_helsefellesskap_incomplete_names_who_is_missing(clean):
    assert "Lunner" in fired("helsefellesskap-incomplete", clean)[0].message()


def test_point2_aspect_missing(clean):
    assert fired("point2-aspect-missing", clean)[0].message() == "§ 6-2 nr. 2: avtalen nevner aldri innleggelse"
    assert_silent("point2-aspect-missing", clean)  # referred to another sub-agreement


def test_point2_word_forms_and_rehabilitering_is_not_habilitering():
    from agreement_builder.validation.rules_point2 import missing_aspects

    text = "innlagt, utskrevet, habiliteringstjenesten, rehabiliteringen, lærings- og mestringssenter"
    assert missing_aspects(text) == []
    assert missing_aspects("rehabilitering") == ["innleggelse", "utskrivning", "habilitering",
                                                 "lærings- og mestringstilbud"]


def test_group_only_shared_points_at_the_group_name(clean):
    assert fired("group-only-shared", clean)[0].cell == "B1"


def test_task_contradiction_points_at_both_cells(clean):
    found = fired("task-contradiction", clean)
    assert found[0].cell == "C5" and "A9" in found[0].message()


def test_task_duplicate_points_at_the_second(clean):
    assert fired("task-duplicate", clean)[0].cell == "C9"


def test_category_unused_is_a_notice(clean):
    assert fired("category-unused", clean)[0].severity is Severity.INFO


def test_joint_measure_incomplete_names_what_is_missing(clean):
    assert "organisering og finansiering" in fired("joint-measure-incomplete", clean)[0].message()


# --- messages ----------------------------------------------------------------------------------------
def test_every_finding_has_an_english_message(example):
    for finding in validate(example).findings:
        assert finding.message("en") and finding.message("en") != finding.message("nb")
