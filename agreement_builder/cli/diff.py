"""``agreement diff`` (what changed between two workbooks) and ``agreement textconv`` (a workbook as text for git)."""

from __future__ import annotations

from pathlib import Path

import click

from .shared import Command, budget, echo, overwrite_option, read_agreement, template_timeout_option, workbook_argument


_KIND_COLOURS = {"added": "green", "removed": "red", "moved": "cyan", "reworded": "yellow", "renamed": "magenta",
                 "changed": "yellow"}


@click.command("diff", cls=Command, short_help="Vis hva som er endret mellom to arbeidsbøker.")
@click.argument("old", type=click.Path(path_type=Path), metavar="GAMMEL.xlsx")
@click.argument("new", type=click.Path(path_type=Path), metavar="NY.xlsx")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "html", "json", "docx"]),
              default="text", show_default=True,
              help="text for terminalen, markdown, html (én fil å åpne og skrive ut), json for verktøy, "
                   "docx (den nye avtalen med sporede endringer i Word).")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="UT",
              help="Skriv til en fil i stedet for til skjermen (påkrevd for docx).")
@click.option("--order", is_flag=True, help="Vis også endret rekkefølge innen en kolonne.")
@click.option("--no-findings", is_flag=True, help="Ikke sammenlign kontrollfunnene.")
@click.option("--template", type=click.Path(path_type=Path), metavar="MAL.docx", help="Word-mal for --format docx.")
@click.option("--author", metavar="NAVN",
              help="Hvem de sporede endringene i --format docx står på (standard: brukernavnet ditt).")
@template_timeout_option
@overwrite_option
def diff_command(old: Path, new: Path, output_format: str, output: Path | None, order: bool, no_findings: bool,
                 template: Path | None, author: str | None, template_timeout: int, overwrite: bool) -> None:
    """Vis hva som er endret i innholdet fra GAMMEL til NY arbeidsbok.

    Oppgaver som er lagt til, fjernet, flyttet mellom nivåene eller omformulert, grupper med
    nytt navn, endrede anbefalinger, fakta, kapitler og § 6-2-kart, og kontrollfunn som er
    rettet eller nye. Mellomrom, punkttegn og rekkefølgen på ark og rader er ikke endringer.

    Avslutningskoder som diff(1): 0 ingen endringer, 1 endringer, 2 kunne ikke kjøre."""
    from ..diff import diff
    from ..diff.output import json_text, markdown, text_lines

    if output_format == "docx" and output is None:
        raise click.UsageError("--format docx krever -o UT.docx")
    if output is not None:
        from ..files import check_target

        check_target(output, overwrite=overwrite)
    from ..validation import validate

    before, after = read_agreement(old), read_agreement(new)
    reports = {}
    if not no_findings or output_format == "docx":  # the tracked document shows each version as it is built
        reports = {"old_report": validate(before), "new_report": validate(after)}
    changes = diff(before, after, order=order, **({} if no_findings else reports))
    if output_format == "docx":
        from ..diff.output import change_count
        from ..render.tracked import render_tracked

        render_tracked(before, after, changes, output, report=reports["new_report"],
                       old_report=reports["old_report"], author=author, template=template, overwrite=overwrite,
                       budget=budget(template_timeout))
        echo(f"Skrev {output} med sporede endringer ({change_count(len(changes.changes))}).", err=True)
    else:
        if output_format == "json":
            text = json_text(changes)
        elif output_format == "markdown":
            text = markdown(changes)
        elif output_format == "html":
            from ..diff.html import render_html

            text = render_html(changes, old.name, new.name)
        else:
            colour = lambda text, kind: click.style(text, fg=_KIND_COLOURS[kind.value], bold=True)  # noqa: E731
            text = "\n".join(text_lines(changes, style=colour if output is None else None))
        if output is None:
            click.echo(text)
        else:
            from ..render.docx import write_bytes

            write_bytes(text.encode("utf-8"), output, overwrite=overwrite)
            echo(f"Skrev {output}.", err=True)
    if changes:
        raise click.exceptions.Exit(1)


@click.command("textconv", cls=Command, short_help="Skriv arbeidsboken som tekst, for «git diff».")
@workbook_argument
def textconv_command(workbook: Path) -> None:
    """Skriv ARBEIDSBOK som stabil tekst, én linje per oppgave (for «git diff»).

    Slik viser «git diff» innholdsendringer i arbeidsbøker i et git-depot:

    \b
      printf '*.xlsx diff=samarbeidsavtale\\n' >> .gitattributes
      git config diff.samarbeidsavtale.textconv "agreement textconv"
    """
    from ..diff.textconv import textconv_lines
    from ..workbook.inputs import read_input

    for line in textconv_lines(read_input(workbook).agreement):
        echo(line)
