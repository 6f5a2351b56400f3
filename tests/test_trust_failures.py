"""Every failure is one named bokmål line with exit code 2, and leaves nothing half written.

Tests run as root here, and root ignores file permissions, so «permission denied» and «disk
full» are produced by making the low-level call fail with the errno the system would give
(monkeypatch); the paths through the tool's own code are the real ones.
"""

from __future__ import annotations

import errno
import os
import pathlib
import subprocess
import sys
import tempfile

import pytest
from click.testing import CliRunner

from agreement_builder.cli import agreement as agreement_cli
from agreement_builder.cli import build_agreement
from agreement_builder.pdf import find_soffice

from test_trust_paths import files_under, municipalities


def one_line(result, *expected: str) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("Feil: ")]
    assert len(lines) == 1 and result.stderr.strip().endswith(lines[0]), result.stderr
    assert "uventet feil" not in lines[0] and "Traceback" not in result.output
    for text in expected:
        assert text in lines[0]
    return lines[0]


def run_command(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The real command in a child process (so a hang fails the test instead of blocking it)."""
    return subprocess.run([sys.executable, "-m", "agreement_builder", *args], capture_output=True, text=True,
                          timeout=timeout)


def disk_full_after(monkeypatch, good_writes: int = 0) -> None:
    """Make ``Path.write_bytes`` fail as a full disk does, after ``good_writes`` successful writes."""
    real = pathlib.Path.write_bytes
    calls = []

    def write_bytes(self, data):
        calls.append(self)
        if len(calls) > good_writes:
            real(self, data[:100])  # a full disk leaves a partial file behind
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", write_bytes)


# --- inputs that are not files ---------------------------------------------------------------
def test_a_named_pipe_is_refused_without_being_opened(tmp_path):
    pipe = tmp_path / "x.xlsx"
    os.mkfifo(pipe)
    result = run_command("validate", str(pipe), timeout=30)
    assert result.returncode == 2
    assert result.stderr.strip() == "Feil: x.xlsx: er et navngitt rør (FIFO), ikke en arbeidsbok – velg selve filen"


def test_a_named_pipe_as_template_is_refused_without_being_opened(tmp_path, example_path):
    pipe = tmp_path / "mal.docx"
    os.mkfifo(pipe)
    result = run_command("build", str(example_path), "--template", str(pipe), "-o", str(tmp_path / "a.docx"),
                         timeout=30)
    assert result.returncode == 2 and "mal.docx: er et navngitt rør (FIFO), ikke en Word-mal" in result.stderr
    assert not (tmp_path / "a.docx").exists()


def test_a_device_is_refused(example_path, tmp_path):
    result = CliRunner().invoke(agreement_cli, ["validate", "/dev/null"])
    one_line(result, "null: er en enhet, ikke en arbeidsbok")


def test_a_folder_as_input_or_output_is_named(example_path, tmp_path):
    folder = tmp_path / "mappe.xlsx"
    folder.mkdir()
    one_line(CliRunner().invoke(agreement_cli, ["validate", str(folder)]), "er en mappe, ikke en arbeidsbok")
    one_line(CliRunner().invoke(build_agreement, [str(example_path), "-o", str(folder)]), "er en mappe")
    one_line(CliRunner().invoke(agreement_cli, ["template-check", str(folder)]), "er en mappe, ikke en Word-mal")


def test_a_template_that_is_not_a_word_file_is_named(example_path, tmp_path):
    result = CliRunner().invoke(build_agreement, [str(example_path), "--template", str(example_path), "-o",
                                                  str(tmp_path / "a.docx")])
    one_line(result, "er ikke et Word-dokument (.docx) – det er et regneark")
    one_line(CliRunner().invoke(agreement_cli, ["template-check", str(example_path)]), "er ikke et Word-dokument")
    assert list(tmp_path.iterdir()) == []


def test_a_name_too_long_is_named_for_inputs_and_outputs(example_path, tmp_path):
    long = "x" * 300
    one_line(CliRunner().invoke(agreement_cli, ["validate", str(tmp_path / f"{long}.xlsx")]), "navnet er for langt")
    one_line(CliRunner().invoke(build_agreement, [str(example_path), "-o", str(tmp_path / f"{long}.docx")]),
             "navnet er for langt")


def test_no_read_permission_is_named(example_copy, monkeypatch):
    monkeypatch.setattr(os, "access", lambda path, mode, **kwargs: mode != os.R_OK)
    from agreement_builder.workbook import read_workbook
    from agreement_builder.errors import WorkbookError

    with pytest.raises(WorkbookError, match="innlandet.xlsx: har ikke lesetilgang til filen"):
        read_workbook(example_copy)
    result = CliRunner().invoke(agreement_cli, ["validate", str(example_copy)])  # click checks first
    assert result.exit_code == 2 and "kan ikke leses" in result.stderr and "uventet" not in result.stderr


# --- outputs that cannot be written ------------------------------------------------------------
def test_a_full_disk_while_building_is_named_and_leaves_nothing(example_path, tmp_path, monkeypatch):
    disk_full_after(monkeypatch)
    target = tmp_path / "ny" / "a.docx"
    one_line(CliRunner().invoke(build_agreement, [str(example_path), "-o", str(target)]),
             "a.docx: kan ikke skrives (disken er full)")
    assert list(tmp_path.iterdir()) == []  # neither the file, its temporary, nor the folder made for it


def test_a_full_disk_while_writing_the_sheet_is_named_and_leaves_nothing(example_copy, tmp_path, monkeypatch):
    real_write_bytes = pathlib.Path.write_bytes

    def write_bytes(self, data):
        real_write_bytes(self, data[:100])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pathlib.Path, "write_bytes", write_bytes)
    target = tmp_path / "kontrollert.xlsx"
    one_line(CliRunner().invoke(agreement_cli, ["validate", str(example_copy), "--write-sheet", str(target)]),
             "kontrollert.xlsx: kan ikke skrives (disken er full)")
    assert [path.name for path in tmp_path.iterdir()] == [example_copy.name]


def test_a_full_disk_during_in_place_is_named_and_leaves_the_workbook_whole(example_copy, tmp_path, monkeypatch):
    from agreement_builder.workbook import in_place

    before, real_write = example_copy.read_bytes(), os.write

    def write(descriptor, data):
        real_write(descriptor, bytes(data[:100]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(in_place.os, "write", write)
    result = CliRunner().invoke(agreement_cli, ["validate", str(example_copy), "--in-place"])
    assert result.exit_code == 2 and "disken er full" in result.stderr and "Traceback" not in result.output
    assert example_copy.read_bytes() == before
    assert [path.name for path in tmp_path.iterdir()] == [example_copy.name]


def test_permission_denied_on_the_output_folder_is_named(example_path, tmp_path, monkeypatch):
    def mkstemp(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    one_line(CliRunner().invoke(build_agreement, [str(example_path), "-o", str(tmp_path / "a.docx")]),
             "a.docx: kan ikke skrives (mangler tilgang)")
    assert list(tmp_path.iterdir()) == []


def test_a_reader_that_leaves_early_ends_the_command_quietly(example_path):
    child = subprocess.Popen([sys.executable, "-m", "agreement_builder", "textconv", str(example_path)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.close()  # like `| head -0`: nobody reads
    stderr = child.stderr.read().decode()
    child.stderr.close()
    assert child.wait(timeout=60) == 128 + 13
    assert stderr == ""


# --- a batch appears whole or not at all ---------------------------------------------------------
def test_a_batch_that_fails_half_way_leaves_no_files_and_no_folders(edited, tmp_path, monkeypatch):
    workbook = edited(municipalities(("3234", "Lunner"), ("3403", "Hamar"), ("3405", "Lillehammer")))
    disk_full_after(monkeypatch, good_writes=1)
    folder = tmp_path / "ny" / "kommuner"
    result = CliRunner().invoke(build_agreement, [str(workbook), "--per-municipality", "-o", str(folder)])
    one_line(result, f"{folder / 'endret - 3403 Hamar.docx'}: kan ikke skrives (disken er full)")
    assert files_under(tmp_path) == [workbook.name] and not (tmp_path / "ny").exists()


def test_a_batch_into_an_existing_folder_moves_the_finished_set_in(edited, tmp_path):
    workbook = edited(municipalities(("3234", "Lunner"), ("3403", "Hamar")))
    folder = tmp_path / "kommuner"
    folder.mkdir()
    (folder / "notat.txt").write_text("mitt")
    result = CliRunner().invoke(build_agreement, [str(workbook), "--per-municipality", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    assert files_under(folder) == ["endret - 3234 Lunner.docx", "endret - 3403 Hamar.docx", "notat.txt"]
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


@pytest.mark.skipif(not find_soffice(), reason="LibreOffice (soffice) is not installed")
def test_a_batch_with_pdfs_that_exist_writes_nothing(edited, tmp_path):
    workbook = edited(municipalities(("3234", "Lunner"),))
    folder = tmp_path / "kommuner"
    folder.mkdir()
    (folder / "endret - 3234 Lunner.pdf").write_bytes(b"gammel")
    result = CliRunner().invoke(build_agreement, [str(workbook), "--per-municipality", "--pdf", "-o", str(folder)])
    one_line(result, "endret - 3234 Lunner.pdf", "--overwrite")
    assert files_under(folder) == ["endret - 3234 Lunner.pdf"]
    assert (folder / "endret - 3234 Lunner.pdf").read_bytes() == b"gammel"
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([workbook.name, "kommuner"])
