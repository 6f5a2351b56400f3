"""Command line: ``build-agreement`` (the main job) and ``agreement`` (the toolbox).

Thin by design: parse arguments, call the library, print. :class:`AgreementError` becomes
one line on stderr and exit code 2, in one place (:class:`_Command`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .. import __version__
from ..cli_locale import use_bokmal
from ..errors import AgreementError

# click words some texts when a command is defined (--version's help), so bokmål is bound here
# as well as in the entry points below.
use_bokmal()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Command(click.Command):
    """Turns "could not run" into one line and exit code 2; no traceback."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[VALG]")
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        from ..paths import guarding_inputs

        try:
            with guarding_inputs():
                _check_inputs(ctx.params)
                return super().invoke(ctx)
        except AgreementError as exc:
            raise _failure(str(exc), exc.exit_code) from None
        except click.ClickException as exc:  # usage errors name paths too: one line, no terminal control
            from ..text import one_line, terminal_text

            exc.message = terminal_text(one_line(exc.message))
            raise
        except (click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM during a run of several workbooks
            click.echo("Avbrutt.", err=True)
            raise click.exceptions.Exit(_INTERRUPTED) from None
        except BrokenPipeError:  # the reader of our output left (`... | head`): stop quietly
            _silence_stdout()
            raise click.exceptions.Exit(_SIGPIPE_STATUS) from None
        except OSError as exc:  # a cause the system names: disk full, no access, name too long
            from ..files import os_problem

            where = f"{exc.filename}: " if exc.filename else ""
            raise _failure(f"{where}{os_problem(exc, 'kan ikke leses eller skrives')}", 2) from None
        except Exception as exc:  # a bug: keep the promise of one line unless debugging
            if os.environ.get("AGREEMENT_DEBUG"):
                raise
            detail = str(exc) if len(str(exc)) <= 200 else str(exc)[:199] + "…"  # never a whole cell's text
            raise _failure(
                f"uventet feil ({type(exc).__name__}: {detail}). Kjør med AGREEMENT_DEBUG=1 for detaljer.", 2
            ) from None


class _Group(click.Group):
    command_class = _Command

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[VALG]")
        kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENTER]...")
        super().__init__(*args, **kwargs)


_INPUT_PARAMETERS = ("workbook", "old", "new", "template")
_SIGPIPE_STATUS = 128 + 13  # what a shell reports for a tool stopped by SIGPIPE
_INTERRUPTED = 128 + 2  # what a shell reports for a tool stopped by Ctrl-C (SIGINT)


def _check_inputs(params: dict) -> None:
    """Remember the files a command reads, so no output can be written onto one of them."""
    from ..paths import note_input

    for name in _INPUT_PARAMETERS:
        if params.get(name) is not None:
            note_input(params[name])
    for path in params.get("workbooks") or ():  # build-agreement takes several
        note_input(path)
    if params.get("template") is not None:  # a template must be a Word file: say so before any work
        from ..package_limits import check_word_file

        check_word_file(params["template"], "Word-mal")


