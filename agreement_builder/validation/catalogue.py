"""The rule catalogue: every rule ``validate`` runs, in the order reports and listings show them.

An explicit tuple, so the catalogue can be read in one place and does not depend on which
modules happen to be imported. A new rule is written in a ``rules_*`` module and added here;
its code never changes once released (tests/test_rules.py holds a firing and a silent case
for every code).
"""

from __future__ import annotations

from . import rules_coverage as coverage
from . import rules_facts as facts
from . import rules_joint as joint
from . import rules_links as links
from . import rules_municipalities as municipalities
from . import rules_point2 as point2
from . import rules_scope as scope
from . import rules_tasks as tasks
from .registry import Rule

RULES: tuple[Rule, ...] = (
    coverage.coverage_missing,
    coverage.coverage_partial,
    coverage.coverage_place_missing,
    coverage.coverage_place_unknown,
    coverage.coverage_place_empty,
    coverage.coverage_words_absent,
    coverage.coverage_reference_unnamed,
    coverage.coverage_reference_undated,
    scope.coverage_outside_scope,
    scope.coverage_unplaced,
    scope.scope_point_referenced,
    facts.facts_title_missing,
    facts.facts_hospital_trust_missing,
    facts.facts_version_missing,
    facts.facts_status_missing,
    facts.facts_date_missing,
    facts.facts_helsefellesskap_missing,
    facts.facts_no_municipality,
    facts.facts_hospital_trust_unknown,
    facts.facts_approved_undated,
    facts.facts_dates_order,
    scope.facts_document_type_missing,
    scope.facts_parent_missing,
    joint.joint_measure_incomplete,
    joint.joint_measure_unknown_group,
    links.link_target_refused,
    links.figure_file_missing,
    links.figure_outside_folder,
    links.figure_not_image,
    links.figure_too_large,
    links.figure_alt_missing,
    municipalities.municipality_unknown_number,
    municipalities.municipality_name_mismatch,
    municipalities.municipality_duplicate,
    municipalities.municipality_outside_helsefellesskap,
    municipalities.helsefellesskap_unknown,
    municipalities.helsefellesskap_incomplete,
    point2.point2_aspect_missing,
    tasks.group_without_tasks,
    tasks.group_only_shared,
    tasks.task_contradiction,
    tasks.task_shared_and_single,
    tasks.task_duplicate,
    tasks.task_too_long,
    tasks.group_without_recommendation,
    tasks.group_duplicate_name,
    tasks.category_unused,
)


def _check_unique(rules: tuple[Rule, ...]) -> None:
    seen: set[str] = set()
    for rule in rules:
        if rule.code in seen:
            raise ValueError(f"duplicate rule code {rule.code}")
        seen.add(rule.code)


_check_unique(RULES)
