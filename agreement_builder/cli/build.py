"""``build-agreement`` and ``agreement build``: the Word agreement from one workbook, a folder or several.

This module is what ``build-agreement WORKBOOK`` loads of the CLI (with :mod:`.shared` and
:mod:`.build_findings`); several workbooks (:mod:`.build_many`), one document per municipality
(:mod:`.build_per_municipality`), a group workbook (:mod:`.build_extract`) and page numbers
(:mod:`.page_numbers`) load their modules only when asked for.
"""

from __future__ import annotations

from pathlib import Path

import click

from .. import __version__
from ..errors import AgreementError
from .build_findings import check_draft, report_target, write_report
from .shared import (
    CONTEXT,
    Command,
    budget,
    echo,
    file_name,
    overwrite_option,
    read_input,
    strict_option,
    template_timeout_option,
)


_BUILD_HELP = """Lag Word-avtalen (.docx) fra ARBEIDSBOK (.xlsx).

Uten -o skrives avtalen ved siden av arbeidsboken, med samme navn og endelsen .docx.
Arbeidsboken endres aldri, og en eksisterende fil erstattes bare med --overwrite.

Kontrollen mot § 6-2 skrives i terminalen, ikke i avtalen; med --report FIL skrives
funnene også som en egen rapport (Markdown, HTML eller JSON etter endelsen). Avtalen bygges også når
kontrollen finner feil, men har arbeidsboken status «Godkjent», kommer en tydelig
advarsel. Med --strict bygges den ikke når kontrollen finner feil (kode 1).

Med --per-municipality lages én avtale per kommune (kommunen og helseforetaket som
parter) i mappen -o (standard: «ARBEIDSBOK - kommuner» ved siden av arbeidsboken).
Med --toc-pages får innholdsfortegnelsen sidetall fra en sideombrytning i LibreOffice
(Word oppdaterer dem selv når dokumentet åpnes). Med --pdf lages også en tilgjengelig
PDF med LibreOffice, alltid med sidetall i innholdsfortegnelsen.

ARBEIDSBOK kan også være en avtalemappe (hovedarbeidsboken og gruppearbeidsbøkene, se
«agreement split»), som bygges som én avtale, eller én gruppearbeidsbok, som gir et utdrag
med bare den gruppen til gjennomsyn («ARBEIDSBOK (utdrag).docx»), ikke avtalen.

Flere arbeidsbøker (eller en mappe med arbeidsbøker og avtalemapper) bygges i én kjøring,
hver for seg og samtidig (én per kjerne, eller --jobs N): -o er da mappen, og hver arbeidsbok
får «UT/NAVN/» med --per-municipality, ellers «UT/NAVN.docx». En arbeidsbok som feiler, nevnes
med navn på én linje, og de andre bygges likevel. Med --pdf eller --toc-pages starter hver
samtidige bygging LibreOffice én gang og bruker det til alle sine dokumenter.

Avbrytes kjøringen (Ctrl-C), blir ingenting halvveis liggende: med flere arbeidsbøker står de
som ble ferdige, hele, og de andre er ikke skrevet.

Avslutningskoder: 0 skrevet, 1 ikke skrevet på grunn av --strict, 2 kunne ikke kjøre (med flere
arbeidsbøker: minst én kunne ikke bygges), 130 avbrutt."""


def _build_options(function):
    """The arguments and options of both build commands, in the order their help lists them."""
    for decorator in reversed((
        click.argument("workbooks", nargs=-1, required=True, metavar="ARBEIDSBOK...",
                       type=click.Path(path_type=Path, dir_okay=True)),
        click.option("-o", "--output", type=click.Path(path_type=Path), metavar="UT",
                     help="Hvor avtalen skal skrives (en .docx-fil, eller en mappe med --per-municipality)."),
        click.option("--template", type=click.Path(path_type=Path), metavar="MAL.docx",
                     help="Egen Word-mal i stedet for den innebygde."),
        template_timeout_option,
        overwrite_option,
        strict_option,
        click.option("--per-municipality", is_flag=True,
                     help="Én avtale per kommune; -o er da en mappe."),
        click.option("--toc-pages", is_flag=True,
                     help="Sett inn sidetall i innholdsfortegnelsen, slik LibreOffice bryter sidene "
                          "(krever LibreOffice; gjøres alltid med --pdf)."),
        click.option("--pdf", is_flag=True, help="Lag også PDF, tilgjengelig (tagget) og med sidetall i "
                                                 "innholdsfortegnelsen (krever LibreOffice)."),
        click.option("--report", "report_path", type=click.Path(path_type=Path), metavar="FIL",
                     help="Skriv kontrollfunnene som en egen rapport; endelsen md, html eller json velger formatet."),
        click.option("--report-format", type=click.Choice(["md", "html", "json"]), metavar="FORMAT",
                     help="Formatet på rapporten når endelsen ikke sier det: md, html eller json."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), metavar="N",
                     help="Med flere arbeidsbøker: hvor mange som bygges samtidig (standard: én per kjerne)."),
    )):
        function = decorator(function)
    return function


