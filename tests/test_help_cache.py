"""The help cache (agreement_builder/help_cache.py): click's own pages, printed again without loading click.

Whole processes run the console entry functions (and the installed scripts) with
``PYTHONPROFILEIMPORTTIME``, so each run says whether click was loaded: a warm run must not load
it, and must print exactly the bytes click printed.
"""

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from agreement_builder import help_cache
from agreement_builder.cli import COMMANDS, agreement, help_page

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENTRY = {"agreement": "agreement_main", "build-agreement": "build_agreement_main"}


def _forms():
    """Every help request the cache answers: both programs, both options, each command of the toolbox."""
    for name in ("build-agreement", "agreement"):
        yield name, ("--help",)
        yield name, ("-h",)
    for command in agreement.list_commands(click.Context(agreement)):
        yield "agreement", (command, "--help")
    yield "agreement", ("validate", "-h")


FORMS = list(_forms())


class Run:
    """One whole process of a console entry function: its status, output bytes and whether it loaded click."""

    def __init__(self, name: str, args, cache, *, columns: int = 80, cwd=ROOT, script: bool = False, **env):
        command = ([str(BIN / name)] if script else
                   [sys.executable, "-c", f"from agreement_builder.console import {ENTRY[name]} as m; m()"])
        environment = {key: value for key, value in os.environ.items() if not key.startswith("_")}
        environment.update({"AGREEMENT_BUILDER_CACHE": str(cache), "PYTHONPROFILEIMPORTTIME": "1",
                            "COLUMNS": str(columns), "PYTHONIOENCODING": "utf-8", **env})
        result = subprocess.run([*command, *args], capture_output=True, cwd=cwd, env=environment, timeout=120)
        self.status, self.stdout = result.returncode, result.stdout
        lines = result.stderr.decode("utf-8", "replace").splitlines()
        self.modules = _imported(result.stderr.decode("utf-8", "replace"))
        self.errors = "\n".join(line for line in lines if not line.startswith("import time:"))
        self.loaded_click = "click" in self.modules


def _files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


# --- whole processes -----------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "request_"), FORMS, ids=[" ".join((n, *r)) for n, r in FORMS])
def test_cold_run_keeps_clicks_page_and_warm_run_prints_it_without_click(tmp_path, name, request_):
    reference = Run(name, request_, "0")  # click alone, nothing kept
    cold = Run(name, request_, tmp_path)
    warm = Run(name, request_, tmp_path)
    assert reference.status == cold.status == warm.status == 0, cold.errors + warm.errors
    assert reference.loaded_click and cold.loaded_click and not warm.loaded_click
    assert cold.stdout == reference.stdout and warm.stdout == reference.stdout
    assert reference.stdout.startswith(b"Bruk: ") and reference.stdout.endswith(b"\n")
    assert len(_files(tmp_path)) == 1 and not warm.errors


def test_the_installed_scripts_answer_from_the_cache(tmp_path):
    for name, args in (("agreement", ["--help"]), ("build-agreement", ["-h"]), ("agreement", ["diff", "--help"])):
        reference, cold, warm = (Run(name, args, cache, script=True) for cache in ("0", tmp_path, tmp_path))
        assert reference.status == cold.status == warm.status == 0, cold.errors
        assert reference.stdout == cold.stdout == warm.stdout and reference.stdout.startswith(b"Bruk: ")
        assert cold.loaded_click and not warm.loaded_click
        # beyond what Python and pip's script (``import re, sys``) load: the three small modules, nothing else
        extra = warm.modules - _modules_of("import re, sys")
        assert extra == {"binascii", "agreement_builder", "agreement_builder.console", "agreement_builder.help_cache",
                         "agreement_builder.user_cache"}, extra


