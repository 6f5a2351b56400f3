"""``agreement validate`` (the findings for a workbook) and ``agreement regler`` (the rules it checks)."""

from __future__ import annotations

from pathlib import Path

import click

from .shared import Command, echo, notice, overwrite_option, read_input, workbook_argument


_SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


@click.command("validate", cls=Command, short_help="Kontroller arbeidsboken mot § 6-2 og arbeidsbokens regler.")
@workbook_argument
@click.option("--format", "output_format", type=click.Choice(["text", "json", "junit"]), default="text",
              show_default=True, help="Tekst for mennesker, JSON for verktøy, JUnit-XML for CI-systemer.")
@click.option("--strict", is_flag=True,
              help="Streng kontroll: § 6-2 nr. 12–13 er påkrevd som nr. 1–11, så et punkt som mangler der, er en "
                   "feil (kode 1) og ikke en advarsel.")
@click.option("--lang", type=click.Choice(["nb", "en"]), default="nb", show_default=True,
              help="Språk for meldingene.")
@click.option("--codes", is_flag=True, help="Vis regelkodene i tekstutdataene (de står alltid i JSON og JUnit).")
@click.option("--write-sheet", type=click.Path(path_type=Path), metavar="UT.xlsx",
              help="Skriv en kopi av arbeidsboken med arket «Validering»: funnene, med lenke til hver celle.")
@click.option("--in-place", is_flag=True,
              help="Skriv arket «Validering» inn i selve arbeidsboken (en sikkerhetskopi lagres ved siden av).")
@overwrite_option
def validate_command(workbook: Path, output_format: str, strict: bool, lang: str, codes: bool,
                     write_sheet: Path | None, in_place: bool, overwrite: bool) -> None:
    """Kontroller ARBEIDSBOK mot helse- og omsorgstjenesteloven § 6-2 og arbeidsbokens egne regler.

    Hvert funn peker på arket og cellen det gjelder. «agreement regler» lister alle reglene.

    Avslutningskoder: 0 ingen feil, 1 feil funnet, 2 kunne ikke kjøre."""
    from ..validation.output import json_text, junit_xml, text_lines

    if write_sheet and in_place:
        raise click.UsageError("bruk enten --write-sheet eller --in-place, ikke begge")
    source = read_input(workbook, whole=False, quiet=True)
    if (write_sheet or in_place) and source.kind == "folder":
        raise click.UsageError("--write-sheet og --in-place gjelder én arbeidsbok, ikke en avtalemappe – bruk dem "
                               "på hovedarbeidsboken eller en gruppearbeidsbok")
    report = _validate_input(source, strict)
    if output_format == "json":
        echo(json_text(report, lang), lines=True)
    elif output_format == "junit":
        echo(junit_xml(report, lang), lines=True)
    else:
        colour = lambda text, severity: click.style(text, fg=_SEVERITY_COLOURS[severity.value], bold=True)  # noqa: E731
        for line in text_lines(report, lang, colour=colour, codes=codes):
            click.echo(line)
    if write_sheet or in_place:
        from ..workbook.findings_sheet import update_findings_in_place, write_findings_workbook

        if in_place:
            from ..paths import changing_in_place

            with changing_in_place(workbook):  # the one command that may write onto its input
                saved = update_findings_in_place(workbook, report, lang=lang)
            echo(f"Sikkerhetskopi: {saved}", err=True)
            target = workbook
        else:
            target = write_findings_workbook(workbook, report, write_sheet, lang=lang, overwrite=overwrite)
        echo(f"Skrev arket «Validering» til {target}.", err=True)
    if not report.valid:
        raise click.exceptions.Exit(1)


def _validate_input(source, strict: bool):
    """The report for what was read, with the reader's notices; a folder's findings between files added;
    for an extract, the group rules only."""
    from ..validation import merge, validate, validate_extract
    from ..render.extract import extract_title

    if source.is_extract:
        notice(f"{extract_title(source.agreement)}: bare reglene for diagnosegrupper er kjørt, ikke § 6-2-"
               "kontrollen av hele avtalen.")
        return merge(validate_extract(source.agreement, strict=strict), source.notices)
    return merge(validate(source.agreement, strict=strict), (*source.notices, *source.findings))


@click.command("regler", cls=Command, short_help="List kontrollreglene som «agreement validate» bruker.")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="Tekst for terminalen, Markdown for en nettside eller et dokument, JSON for "
                                      "verktøy.")
def rules_command(output_format: str) -> None:
    """List kontrollreglene som «agreement validate» bruker.

    For hver regel: koden (som i funnene), alvorligheten, hva regelen gjelder (avtalen,
    hver kommune eller kommunelisten), punktet i § 6-2 og hva som kontrolleres."""
    from ..documentation import RULE_FORMATS

    click.echo(RULE_FORMATS[output_format]())
