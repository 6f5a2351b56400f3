"""The console scripts ``build-agreement`` and ``agreement`` (and ``python -m agreement_builder``).

A help request is answered from the help cache (:mod:`.help_cache`) when it holds click's page
for exactly this installation and terminal; that path loads only ``os``, ``sys`` and ``binascii``. Everything
else runs the click commands of :mod:`.cli` as always, and a help request that ran that way
leaves its page in the cache. Either way the process leaves without the interpreter's teardown
once its output is flushed (:func:`leave`).
"""

import os
import sys

from . import help_cache


def build_agreement_main() -> None:
    """The ``build-agreement`` console script."""
    _main("build-agreement")


def agreement_main() -> None:
    """The ``agreement`` console script (and ``python -m agreement_builder``)."""
    _main("agreement")


def _main(name: str) -> None:
    """Run console script ``name`` with ``sys.argv`` as a whole process: the kept help page, or the command."""
    request, page = _cached(name)
    if page is not None:
        printed = _print(page)
        if printed is not None:
            leave(printed)
    collect_rarely()
    from .cli.scripts import run

    status = run(name)
    if request is not None and status == 0:
        _keep(name, request)
    leave(status)


_GC_YOUNG_OBJECTS = 50_000


def collect_rarely() -> None:
    """Run the cyclic garbage collector after 50,000 new objects instead of 700, from here to the end.

    Importing click and the libraries and reading a workbook make objects that live until the
    process leaves; walking them again and again cost a build about 80 collections and 13 ms.
    Cycles that are garbage are still collected.
    """
    import gc

    gc.set_threshold(_GC_YOUNG_OBJECTS, *gc.get_threshold()[1:])


def _cached(name: str) -> tuple[tuple[str, ...] | None, str | None]:
    """The help request in ``sys.argv`` (or None) and its kept page (or None); never a failure from the cache."""
    try:
        request = help_cache.help_request(name, sys.argv[1:])
        return request, help_cache.read(name, request) if request is not None else None
    except Exception:  # a cache that fails costs nothing but time: click answers
        return None, None


def _print(page: str) -> int | None:
    """Print ``page`` as click's help option does: 0, or 1 when the reader left, as click ends then.

    None when the output cannot be written for another reason (a full disk): the command then
    runs as usual and says why in one line.
    """
    import errno

    try:
        sys.stdout.write(page)
        sys.stdout.flush()
    except OSError as exc:
        return 1 if exc.errno == errno.EPIPE else None
    return 0


def _keep(name: str, request: tuple[str, ...]) -> None:
    """Keep the page click just printed for ``request``; a cache that fails costs nothing but time."""
    try:
        from .cli.scripts import help_page

        page = help_page(name, request)
        if page is not None:
            help_cache.write(name, request, *page)
    except Exception:  # never a failure from the cache: the help is printed already
        return


def leave(status: int) -> None:
    """Flush what is written to the terminal and end the process with ``status`` (120 when flushing fails).

    Only for the console scripts (tests call the commands in-process): by the time a command
    returns, every file, pool, LibreOffice session and temporary folder it opened is closed by
    its own ``with`` blocks, and freeing every object one by one only delays the exit (a third of
    a build).
    """
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # no console (pythonw)
            continue
        try:
            stream.flush()
        except (OSError, ValueError):  # the reader left, or the stream is closed
            status = status or 120  # what Python itself returns when it cannot flush at exit
    os._exit(status)
