"""The national run: many workbooks or agreement folders built in one command, on all cores.

``build-agreement A.xlsx B.xlsx MAPPE --per-municipality -o UT`` builds every input into
``UT/<navn>/`` (or ``UT/<navn>.docx`` without ``--per-municipality``). Each input is built
on its own, the same way a single build does it (read, validate, render, atomic output): a
failure in one is reported with its name and does not stop the others. The work is spread over
a process pool ("spawn", as on Windows) sized to the machine; ``jobs=1`` runs in-process. With
``--toc-pages`` or ``--pdf`` each worker keeps one LibreOffice session for all its jobs
(pdf/session.py), shut down when the worker ends or dies.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import AgreementError
from .paths import clean_file_name, names_in_folder

BUILT, REFUSED, FAILED = 0, 1, 2  # exit codes of one input: written, not written (--strict), could not run


@dataclass(frozen=True)
class Job:
    """One input to build and where its output goes."""

    source: Path
    target: Path
    per_municipality: bool
    template: Path | None = None
    overwrite: bool = False
    strict: bool = False
    template_timeout: int = 30
    inputs: tuple[Path, ...] = ()  # every input of the run: no output may land on one
    toc_pages: bool = False  # page numbers in the table of contents, from LibreOffice's layout
    pdf: bool = False  # a PDF beside each document (implies toc_pages)


@dataclass(frozen=True)
class Outcome:
    """What became of one input: documents written, or the one line saying why not."""

    source: Path
    target: Path
    code: int
    documents: int = 0
    errors: int = 0  # the check's errors in a workbook that was built anyway
    message: str = ""
    notices: tuple[str, ...] = field(default_factory=tuple)


def shown(path: Path) -> str:
    """The input's name fit to print on one line: control and format characters as «?»."""
    return "«" + re.sub(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]", "?", path.name) + "»"


# --- which inputs ------------------------------------------------------------------------------
def expand_inputs(paths: Sequence[Path]) -> list[Path]:
    """The agreements the arguments name: workbooks and agreement folders; a collection folder opens up.

    An agreement folder (a main workbook and its group workbooks, see ``agreement split``) counts
    as one agreement; any other folder stands for its entries (workbooks and sub-folders).
    """
    result: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir() and not is_agreement_folder(path):
            result.extend(_entries(path))
        else:
            result.append(path)
    return result


def is_agreement_folder(folder: Path) -> bool:
    """A folder holding group workbooks (one agreement split into files), not a collection of agreements.

    Told from the sheet names alone (a group workbook has no facts sheet), without reading any sheet.
    """
    from .workbook.folder import workbook_files

    files, _ = workbook_files(folder)
    if not all(_has_facts_sheet(path) for path in files):
        return True  # a group workbook: one agreement, whatever else lies beside it
    has_folders = any(entry.is_dir() and not entry.name.startswith(".") for entry in folder.iterdir())
    return len(files) <= 1 and not has_folders


def _has_facts_sheet(path: Path) -> bool:
    """Whether the workbook has the agreement's facts sheet; an unreadable one counts as having it (its build
    will say what is wrong). Only the package's relationships and the sheet list are read (a few kB)."""
    import zipfile

    from . import schema
    from .text import clean_name
    from .workbook.prescan import sheet_names

    try:
        with zipfile.ZipFile(path) as package:
            names = sheet_names(package, path)
    except (AgreementError, OSError, zipfile.BadZipFile, KeyError, ValueError):
        return True
    facts = schema.sheet_key(schema.FACTS_SHEET)
    return names is None or any(schema.sheet_key(clean_name(name)) == facts for name in names)


def _entries(folder: Path) -> Iterator[Path]:
    from .workbook.folder import workbook_files

    files, _ = workbook_files(folder)
    folders = sorted((entry for entry in folder.iterdir() if entry.is_dir() and not entry.name.startswith(".")),
                     key=lambda entry: entry.name)
    return iter(sorted([*files, *folders], key=lambda entry: entry.name))


def plan(sources: Sequence[Path], output: Path, *, per_municipality: bool, **options) -> list[Job]:
    """One job per input, each with its own target inside ``output``, named safely and uniquely (ignoring case)."""
    if output.suffix.lower() == ".docx":
        raise AgreementError(f"{output}: med flere arbeidsbøker er -o en mappe, ikke en fil")
    suffix = "" if per_municipality else ".docx"
    names = [clean_file_name(_stem(source)) + suffix for source in sources]
    targets = names_in_folder(output, names)
    inputs = tuple(sources)
    return [Job(source, target, per_municipality, inputs=inputs, **options) for source, target in zip(sources, targets)]


def _stem(source: Path) -> str:
    return source.name if source.is_dir() else source.stem