def _silence_stdout() -> None:
    """Point stdout at the null device, so Python's final flush cannot fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (tests) or already gone
        pass


def _failure(message: str, code: int) -> click.ClickException:
    from ..text import one_line, terminal_text

    failure = click.ClickException(terminal_text(one_line(message)))
    failure.exit_code = code
    return failure


def _echo(message: str = "", err: bool = False, nl: bool = True, *, lines: bool = False) -> None:
    """Print ``message``, whose data (paths, names and text from cells) cannot steer the terminal.

    A message is one line: a line break inside it (from a file name) is shown escaped. ``lines``
    prints a whole document (JSON, Markdown, HTML, JUnit), whose own line breaks are its structure.
    """
    from ..text import terminal_line, terminal_text

    click.echo(terminal_text(message) if lines else terminal_line(message), err=err, nl=nl)


def _notice(message: str) -> None:
    _echo(f"Merk: {message}", err=True)


# --- shared options ------------------------------------------------------------------------
_workbook_argument = click.argument(
    "workbook", type=click.Path(path_type=Path, dir_okay=True), metavar="ARBEIDSBOK"
)
_overwrite_option = click.option("--overwrite", is_flag=True, help="Erstatt utfilen hvis den finnes.")
_template_timeout_option = click.option(
    "--template-timeout", type=click.IntRange(min=1), default=30, show_default=True, metavar="SEKUNDER",
    help="Hvor lenge en egen Word-mal får bruke på flettingen før den stoppes.")
_strict_option = click.option(
    "--strict", is_flag=True, help="Streng kontroll: § 6-2 nr. 12–13 er påkrevd, og feil stopper bygging."
)


def _read(workbook: Path):
    return _read_input(workbook).agreement


def _read_input(path: Path, *, whole: bool = True, quiet: bool = False):
    """A workbook, an agreement folder or a group workbook (workbook/inputs.py).

    What the reader noticed goes to stderr unless ``quiet`` (``validate`` reports it as findings).
    """
    from ..workbook.inputs import read_input

    result = read_input(path, whole=whole)
    if not quiet:
        _notices(result.notices)
    return result


def _notices(findings) -> None:
    """What the reader noticed, one line each on stderr, with the cell when there is one."""
    for finding in findings:
        where = f"{finding.ref}: " if finding.cell else ""
        _notice(f"{where}{finding.message()}.")


# --- build ---------------------------------------------------------------------------------
def _check_draft(agreement, workbook: Path, strict: bool, findings=()):
    """Validate before building: the summary on stderr, a loud warning under «Godkjent», refusal with --strict."""
    from ..model import AgreementStatus
    from ..validation import merge, validate
    from ..validation.output import summary_line

    report = merge(validate(agreement, strict=strict), findings)
    if report.findings:
        _echo(f"Kontroll: {summary_line(report)} Se detaljene med «agreement validate {workbook}».", err=True)
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


def _report_target(report: Path | None, report_format: str | None, overwrite: bool, *others: Path) -> str | None:
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
    from ..paths import same_file

    return same_file(first, second)


def _write_report(report, path: Path, fmt: str, title: str, overwrite: bool) -> None:
    from ..files import atomic_output
    from ..validation.report_file import report_text

    with atomic_output(path, overwrite=overwrite) as temporary:
        temporary.write_text(report_text(report, fmt, title), encoding="utf-8")
    _echo(f"Skrev kontrollrapporten til {path}.")


def _budget(template_timeout: int):
    """The budget a user's template renders within (render/child.py)."""
    from ..render.child import Budget

    return Budget(seconds=template_timeout)


def _build(workbook: Path, output: Path | None, template: Path | None, overwrite: bool, strict: bool,
           per_municipality: bool = False, pdf: bool = False, template_timeout: int = 30,
           report_path: Path | None = None, report_format: str | None = None, toc_pages: bool = False) -> None:
    from ..files import check_target

    toc_pages = toc_pages or pdf  # a PDF always has page numbers in its table of contents
    if toc_pages:
        from ..pdf import require_soffice

        require_soffice()  # say so before any work is done
    source = _read_input(workbook)
    if source.is_extract:
        _build_extract(source, output, template, overwrite, per_municipality or toc_pages,
                       report_path=report_path, report_format=report_format)
        return
    agreement = source.agreement
    if agreement.is_empty:
        raise AgreementError(
            f"{workbook.name}: arbeidsboken har ingen diagnosegrupper eller kapitler ennå – "
            "fyll ut arkene først (se arket «Veiledning»)"
        )
    if per_municipality:
        _build_per_municipality(agreement, workbook, output, template, overwrite, strict, pdf, template_timeout,
                                report_path, report_format, toc_pages)
        return
    target = output or _default_document(workbook)
    check_target(target, overwrite=overwrite)  # fail before any work is shown
    if pdf:
        check_target(target.with_suffix(".pdf"), overwrite=overwrite)
    fmt = _report_target(report_path, report_format, overwrite, target, target.with_suffix(".pdf"))
    report = _check_draft(agreement, workbook, strict, source.findings)
    from ..render import render_agreement

    def render(path: Path) -> None:
        render_agreement(agreement, path, template=template, overwrite=overwrite, report=report,
                         budget=_budget(template_timeout))

    if toc_pages:
        numbered = _with_page_numbers(render, target, pdf, overwrite)
    else:
        render(target)
    _echo(
        f"Skrev avtalen til {target} ({len(agreement.groups)} diagnosegrupper, {len(agreement.tasks)} oppgaver)."
    )
    if fmt:
        _write_report(report, report_path, fmt, agreement.facts.title, overwrite)
    if pdf:
        _echo(f"Skrev PDF-en til {target.with_suffix('.pdf')}.")
    if toc_pages:
        _say_numbered(numbered, pdf)


