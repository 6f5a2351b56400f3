"""Every command README.md shows runs here, as written (sqlite-utils' habit: docs that cannot drift).

Commands come from README's fenced code blocks. ``sh`` blocks run with the installed tool first on
PATH (as with the venv activated), each in a fresh folder with the files it names; ``powershell``
blocks need Windows and Excel and are skipped with that reason; ``text`` blocks are not commands.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest

from agreement_builder.render.docx import DEFAULT_TEMPLATE
from agreement_builder.schema import FACTS_SHEET

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "workbooks" / "innlandet-rehabilitering.xlsx"
BIN = Path(sys.executable).parent
FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>\S*)\n(?P<body>.*?)^(?P=indent)```", re.MULTILINE | re.DOTALL)
WINDOWS_ONLY = "needs Windows and Excel (README marks the block as such)"


@dataclass(frozen=True)
class Block:
    heading: str
    lang: str
    commands: tuple[str, ...]


def readme_blocks() -> list[Block]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = []
    for match in FENCE.finditer(text):
        headings = re.findall(r"^#+ (.+)$", text[: match.start()], re.MULTILINE)
        lines = [line.strip() for line in match["body"].splitlines()]
        commands = tuple(line for line in lines if line and not line.startswith("#"))
        blocks.append(Block(headings[-1], match["lang"], commands))
    return blocks


def commands_under(heading: str) -> list[str]:
    return [command for block in readme_blocks() if block.heading == heading for command in block.commands]


def _command_id(command: str) -> str:
    return command.split("#")[0].strip()


def run(command: str, cwd: Path, **environment: str) -> subprocess.CompletedProcess:
    """``command`` in bash, with the tool's folder first on PATH, as with the venv activated."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "PYTHONIOENCODING": "utf-8",
           **environment}
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", stdin=subprocess.DEVNULL, timeout=600)


def _show(result: subprocess.CompletedProcess) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


def _copy_of_clone(target: Path) -> Path:
    ignore = shutil.ignore_patterns(".git", ".venv", "venv", "out", "build", "*.egg-info", "__pycache__",
                                    ".pytest_cache", ".ruff_cache", ".import_linter_cache")
    shutil.copytree(ROOT, target, ignore=ignore)
    return target


def test_every_block_is_run_skipped_or_not_commands():
    """A new block needs a place here: run (sh), Windows-only (powershell) or not commands (text)."""
    known = {("Quick start", "sh"), ("Bruk", "sh"), ("Endringer i git", "sh"), ("Utvikling", "sh"),
             ("Fra Excel (Windows)", "powershell"), ("Oppbygning", "text"),
             ("Høringsrunden: slå sammen kopier", "sh")}  # run in tests/test_merge_cli.py
    assert {(block.heading, block.lang) for block in readme_blocks()} <= known
    assert all(block.commands for block in readme_blocks())


# --- Quick start ------------------------------------------------------------------------------
def test_quick_start_is_two_commands():
    assert len(commands_under("Quick start")) == 2


def test_quick_start_installs_and_builds_the_example(tmp_path):
    """The first command, verbatim, in a copy of the clone: a new venv, pip install, the agreement."""
    clone = _copy_of_clone(tmp_path / "klone")
    result = run(commands_under("Quick start")[0], clone)
    assert result.returncode == 0, _show(result)
    document = docx.Document(str(clone / "out" / "innlandet.docx"))
    assert any("rehabilitering" in paragraph.text for paragraph in document.paragraphs)


def test_ci_runs_the_quick_start_test_command():
    """The second command runs the whole suite, so it cannot run inside it: .ci/run runs it verbatim."""
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands_under("Quick start")[1] in ci_lines