def _modules_of(code: str) -> set[str]:
    """The modules ``python -c code`` loads here (the interpreter's start, an editable install's hook)."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True,
                            timeout=60, cwd=ROOT)
    return _imported(result.stderr)


def _imported(report: str) -> set[str]:
    """The module names in a ``-X importtime`` report."""
    return {line.rsplit("|", 1)[-1].strip() for line in report.splitlines() if line.startswith("import time:")}


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory) -> Path:
    """A copy of the package, so a test can touch its files; run with the copy's folder as the current folder."""
    folder = tmp_path_factory.mktemp("package")
    shutil.copytree(ROOT / "agreement_builder", folder / "agreement_builder",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return folder


@pytest.mark.parametrize("touched", ["cli/__init__.py", "cli/toolbox.py", "locale/nb/LC_MESSAGES/click.mo",
                                     "cli_locale.py"])
def test_a_touched_source_file_makes_the_page_stale(tmp_path, package_copy, touched):
    cache = tmp_path / "cache"
    first = Run("agreement", ["--help"], cache, cwd=package_copy)
    assert first.loaded_click and not Run("agreement", ["--help"], cache, cwd=package_copy).loaded_click
    path = package_copy / "agreement_builder" / touched
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    again = Run("agreement", ["--help"], cache, cwd=package_copy)
    assert again.loaded_click and again.stdout == first.stdout and again.status == 0
    assert not Run("agreement", ["--help"], cache, cwd=package_copy).loaded_click  # kept again


def test_another_width_is_another_page(tmp_path):
    narrow = Run("agreement", ["validate", "--help"], tmp_path, columns=80)
    assert not Run("agreement", ["validate", "--help"], tmp_path, columns=80).loaded_click
    wide = Run("agreement", ["validate", "--help"], tmp_path, columns=130)
    assert wide.loaded_click and wide.stdout != narrow.stdout
    assert wide.stdout == Run("agreement", ["validate", "--help"], "0", columns=130).stdout
    warm = Run("agreement", ["validate", "--help"], tmp_path, columns=130)
    assert not warm.loaded_click and warm.stdout == wide.stdout
    assert len(_files(tmp_path)) == 2


@pytest.mark.parametrize("value", ["0", "", " 0 "])
def test_cache_off_writes_nothing(tmp_path, value):
    home = tmp_path / "home"
    for _ in range(2):
        run = Run("agreement", ["--help"], value, HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"))
        assert run.status == 0 and run.loaded_click and run.stdout.startswith(b"Bruk: agreement")
    assert not home.exists()


def test_without_a_chosen_folder_the_page_goes_to_the_users_cache(tmp_path):
    environment = {key: value for key, value in os.environ.items() if key != "AGREEMENT_BUILDER_CACHE"}
    code = "from agreement_builder.console import agreement_main as m; m()"
    subprocess.run([sys.executable, "-c", code, "--help"], capture_output=True, timeout=120, check=True, cwd=ROOT,
                   env={**environment, "XDG_CACHE_HOME": str(tmp_path), "HOME": str(tmp_path)})
    (kept,) = _files(tmp_path / "agreement_builder" / "help")
    assert kept.startswith("help_agreement_--help_80_") and kept.endswith(".txt")


def test_a_damaged_file_is_ignored_and_written_again(tmp_path):
    reference = Run("agreement", ["regler", "--help"], tmp_path)
    (kept,) = tmp_path.iterdir()
    good = kept.read_bytes()
    for damaged in (b"", b"\x00\xff garbage", good[:-40], good.replace(b"Bruk:", b"Bruk;"), good[:200]):
        kept.write_bytes(damaged)
        run = Run("agreement", ["regler", "--help"], tmp_path)
        assert run.loaded_click and run.stdout == reference.stdout and run.status == 0
        assert kept.read_bytes() == good
    assert not Run("agreement", ["regler", "--help"], tmp_path).loaded_click


def test_another_requests_page_is_not_taken(tmp_path):
    Run("agreement", ["diff", "--help"], tmp_path)
    (diff_page,) = tmp_path.iterdir()
    merge = Run("agreement", ["merge", "--help"], tmp_path)
    (merge_page,) = set(tmp_path.iterdir()) - {diff_page}
    shutil.copy(diff_page, merge_page)  # a foreign page under merge's name
    run = Run("agreement", ["merge", "--help"], tmp_path)
    assert run.loaded_click and run.stdout == merge.stdout and b"merge" in run.stdout.splitlines()[0]


def test_arguments_other_than_a_help_request_run_click_and_keep_nothing(tmp_path):
    Run("agreement", ["--help"], tmp_path)
    kept = _files(tmp_path)
    for args, status in ((["--version"], 0), (["nope", "--help"], 2), (["--help", "validate"], 0),
                         (["validate", "--strict", "--help"], 0), (["excel", "install", "--help"], 0),
                         (["regler"], 0), (["--hel"], 2), (["Validate", "--help"], 2)):
        run = Run("agreement", args, tmp_path)
        assert run.status == status and run.loaded_click, (args, run.errors)
    assert _files(tmp_path) == kept


def test_a_reader_that_left_gets_the_same_exit_code(tmp_path):
    Run("agreement", ["--help"], tmp_path)

    def status_into_closed_pipe(cache) -> tuple[int, bool]:
        reading, writing = os.pipe()
        os.close(reading)
        code = "from agreement_builder.console import agreement_main as m; m()"
        environment = {**os.environ, "AGREEMENT_BUILDER_CACHE": str(cache), "PYTHONIOENCODING": "utf-8"}
        result = subprocess.run([sys.executable, "-X", "importtime", "-c", code, "--help"], stdout=writing,
                                stderr=subprocess.PIPE, env=environment, timeout=120, cwd=ROOT)
        os.close(writing)
        return result.returncode, "click" in _imported(result.stderr.decode("utf-8", "replace"))

    assert status_into_closed_pipe("0") == (1, True)  # click itself
    assert status_into_closed_pipe(tmp_path) == (1, False)  # from the cache


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_help_onto_a_full_disk_is_one_line_with_or_without_the_cache(tmp_path):
    Run("agreement", ["validate", "--help"], tmp_path)

    def onto_full_disk(cache) -> tuple[int, str]:
        code = "from agreement_builder.console import agreement_main as m; m()"
        environment = {**os.environ, "AGREEMENT_BUILDER_CACHE": str(cache), "PYTHONIOENCODING": "utf-8"}
        with open("/dev/full", "wb") as full:
            result = subprocess.run([sys.executable, "-c", code, "validate", "--help"], stdout=full,
                                    stderr=subprocess.PIPE, env=environment, timeout=120, cwd=ROOT)
        return result.returncode, result.stderr.decode("utf-8", "replace")

    for cache in ("0", tmp_path):
        status, errors = onto_full_disk(cache)
        assert status == 2 and errors == "Feil: utskriften kan ikke skrives (disken er full)\n", errors


# --- in the test process -------------------------------------------------------------------------
@pytest.mark.parametrize("columns", ["80", "52", "40", "100", "101", "250", "0", "-3", "abc", " 90 ", None])
def test_the_width_is_the_one_clicks_formatter_reads(monkeypatch, columns):
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    for lines in ("24", None):
        if lines is None:
            monkeypatch.delenv("LINES", raising=False)
        else:
            monkeypatch.setenv("LINES", lines)
        assert help_cache.terminal_columns() == shutil.get_terminal_size().columns


@pytest.mark.parametrize("columns", ["60", "80", "120"])
def test_help_page_is_what_click_prints_for_every_form(monkeypatch, capsys, columns):
    monkeypatch.setenv("COLUMNS", columns)
    for name, request in FORMS:
        status = COMMANDS[name].main(list(request), prog_name=name, standalone_mode=False)
        printed = capsys.readouterr().out
        assert status == 0 and printed.startswith("Bruk: ")
        assert help_page(name, request) == (printed, int(columns)), (name, request)


def test_help_page_refuses_what_click_would_not_answer_with_a_page():
    assert help_page("agreement", ("nope", "--help")) is None
    assert help_page("agreement", ("validate", "--hel")) is None
    assert help_page("build-agreement", ("--version",)) is None


def test_help_requests_are_few_and_exact(monkeypatch):
    assert help_cache.help_request("agreement", ["--help"]) == ("--help",)
    assert help_cache.help_request("agreement", ["validate", "-h"]) == ("validate", "-h")
    assert help_cache.help_request("build-agreement", ["-h"]) == ("-h",)
    for name, args in (("agreement", []), ("agreement", ["--version"]), ("agreement", ["--help", "validate"]),
                       ("agreement", ["excel", "install", "--help"]), ("agreement", ["../x", "--help"]),
                       ("agreement", ["-v", "--help"]), ("agreement", ["Validate", "--help"]),
                       ("agreement", ["validate", "x.xlsx"]), ("build-agreement", ["x.xlsx", "--help"]),
                       ("agreement", ["--help=1"]), ("agreement", ["", "--help"])):
        assert help_cache.help_request(name, args) is None, args
    monkeypatch.setenv("_AGREEMENT_COMPLETE", "bash_complete")  # the shell asks click for completions
    assert help_cache.help_request("agreement", ["--help"]) is None
    monkeypatch.delenv("_AGREEMENT_COMPLETE")
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="latin-1"))
    assert help_cache.help_request("agreement", ["--help"]) is None


