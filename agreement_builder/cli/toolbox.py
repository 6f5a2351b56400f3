"""``agreement``: the toolbox, a group that loads a command's module only when that command is asked for.

This is click's documented pattern for lazily loading subcommands (a group whose
``list_commands`` and ``get_command`` read a table of names instead of registered commands).
The table also holds each command's short help, so ``agreement --help`` lists every command
without loading one; tests/test_cli_modules.py checks that each entry says what its command says.
"""

from __future__ import annotations

from gettext import gettext as _
from importlib import import_module

import click

from .. import __version__
from .shared import CONTEXT, Group

# name → (module of this package, the command's name in it, the command's short help), in click's order (by name)
COMMAND_TABLE = {
    "build": ("build", "build_command", "Lag Word-avtalen fra en arbeidsbok."),
    "diff": ("diff", "diff_command", "Vis hva som er endret mellom to arbeidsbøker."),
    "excel": ("excel", "excel_group", "Excel-tillegget: lag det eller installer det."),
    "import": ("workbooks", "import_command", "Lag en arbeidsbok av en avtale i Word."),
    "init": ("workbooks", "init_command", "Lag en tom arbeidsbok å fylle ut."),
    "join": ("workbooks", "join_command", "Sett sammen en avtalemappe til én arbeidsbok."),
    "merge": ("merge", "merge_command", "Slå sammen kopiene fra en høringsrunde."),
    "merge-driver": ("merge", "merge_driver_command", "Git-flettedriver for arbeidsbøker."),
    "regler": ("validate", "rules_command", "List kontrollreglene som «agreement validate» bruker."),
    "split": ("workbooks", "split_command", "Del en arbeidsbok i en avtalemappe med én fil per diagnosegruppe."),
    "template-check": ("template_check", "template_check_command", "Kontroller en egen Word-mal."),
    "textconv": ("diff", "textconv_command", "Skriv arbeidsboken som tekst, for «git diff»."),
    "validate": ("validate", "validate_command", "Kontroller arbeidsboken mot § 6-2 og arbeidsbokens regler."),
}


class LazyGroup(Group):
    """A :class:`Group` whose commands are the ones named in ``table``, each imported from its module when used."""

    def __init__(self, *args, table: dict[str, tuple[str, str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, sorted as click sorts the commands of a group."""
        return sorted(self.table)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command ``cmd_name``, its module imported now; None when there is no such command."""
        if cmd_name not in self.table:
            return None
        module, attribute, _short_help = self.table[cmd_name]
        return getattr(import_module(f"{__package__}.{module}"), attribute)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        """As click resolves a command; an unknown name is compared with the table's names («Mente du …?»)."""
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as unknown:
            raise click.exceptions.NoSuchCommand(
                unknown.command_name, possibilities=self.list_commands(ctx), ctx=ctx) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands in the help, written as click writes them, with the short help from the table."""
        with formatter.section(_("Commands")):
            formatter.write_dl([(name, self.table[name][2]) for name in self.list_commands(ctx)])


@click.group("agreement", cls=LazyGroup, table=COMMAND_TABLE, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="agreement")
def agreement() -> None:
    """Verktøy for samarbeidsavtaler mellom kommuner og helseforetak.

    Fyll ut arbeidsboken i Excel, og lag Word-avtalen med «agreement build» (eller
    «build-agreement»)."""