# --- building one ------------------------------------------------------------------------------
def build_one(job: Job) -> Outcome:
    """Build one input as a single build does; any failure becomes the outcome's one line."""
    from .files import os_problem
    from .paths import guarding_inputs, note_input

    try:
        with guarding_inputs():
            for path in job.inputs:
                note_input(path)
            return _build(job)
    except AgreementError as exc:
        return Outcome(job.source, job.target, FAILED, message=str(exc))
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        problem = os_problem(exc, "kan ikke leses eller skrives")
        return Outcome(job.source, job.target, FAILED, message=f"{where}{problem}")
    except Exception as exc:  # a bug in one input must not stop the others
        return Outcome(job.source, job.target, FAILED, message=f"uventet feil ({type(exc).__name__}: {exc})")


def _build(job: Job) -> Outcome:
    from .validation import merge, validate
    from .workbook.inputs import read_input

    source = read_input(job.source)
    notices = tuple(f"{n.ref}: {n.message()}." if n.cell else f"{n.message()}." for n in source.notices)
    if source.is_extract:
        raise AgreementError(f"{job.source.name}: er en gruppearbeidsbok – bygg mappen med hovedarbeidsboken")
    agreement = source.agreement
    if agreement.is_empty:
        raise AgreementError(f"{job.source.name}: arbeidsboken har ingen diagnosegrupper eller kapitler ennå")
    # as the single build does: the per-municipality batch validates the agreement alone
    report = merge(validate(agreement, strict=job.strict), () if job.per_municipality else source.findings)
    if job.strict and not report.valid:
        return Outcome(job.source, job.target, REFUSED, message="bygges ikke fordi --strict er valgt og kontrollen "
                       "fant feil", notices=notices)
    count, numbered = _render(job, agreement, report)
    if not numbered:
        from .pdf.pages import unnumbered_notice

        notices += (unnumbered_notice(job.pdf, many=True),)
    return Outcome(job.source, job.target, BUILT, documents=count, errors=len(report.errors),
                   notices=notices)


def _render(job: Job, agreement, report) -> tuple[int, bool]:
    """Write the job's document(s); returns how many, and whether the TOCs got page numbers (``uno`` found)."""
    from .files import atomic_folder, check_target
    from .render.sandbox import Budget

    budget = Budget(seconds=job.template_timeout)
    if not job.per_municipality:
        from .render import render_agreement

        check_target(job.target, overwrite=job.overwrite)
        if job.pdf:
            check_target(job.target.with_suffix(".pdf"), overwrite=job.overwrite)

        def render(path: Path) -> None:
            render_agreement(agreement, path, template=job.template, overwrite=job.overwrite, report=report,
                             budget=budget)

        if not job.toc_pages:
            render(job.target)
            return 1, True
        from .pdf.pages import publish_numbered
        from .render.toc_pages import fill_toc_pages_file

        return 1, publish_numbered(render, job.target, fill_toc_pages_file, pdf=job.pdf, overwrite=job.overwrite)
    from .render.batch import check_targets, render_per_municipality

    stem = _stem(job.source)
    check_targets(agreement, job.target, stem, overwrite=job.overwrite, companions=(".pdf",) if job.pdf else ())
    numbered = True
    with atomic_folder(job.target, overwrite=job.overwrite) as staging:  # this input's set, or nothing
        written = render_per_municipality(agreement, staging, stem=stem, report=report, template=job.template,
                                          overwrite=job.overwrite, budget=budget)
        if job.toc_pages and written:
            from .pdf.pages import number_and_export
            from .render.toc_pages import fill_toc_pages_file

            numbered = number_and_export(written, fill_toc_pages_file, pdf=job.pdf, workers=1)
    return len(written), numbered


# --- building all ------------------------------------------------------------------------------
def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def build_all(jobs: Sequence[Job], *, workers: int | None = None,
              done: Callable[[Outcome], None] = lambda outcome: None) -> list[Outcome]:
    """Build every job, ``workers`` at a time (``1``: in this process); ``done`` hears of each as it ends.

    Outcomes come back in the order of ``jobs``, whatever order they finished in.
    """
    workers = min(workers or default_jobs(), len(jobs)) or 1
    with _output_folder(jobs), _terminate_as_interrupt():
        return _run(jobs, workers, done)


