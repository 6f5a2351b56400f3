"""`agreement regler`: the rule catalogue for users, and validate's help pointing at it."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_builder.cli import agreement
from agreement_builder.validation import RULES, Scope

DOCS = Path(__file__).resolve().parent.parent / "docs"


def run(*args):
    result = CliRunner().invoke(agreement, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_text_lists_every_rule_with_severity_scope_and_title_in_bokmal():
    text = run("regler")
    assert text.splitlines()[0] == f"Kontrollreglene ({len(RULES)} regler)"
    for rule in RULES:
        assert rule.title in text
    assert "  group-without-tasks: advarsel – § 6-2 nr. 1 – gjelder avtalen" in text
    assert "  municipality-unknown-number: feil – gjelder hver kommune" in text
    assert "  helsefellesskap-incomplete: merknad – gjelder kommunelisten" in text
    assert "warning" not in text and "error" not in text


def test_markdown_is_the_shipped_rules_page():
    assert run("regler", "--format", "markdown") == (DOCS / "rules.md").read_text(encoding="utf-8")


def test_json_has_every_rule_in_catalogue_order():
    rules = json.loads(run("regler", "--format", "json"))["rules"]
    assert [row["code"] for row in rules] == [rule.code for rule in RULES]
    assert {row["scope"] for row in rules} == {scope.value for scope in Scope}
    by_code = {row["code"]: row for row in rules}
    assert by_code["group-without-tasks"] == {
        "code": "group-without-tasks", "severity": "warning", "severity_note": "", "scope": "agreement", "point": 1,
        "statute": "nr. 1", "area": "Oppgavefordeling (nr. 1)",
        "title": "En diagnosegruppe har bare anbefalingstekst og ingen oppgaver i tabellen.", "per_group": True,
    }
    assert by_code["joint-measure-incomplete"]["statute"] == "andre ledd"
    assert by_code["category-unused"]["per_group"] is False  # about the categories sheet, not one group


def test_an_unknown_format_is_refused():
    result = CliRunner().invoke(agreement, ["regler", "--format", "pdf"])
    assert result.exit_code == 2


@pytest.mark.parametrize("command", [["regler"], ["validate"]])
def test_help_points_at_nothing_a_pip_install_lacks(command):
    text = CliRunner().invoke(agreement, [*command, "--help"]).stdout
    assert "docs/" not in text and ".md" not in text


def test_validate_help_names_the_listing_and_says_what_strict_does():
    text = " ".join(CliRunner().invoke(agreement, ["validate", "--help"]).stdout.split())
    assert "«agreement regler» lister alle reglene" in text
    assert "bygging" not in text
    assert "§ 6-2 nr. 12–13 er påkrevd som nr. 1–11" in text