def _with_page_numbers(render, target: Path, pdf: bool, overwrite: bool) -> bool:
    from ..pdf.pages import publish_numbered
    from ..render.toc_pages import fill_toc_pages_file

    label = "Lager PDF med LibreOffice" if pdf else "Setter inn sidetall med LibreOffice"
    _echo(f"{label} …", err=True)
    return publish_numbered(render, target, fill_toc_pages_file, pdf=pdf, overwrite=overwrite)


def _say_numbered(numbered: bool, pdf: bool, many: bool = False) -> None:
    if not numbered:
        from ..pdf.pages import unnumbered_notice

        _notice(unnumbered_notice(pdf, many))


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
    _build_many(sources, jobs, **options)


def _build_many(sources: list[Path], jobs: int | None, output: Path | None, template: Path | None,
                overwrite: bool, strict: bool, per_municipality: bool, template_timeout: int, pdf: bool,
                toc_pages: bool, report_path: Path | None, report_format: str | None) -> None:
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
        _echo(f"Avbrutt: {built} av {len(plan)} arbeidsbøker var ferdige og ligger hele i {output}; "
              "de andre er ikke skrevet.", err=True)
        raise click.exceptions.Exit(_INTERRUPTED) from None
    for outcome in outcomes:
        click.echo(_outcome_line(outcome), err=outcome.code != national.BUILT)
        for notice in outcome.notices:
            _notice(f"{national.shown(outcome.source)}: {notice}")
    failed = sum(outcome.code == national.FAILED for outcome in outcomes)
    built = sum(outcome.documents for outcome in outcomes)
    _echo(f"Skrev {built} avtaler fra {len(outcomes) - failed} av {len(outcomes)} arbeidsbøker til {output}.")
    code = national.exit_code(outcomes)
    if code:
        raise click.exceptions.Exit(code)


def _outcome_line(outcome) -> str:
    from ..national import BUILT, shown

    if outcome.code != BUILT:
        return f"{shown(outcome.source)}: {outcome.message}"
    draft = f" (kontrollen fant {outcome.errors} feil)" if outcome.errors else ""
    what = "avtale" if outcome.documents == 1 else "avtaler"
    return f"{shown(outcome.source)}: {outcome.documents} {what} til {outcome.target}{draft}"


def _file_name(stem: str, suffix: str) -> str:
    """A default output name from an input's name, cleaned as every name the tool makes (paths.file_name)."""
    from ..paths import file_name

    return file_name(stem, suffix)


def _default_document(workbook: Path) -> Path:
    """Beside the workbook with the suffix .docx; for an agreement folder, beside the folder."""
    if workbook.is_dir():
        folder = workbook.resolve()
        return folder.with_name(_file_name(folder.name, ".docx"))
    return workbook.with_name(_file_name(workbook.stem, ".docx"))  # the name cleaned (controls, line breaks)


def _build_extract(source, output: Path | None, template: Path | None, overwrite: bool, unsupported: bool,
                   report_path: Path | None = None, report_format: str | None = None) -> None:
    """A group workbook alone: a preview of its groups, marked as an extract (not the agreement).

    ``--report`` writes the extract's findings (the checks that apply to groups on their own)."""
    from ..files import check_target
    from ..render.extract import extract_title, render_extract
    from ..validation import validate_extract

    if unsupported:
        raise AgreementError(f"{source.path.name}: er en gruppearbeidsbok – --per-municipality, --toc-pages og "
                             "--pdf gjelder hele avtalen (bygg mappen med hovedarbeidsboken)")
    target = output or source.path.with_name(_file_name(f"{source.path.stem} (utdrag)", ".docx"))
    check_target(target, overwrite=overwrite)
    fmt = _report_target(report_path, report_format, overwrite, target)
    report = validate_extract(source.agreement)
    render_extract(source.agreement, target, report=report, template=template, overwrite=overwrite)
    _echo(f"Skrev {extract_title(source.agreement)} til {target} ({len(source.agreement.tasks)} oppgaver). "
          "Det er et utdrag til gjennomsyn, ikke avtalen.")
    if fmt:
        _write_report(report, report_path, fmt, extract_title(source.agreement), overwrite)