class Terminated(KeyboardInterrupt):
    """The run was asked to stop by SIGTERM; handled as Ctrl-C is, so every cleanup runs."""


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """While the run lasts, SIGTERM raises :class:`Terminated` in the main thread (elsewhere: left as it is)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def stop(signum, frame):
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _output_folder(jobs: Sequence[Job]) -> Iterator[None]:
    """Create the output folder once, before the workers race to; remove it again if nothing landed in it."""
    from .errors import OutputError
    from .files import os_problem

    folder = jobs[0].target.parent if jobs else Path(".")
    missing = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: mappen kan ikke opprettes ({os_problem(exc, '').strip(' ()')})") from None
    try:
        yield
    finally:
        for path in missing:  # deepest first; rmdir refuses a folder with anything in it
            with contextlib.suppress(OSError):
                path.rmdir()


def _run(jobs: Sequence[Job], workers: int, done: Callable[[Outcome], None]) -> list[Outcome]:
    if workers == 1:
        outcomes = []
        with _office(any(job.toc_pages for job in jobs)):  # one LibreOffice for every job
            for job in jobs:
                outcomes.append(build_one(job))
                done(outcomes[-1])
        return outcomes
    return _in_pool(jobs, workers, done)


def _office(needed: bool) -> contextlib.AbstractContextManager:
    """One LibreOffice session kept open over the jobs run in this process, when any job needs LibreOffice."""
    if not needed:
        return contextlib.nullcontext()
    from .pdf.session import office

    return office(1)


def _start_worker(office: bool) -> None:
    """A pool worker: with ``office``, one LibreOffice session serves every job it runs, shut down as it ends.

    Ctrl-C or SIGTERM (from the parent stopping the run) ends the job in hand through its cleanup (the
    staging folder is removed); a worker whose parent is gone stops the same way instead of building on.
    """
    import signal

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _stop_worker)
    _watch_parent()
    if office:
        from .pdf.session import keep_open

        keep_open(1)


def _stop_worker(signum, frame) -> None:
    """The first Ctrl-C or SIGTERM stops the job; later ones (the pool stopping its workers) wait for its cleanup."""
    import signal

    for other in (signal.SIGTERM, signal.SIGINT):
        signal.signal(other, _already_stopping)  # a handler, not SIG_IGN: a signal already pending stays quiet
    raise SystemExit(1)


def _already_stopping(signum, frame) -> None:
    """Heard while the job's cleanup runs: nothing more to do."""


def _watch_parent() -> None:
    """Send this worker SIGTERM when the process that started it ends (killed, or gone without cleaning up)."""
    import multiprocessing
    import signal
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None or not hasattr(signal, "SIGTERM"):
        return

    def watch() -> None:
        wait([parent.sentinel])
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _job_in_worker(job: Job) -> Outcome:
    """:func:`build_one` in a pool worker; told to stop, the worker leaves once the job's cleanup has run.

    (The pool would otherwise report the stop as the job's result and take the next job.)
    """
    try:
        return build_one(job)
    except (SystemExit, KeyboardInterrupt):
        os._exit(1)  # the staging folder is gone; a LibreOffice session ends when its pipe closes


def _in_pool(jobs: Sequence[Job], workers: int, done: Callable[[Outcome], None]) -> list[Outcome]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    results: dict[int, Outcome] = {}
    office = any(job.toc_pages for job in jobs)
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_start_worker, initargs=(office,)) as pool:
        biggest_first = sorted(range(len(jobs)), key=lambda index: -_size(jobs[index].source))  # no long tail
        futures = {pool.submit(_job_in_worker, jobs[index]): index for index in biggest_first}
        try:
            for future in as_completed(futures):
                index = futures[future]
                try:
                    outcome = future.result()
                except Exception as exc:  # the worker itself died (out of memory, killed)
                    job = jobs[index]
                    outcome = Outcome(job.source, job.target, FAILED,
                                      message=f"byggingen stoppet ({type(exc).__name__})")
                results[index] = outcome
                done(outcome)
        except BaseException:  # Ctrl-C or SIGTERM: stop now, not after the jobs still queued
            _stop_pool(pool)
            raise
    return [results[index] for index in range(len(jobs))]


def _stop_pool(pool) -> None:
    """Cancel the jobs not started and stop the workers; each removes the staging folder of the job in hand."""
    import multiprocessing

    pool.shutdown(wait=False, cancel_futures=True)
    workers = multiprocessing.active_children()  # this process starts no other multiprocessing children
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join(timeout=30)
        if worker.is_alive():
            worker.kill()


def _size(source: Path) -> int:
    """Bytes of an input (a folder's workbooks added up): the larger, the longer its build."""
    try:
        paths = [entry for entry in source.iterdir() if entry.is_file()] if source.is_dir() else [source]
        return sum(path.stat().st_size for path in paths)
    except OSError:
        return 0


def exit_code(outcomes: Sequence[Outcome]) -> int:
    """2 when any input failed, 1 when any was not built because of --strict, else 0."""
    return max((outcome.code for outcome in outcomes), default=BUILT)
