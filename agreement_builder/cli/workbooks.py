"""Making workbooks: ``agreement init`` (blank), ``split`` and ``join`` (agreement folders), ``import`` (from Word)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import AgreementError
from .shared import Command, echo, file_name, overwrite_option, print_notices, read_agreement


@click.command("init", cls=Command, short_help="Lag en tom arbeidsbok å fylle ut.")
@click.argument("path", type=click.Path(path_type=Path), metavar="STI.xlsx")
@click.option("--group", "group", metavar="NAVN",
              help="Lag en gruppearbeidsbok for diagnosegruppen NAVN i stedet for en hel arbeidsbok.")
@click.option("--category", metavar="KATEGORI", help="Kategorien gruppen hører til (med --group).")
@click.option("--from", "main", type=click.Path(path_type=Path), metavar="AVTALE",
              help="Hent avtalens navn, helsefellesskap og versjon fra denne arbeidsboken eller mappen (med --group).")
@overwrite_option
def init_command(path: Path, group: str | None, category: str | None, main: Path | None, overwrite: bool) -> None:
    """Lag en tom arbeidsbok STI.xlsx å fylle ut, med veiledning på første ark; med --group en
    gruppearbeidsbok for én diagnosegruppe."""
    from ..workbook.writer import write_workbook

    if path.suffix.lower() != ".xlsx":
        raise AgreementError(f"{path}: arbeidsboken må ha endelsen .xlsx")
    if (category is not None or main is not None) and group is None:
        raise click.UsageError("--category og --from brukes sammen med --group")
    if group is not None:
        from ..workbook.group_book import write_blank_group_book

        facts = read_agreement(main).facts if main is not None else None
        name = write_blank_group_book(path, group, category or "", facts=facts, overwrite=overwrite)
        todo = "oppgavene på gruppearket" if facts else "avtalens navn på arket «Om gruppearbeidsboken» og oppgavene"
        echo(f"Skrev en gruppearbeidsbok for «{name}» til {path}. Fyll ut {todo}.")
        return
    write_workbook(path, overwrite=overwrite)
    echo(f"Skrev en tom arbeidsbok til {path}. Begynn med arket «Veiledning».")


@click.command("split", cls=Command, short_help="Del en arbeidsbok i en avtalemappe med én fil per diagnosegruppe.")
@click.argument("workbook", type=click.Path(path_type=Path), metavar="AVTALE.xlsx")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, metavar="MAPPE",
              help="Avtalemappen som skal lages (ny, eller med --overwrite en som finnes).")
@overwrite_option
def split_command(workbook: Path, output: Path, overwrite: bool) -> None:
    """Del AVTALE.xlsx i en avtalemappe: en hovedarbeidsbok og én gruppearbeidsbok per diagnosegruppe.

    Hovedarbeidsboken får fakta, kommuner, kapitler, § 6-2, samarbeidstiltak og kategoriene med
    gruppene i rekkefølge. Gruppearbeidsbøkene får et skrivebeskyttet ark som sier hvilken avtale de
    hører til. Mappen bygges med «build-agreement MAPPE» og settes sammen igjen med «agreement join».

    Avslutningskoder: 0 skrevet, 2 kunne ikke kjøre."""
    from ..workbook.split import split_workbook

    result = split_workbook(workbook, output, overwrite=overwrite)
    echo(f"Skrev hovedarbeidsboken {result.main.name} og {len(result.groups)} gruppearbeidsbøker til "
         f"{result.folder}.")


@click.command("join", cls=Command, short_help="Sett sammen en avtalemappe til én arbeidsbok.")
@click.argument("folder", type=click.Path(path_type=Path), metavar="MAPPE")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, metavar="AVTALE.xlsx",
              help="Den samlede arbeidsboken (utenfor mappen).")
@overwrite_option
def join_command(folder: Path, output: Path, overwrite: bool) -> None:
    """Sett sammen avtalemappen MAPPE til én arbeidsbok med alle diagnosegruppene.

    Gruppearbeidsbøkene leses, aldri endres. To filer for samme gruppe eller en gruppearbeidsbok
    fra en annen avtale stopper sammenslåingen.

    Avslutningskoder: 0 skrevet, 2 kunne ikke kjøre."""
    from ..workbook.split import join_folder

    read = join_folder(folder, output, overwrite=overwrite)
    print_notices(read.notices)
    echo(f"Skrev {output} ({len(read.agreement.groups)} diagnosegrupper, {len(read.agreement.tasks)} "
         f"oppgaver fra {1 + len(read.group_books)} arbeidsbøker).")


@click.command("import", cls=Command, short_help="Lag en arbeidsbok av en avtale i Word.")
@click.argument("document", type=click.Path(path_type=Path), metavar="AVTALE.docx")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="ARBEIDSBOK.xlsx",
              help="Hvor arbeidsboken skal skrives (standard: ved siden av dokumentet, med endelsen .xlsx).")
@overwrite_option
def import_command(document: Path, output: Path | None, overwrite: bool) -> None:
    """Lag en arbeidsbok av avtalen AVTALE.docx (Word; .doc og .odt gjøres om med LibreOffice først).

    Overskrifter blir kapitler, kategorier og diagnosegrupper; oppgavetabellene gir oppgavene
    i riktig nivåkolonne. Det som ikke kan plasseres (tekstbokser, fotnoter, kommentarer,
    sporede endringer, bilder, lenker, andre tabeller), listes med plassering her og på arket
    «Veiledning». Dokumentet endres aldri.

    Avslutningskoder: 0 alt tatt med, 1 noe kunne ikke plasseres, 2 kunne ikke kjøre."""
    from ..docx_import import import_document
    from ..docx_import.output import write_import

    target = output or document.with_name(file_name(document.stem, ".xlsx"))
    result = import_document(document)
    write_import(result, target, overwrite=overwrite)
    for line in result.report.lines():
        echo(line)
    counts = result.counts()
    echo(f"Skrev arbeidsboken {target} ({counts}).")
    if result.report.notices:
        raise click.exceptions.Exit(1)