def _build_per_municipality(agreement, workbook: Path, output: Path | None, template: Path | None,
                            overwrite: bool, strict: bool, pdf: bool, template_timeout: int = 30,
                            report_path: Path | None = None, report_format: str | None = None,
                            toc_pages: bool = False) -> None:
    from ..render.batch import check_targets, render_per_municipality

    stem = _file_name(workbook.stem, "")  # the documents' names and the default folder: cleaned
    folder = output or workbook.with_name(_file_name(f"{workbook.stem} - kommuner", ""))
    if folder.suffix.lower() == ".docx":
        raise AgreementError(f"{folder}: med --per-municipality er -o en mappe, ikke en fil")
    companions = (".pdf",) if pdf else ()
    check_targets(agreement, folder, stem, overwrite=overwrite, companions=companions)  # before any work
    if report_path is not None and folder.resolve() in report_path.resolve().parents:
        raise click.UsageError(f"{report_path}: legg rapporten utenfor mappen {folder}, som lages på nytt")
    fmt = _report_target(report_path, report_format, overwrite)
    from ..package_limits import batch_problem

    if problem := batch_problem(len(agreement.municipalities), len(agreement.tasks)):
        raise AgreementError(f"{workbook.name}: {problem}")
    report = _check_draft(agreement, workbook, strict)
    from ..files import atomic_folder

    with atomic_folder(folder, overwrite=overwrite) as staging:  # the whole set, or nothing
        with click.progressbar(length=len(agreement.municipalities), label="Lager avtaler",
                               file=sys.stderr) as bar:
            written = render_per_municipality(agreement, staging, stem=stem, report=report,
                                              template=template, overwrite=overwrite, progress=bar.update,
                                              budget=_budget(template_timeout))
        if toc_pages:
            numbered = _number_pages(written, pdf)
    _echo(f"Skrev {len(written)} avtaler, én per kommune, til {folder}.")
    if pdf:
        _echo(f"Skrev {len(written)} PDF-filer til {folder}.")
    if fmt:
        _write_report(report, report_path, fmt, agreement.facts.title, overwrite)
    if toc_pages:
        _say_numbered(numbered, pdf, many=True)


