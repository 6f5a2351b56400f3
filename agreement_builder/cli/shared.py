"""What every command shares: failures as one line, output that cannot steer the terminal, common options.

:class:`Command` turns :class:`AgreementError` (and every other failure) into one line on
stderr and its exit code, in one place; :class:`Group` makes its commands that way.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..cli_locale import use_bokmal
from ..errors import AgreementError

# click words some texts when a command is defined (--version's help), so bokmål is bound before
# any command module defines its commands, as well as when a console script runs (scripts.py).
use_bokmal()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
INTERRUPTED = 128 + 2  # what a shell reports for a tool stopped by Ctrl-C (SIGINT)
_SIGPIPE_STATUS = 128 + 13  # what a shell reports for a tool stopped by SIGPIPE
_INPUT_PARAMETERS = ("workbook", "old", "new", "template")


class Command(click.Command):
    """Turns "could not run" into one line and exit code 2; no traceback."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[VALG]")
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        from ..paths import guarding_inputs

        try:
            with guarding_inputs():
                check_inputs(ctx.params)
                return super().invoke(ctx)
        except AgreementError as exc:
            raise failure(str(exc), exc.exit_code) from None
        except click.ClickException as exc:  # usage errors name paths too: one line, no terminal control
            from ..text import one_line, terminal_text

            exc.message = terminal_text(one_line(exc.message))
            raise
        except (click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM during a run of several workbooks
            click.echo("Avbrutt.", err=True)
            raise click.exceptions.Exit(INTERRUPTED) from None
        except BrokenPipeError:  # the reader of our output left (`... | head`): stop quietly
            _silence_stdout()
            raise click.exceptions.Exit(_SIGPIPE_STATUS) from None
        except OSError as exc:  # a cause the system names: disk full, no access, name too long
            from ..files import os_problem

            where = f"{exc.filename}: " if exc.filename else ""
            raise failure(f"{where}{os_problem(exc, 'kan ikke leses eller skrives')}", 2) from None
        except Exception as exc:  # a bug: keep the promise of one line unless debugging
            if os.environ.get("AGREEMENT_DEBUG"):
                raise
            from ..text import shortened

            detail = shortened(str(exc), 200)  # never a whole cell's text
            raise failure(
                f"uventet feil ({type(exc).__name__}: {detail}). Kjør med AGREEMENT_DEBUG=1 for detaljer.", 2
            ) from None


class Group(click.Group):
    """A group whose commands are :class:`Command`, with the usage line in bokmål."""

    command_class = Command

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[VALG]")
        kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENTER]...")
        super().__init__(*args, **kwargs)


def check_inputs(params: dict) -> None:
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


def failure(message: str, code: int) -> click.ClickException:
    """The one-line failure click prints as «Feil: …», ending the command with exit code ``code``."""
    from ..text import one_line, terminal_text

    failed = click.ClickException(terminal_text(one_line(message)))
    failed.exit_code = code
    return failed


def echo(message: str = "", err: bool = False, nl: bool = True, *, lines: bool = False) -> None:
    """Print ``message``, whose data (paths, names and text from cells) cannot steer the terminal.

    A message is one line: a line break inside it (from a file name) is shown escaped. ``lines``
    prints a whole document (JSON, Markdown, HTML, JUnit), whose own line breaks are its structure.
    """
    from ..text import terminal_line, terminal_text

    click.echo(terminal_text(message) if lines else terminal_line(message), err=err, nl=nl)


def notice(message: str) -> None:
    """«Merk: …» on stderr: something the user should know that does not stop the command."""
    echo(f"Merk: {message}", err=True)


# --- options several commands take ------------------------------------------------------------
workbook_argument = click.argument(
    "workbook", type=click.Path(path_type=Path, dir_okay=True), metavar="ARBEIDSBOK"
)
overwrite_option = click.option("--overwrite", is_flag=True, help="Erstatt utfilen hvis den finnes.")
template_timeout_option = click.option(
    "--template-timeout", type=click.IntRange(min=1), default=30, show_default=True, metavar="SEKUNDER",
    help="Hvor lenge en egen Word-mal får bruke på flettingen før den stoppes.")
strict_option = click.option(
    "--strict", is_flag=True, help="Streng kontroll: § 6-2 nr. 12–13 er påkrevd, og feil stopper bygging."
)


# --- reading input ----------------------------------------------------------------------------
def read_agreement(workbook: Path):
    """The agreement in a workbook, an agreement folder or a group workbook."""
    return read_input(workbook).agreement


def read_input(path: Path, *, whole: bool = True, quiet: bool = False):
    """A workbook, an agreement folder or a group workbook (workbook/inputs.py).

    What the reader noticed goes to stderr unless ``quiet`` (``validate`` reports it as findings).
    """
    from ..workbook.inputs import read_input as read

    result = read(path, whole=whole)
    if not quiet:
        print_notices(result.notices)
    return result


def print_notices(findings) -> None:
    """What the reader noticed, one line each on stderr, with the cell when there is one."""
    for finding in findings:
        where = f"{finding.ref}: " if finding.cell else ""
        notice(f"{where}{finding.message()}.")


def budget(template_timeout: int):
    """The budget a user's template renders within (render/sandbox.py; render/child.py runs it)."""
    from ..render.sandbox import Budget

    return Budget(seconds=template_timeout)


def file_name(stem: str, suffix: str) -> str:
    """A default output name from an input's name, cleaned as every name the tool makes (paths.file_name)."""
    from ..paths import file_name as cleaned

    return cleaned(stem, suffix)
