"""Every command's --help is whole, in bokmål, and points only at what a user has.

The help is read from the installed commands in a subprocess, as a user sees it, with no
Norwegian locale in the environment; the command tree comes from the click objects.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from agreement_builder.cli import agreement, build_agreement
from agreement_builder.render.context import CONTEXT_DOC

BIN = Path(sys.executable).parent

# Words of English that click or a careless help text would bring; none is a Norwegian word.
ENGLISH = re.compile(
    r"\b(the|and|of|with|without|this|is|are|file|show|message|exit|usage|options?|commands?|arguments?|"
    r"default|required|choose|value|write|print|error|missing|invalid|see)\b",
    re.IGNORECASE,
)
# Names a user types, which are not prose: options, choices, program and command names, paths, code lines.
NOT_PROSE = re.compile(r"(--?[\w-]+|\[[\w|.-]+\]|«[^»]*»|\S+\.(xlsx|xlam|docx|md)\b|^ {4}\S.*$)", re.MULTILINE)


def _commands(group=agreement, path=("agreement",)):
    """(path, command) for the toolbox and everything under it, and build-agreement."""
    if group is agreement:
        yield ("build-agreement",), build_agreement
        yield path, agreement
    context = click.Context(group)  # a group lists and loads its commands lazily (cli/toolbox.py)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


COMMANDS = dict(_commands())


def _help(path: tuple[str, ...]) -> str:
    executable = shutil.which(path[0], path=str(BIN))
    assert executable, f"{path[0]} is not installed beside {sys.executable}"
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("LANG", "LC_")) and key != "LANGUAGE"}
    result = subprocess.run([executable, *path[1:], "--help"], capture_output=True, text=True, encoding="utf-8",
                            env={**environment, "PYTHONIOENCODING": "utf-8"}, timeout=60)
    assert result.returncode == 0, result.stderr
    assert not result.stderr, result.stderr
    return result.stdout


@pytest.mark.parametrize("path", list(COMMANDS), ids=" ".join)
def test_help_is_bokmal(path):
    text = _help(path)
    assert text.startswith("Bruk:"), text
    assert "\nValg:\n" in text
    english = ENGLISH.findall(NOT_PROSE.sub(" ", text))
    assert not english, f"English in {' '.join(path)} --help: {english}\n{text}"


def test_the_toolbox_lists_its_commands_whole():
    """click cuts a long first sentence with «...» to fit the terminal; every command has a whole short help."""
    listing = _help(("agreement",)).split("\nKommandoer:\n", 1)[1]
    assert "..." not in listing and "…" not in listing, listing
    for path, command in COMMANDS.items():
        if path == ("agreement",):
            continue  # the toolbox itself is never listed
        assert command.get_short_help_str(limit=45) == command.get_short_help_str(limit=10_000), path
        assert command.get_short_help_str().endswith("."), path


@pytest.mark.parametrize("path", list(COMMANDS), ids=" ".join)
def test_every_command_option_and_argument_is_explained(path):
    command = COMMANDS[path]
    assert command.help, f"{' '.join(path)} has no help text"
    for parameter in command.params:
        if isinstance(parameter, click.Option):
            assert parameter.help, f"{' '.join(path)} {parameter.opts[-1]} has no help"
        else:  # an argument has no help of its own in click: the command's text names it
            stem = parameter.make_metavar(click.Context(command)).split(".")[0]
            assert stem in command.help, f"{' '.join(path)} does not explain {parameter.name} ({stem})"


@pytest.mark.parametrize("path", list(COMMANDS), ids=" ".join)
def test_help_points_only_at_what_a_user_has(path):
    """A pip install has no docs/ and no README: help may not send the user there."""
    text = COMMANDS[path].help or ""
    assert not re.search(r"docs/|README|\.md\b", text), text


def test_template_check_names_every_template_variable():
    listed = COMMANDS[("agreement", "template-check")].help.split("kan bruke:", 1)[1].split(".", 1)[0]
    names = re.split(r",\s*|\s+og\s+", " ".join(listed.split()))
    assert names == list(CONTEXT_DOC)