def _number_pages(documents: list[Path], pdf: bool) -> bool:
    """Page numbers in the TOCs of ``documents`` (in a staging folder), and PDFs beside them with ``pdf``."""
    from ..pdf.pages import number_and_export
    from ..render.toc_pages import fill_toc_pages_file

    label = "Lager PDF med LibreOffice" if pdf else "Setter inn sidetall med LibreOffice"
    with click.progressbar(length=len(documents), label=label, file=sys.stderr) as bar:
        return number_and_export(documents, fill_toc_pages_file, pdf=pdf, progress=bar.update)


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
    for decorator in reversed((
        click.argument("workbooks", nargs=-1, required=True, metavar="ARBEIDSBOK...",
                       type=click.Path(path_type=Path, dir_okay=True)),
        click.option("-o", "--output", type=click.Path(path_type=Path), metavar="UT",
                     help="Hvor avtalen skal skrives (en .docx-fil, eller en mappe med --per-municipality)."),
        click.option("--template", type=click.Path(path_type=Path), metavar="MAL.docx",
                     help="Egen Word-mal i stedet for den innebygde."),
        _template_timeout_option,
        _overwrite_option,
        _strict_option,
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


@click.command("build-agreement", cls=_Command, context_settings=CONTEXT, help=_BUILD_HELP,
               short_help="Lag Word-avtalen fra en arbeidsbok.")
@_build_options
@click.version_option(__version__, "--version", prog_name="build-agreement")
def build_agreement(workbooks: tuple[Path, ...], jobs: int | None, **options) -> None:
    _build_inputs(workbooks, jobs, options)


# --- the toolbox -----------------------------------------------------------------------------
@click.group("agreement", cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="agreement")
def agreement() -> None:
    """Verktøy for samarbeidsavtaler mellom kommuner og helseforetak.

    Fyll ut arbeidsboken i Excel, og lag Word-avtalen med «agreement build» (eller
    «build-agreement»)."""


@agreement.command("build", help=_BUILD_HELP, short_help="Lag Word-avtalen fra en arbeidsbok.")
@_build_options
def build_command(workbooks: tuple[Path, ...], jobs: int | None, **options) -> None:
    _build_inputs(workbooks, jobs, options)


_SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


@agreement.command("validate", short_help="Kontroller arbeidsboken mot § 6-2 og arbeidsbokens regler.")
@_workbook_argument
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
@_overwrite_option
def validate_command(workbook: Path, output_format: str, strict: bool, lang: str, codes: bool,
                     write_sheet: Path | None, in_place: bool, overwrite: bool) -> None:
    """Kontroller ARBEIDSBOK mot helse- og omsorgstjenesteloven § 6-2 og arbeidsbokens egne regler.

    Hvert funn peker på arket og cellen det gjelder. «agreement regler» lister alle reglene.

    Avslutningskoder: 0 ingen feil, 1 feil funnet, 2 kunne ikke kjøre."""
    from ..validation.output import json_text, junit_xml, text_lines

    if write_sheet and in_place:
        raise click.UsageError("bruk enten --write-sheet eller --in-place, ikke begge")
    source = _read_input(workbook, whole=False, quiet=True)
    if (write_sheet or in_place) and source.kind == "folder":
        raise click.UsageError("--write-sheet og --in-place gjelder én arbeidsbok, ikke en avtalemappe – bruk dem "
                               "på hovedarbeidsboken eller en gruppearbeidsbok")
    report = _validate_input(source, strict)
    if output_format == "json":
        _echo(json_text(report, lang), lines=True)
    elif output_format == "junit":
        _echo(junit_xml(report, lang), lines=True)
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
            _echo(f"Sikkerhetskopi: {saved}", err=True)
            target = workbook
        else:
            target = write_findings_workbook(workbook, report, write_sheet, lang=lang, overwrite=overwrite)
        _echo(f"Skrev arket «Validering» til {target}.", err=True)
    if not report.valid:
        raise click.exceptions.Exit(1)


def _validate_input(source, strict: bool):
    """The report for what was read, with the reader's notices; a folder's findings between files added;
    for an extract, the group rules only."""
    from ..validation import merge, validate, validate_extract
    from ..render.extract import extract_title

    if source.is_extract:
        _notice(f"{extract_title(source.agreement)}: bare reglene for diagnosegrupper er kjørt, ikke § 6-2-"
                "kontrollen av hele avtalen.")
        return merge(validate_extract(source.agreement, strict=strict), source.notices)
    return merge(validate(source.agreement, strict=strict), (*source.notices, *source.findings))


@agreement.command("regler", short_help="List kontrollreglene som «agreement validate» bruker.")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="Tekst for terminalen, Markdown for en nettside eller et dokument, JSON for "
                                      "verktøy.")
def rules_command(output_format: str) -> None:
    """List kontrollreglene som «agreement validate» bruker.

    For hver regel: koden (som i funnene), alvorligheten, hva regelen gjelder (avtalen,
    hver kommune eller kommunelisten), punktet i § 6-2 og hva som kontrolleres."""
    from ..documentation import RULE_FORMATS

    click.echo(RULE_FORMATS[output_format]())


@agreement.command("init", short_help="Lag en tom arbeidsbok å fylle ut.")
@click.argument("path", type=click.Path(path_type=Path), metavar="STI.xlsx")
@click.option("--group", "group", metavar="NAVN",
              help="Lag en gruppearbeidsbok for diagnosegruppen NAVN i stedet for en hel arbeidsbok.")
@click.option("--category", metavar="KATEGORI", help="Kategorien gruppen hører til (med --group).")
@click.option("--from", "main", type=click.Path(path_type=Path), metavar="AVTALE",
              help="Hent avtalens navn, helsefellesskap og versjon fra denne arbeidsboken eller mappen (med --group).")
@_overwrite_option
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

        facts = _read(main).facts if main is not None else None
        name = write_blank_group_book(path, group, category or "", facts=facts, overwrite=overwrite)
        todo = "oppgavene på gruppearket" if facts else "avtalens navn på arket «Om gruppearbeidsboken» og oppgavene"
        _echo(f"Skrev en gruppearbeidsbok for «{name}» til {path}. Fyll ut {todo}.")
        return
    write_workbook(path, overwrite=overwrite)
    _echo(f"Skrev en tom arbeidsbok til {path}. Begynn med arket «Veiledning».")


@agreement.command("split", short_help="Del en arbeidsbok i en avtalemappe med én fil per diagnosegruppe.")
@click.argument("workbook", type=click.Path(path_type=Path), metavar="AVTALE.xlsx")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, metavar="MAPPE",
              help="Avtalemappen som skal lages (ny, eller med --overwrite en som finnes).")