def test_the_file_records_click_the_catalogue_and_the_cli(monkeypatch, tmp_path):
    monkeypatch.setenv("AGREEMENT_BUILDER_CACHE", str(tmp_path))
    columns = help_cache.terminal_columns()
    help_cache.write("agreement", ("--help",), "Bruk: agreement\n", columns)
    assert help_cache.read("agreement", ("--help",)) == "Bruk: agreement\n"
    (kept,) = tmp_path.iterdir()
    recorded = {entry.split(" ", 4)[-1] for entry in kept.read_text(encoding="utf-8").split("\0")[3:-2]}
    package = Path(help_cache.__file__).parent
    catalogue = package / "locale" / "nb" / "LC_MESSAGES"
    assert {str(package / "cli" / "__init__.py"), str(package / "cli_locale.py"), str(catalogue / "click.mo"),
            str(catalogue / "click.po"), str(package), click.core.__file__,
            str(Path(click.__file__).parent)} <= recorded


def test_a_changed_module_makes_the_page_stale(monkeypatch, tmp_path):
    source = tmp_path / "probe.py"
    source.write_text("X = 1\n", encoding="utf-8")
    module = type(sys)("agreement_builder._help_probe")
    module.__file__ = str(source)
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setenv("AGREEMENT_BUILDER_CACHE", str(tmp_path / "cache"))
    help_cache.write("agreement", ("-h",), "side\n", help_cache.terminal_columns())
    assert help_cache.read("agreement", ("-h",)) == "side\n"
    source.write_text("X = 22\n", encoding="utf-8")
    assert help_cache.read("agreement", ("-h",)) is None
    monkeypatch.setenv("COLUMNS", str(help_cache.terminal_columns() + 1))
    assert help_cache.read("agreement", ("-h",)) is None


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="symbolic links")
def test_a_link_in_place_of_the_file_is_neither_read_nor_written_through(monkeypatch, tmp_path):
    monkeypatch.setenv("AGREEMENT_BUILDER_CACHE", str(tmp_path / "cache"))
    columns = help_cache.terminal_columns()
    help_cache.write("agreement", ("--help",), "page\n", columns)
    (kept,) = (tmp_path / "cache").iterdir()
    precious = tmp_path / "precious.txt"
    precious.write_bytes(kept.read_bytes())  # a valid page, reachable only through the link
    kept.unlink()
    kept.symlink_to(precious)
    assert help_cache.read("agreement", ("--help",)) is None
    help_cache.write("agreement", ("--help",), "new page\n", columns)
    assert not kept.is_symlink() and help_cache.read("agreement", ("--help",)) == "new page\n"
    assert "page\n" in precious.read_text(encoding="utf-8") and "new page" not in precious.read_text(encoding="utf-8")


