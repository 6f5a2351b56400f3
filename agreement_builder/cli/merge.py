"""``agreement merge`` (the copies from a consultation round) and ``agreement merge-driver`` (for git)."""

from __future__ import annotations

from pathlib import Path

import click

from .shared import Command, echo, notice, overwrite_option


_MERGE_HELP = """Slå sammen kopiene som kommer tilbake fra en høringsrunde: GRUNNLAG KOPI [KOPI ...] -o SAMLET.xlsx.

Hver kopi sammenlignes med GRUNNLAG (arbeidsboken som ble sendt ut), og endringene føres inn i
en kopi av GRUNNLAG. Endringer i ulike ting tas alle med. Når to kopier endrer det samme ulikt
(to omformuleringer, flytting til to nivåer, sletting mot endring, to verdier for et faktum),
står grunnlagets verdi, og alle versjonene vises i arket «Konflikter» med kopiens navn og en
kolonne «Beslutning». Kopien heter som filen, eller som raden «Avsender» i arket «Avtale».

Med --resolve SAMLET.xlsx -o ENDELIG.xlsx føres beslutningene inn, og løste rader fjernes.

Avslutningskoder: 0 slått sammen uten konflikter, 1 slått sammen med konflikter, 2 kunne ikke kjøre."""


@click.command("merge", cls=Command, help=_MERGE_HELP, short_help="Slå sammen kopiene fra en høringsrunde.")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path), metavar="GRUNNLAG KOPI [KOPI ...]")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="UT.xlsx",
              help="Hvor den sammenslåtte arbeidsboken skal skrives.")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "html", "json"]),
              default="text", show_default=True, help="Rapporten om hvem som endret hva.")
@click.option("--resolve", is_flag=True, help="Før inn beslutningene fra arket «Konflikter» i én sammenslått bok.")
@click.option("--in-place", is_flag=True, help="Med --resolve: skriv inn i selve boken (sikkerhetskopi ved siden av).")
@overwrite_option
def merge_command(files: tuple[Path, ...], output: Path | None, output_format: str, resolve: bool, in_place: bool,
                  overwrite: bool) -> None:
    if resolve:
        _resolve(files, output, in_place, overwrite)
        return
    if len(files) < 2:
        raise click.UsageError("oppgi grunnlaget og minst én kopi")
    if output is None or in_place:
        raise click.UsageError("oppgi hvor den sammenslåtte boken skal skrives med -o UT.xlsx (ikke --in-place)")
    from ..merge import report
    from ..merge.workbook import merge_workbooks

    result, notices = merge_workbooks(files[0], files[1:], output, overwrite=overwrite)
    for message in [*notices, *result.notices]:
        notice(message)
    if output_format == "json":
        echo(report.json_text(result), lines=True)
    elif output_format == "markdown":
        echo(report.markdown(result), nl=False, lines=True)
    elif output_format == "html":
        echo(report.render_html(result, files[0].name), lines=True)
    else:
        for line in report.text_lines(result):
            echo(line)
    echo(f"Skrev {output}.", err=True)
    if result.collisions:
        raise click.exceptions.Exit(1)


def _resolve(files: tuple[Path, ...], output: Path | None, in_place: bool, overwrite: bool) -> None:
    """``merge --resolve``: the decisions in the sheet «Konflikter» carried into the merged workbook."""
    from ..merge.resolve import resolve_workbook

    if len(files) != 1:
        raise click.UsageError("--resolve tar én sammenslått arbeidsbok")
    if (output is None) == (not in_place):
        raise click.UsageError("bruk enten -o UT.xlsx eller --in-place med --resolve")
    if in_place:
        from ..paths import changing_in_place

        with changing_in_place(files[0]):  # asked for: decisions written into the merged workbook itself
            outcome = resolve_workbook(files[0], None, in_place=True)
    else:
        outcome = resolve_workbook(files[0], output, overwrite=overwrite)
    if outcome.backup:
        echo(f"Sikkerhetskopi: {outcome.backup}", err=True)
    echo(f"{outcome.resolved} konflikt{'er' if outcome.resolved != 1 else ''} avgjort, "
         f"{outcome.remaining} står igjen. Skrev {outcome.target}.")
    if outcome.remaining:
        raise click.exceptions.Exit(1)


@click.command("merge-driver", cls=Command, short_help="Git-flettedriver for arbeidsbøker.")
@click.argument("ancestor", type=click.Path(path_type=Path), metavar="%O")
@click.argument("ours", type=click.Path(path_type=Path), metavar="%A")
@click.argument("theirs", type=click.Path(path_type=Path), metavar="%B")
@click.argument("pathname", required=False, metavar="%P")
def merge_driver_command(ancestor: Path, ours: Path, theirs: Path, pathname: str | None) -> None:
    """Git-flettedriver for arbeidsbøker: slår sammen %A og %B mot %O og skriver resultatet i %A.

    %P (valgfri) er filens navn i depotet, brukt i meldingene. Oppsett: linjen
    «*.xlsx merge=samarbeidsavtale» i .gitattributes, og
    git config merge.samarbeidsavtale.driver "agreement merge-driver %O %A %B %P".

    Avslutningskoder: 0 flettet uten konflikter, 1 konflikter (se arket «Konflikter»),
    2 kunne ikke kjøre (%A er da uendret)."""
    from ..merge.workbook import merge_workbooks
    from ..paths import changing_in_place

    with changing_in_place(ours):  # git's contract: the result is written into %A
        result, _ = merge_workbooks(ancestor, [ours, theirs], ours, by_content=True, names=["vår", "deres"])
    where = pathname or ours.name
    if result.collisions:
        echo(f"{where}: {len(result.collisions)} konflikter – se arket «Konflikter», og kjør "
             f"«agreement merge --resolve {where} --in-place» når de er avgjort.", err=True)
        raise click.exceptions.Exit(1)