@_overwrite_option
def split_command(workbook: Path, output: Path, overwrite: bool) -> None:
    """Del AVTALE.xlsx i en avtalemappe: en hovedarbeidsbok og én gruppearbeidsbok per diagnosegruppe.

    Hovedarbeidsboken får fakta, kommuner, kapitler, § 6-2, samarbeidstiltak og kategoriene med
    gruppene i rekkefølge. Gruppearbeidsbøkene får et skrivebeskyttet ark som sier hvilken avtale de
    hører til. Mappen bygges med «build-agreement MAPPE» og settes sammen igjen med «agreement join».

    Avslutningskoder: 0 skrevet, 2 kunne ikke kjøre."""
    from ..workbook.split import split_workbook

    result = split_workbook(workbook, output, overwrite=overwrite)
    _echo(f"Skrev hovedarbeidsboken {result.main.name} og {len(result.groups)} gruppearbeidsbøker til "
          f"{result.folder}.")


@agreement.command("join", short_help="Sett sammen en avtalemappe til én arbeidsbok.")
@click.argument("folder", type=click.Path(path_type=Path), metavar="MAPPE")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, metavar="AVTALE.xlsx",
              help="Den samlede arbeidsboken (utenfor mappen).")
@_overwrite_option
def join_command(folder: Path, output: Path, overwrite: bool) -> None:
    """Sett sammen avtalemappen MAPPE til én arbeidsbok med alle diagnosegruppene.

    Gruppearbeidsbøkene leses, aldri endres. To filer for samme gruppe eller en gruppearbeidsbok
    fra en annen avtale stopper sammenslåingen.

    Avslutningskoder: 0 skrevet, 2 kunne ikke kjøre."""
    from ..workbook.split import join_folder

    read = join_folder(folder, output, overwrite=overwrite)
    _notices(read.notices)
    _echo(f"Skrev {output} ({len(read.agreement.groups)} diagnosegrupper, {len(read.agreement.tasks)} "
          f"oppgaver fra {1 + len(read.group_books)} arbeidsbøker).")


@agreement.command("import", short_help="Lag en arbeidsbok av en avtale i Word.")
@click.argument("document", type=click.Path(path_type=Path), metavar="AVTALE.docx")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="ARBEIDSBOK.xlsx",
              help="Hvor arbeidsboken skal skrives (standard: ved siden av dokumentet, med endelsen .xlsx).")
@_overwrite_option
def import_command(document: Path, output: Path | None, overwrite: bool) -> None:
    """Lag en arbeidsbok av avtalen AVTALE.docx (Word; .doc og .odt gjøres om med LibreOffice først).

    Overskrifter blir kapitler, kategorier og diagnosegrupper; oppgavetabellene gir oppgavene
    i riktig nivåkolonne. Det som ikke kan plasseres (tekstbokser, fotnoter, kommentarer,
    sporede endringer, bilder, lenker, andre tabeller), listes med plassering her og på arket
    «Veiledning». Dokumentet endres aldri.

    Avslutningskoder: 0 alt tatt med, 1 noe kunne ikke plasseres, 2 kunne ikke kjøre."""
    from ..docx_import import import_document
    from ..docx_import.output import write_import

    target = output or document.with_name(_file_name(document.stem, ".xlsx"))
    result = import_document(document)
    write_import(result, target, overwrite=overwrite)
    for line in result.report.lines():
        _echo(line)
    counts = result.counts()
    _echo(f"Skrev arbeidsboken {target} ({counts}).")
    if result.report.notices:
        raise click.exceptions.Exit(1)


