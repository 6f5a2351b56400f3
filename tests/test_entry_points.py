"""The console scripts as whole processes: they leave without teardown, but only after everything is written."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

BUILD = [sys.executable, "-c", "from agreement_builder.console import build_agreement_main as m; m()"]
AGREEMENT = [sys.executable, "-m", "agreement_builder"]


def run(command: list[str], **options) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=120, **options)


def test_help_is_written_whole_into_a_pipe():
    result = run([*AGREEMENT, "--help"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Bruk: agreement") and result.stdout.rstrip().splitlines()[-1].strip()
    assert result.stdout == run([*AGREEMENT, "--help"]).stdout
    assert result.stderr == ""


def test_a_build_is_written_and_told_before_the_process_ends(example_path, tmp_path):
    output = tmp_path / "avtale.docx"
    result = run([*BUILD, str(example_path), "-o", str(output)])
    assert result.returncode == 0, result.stderr
    assert f"Skrev avtalen til {output}" in result.stdout
    with zipfile.ZipFile(output) as package:
        assert package.testzip() is None
    assert [path.name for path in tmp_path.iterdir()] == ["avtale.docx"]


def test_bad_input_keeps_its_exit_code_and_one_line(tmp_path):
    result = run([*BUILD, str(tmp_path / "finnes-ikke.xlsx")])
    assert result.returncode == 2
    assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1
    usage = run([*AGREEMENT, "ukjent-kommando"])
    assert usage.returncode == 2 and "ukjent-kommando" in usage.stderr


def test_errors_found_give_exit_code_one(untyped_copy):
    result = run([*AGREEMENT, "validate", str(untyped_copy)])
    assert result.returncode == 1, result.stderr
    assert result.stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sets the pipe's size with Linux's fcntl")
def test_a_reader_that_leaves_early_gets_no_traceback(example_path):
    import fcntl
    import os

    reading, writing = os.pipe()
    fcntl.fcntl(writing, 1031, 4096)  # F_SETPIPE_SZ: a pipe smaller than the output
    with subprocess.Popen([*AGREEMENT, "textconv", str(example_path)], stdout=writing,
                          stderr=subprocess.PIPE) as process:
        os.close(writing)
        os.read(reading, 10)
        os.close(reading)
        errors = process.stderr.read().decode()
        status = process.wait(timeout=60)
    assert status != 0 and "Traceback" not in errors and "Exception ignored" not in errors