def test_a_folder_that_cannot_be_written_costs_nothing(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("AGREEMENT_BUILDER_CACHE", str(blocker / "cache"))
    help_cache.write("agreement", ("--help",), "page\n", help_cache.terminal_columns())
    assert help_cache.read("agreement", ("--help",)) is None
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_the_oldest_pages_go_when_the_folder_is_full(monkeypatch, tmp_path):
    monkeypatch.setenv("AGREEMENT_BUILDER_CACHE", str(tmp_path))
    monkeypatch.setattr(help_cache, "_KEEP", 2)
    for columns in (70, 71, 72):
        monkeypatch.setenv("COLUMNS", str(columns))
        help_cache.write("agreement", ("--help",), f"{columns}\n", columns)
        os.utime(max(tmp_path.iterdir(), key=lambda path: path.stat().st_mtime_ns), ns=(columns * 10**9,) * 2)
    (tmp_path / "other.bin").write_bytes(b"a compiled template")  # not a help page: let be
    for name in ("help_notat.txt", "help_agreement_x_80_notes.txt"):  # the user's own, in a folder they chose
        (tmp_path / name).write_text("mine", encoding="utf-8")
        os.utime(tmp_path / name, ns=(0, 0))
    help_cache.write("agreement", ("-h",), "h\n", 72)
    assert help_cache.read("agreement", ("-h",)) == "h\n" and help_cache.read("agreement", ("--help",)) == "72\n"
    assert len([path for path in tmp_path.glob("help_*.txt") if help_cache._is_page_name(path.name)]) == 2
    assert (tmp_path / "other.bin").exists() and (tmp_path / "help_notat.txt").read_text(encoding="utf-8") == "mine"
    assert (tmp_path / "help_agreement_x_80_notes.txt").exists()


def test_a_cache_folder_given_with_a_tilde_is_in_the_home_folder(monkeypatch, tmp_path):
    from agreement_builder.user_cache import cache_dir

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AGREEMENT_BUILDER_CACHE", "~/cache")
    assert cache_dir("help") == str(tmp_path / "cache")