@agreement.command("template-check", short_help="Kontroller en egen Word-mal.")
@click.argument("template", type=click.Path(path_type=Path), metavar="MAL.docx")
@_template_timeout_option
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

    report = check_template(template, _budget(template_timeout))
    for problem in report.problems:
        _echo(problem)
    if not report.ok:
        raise click.exceptions.Exit(1)
    _echo(f"Malen er i orden. {_variables_sentence(report.variables)}")


def _variables_sentence(variables) -> str:
    """«Den bruker ingen variabler.», «Den bruker 1 variabel: title.», «Den bruker 2 variabler: a, b.»"""
    if not variables:
        return "Den bruker ingen variabler."
    noun = "variabel" if len(variables) == 1 else "variabler"
    return f"Den bruker {len(variables)} {noun}: {', '.join(variables)}."


_KIND_COLOURS = {"added": "green", "removed": "red", "moved": "cyan", "reworded": "yellow", "renamed": "magenta",
                 "changed": "yellow"}


@agreement.command("diff", short_help="Vis hva som er endret mellom to arbeidsbøker.")
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
@_template_timeout_option
@_overwrite_option
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

    before, after = _read(old), _read(new)
    reports = {}
    if not no_findings or output_format == "docx":  # the tracked document shows each version as it is built
        reports = {"old_report": validate(before), "new_report": validate(after)}
    changes = diff(before, after, order=order, **({} if no_findings else reports))
    if output_format == "docx":
        from ..diff.output import change_count
        from ..render.tracked import render_tracked

        render_tracked(before, after, changes, output, report=reports["new_report"],
                       old_report=reports["old_report"], author=author, template=template, overwrite=overwrite,
                       budget=_budget(template_timeout))
        _echo(f"Skrev {output} med sporede endringer ({change_count(len(changes.changes))}).", err=True)
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
            _echo(f"Skrev {output}.", err=True)
    if changes:
        raise click.exceptions.Exit(1)


@agreement.command("textconv", short_help="Skriv arbeidsboken som tekst, for «git diff».")
@_workbook_argument
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
        _echo(line)


_MERGE_HELP = """Slå sammen kopiene som kommer tilbake fra en høringsrunde: GRUNNLAG KOPI [KOPI ...] -o SAMLET.xlsx.

Hver kopi sammenlignes med GRUNNLAG (arbeidsboken som ble sendt ut), og endringene føres inn i
en kopi av GRUNNLAG. Endringer i ulike ting tas alle med. Når to kopier endrer det samme ulikt
(to omformuleringer, flytting til to nivåer, sletting mot endring, to verdier for et faktum),
står grunnlagets verdi, og alle versjonene vises i arket «Konflikter» med kopiens navn og en
kolonne «Beslutning». Kopien heter som filen, eller som raden «Avsender» i arket «Avtale».

Med --resolve SAMLET.xlsx -o ENDELIG.xlsx føres beslutningene inn, og løste rader fjernes.

Avslutningskoder: 0 slått sammen uten konflikter, 1 slått sammen med konflikter, 2 kunne ikke kjøre."""


@agreement.command("merge", help=_MERGE_HELP, short_help="Slå sammen kopiene fra en høringsrunde.")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path), metavar="GRUNNLAG KOPI [KOPI ...]")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="UT.xlsx",
              help="Hvor den sammenslåtte arbeidsboken skal skrives.")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "html", "json"]),
              default="text", show_default=True, help="Rapporten om hvem som endret hva.")
@click.option("--resolve", is_flag=True, help="Før inn beslutningene fra arket «Konflikter» i én sammenslått bok.")
@click.option("--in-place", is_flag=True, help="Med --resolve: skriv inn i selve boken (sikkerhetskopi ved siden av).")
@_overwrite_option
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
    for notice in [*notices, *result.notices]:
        _notice(notice)
    if output_format == "json":
        _echo(report.json_text(result), lines=True)
    elif output_format == "markdown":
        _echo(report.markdown(result), nl=False, lines=True)
    elif output_format == "html":
        _echo(report.render_html(result, files[0].name), lines=True)
    else:
        for line in report.text_lines(result):
            _echo(line)
    _echo(f"Skrev {output}.", err=True)
    if result.collisions:
        raise click.exceptions.Exit(1)


