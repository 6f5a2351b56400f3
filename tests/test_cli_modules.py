"""The CLI package (agreement_builder/cli/): each run loads the modules of its command and no other.

The toolbox ``agreement`` lists its commands from a table (cli/toolbox.py) and imports a
command's module only when that command is used; the table's short help must say what the
command itself says, so the listing cannot drift from the commands.
"""

import importlib
import os
import pkgutil
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from agreement_builder.cli import agreement
from agreement_builder.cli.toolbox import COMMAND_TABLE

ENTRY = {"agreement": "agreement_main", "build-agreement": "build_agreement_main"}
# what every run of the toolbox loads of the package: the names (PEP 562), the console scripts, the group, the shared
TOOLBOX = {"agreement_builder.cli", "agreement_builder.cli.scripts", "agreement_builder.cli.toolbox",
           "agreement_builder.cli.shared"}


@pytest.mark.parametrize("name", sorted(COMMAND_TABLE))
def test_the_tables_short_help_is_the_commands_own(name):
    context = click.Context(agreement)
    command = agreement.get_command(context, name)
    assert isinstance(command, click.Command) and command.name == name
    assert COMMAND_TABLE[name][2] == command.short_help == command.get_short_help_str(limit=10_000)


def test_every_command_the_modules_define_is_in_the_table():
    """A command added to a module but not to the table would never be listed or found."""
    import agreement_builder.cli as package
    from agreement_builder.cli.scripts import commands

    listed = {(module, attribute) for module, attribute, _ in COMMAND_TABLE.values()}
    scripts = [*commands().values()]
    defined = set()
    for info in pkgutil.iter_modules(package.__path__):
        if info.name == "__main__":
            continue
        module = importlib.import_module(f"agreement_builder.cli.{info.name}")
        for attribute, value in vars(module).items():
            if isinstance(value, click.Command) and value.callback.__module__ == module.__name__:
                defined.add((info.name, attribute, value))
    groups = [value for *_, value in defined if isinstance(value, click.Group)]
    nested = [command for group in groups for command in group.commands.values()]
    orphans = {(name, attribute) for name, attribute, value in defined if value not in scripts and value not in nested}
    assert orphans == listed


def test_the_toolbox_lists_the_tables_commands_in_clicks_order():
    names = agreement.list_commands(click.Context(agreement))
    assert names == sorted(COMMAND_TABLE) and len(names) == 13
    assert agreement.get_command(click.Context(agreement), "nope") is None


def test_an_unknown_command_is_still_compared_with_every_command():
    result = CliRunner().invoke(agreement, ["valdate"])
    assert result.exit_code == 2
    assert "Feil: Ukjent kommando «valdate». Mente du 'validate'?" in result.output


def _cli_modules(name: str, args: list[str], cwd) -> set[str]:
    """The modules of agreement_builder.cli loaded when one whole run of console script ``name`` leaves."""
    code = ("import sys\n"
            "from agreement_builder import console\n"
            "def leave(status, leave=console.leave):\n"
            "    loaded = [name for name in sys.modules if name.partition('.')[0] == 'agreement_builder']\n"
            "    print('MODULES', *sorted(loaded), file=sys.stderr)\n"
            "    leave(status)\n"
            "console.leave = leave\n"
            f"console.{ENTRY[name]}()\n")
    environment = {key: value for key, value in os.environ.items() if not key.startswith("_")}
    environment.update({"AGREEMENT_BUILDER_CACHE": "0", "PYTHONIOENCODING": "utf-8"})
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, encoding="utf-8",
                            env=environment, cwd=cwd, timeout=120)
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("MODULES ")]
    return {module for module in line.split()[1:] if module.partition(".")[2].partition(".")[0] == "cli"}


def test_the_toolbox_help_loads_no_command(tmp_path):
    assert _cli_modules("agreement", ["--help"], tmp_path) == TOOLBOX


@pytest.mark.parametrize(("command", "modules"), [("validate", {"validate"}), ("merge-driver", {"merge"}),
                                                   ("excel", {"excel"}), ("build", {"build", "build_findings"})])
def test_a_command_loads_its_own_modules_only(tmp_path, command, modules):
    own = {f"agreement_builder.cli.{module}" for module in modules}
    assert _cli_modules("agreement", [command, "--help"], tmp_path) == TOOLBOX | own


def test_build_agreement_loads_the_build_and_not_the_toolbox(tmp_path, example_path):
    modules = _cli_modules("build-agreement", [str(example_path), "-o", str(tmp_path / "a.docx")], tmp_path)
    assert modules == {"agreement_builder.cli", "agreement_builder.cli.scripts", "agreement_builder.cli.shared",
                       "agreement_builder.cli.build", "agreement_builder.cli.build_findings"}
    assert (tmp_path / "a.docx").is_file()
