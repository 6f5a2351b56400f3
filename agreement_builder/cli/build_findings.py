"""The check a build runs first, and the findings report it may write (``--report``)."""

from __future__ import annotations

from pathlib import Path

import click

from .shared import echo


def check_draft(agreement, workbook: Path, strict: bool, findings=()):
    """Validate before building: the summary on stderr, a loud warning under «Godkjent», refusal with --strict."""
    from ..model import AgreementStatus
    from ..validation import merge, validate
    from ..validation.output import summary_line

    report = merge(validate(agreement, strict=strict), findings)
    if report.findings:
        echo(f"Kontroll: {summary_line(report)} Se detaljene med «agreement validate {workbook}».", err=True)
    if not report.valid:
        if strict:
            click.echo("Bygger ikke avtalen fordi --strict er valgt.", err=True)
            raise click.exceptions.Exit(1)
        if agreement.facts.status is AgreementStatus.APPROVED:
            _approved_with_errors(len(report.errors))
    return report


def _approved_with_errors(errors: int) -> None:
    """The loud warning: a document marked as approved is built from a workbook with errors."""
    count = f"{errors} feil"
    click.echo(click.style(
        f"ADVARSEL: Arbeidsboken har status «Godkjent», men kontrollen fant {count}. Avtalen skrives likevel – "
        "rett feilene før den sendes ut, eller sett status til «Utkast» eller «Til behandling». "
        "Med --strict bygges den ikke.", fg="red", bold=True), err=True)


def report_target(report: Path | None, report_format: str | None, overwrite: bool, *others: Path) -> str | None:
    """The format of the findings report asked for, checked before any work (``None`` when none is asked)."""
    if report is None:
        if report_format:
            raise click.UsageError("--report-format krever --report FIL")
        return None
    from ..files import check_target
    from ..validation.report_file import format_for

    fmt = report_format or format_for(report.suffix)
    if fmt is None:
        raise click.UsageError(f"{report}: velg format med endelsen .md, .html eller .json, eller med --report-format")
    if any(_same_path(report, other) for other in others):
        raise click.UsageError(f"{report}: rapporten kan ikke skrives til samme fil som avtalen")
    check_target(report, overwrite=overwrite)
    return fmt


def _same_path(first: Path, second: Path) -> bool:
    """Whether two paths name one file (through links too)."""
    from ..paths import same_file

    return same_file(first, second)


def write_report(report, path: Path, fmt: str, title: str, overwrite: bool) -> None:
    """Write the findings ``report`` to ``path`` in format ``fmt``, whole or not at all."""
    from ..files import atomic_output
    from ..validation.report_file import report_text

    with atomic_output(path, overwrite=overwrite) as temporary:
        temporary.write_text(report_text(report, fmt, title), encoding="utf-8")
    echo(f"Skrev kontrollrapporten til {path}.")
