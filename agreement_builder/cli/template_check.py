"""``agreement template-check``: a user's own Word template, checked before it is used."""

from __future__ import annotations

from pathlib import Path

import click

from .shared import Command, budget, echo, template_timeout_option


@click.command("template-check", cls=Command, short_help="Kontroller en egen Word-mal.")
@click.argument("template", type=click.Path(path_type=Path), metavar="MAL.docx")
@template_timeout_option
def template_check_command(template: Path, template_timeout: int) -> None:
    """Kontroller Word-malen MAL.docx: Jinja-syntaks, ukjente variabler og en prøvefletting.

    Variablene en mal kan bruke: title, version, status, date, valid_from, revise_by, draft,
    cover_facts, helsefellesskap, hospital_trust, document_type, parent_agreement, handled_points,
    municipalities, municipality_rows, single_municipality, levels, sections, categories,
    parties_summary, texts, standard, law, joint_measures, signatories, signature_rows,
    statute_map, validation og coverage.
    Et ukjent eller feilstavet navn gir en melding som viser stedet i malen.

    Avslutningskoder: 0 malen er i orden, 1 feil funnet, 2 malen kan ikke leses."""
    from ..render.check import check_template

    report = check_template(template, budget(template_timeout))
    for problem in report.problems:
        echo(problem)
    if not report.ok:
        raise click.exceptions.Exit(1)
    echo(f"Malen er i orden. {_variables_sentence(report.variables)}")


def _variables_sentence(variables) -> str:
    """«Den bruker ingen variabler.», «Den bruker 1 variabel: title.», «Den bruker 2 variabler: a, b.»"""
    if not variables:
        return "Den bruker ingen variabler."
    noun = "variabel" if len(variables) == 1 else "variabler"
    return f"Den bruker {len(variables)} {noun}: {', '.join(variables)}."