@click.command("build-agreement", cls=Command, context_settings=CONTEXT, help=_BUILD_HELP,
               short_help="Lag Word-avtalen fra en arbeidsbok.")
@_build_options
@click.version_option(__version__, "--version", prog_name="build-agreement")
def build_agreement(workbooks: tuple[Path, ...], jobs: int | None, **options) -> None:
    _build_inputs(workbooks, jobs, options)


@click.command("build", cls=Command, help=_BUILD_HELP, short_help="Lag Word-avtalen fra en arbeidsbok.")
@_build_options
def build_command(workbooks: tuple[Path, ...], jobs: int | None, **options) -> None:
    _build_inputs(workbooks, jobs, options)


def _build_inputs(workbooks: tuple[Path, ...], jobs: int | None, options: dict) -> None:
    """One input builds as it always has; several (or a folder of agreements) build together (national.py).

    ``options`` are the build options by name, as :func:`_build` takes them.
    """
    if len(workbooks) == 1 and not workbooks[0].is_dir():  # one workbook: national.py is not even loaded
        _build(workbooks[0], **options)
        return
    from ..national import expand_inputs

    sources = expand_inputs(workbooks)
    if len(workbooks) == 1 and sources == [workbooks[0]]:
        _build(workbooks[0], **options)
        return
    from .build_many import build_many

    build_many(sources, jobs, **options)


def _build(workbook: Path, output: Path | None, template: Path | None, overwrite: bool, strict: bool,
           per_municipality: bool = False, pdf: bool = False, template_timeout: int = 30,
           report_path: Path | None = None, report_format: str | None = None, toc_pages: bool = False) -> None:
    """One workbook or agreement folder: checked, then built (one document, one per municipality, or an extract)."""
    from ..files import check_target

    toc_pages = toc_pages or pdf  # a PDF always has page numbers in its table of contents
    if toc_pages:
        from ..pdf import require_soffice

        require_soffice()  # say so before any work is done
    source = read_input(workbook)
    if source.is_extract:
        from .build_extract import build_extract

        build_extract(source, output, template, overwrite, per_municipality or toc_pages,
                      report_path=report_path, report_format=report_format)
        return
    agreement = source.agreement
    if agreement.is_empty:
        raise AgreementError(
            f"{workbook.name}: arbeidsboken har ingen diagnosegrupper eller kapitler ennå – "
            "fyll ut arkene først (se arket «Veiledning»)"
        )
    if per_municipality:
        from .build_per_municipality import build_per_municipality

        build_per_municipality(agreement, workbook, output, template, overwrite, strict, pdf, template_timeout,
                               report_path, report_format, toc_pages)
        return
    target = output or _default_document(workbook)
    check_target(target, overwrite=overwrite)  # fail before any work is shown
    if pdf:
        check_target(target.with_suffix(".pdf"), overwrite=overwrite)
    fmt = report_target(report_path, report_format, overwrite, target, target.with_suffix(".pdf"))
    report = check_draft(agreement, workbook, strict, source.findings)
    from ..render import render_agreement

    def render(path: Path) -> None:
        render_agreement(agreement, path, template=template, overwrite=overwrite, report=report,
                         budget=budget(template_timeout))

    if toc_pages:
        from .page_numbers import with_page_numbers

        numbered = with_page_numbers(render, target, pdf, overwrite)
    else:
        render(target)
    echo(
        f"Skrev avtalen til {target} ({len(agreement.groups)} diagnosegrupper, {len(agreement.tasks)} oppgaver)."
    )
    if fmt:
        write_report(report, report_path, fmt, agreement.facts.title, overwrite)
    if pdf:
        echo(f"Skrev PDF-en til {target.with_suffix('.pdf')}.")
    if toc_pages:
        from .page_numbers import say_numbered

        say_numbered(numbered, pdf)


def _default_document(workbook: Path) -> Path:
    """Beside the workbook with the suffix .docx; for an agreement folder, beside the folder."""
    if workbook.is_dir():
        folder = workbook.resolve()
        return folder.with_name(file_name(folder.name, ".docx"))
    return workbook.with_name(file_name(workbook.stem, ".docx"))  # the name cleaned (controls, line breaks)