# --- Bruk -------------------------------------------------------------------------------------
def _version_two(path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(EXAMPLE)
    sheet = book[FACTS_SHEET]
    (row,) = [row for row in sheet.iter_rows() if row[0].value == "Versjon"]
    row[1].value = "2.0"
    book.save(path)


def _inputs(folder: Path, command: str) -> dict[str, bytes]:
    """The files the usage block names, as a user would have them; ``init`` gets no file at its target."""
    shutil.copy(EXAMPLE, folder / "min-avtale.xlsx")
    shutil.copy(EXAMPLE, folder / "v1.xlsx")
    _version_two(folder / "v2.xlsx")
    shutil.copy(DEFAULT_TEMPLATE, folder / "vår-mal.docx")
    if command.startswith("agreement init "):
        (folder / command.split()[2]).unlink()
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def _expected_outputs(command: str) -> list[str]:
    words = command.split("#")[0].split()
    if "-o" in words:
        return [words[words.index("-o") + 1]]
    if words[:2] == ["agreement", "init"]:
        return [words[2]]
    if words[0] == "build-agreement":
        report = [words[words.index("--report") + 1]] if "--report" in words else []
        return [Path(words[1]).with_suffix(".docx").name] + (["min-avtale.pdf"] if "--pdf" in words else []) + report
    return []


@pytest.mark.parametrize("command", commands_under("Bruk"), ids=_command_id)
def test_usage_command(command, tmp_path):
    if "--pdf" in command and not shutil.which("soffice"):
        pytest.skip("--pdf needs LibreOffice (soffice)")
    inputs = _inputs(tmp_path, command)
    result = run(command, tmp_path)
    findings_or_changes = command.startswith(("agreement validate", "agreement diff"))  # exit 1 is an answer
    assert result.returncode in ({0, 1} if findings_or_changes else {0}), _show(result)
    for name in _expected_outputs(command):
        written = tmp_path / name
        assert written.exists() and (written.is_dir() and any(written.iterdir()) or written.stat().st_size), name
    for name, content in inputs.items():
        assert (tmp_path / name).read_bytes() == content, f"{command} changed its input {name}"


def test_usage_answers_as_the_comments_say(tmp_path):
    """The usage block's claims that are easy to get wrong: exit codes and the version's change."""
    _inputs(tmp_path, "")
    assert run("agreement validate min-avtale.xlsx", tmp_path).returncode == 0  # an annex: warnings, no errors
    changed = run("agreement diff v1.xlsx v2.xlsx", tmp_path)
    assert changed.returncode == 1 and "2.0" in changed.stdout, _show(changed)
    assert run("agreement diff v1.xlsx v1.xlsx", tmp_path).returncode == 0


# --- Endringer i git --------------------------------------------------------------------------
def test_git_setup_shows_content_changes(tmp_path):
    """The git blocks in order, in a repository where avtale.xlsx went from version 1.0 to 2.0."""
    identity = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
                "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path)}
    repository = tmp_path / "depot"
    repository.mkdir()
    shutil.copy(EXAMPLE, repository / "avtale.xlsx")
    setup = run("git init -q && git add avtale.xlsx && git commit -qm v1", repository, **identity)
    assert setup.returncode == 0, _show(setup)
    _version_two(repository / "avtale.xlsx")
    assert run("git commit -qam v2", repository, **identity).returncode == 0
    results = {command: run(command, repository, **identity) for command in commands_under("Endringer i git")}
    for command, result in results.items():
        assert result.returncode == 0, f"{command}\n{_show(result)}"
    (git_diff,) = [result for command, result in results.items() if command.split()[:2] == ["git", "diff"]]
    assert "+avtale | Versjon: 2.0" in git_diff.stdout and "Binary" not in git_diff.stdout, git_diff.stdout
    (difftool,) = [result for command, result in results.items() if command.split()[:2] == ["git", "difftool"]]
    assert "2.0" in difftool.stdout, _show(difftool)


# --- Utvikling --------------------------------------------------------------------------------
@pytest.mark.parametrize("command", commands_under("Utvikling"), ids=_command_id)
def test_development_command(command, tmp_path):
    clone = _copy_of_clone(tmp_path / "klone")
    result = run(command, clone)
    assert result.returncode == 0, _show(result)
    if "cli.py build" in command:
        assert docx.Document(str(clone / _expected_outputs(command)[0])).paragraphs
    if "make_docs.py" in command:  # regenerates from the code: a current docs/ stays as it is
        for name in result.stdout.split():
            assert Path(name).read_bytes() == (ROOT / "docs" / Path(name).name).read_bytes(), name


def test_cli_shim_names_missing_dependencies():
    """Without the dependencies (-S: no site-packages), cli.py says which are missing: one line, exit 2."""
    result = subprocess.run([sys.executable, "-S", str(ROOT / "cli.py"), "--help"], capture_output=True, text=True,
                            encoding="utf-8", timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "mangler Python-pakkene" in result.stderr, result.stderr
    assert "python-calamine" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.skip(reason=WINDOWS_ONLY)
@pytest.mark.parametrize("command", [c for b in readme_blocks() if b.lang == "powershell" for c in b.commands])
def test_windows_command(command):
    """Listed so the report shows each command that only a manual test on Windows covers (docs/excel.md)."""
