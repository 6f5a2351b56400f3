"""The pure merge of models: what lands, what collides, and who is named for it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from agreement_builder.diff import Area, Kind, diff
from agreement_builder.merge import merge
from agreement_builder.merge.result import DELETED
from agreement_builder.model import Block, CoverageStatus, JointMeasure, Level, Task

HEART = "Hjerte"
KOLS = "KOLS"
STROKE = "Hjerneslag - milde og moderate"


def with_group(agreement, name, change):
    return dataclasses.replace(agreement, groups=tuple(change(g) if g.name == name else g for g in agreement.groups))


def with_task(agreement, group_name, index, **values):
    def change(group):
        tasks = list(group.tasks)
        tasks[index] = dataclasses.replace(tasks[index], **values)
        return dataclasses.replace(group, tasks=tuple(tasks))

    return with_group(agreement, group_name, change)


def without_task(agreement, group_name, index):
    return with_group(agreement, group_name,
                      lambda g: dataclasses.replace(g, tasks=g.tasks[:index] + g.tasks[index + 1:]))


def adding(agreement, group_name, text, level=Level.MUNICIPAL):
    return with_group(agreement, group_name, lambda g: dataclasses.replace(g, tasks=g.tasks + (Task(text, level),)))


def task(agreement, group_name, index):
    return next(g for g in agreement.groups if g.name == group_name).tasks[index]


def group(agreement, name):
    return next(g for g in agreement.groups if g.name == name)


def kinds(changes):
    return sorted((c.kind.value, c.area.value, c.group or "", c.new or c.old) for c in changes)


def test_changes_to_different_things_all_land_and_equal_the_diff(example):
    heart_task = task(example, HEART, 0)
    a = adding(example, KOLS, "Kommunal KOLS-skole")
    a = with_task(a, HEART, 0, text=heart_task.text + " og oppfølging")
    stroke = group(example, STROKE)
    index = next(i for i, t in enumerate(stroke.tasks) if t.text == "Kommunal døgnenhet")
    b = with_task(example, STROKE, index, level=Level.SHARED)
    result = merge(example, [("Nord", a), ("Sør", b)])
    assert result.clean and result.notices == ()
    assert [(x.copies, x.change.kind) for x in result.applied] == [
        (("Nord",), Kind.ADDED), (("Nord",), Kind.REWORDED), (("Sør",), Kind.MOVED)] or len(result.applied) == 3
    assert sorted(x.copies for x in result.applied) == [("Nord",), ("Nord",), ("Sør",)]
    assert kinds(diff(example, result.agreement).changes) == kinds(
        diff(example, a).changes + diff(example, b).changes)


def test_a_move_in_one_copy_and_a_rewording_in_another_combine(example):
    original = task(example, HEART, 1)
    moved = with_task(example, HEART, 1, level=Level.SHARED if original.level is not Level.SHARED else Level.MUNICIPAL)
    reworded = with_task(example, HEART, 1, text=original.text + " i kommunen")
    result = merge(example, [("A", moved), ("B", reworded)])
    assert result.clean
    merged = task(result.agreement, HEART, 1)
    assert merged.text == original.text + " i kommunen"
    assert merged.level is task(moved, HEART, 1).level
    assert {x.copies for x in result.applied} == {("A",), ("B",)}


def test_two_rewordings_collide_and_keep_base_with_both_versions(example):
    original = task(example, HEART, 0)
    a = with_task(example, HEART, 0, text=original.text + " og oppfølging")
    b = with_task(example, HEART, 0, text=original.text + " ved behov")
    c = adding(example, KOLS, "Kommunal KOLS-skole")
    result = merge(example, [("A", a), ("B", b), ("C", c)])
    assert len(result.collisions) == 1
    collision = result.collisions[0]
    assert collision.place.area is Area.TASK and collision.place.aspect == "text"
    assert collision.place.group == HEART and collision.place.item == original.text
    assert [(v.copy, v.text) for v in collision.versions] == [("A", a.groups[0] and task(a, HEART, 0).text),
                                                             ("B", task(b, HEART, 0).text)]
    assert task(result.agreement, HEART, 0).text == original.text
    assert [x.change.new for x in result.applied] == ["Kommunal KOLS-skole"]


def test_moves_to_two_levels_collide(example):
    others = [level for level in Level if level is not task(example, HEART, 0).level]
    a = with_task(example, HEART, 0, level=others[0])
    b = with_task(example, HEART, 0, level=others[1])
    result = merge(example, [("A", a), ("B", b)])
    [collision] = result.collisions
    assert collision.place.aspect == "level"
    assert [v.text for v in collision.versions] == [others[0].label, others[1].label]
    assert task(result.agreement, HEART, 0).level is task(example, HEART, 0).level


def test_a_deletion_against_a_rewording_collides_and_keeps_the_task(example):
    original = task(example, HEART, 0)
    a = without_task(example, HEART, 0)
    b = with_task(example, HEART, 0, text=original.text + " ved behov")
    result = merge(example, [("A", a), ("B", b)])
    [collision] = result.collisions
    assert collision.place.aspect == "delete"
    assert collision.versions[0].deleted and collision.versions[0].text == DELETED
    assert original in group(result.agreement, HEART).tasks or task(result.agreement, HEART, 0).text == original.text


def test_identical_changes_are_one_change_named_after_both(example):
    a = adding(example, KOLS, "Kommunal KOLS-skole")
    b = adding(example, KOLS, "kommunal  KOLS-skole.")
    result = merge(example, [("A", a), ("B", b)])
    assert result.clean
    [applied] = result.applied
    assert applied.copies == ("A", "B")
    assert [t.text for t in group(result.agreement, KOLS).tasks].count("Kommunal KOLS-skole") == 1


def test_near_identical_additions_are_one_with_a_notice(example):
    a = adding(example, KOLS, "Kommunalt lærings- og mestringstilbud for KOLS")
    b = adding(example, KOLS, "Kommunalt lærings og mestringstilbud for KOLS")
    result = merge(example, [("A", a), ("B", b)])
    assert result.clean and len(result.applied) == 1
    assert len(result.notices) == 1 and "A" in result.notices[0] and "B" in result.notices[0]
    added = [t for t in group(result.agreement, KOLS).tasks if "mestringstilbud for KOLS" in t.text]
    assert len(added) == 1


def test_different_additions_in_the_same_place_both_land(example):
    a = adding(example, KOLS, "Kommunal KOLS-skole")
    b = adding(example, KOLS, "Oppfølging av røykeslutt i kommunen")
    result = merge(example, [("A", a), ("B", b)])
    assert result.clean and len(result.applied) == 2


def test_facts_collide_on_different_values_and_land_alone(example):
    a = dataclasses.replace(example, facts=dataclasses.replace(example.facts, version="2.0",
                                                               date=dt.date(2025, 1, 1)))
    b = dataclasses.replace(example, facts=dataclasses.replace(example.facts, version="3.0"))
    result = merge(example, [("A", a), ("B", b)])
    [collision] = result.collisions
    assert collision.place.area is Area.FACTS and collision.place.item == "version"
    assert result.agreement.facts.version == example.facts.version
    assert result.agreement.facts.date == dt.date(2025, 1, 1)


def test_statute_rows_merge_by_column(example):
    point = example.statute_map[0]
    a = dataclasses.replace(example, statute_map=(dataclasses.replace(point, status=CoverageStatus.PARTIAL),
                                                  *example.statute_map[1:]))
    b = dataclasses.replace(example, statute_map=(dataclasses.replace(point, other_agreement="Delavtale 2"),
                                                  *example.statute_map[1:]))
    c = dataclasses.replace(example, statute_map=(dataclasses.replace(point, other_agreement="Delavtale 3"),
                                                  *example.statute_map[1:]))
    result = merge(example, [("A", a), ("B", b)])
    assert result.clean
    merged = result.agreement.coverage_of(point.point)
    assert merged.status is CoverageStatus.PARTIAL and merged.other_agreement == "Delavtale 2"
    clash = merge(example, [("B", b), ("C", c)])
    [collision] = clash.collisions
    assert collision.place.area is Area.STATUTE and collision.place.aspect == "other_agreement"


def test_groups_renamed_removed_and_added(example):
    renamed = with_group(example, HEART, lambda g: dataclasses.replace(g, name="Hjertesykdom"))
    edited = with_task(example, HEART, 0, text=task(example, HEART, 0).text + " i kommunen")
    removed = dataclasses.replace(example, groups=tuple(g for g in example.groups if g.name != "Kreft"))
    new = dataclasses.replace(group(example, KOLS), name="Astma", tasks=(Task("Astmaskole", Level.SHARED),))
    added = dataclasses.replace(example, groups=example.groups + (new,))
    result = merge(example, [("A", renamed), ("B", edited), ("C", removed), ("D", added)])
    assert result.clean
    names = [g.name for g in result.agreement.groups]
    assert "Hjertesykdom" in names and HEART not in names and "Kreft" not in names and "Astma" in names
    assert task(result.agreement, "Hjertesykdom", 0).text.endswith(" i kommunen")


def test_a_group_removed_in_one_copy_and_edited_in_another_collides(example):
    removed = dataclasses.replace(example, groups=tuple(g for g in example.groups if g.name != HEART))
    edited = adding(example, HEART, "Hjerterehabilitering i kommunen")
    result = merge(example, [("A", removed), ("B", edited)])
    [collision] = result.collisions
    assert collision.place.area is Area.GROUP and collision.place.aspect == "delete"
    assert HEART in [g.name for g in result.agreement.groups]


def test_municipalities_and_chapter_paragraphs(example):
    first = example.sections[0]
    blocks = list(first.blocks)
    a_blocks = [dataclasses.replace(blocks[0], text=blocks[0].text + " Endret av A."), *blocks[1:]]
    b_blocks = [*blocks[:-1], dataclasses.replace(blocks[-1], text=blocks[-1].text + " Endret av B.")]
    a = dataclasses.replace(example, sections=(dataclasses.replace(first, blocks=tuple(a_blocks)),
                                               *example.sections[1:]),
                            municipalities=example.municipalities[1:])
    b = dataclasses.replace(example, sections=(dataclasses.replace(first, blocks=tuple(b_blocks)),
                                               *example.sections[1:]))
    result = merge(example, [("A", a), ("B", b)])
    assert result.clean
    merged = result.agreement.sections[0].blocks
    assert merged[0].text.endswith("Endret av A.") and merged[-1].text.endswith("Endret av B.")
    assert result.agreement.municipalities == example.municipalities[1:] or [
        m.number for m in result.agreement.municipalities] == [m.number for m in example.municipalities[1:]]
    c_blocks = [dataclasses.replace(blocks[0], text=blocks[0].text + " Endret av C."), *blocks[1:]]
    c = dataclasses.replace(example, sections=(dataclasses.replace(first, blocks=tuple(c_blocks)),
                                               *example.sections[1:]))
    clash = merge(example, [("A", a), ("C", c)])
    assert [x.place.aspect for x in clash.collisions] == ["text"]


def test_joint_measures_are_diffed_and_merged(example):
    measure = JointMeasure("Felles rehabiliteringsteam", "Hjerte", "Kommunen er arbeidsgiver", "", "Delt 50/50")
    base = dataclasses.replace(example, joint_measures=(measure,))
    a = dataclasses.replace(base, joint_measures=(dataclasses.replace(measure, organisation="Ukentlige møter"),))
    b = dataclasses.replace(base, joint_measures=(dataclasses.replace(measure, financing="Sykehuset betaler"),
                                                  JointMeasure("Ambulant team")))
    [change] = diff(base, a).changes
    assert change.area is Area.JOINT and change.kind is Kind.CHANGED and change.target.index == 0
    result = merge(base, [("A", a), ("B", b)])
    assert result.clean
    merged = result.agreement.joint_measures
    assert merged[0].organisation == "Ukentlige møter" and merged[0].financing == "Sykehuset betaler"
    assert [j.name for j in merged] == ["Felles rehabiliteringsteam", "Ambulant team"]
    c = dataclasses.replace(base, joint_measures=(dataclasses.replace(measure, financing="Kommunen betaler"),))
    assert [x.place.aspect for x in merge(base, [("B", b), ("C", c)]).collisions] == ["financing"]


@pytest.mark.parametrize("copies", [0, 1, 3])
def test_copies_equal_to_base_change_nothing(example, copies):
    result = merge(example, [(f"K{i}", example) for i in range(copies)])
    assert result.clean and result.applied == () and not diff(example, result.agreement)


def test_recommendations_land_or_collide(example):
    def recommending(text):
        return with_group(example, HEART, lambda g: dataclasses.replace(g, recommendation=(Block(text),)))

    result = merge(example, [("A", recommending("Ny anbefaling fra A."))])
    assert result.clean and group(result.agreement, HEART).recommendation[0].text == "Ny anbefaling fra A."
    clash = merge(example, [("A", recommending("Ny anbefaling fra A.")), ("B", recommending("Annen fra B."))])
    [collision] = clash.collisions
    assert collision.place.area is Area.RECOMMENDATION
    assert group(clash.agreement, HEART).recommendation == group(example, HEART).recommendation


def test_the_same_new_group_from_two_copies_is_one_group_with_both_tasks(example):
    def with_new_group(tasks):
        new = dataclasses.replace(group(example, KOLS), name="Astma", category="Nye grupper",
                                  tasks=tuple(Task(text, Level.SHARED) for text in tasks))
        return dataclasses.replace(example, groups=example.groups + (new,),
                                   categories=example.categories + ("Nye grupper",))

    result = merge(example, [("A", with_new_group(["Astmaskole"])),
                             ("B", with_new_group(["Astmaskole", "Inhalasjonsveiledning"]))])
    assert result.clean
    [astma] = [g for g in result.agreement.groups if g.name == "Astma"]
    assert [t.text for t in astma.tasks] == ["Astmaskole", "Inhalasjonsveiledning"]
    assert result.agreement.categories[-1] == "Nye grupper"
    assert len(result.notices) == 1 and "Astma" in result.notices[0]
    [applied] = result.applied
    assert applied.copies == ("A", "B")


def test_a_new_chapter_lands_after_the_chapter_it_follows_in_the_copy(example):
    from agreement_builder.model import Section

    new = Section("Ny rutine", (Block("Tekst om rutinen."),))
    sections = list(example.sections)
    sections.insert(1, new)
    result = merge(example, [("A", dataclasses.replace(example, sections=tuple(sections)))])
    assert [s.heading for s in result.agreement.sections][:3] == [
        example.sections[0].heading, "Ny rutine", example.sections[1].heading]


def test_a_municipality_added_with_two_names_collides(example):
    from agreement_builder.model import Municipality

    def adding_municipality(name):
        return dataclasses.replace(example, municipalities=example.municipalities + (Municipality("3101", name),))

    result = merge(example, [("A", adding_municipality("Halden")), ("B", adding_municipality("Halden kommune"))])
    [collision] = result.collisions
    assert collision.place.area is Area.MUNICIPALITY and collision.place.aspect == "add"
    assert "3101" not in [m.number for m in result.agreement.municipalities]
    same = merge(example, [("A", adding_municipality("Halden")), ("B", adding_municipality("halden"))])
    assert same.clean and same.applied[0].copies == ("A", "B")