def _resolve(files: tuple[Path, ...], output: Path | None, in_place: bool, overwrite: bool) -> None:
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
        _echo(f"Sikkerhetskopi: {outcome.backup}", err=True)
    _echo(f"{outcome.resolved} konflikt{'er' if outcome.resolved != 1 else ''} avgjort, "
          f"{outcome.remaining} står igjen. Skrev {outcome.target}.")
    if outcome.remaining:
        raise click.exceptions.Exit(1)


@agreement.command("merge-driver", short_help="Git-flettedriver for arbeidsbøker.")
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
        _echo(f"{where}: {len(result.collisions)} konflikter – se arket «Konflikter», og kjør "
              f"«agreement merge --resolve {where} --in-place» når de er avgjort.", err=True)
        raise click.exceptions.Exit(1)


@agreement.group("excel", cls=_Group, short_help="Excel-tillegget: lag det eller installer det.")
def excel_group() -> None:
    """Excel-tillegget: en fane «Samarbeidsavtale» med en knapp som kontrollerer og lager avtalen."""


@excel_group.command("build-addin", short_help="Lag tillegget agreement_builder.xlam.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("agreement_builder.xlam"),
              show_default=True, metavar="STI.xlam", help="Hvor tillegget skal skrives.")
@click.option("--interpreter", metavar="PYTHON", help="Python-tolken Excel skal bruke (standard: denne).")
@_overwrite_option
def excel_build_addin(output: Path, interpreter: str | None, overwrite: bool) -> None:
    """Lag Excel-tillegget agreement_builder.xlam (virker også på Linux)."""
    from ..addin import ADDIN_NAME, build_addin

    if output.name != ADDIN_NAME:
        _notice(f"tillegget må hete {ADDIN_NAME} i Excel for at knappen skal finne Python-koden.")
    build_addin(output, interpreter=interpreter, overwrite=overwrite)
    _echo(f"Skrev {output}.")


@excel_group.command("install", short_help="Installer tillegget i Excels oppstartsmappe.")
@_overwrite_option
def excel_install(overwrite: bool) -> None:
    """Installer tillegget i Excels oppstartsmappe (XLSTART) på Windows eller macOS."""
    from ..addin import ADDIN_NAME, build_addin, xlstart_folder

    folder = xlstart_folder()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ADDIN_NAME
    build_addin(target, overwrite=overwrite)
    _echo(f"Installerte {target}, med Python-tolken {sys.executable}.")
    click.echo("Start Excel på nytt; fanen «Samarbeidsavtale» kommer da i båndet.")
    _echo(f"Fjerne tillegget: lukk Excel og slett {target}.")


# --- the console scripts (agreement_builder/console.py runs them) ----------------------------
COMMANDS = {"build-agreement": build_agreement, "agreement": agreement}


def run(name: str) -> int:
    """Run console script ``name`` (a key of :data:`COMMANDS`) on ``sys.argv``; its exit status.

    For whole processes only (:mod:`.console`, which has raised the cyclic collector's threshold
    before anything was imported, and leaves without the interpreter's teardown); tests call the
    commands in-process.
    """
    import gc

    gc.freeze()  # what is loaded by now (the CLI) is never walked again
    use_bokmal()
    try:
        COMMANDS[name].main(prog_name=name)
        status = 0
    except SystemExit as exc:
        status = _exit_status(exc.code)
    return status



def _exit_status(code: object) -> int:
    """The status ``sys.exit(code)`` would give; a text is printed, as Python prints it."""
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=sys.stderr)
    return 1


def help_page(name: str, request: tuple[str, ...]) -> tuple[str, int] | None:
    """What ``NAME [COMMAND] -h|--help`` prints, from click's own help of that command, and the columns it used.

    The contexts are made as click makes them for the real run (the command's context settings,
    the parent's for a command of a group), without running anything. None when ``request`` is not
    a help request click would answer with that page (no such command, or the option is not its
    help option).
    """
    import shutil

    *names, option = request
    context = COMMANDS[name].make_context(name, list(names), resilient_parsing=True)
    for command_name in names:
        command = context.command.get_command(context, command_name) if isinstance(context.command,
                                                                                   click.Group) else None
        if command is None:
            return None
        context = command.make_context(command_name, [], parent=context, resilient_parsing=True)
    help_option = context.command.get_help_option(context)
    if help_option is None or option not in help_option.opts:
        return None
    return context.get_help() + "\n", shutil.get_terminal_size().columns


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run("agreement"))
