"""A full or read-only disk, in every command that writes: one bokmål line naming the file, exit 2, nothing left.

Two ways: writes made to fail with ENOSPC inside the process (always), and the real commands run on a
real file system that is full or read-only (a 2 MB tmpfs in a user namespace, where the machine allows one).
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_builder.cli import agreement as agreement_cli
from agreement_builder.cli import build_agreement
from conftest import EXAMPLE

FULL = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as write(2) reports it: no file name


class _FullFile:
    """A file opened for writing on a full disk: opening works, every write fails."""

    def __init__(self, handle):
        self._handle = handle

    def write(self, _data):
        raise OSError(FULL.errno, FULL.strerror)

    def writelines(self, _lines):
        raise OSError(FULL.errno, FULL.strerror)

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self._handle.close()

    def __getattr__(self, name):
        return getattr(self._handle, name)


@pytest.fixture
def full_disk(monkeypatch, tmp_path):
    """From now on, writing any file under ``tmp_path`` fails as on a full disk."""
    real_open, real_write = io.open, os.write

    def open_(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        writing = any(flag in mode for flag in "wax+")
        inside = isinstance(file, (str, os.PathLike)) and str(Path(file).resolve()).startswith(str(tmp_path))
        return _FullFile(handle) if writing and inside else handle

    def write(descriptor, data):
        if descriptor > 2:
            raise OSError(FULL.errno, FULL.strerror)
        return real_write(descriptor, data)

    def arm():
        monkeypatch.setattr(io, "open", open_)
        monkeypatch.setattr("builtins.open", open_)
        monkeypatch.setattr(os, "write", write)
    return arm


def _inputs(tmp_path: Path) -> dict[str, Path]:
    paths = {"a": tmp_path / "a.xlsx", "b": tmp_path / "b.xlsx"}
    for path in paths.values():
        shutil.copy(EXAMPLE, path)
    result = CliRunner().invoke(build_agreement, [str(paths["a"]), "-o", str(tmp_path / "avtale.docx")])
    assert result.exit_code == 0, result.output
    paths["docx"] = tmp_path / "avtale.docx"
    return paths


COMMANDS = {
    "in-place": (agreement_cli, ["validate", "{a}", "--in-place"], "a (før validering "),
    "write-sheet": (agreement_cli, ["validate", "{a}", "--write-sheet", "{t}/ark.xlsx"], "ark.xlsx: kan ikke skrives"),
    "build": (build_agreement, ["{a}", "-o", "{t}/ny.docx"], "ny.docx: kan ikke skrives"),
    "batch": (build_agreement, ["{a}", "--per-municipality", "-o", "{t}/UT"], "UT"),
    "diff": (agreement_cli, ["diff", "{a}", "{b}", "-o", "{t}/endringer.docx"], "endringer.docx: kan ikke skrives"),
    "merge": (agreement_cli, ["merge", "{a}", "{b}", "-o", "{t}/samlet.xlsx"], "samlet.xlsx: kan ikke skrives"),
    "import": (agreement_cli, ["import", "{docx}", "-o", "{t}/importert.xlsx"], "importert.xlsx: kan ikke skrives"),
    "split": (agreement_cli, ["split", "{a}", "-o", "{t}/mappe"], "mappe"),
    "init": (agreement_cli, ["init", "{t}/tom.xlsx"], "tom.xlsx: kan ikke skrives"),
}


def _arguments(arguments: list[str], paths: dict[str, Path], folder: Path) -> list[str]:
    return [argument.format(t=folder, **{key: str(value) for key, value in paths.items()}) for argument in arguments]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("name", COMMANDS)
def test_a_full_disk_gives_one_line_naming_the_file(name, tmp_path, full_disk):
    command, arguments, named = COMMANDS[name]
    paths = _inputs(tmp_path)
    before = _snapshot(tmp_path)
    full_disk()
    result = CliRunner().invoke(command, _arguments(arguments, paths, tmp_path))
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("Feil: ")]
    assert len(lines) == 1 and result.stderr.rstrip().endswith(lines[0]), result.stderr
    assert named in lines[0] and "(disken er full)" in lines[0], lines[0]
    assert "Traceback" not in result.output and "uventet" not in lines[0]
    assert _snapshot(tmp_path) == before  # nothing written, nothing changed, no temporary file left


def _tmpfs_available() -> bool:
    if shutil.which("unshare") is None or not sys.platform.startswith("linux"):
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                           capture_output=True)
    return probe.returncode == 0


_CAUSES = {"full": ("(disken er full)",), "read-only": ("(disken er skrivebeskyttet)", "har ikke skrivetilgang")}


@pytest.mark.skipif(not _tmpfs_available(), reason="no user namespace with tmpfs here")
@pytest.mark.parametrize("disk_state", _CAUSES)
@pytest.mark.parametrize("name", COMMANDS)
def test_a_real_full_or_read_only_disk_gives_one_line_naming_the_file(name, disk_state, tmp_path):
    """The real command on a 2 MB file system that is full or mounted read-only: no traceback (also none at exit)."""
    _, arguments, named = COMMANDS[name]
    disk = tmp_path / "disk"
    disk.mkdir()
    entry = "build_agreement" if COMMANDS[name][0] is build_agreement else "agreement"
    python = f"'{sys.executable}' -c 'from agreement_builder.cli import {{0}} as command; command()'"
    paths = {"a": disk / "a.xlsx", "b": disk / "b.xlsx", "docx": disk / "avtale.docx"}
    call = " ".join(f"'{argument}'" for argument in _arguments(arguments, paths, disk))
    make_full = (f"free=$(df -k '{disk}' | tail -1 | awk '{{print $4}}'); "
                 f"dd if=/dev/zero of='{disk}/fyll' bs=1k count=$free 2>/dev/null || true")
    script = f"""
set -e
mount -t tmpfs -o size=2m tmpfs '{disk}'
cp '{EXAMPLE}' '{paths["a"]}'; cp '{EXAMPLE}' '{paths["b"]}'
{python.format("build_agreement")} '{paths["a"]}' -o '{paths["docx"]}' >/dev/null
{make_full if disk_state == "full" else f"mount -o remount,ro '{disk}'"}
ls -a '{disk}' > '{tmp_path}/before'
set +e
{python.format(entry)} {call} 2> '{tmp_path}/stderr' >/dev/null
echo $? > '{tmp_path}/code'
ls -a '{disk}' > '{tmp_path}/after'
"""
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    stderr = (tmp_path / "stderr").read_text(encoding="utf-8")
    assert (tmp_path / "code").read_text().strip() == "2", stderr
    lines = [line for line in stderr.splitlines() if line.startswith("Feil: ")]
    assert len(lines) == 1 and stderr.rstrip().endswith(lines[0]) and "Traceback" not in stderr, stderr
    if disk_state == "read-only":  # refused before writing, by the file's name
        named = "a.xlsx: kan ikke endres" if name == "in-place" else named.split(":")[0]
    assert named in lines[0] and any(cause in lines[0] for cause in _CAUSES[disk_state]), lines[0]
    assert (tmp_path / "after").read_text() == (tmp_path / "before").read_text()  # nothing new, nothing left
