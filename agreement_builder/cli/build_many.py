"""Several workbooks (or folders of them) in one run, on all cores: ``build-agreement A.xlsx B.xlsx -o UT``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import AgreementError
from .shared import INTERRUPTED, echo, notice


def build_many(sources: list[Path], jobs: int | None, output: Path | None, template: Path | None,
               overwrite: bool, strict: bool, per_municipality: bool, template_timeout: int, pdf: bool,
               toc_pages: bool, report_path: Path | None, report_format: str | None) -> None:
    """Build each of ``sources`` into the folder ``output`` (national.py), a summary line per workbook."""
    from .. import national

    if output is None:
        raise AgreementError("med flere arbeidsbøker må -o være mappen avtalene skal skrives til")
    if report_path or report_format:
        raise AgreementError("--report gjelder foreløpig én arbeidsbok om gangen – bygg hver arbeidsbok for seg")
    if not sources:
        raise AgreementError(f"{output}: fant ingen arbeidsbøker å bygge")
    toc_pages = toc_pages or pdf  # a PDF always has page numbers in its table of contents
    if toc_pages:
        from ..pdf import require_soffice

        require_soffice()  # say so before any work is done
    plan = national.plan(sources, output, per_municipality=per_municipality, template=template,
                         overwrite=overwrite, strict=strict, template_timeout=template_timeout, pdf=pdf,
                         toc_pages=toc_pages)
    finished: list = []
    try:
        if sys.stderr.isatty():  # a bar only on a terminal; a log gets the summary lines alone
            with click.progressbar(length=len(plan), label="Bygger avtaler", file=sys.stderr) as bar:
                outcomes = national.build_all(plan, workers=jobs,
                                              done=lambda outcome: (finished.append(outcome), bar.update(1)))
        else:
            outcomes = national.build_all(plan, workers=jobs, done=finished.append)
    except KeyboardInterrupt:
        built = sum(outcome.code == national.BUILT for outcome in finished)
        echo(f"Avbrutt: {built} av {len(plan)} arbeidsbøker var ferdige og ligger hele i {output}; "
             "de andre er ikke skrevet.", err=True)
        raise click.exceptions.Exit(INTERRUPTED) from None
    for outcome in outcomes:
        click.echo(_outcome_line(outcome), err=outcome.code != national.BUILT)
        for message in outcome.notices:
            notice(f"{national.shown(outcome.source)}: {message}")
    failed = sum(outcome.code == national.FAILED for outcome in outcomes)
    built = sum(outcome.documents for outcome in outcomes)
    echo(f"Skrev {built} avtaler fra {len(outcomes) - failed} av {len(outcomes)} arbeidsbøker til {output}.")
    code = national.exit_code(outcomes)
    if code:
        raise click.exceptions.Exit(code)


def _outcome_line(outcome) -> str:
    """One workbook's summary: what was written where, or why it was not."""
    from ..national import BUILT, shown

    if outcome.code != BUILT:
        return f"{shown(outcome.source)}: {outcome.message}"
    draft = f" (kontrollen fant {outcome.errors} feil)" if outcome.errors else ""
    what = "avtale" if outcome.documents == 1 else "avtaler"
    return f"{shown(outcome.source)}: {outcome.documents} {what} til {outcome.target}{draft}"
