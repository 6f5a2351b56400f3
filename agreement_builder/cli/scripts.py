"""The two console scripts' commands by name, run as whole processes (:mod:`..console`), and their help pages.

Only the module of the command a script runs is imported: ``build-agreement`` loads
:mod:`.build`, ``agreement`` loads :mod:`.toolbox` (which loads one command's module).
"""

from __future__ import annotations

import sys

import click

from ..cli_locale import use_bokmal

NAMES = ("build-agreement", "agreement")


def command(name: str) -> click.Command:
    """The command of console script ``name`` (one of :data:`NAMES`), importing only its module."""
    if name == "build-agreement":
        from .build import build_agreement

        return build_agreement
    if name == "agreement":
        from .toolbox import agreement

        return agreement
    raise KeyError(name)


def commands() -> dict[str, click.Command]:
    """Every console script's command by name (both modules imported)."""
    return {name: command(name) for name in NAMES}


def run(name: str) -> int:
    """Run console script ``name`` (one of :data:`NAMES`) on ``sys.argv``; its exit status.

    For whole processes only (:mod:`..console`, which has raised the cyclic collector's threshold
    before anything was imported, and leaves without the interpreter's teardown); tests call the
    commands in-process.
    """
    import gc

    script = command(name)
    gc.freeze()  # what is loaded by now (click and the command's modules) is never walked again
    use_bokmal()
    try:
        script.main(prog_name=name)
        status = 0
    except SystemExit as exc:
        status = _exit_status(exc.code)
    except OSError as exc:  # the output itself (help or usage on a full disk): commands name their own files
        from ..files import os_problem

        print(f"Feil: {os_problem(exc, 'utskriften kan ikke skrives')}", file=sys.stderr)
        status = 2
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
    context = command(name).make_context(name, list(names), resilient_parsing=True)
    for command_name in names:
        group = context.command if isinstance(context.command, click.Group) else None
        found = group.get_command(context, command_name) if group is not None else None
        if found is None:
            return None
        context = found.make_context(command_name, [], parent=context, resilient_parsing=True)
    help_option = context.command.get_help_option(context)
    if help_option is None or option not in help_option.opts:
        return None
    return context.get_help() + "\n", shutil.get_terminal_size().columns

