"""One agreement per municipality, into a folder that appears whole: ``build-agreement --per-municipality``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import AgreementError
from .build_findings import check_draft, report_target, write_report
from .shared import budget, echo, file_name


def build_per_municipality(agreement, workbook: Path, output: Path | None, template: Path | None,
                           overwrite: bool, strict: bool, pdf: bool, template_timeout: int = 30,
                           report_path: Path | None = None, report_format: str | None = None,
                           toc_pages: bool = False) -> None:
    """The documents of ``agreement``, one per municipality, in the folder ``output`` (or beside ``workbook``)."""
    from ..render.batch import check_targets, render_per_municipality

    stem = file_name(workbook.stem, "")  # the documents' names and the default folder: cleaned
    folder = output or workbook.with_name(file_name(f"{workbook.stem} - kommuner", ""))
    if folder.suffix.lower() == ".docx":
        raise AgreementError(f"{folder}: med --per-municipality er -o en mappe, ikke en fil")
    companions = (".pdf",) if pdf else ()
    check_targets(agreement, folder, stem, overwrite=overwrite, companions=companions)  # before any work
    if report_path is not None and folder.resolve() in report_path.resolve().parents:
        raise click.UsageError(f"{report_path}: legg rapporten utenfor mappen {folder}, som lages på nytt")
    fmt = report_target(report_path, report_format, overwrite)
    from ..package_limits import batch_problem

    if problem := batch_problem(len(agreement.municipalities), len(agreement.tasks)):
        raise AgreementError(f"{workbook.name}: {problem}")
    report = check_draft(agreement, workbook, strict)
    from ..files import atomic_folder

    with atomic_folder(folder, overwrite=overwrite) as staging:  # the whole set, or nothing
        with click.progressbar(length=len(agreement.municipalities), label="Lager avtaler",
                               file=sys.stderr) as bar:
            written = render_per_municipality(agreement, staging, stem=stem, report=report,
                                              template=template, overwrite=overwrite, progress=bar.update,
                                              budget=budget(template_timeout))
        if toc_pages:
            from .page_numbers import number_pages

            numbered = number_pages(written, pdf)
    echo(f"Skrev {len(written)} avtaler, én per kommune, til {folder}.")
    if pdf:
        echo(f"Skrev {len(written)} PDF-filer til {folder}.")
    if fmt:
        write_report(report, report_path, fmt, agreement.facts.title, overwrite)
    if toc_pages:
        from .page_numbers import say_numbered

        say_numbered(numbered, pdf, many=True)
