"""A batch killed half-way leaves a staging folder; the next run removes it, and only what is clearly its own."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import hostile_workbooks as shapes
from agreement_builder import files
from agreement_builder.cli import build_agreement


def staging_folders(parent: Path, name: str = "UT") -> list[Path]:
    return sorted(path for path in parent.iterdir() if path.name.startswith(f".{name}-"))


def test_a_batch_killed_half_way_leaves_staging_that_the_next_run_removes(tmp_path):
    workbook = shapes.task_rows(tmp_path / "avtale.xlsx", 10_000)  # 42 documents of 30 058 tasks: some seconds
    out = tmp_path / "UT"
    child = subprocess.Popen([sys.executable, "-c", "from agreement_builder.cli import build_agreement; "
                              "build_agreement()", str(workbook), "--per-municipality", "-o", str(out)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not any(path.suffix == ".docx" for folder in staging_folders(tmp_path) for path in folder.iterdir()):
        assert child.poll() is None, "the batch ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    left = staging_folders(tmp_path)
    assert len(left) == 1 and not out.exists()
    marker = json.loads((left[0] / files.STAGING_MARKER).read_text(encoding="utf-8"))
    assert marker["pid"] == child.pid and marker["host"] == socket.gethostname()

    result = CliRunner().invoke(build_agreement, [str(workbook), "--per-municipality", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert staging_folders(tmp_path) == []
    assert len(list(out.glob("*.docx"))) == 42 and not (out / files.STAGING_MARKER).exists()


def _staging(parent: Path, name: str, marker: dict | None) -> Path:
    folder = parent / name
    folder.mkdir()
    (folder / "avtale.docx").write_bytes(b"x")
    if marker is not None:
        (folder / files.STAGING_MARKER).write_text(json.dumps(marker), encoding="utf-8")
    return folder


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _marker(**changes) -> dict:
    return {"tool": "agreement_builder", "pid": _dead_pid(), "host": socket.gethostname(), "created": time.time(),
            **changes}


def test_only_our_own_abandoned_staging_is_removed(tmp_path):
    host, now = socket.gethostname(), time.time()
    dead = _staging(tmp_path, ".UT-dead", _marker())
    old_elsewhere = _staging(tmp_path, ".UT-old", _marker(host="annen-maskin", created=now - 2 * files.STALE_AFTER))
    kept = [
        _staging(tmp_path, ".UT-nomarker", None),  # not clearly ours
        _staging(tmp_path, ".UT-alive", _marker(pid=os.getpid())),  # a run in progress (this one)
        _staging(tmp_path, ".UT-parent", _marker(pid=os.getppid())),  # another live process
        _staging(tmp_path, ".UT-elsewhere", _marker(host="annen-maskin")),  # another machine's, recent
        _staging(tmp_path, ".UT-othertool", _marker(tool="noe annet")),
        _staging(tmp_path, ".UT-garbled", None),
        _staging(tmp_path, ".ANNET-dead", _marker()),  # another output folder's: not asked about
    ]
    (kept[5] / files.STAGING_MARKER).write_text("{ikke json", encoding="utf-8")
    target = _staging(tmp_path, "ekte", _marker())
    (tmp_path / ".UT-lenke").symlink_to(target)  # a link is never followed nor removed
    (tmp_path / ".UT-fil").write_text("en fil", encoding="utf-8")

    removed = files.remove_stale_staging(tmp_path, ".UT-")
    assert sorted(removed) == sorted([dead, old_elsewhere]) and not dead.exists() and not old_elsewhere.exists()
    assert all((folder / "avtale.docx").exists() for folder in [*kept, target])
    assert (tmp_path / ".UT-lenke").is_symlink() and (tmp_path / ".UT-fil").exists()
    assert host == socket.gethostname()


def test_a_marker_that_is_a_link_is_not_trusted(tmp_path):
    real = _staging(tmp_path, "andre", _marker())
    folder = _staging(tmp_path, ".UT-x", None)
    (folder / files.STAGING_MARKER).symlink_to(real / files.STAGING_MARKER)
    assert files.remove_stale_staging(tmp_path, ".UT-") == [] and folder.exists()


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_finished_set_holds_no_marker(tmp_path, overwrite):
    out = tmp_path / "UT"
    if overwrite:
        out.mkdir()
    with files.atomic_folder(out, overwrite=overwrite) as staging:
        assert (staging / files.STAGING_MARKER).is_file()
        (staging / "a.docx").write_bytes(b"a")
    assert sorted(path.name for path in out.iterdir()) == ["a.docx"] and staging_folders(tmp_path) == []


# --- temporary files beside a single output ----------------------------------------------------
WRITER = """
import sys, time
from pathlib import Path
from agreement_builder.files import atomic_output
with atomic_output(Path(sys.argv[1])) as temporary:
    temporary.write_bytes(b"half a document")
    print(temporary, flush=True)
    time.sleep(120)
"""


def test_a_write_killed_half_way_leaves_a_temporary_file_that_the_next_write_removes(tmp_path, example_path):
    target = tmp_path / "avtale.docx"
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True)
    temporary = Path(child.stdout.readline().strip())
    assert temporary.exists() and temporary.parent == tmp_path
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    assert temporary.exists() and not target.exists()

    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["avtale.docx"]


def test_only_our_own_abandoned_temporary_files_are_removed(tmp_path):
    target, tag = tmp_path / "avtale.docx", files._host_tag()
    other_tag = "000000" if tag != "000000" else "111111"

    def temporary(name: str) -> Path:
        path = tmp_path / name
        path.write_bytes(b"x")
        return path

    dead = temporary(f".avtale-{tag}.{_dead_pid()}-abc123.docx")
    old = temporary(f".avtale-{other_tag}.{os.getpid()}-old123.docx")
    os.utime(old, (time.time() - 2 * files.STALE_AFTER,) * 2)
    kept = [
        temporary(f".avtale-{tag}.{os.getpid()}-alive1.docx"),  # this process: a write in progress
        temporary(f".avtale-{tag}.{os.getppid()}-alive2.docx"),  # another live process
        temporary(f".avtale-{other_tag}.{_dead_pid()}-recent.docx"),  # another machine's, recent
        temporary(f".avtale-{tag}.{_dead_pid()}-abc123.xlsx"),  # another target's
        temporary(f".annet-{tag}.{_dead_pid()}-abc123.docx"),
        temporary("avtale-kopi.docx"),
    ]
    link = tmp_path / f".avtale-{tag}.{_dead_pid()}-link12.docx"
    link.symlink_to(kept[-1])
    assert sorted(files.remove_stale_temporaries(target)) == sorted([dead, old])
    assert all(path.exists() for path in kept) and link.is_symlink()
