"""The shipped example reads back as exactly the Innlandet transcription."""

import datetime as dt

from agreement_builder.model import AgreementStatus, BlockKind, CoverageStatus, Level


def test_every_task_is_in_the_right_column_of_the_right_group(example, source):
    groups = {group.name: group for group in example.groups}
    assert list(groups) == [group["name"] for group in source["diagnosis_groups"]]
    for expected in source["diagnosis_groups"]:
        group = groups[expected["name"]]
        assert group.category == expected["category"]
        for level in Level:
            assert [task.text for task in group.tasks_at(level)] == expected["tasks"][level.value], (
                group.name, level
            )
    assert len(example.tasks) == 58


def test_recommendations_are_identical(example, source):
    for group, expected in zip(example.groups, source["diagnosis_groups"]):
        assert [block.text for block in group.recommendation] == expected["recommendation"]


def test_sections_and_their_blocks_are_identical(example, source):
    assert [section.heading for section in example.sections] == [s["heading"] for s in source["sections"]]
    for section, expected in zip(example.sections, source["sections"]):
        got = [(block.kind, block.text) for block in section.blocks]
        want = [
            (BlockKind.PARAGRAPH, raw) if isinstance(raw, str)
            else (BlockKind.BULLET, raw["bullet"]) if "bullet" in raw
            else (BlockKind.NUMBERED, raw["numbered"])
            for raw in expected["blocks"]
        ]
        assert got == want


def test_facts_and_parties(example):
    facts = example.facts
    assert facts.title == "Oppgavedeling mellom kommunene og spesialisthelsetjenesten innen rehabilitering"
    assert facts.hospital_trust == "Sykehuset Innlandet HF"
    assert facts.status is AgreementStatus.CONSULTATION
    assert facts.date == dt.date(2020, 12, 10)
    assert len(example.municipalities) == 42
    names = {m.name for m in example.municipalities}
    assert {"Lunner", "Hamar", "Gjøvik"} <= names and "Kongsvinger" not in names
    assert example.categories == ("Ervervede skader", "Kroniske sykdommer", "Andre pasientgrupper")


def test_statute_map_is_honest_about_open_points(example):
    statuses = {row.point: row.status for row in example.statute_map}
    assert sorted(statuses) == list(range(1, 14))
    assert statuses[1] is CoverageStatus.COVERED
    assert {p for p, s in statuses.items() if s is CoverageStatus.MISSING} == {3, 4, 7, 8, 10, 11, 13}


def test_every_value_knows_its_cell(example):
    task = example.groups[0].tasks_at(Level.MUNICIPAL)[0]
    assert task.text == "Kommunal døgnenhet"
    assert str(task.ref) == "'Hjerneslag - milde og moderate'!C5"
    assert str(example.groups[0].category_ref) == "'Hjerneslag - milde og moderate'!B2"
    assert str(example.facts.refs["title"]) == "Avtale!B2"
    assert example.municipalities[0].ref.sheet == "Kommuner"


def test_group_names_longer_than_a_sheet_name_survive(example):
    names = [group.name for group in example.groups]
    assert "Sammensatte lidelser somatikk-rus/psykisk helse" in names
