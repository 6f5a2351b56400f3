"""The national run: several workbooks and folders in one ``build-agreement``, each into its own place."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_builder.cli import build_agreement
from agreement_builder.national import expand_inputs
from agreement_builder.workbook.split import split_workbook

from docx_reading import all_text

EXAMPLE = Path(__file__).resolve().parent.parent / "workbooks" / "innlandet-rehabilitering.xlsx"


def _run(*args: object):
    return CliRunner().invoke(build_agreement, [str(arg) for arg in args])


def _digests(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def municipalities() -> int:
    """How many municipalities the example has: one document each with --per-municipality."""
    from agreement_builder.workbook.inputs import read_input

    return len(read_input(EXAMPLE).agreement.municipalities)


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "inn"
    folder.mkdir()
    for name in ("Vest.xlsx", "Øst.xlsx"):
        shutil.copy(EXAMPLE, folder / name)
    return folder


def test_several_workbooks_each_into_its_own_folder(inputs, tmp_path, municipalities):
    out = tmp_path / "ut"
    result = _run(inputs / "Vest.xlsx", inputs / "Øst.xlsx", "--per-municipality", "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out.iterdir()) == ["Vest", "Øst"]
    for name in ("Vest", "Øst"):
        documents = sorted((out / name).glob("*.docx"))
        assert len(documents) == municipalities
        assert "«Vest.xlsx»" in result.output and "«Øst.xlsx»" in result.output
    first = sorted((out / "Vest").glob("*.docx"))[0]
    assert "kommune" in all_text(first).lower()


def test_without_per_municipality_one_document_per_workbook(inputs, tmp_path):
    out = tmp_path / "ut"
    result = _run(inputs, "-o", out, "--jobs", "1")  # a folder of workbooks stands for its entries
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out.iterdir()) == ["Vest.docx", "Øst.docx"]
    assert all_text(out / "Vest.docx")


def test_a_corrupt_workbook_is_named_and_the_others_are_written(inputs, tmp_path, municipalities):
    (inputs / "Skadet.xlsx").write_bytes(b"not a workbook")
    out = tmp_path / "ut"
    result = _run(inputs, "--per-municipality", "-o", out, "--jobs", "2")
    assert result.exit_code == 2
    failures = [line for line in result.output.splitlines() if line.startswith("«Skadet.xlsx»")]
    assert len(failures) == 1 and "Traceback" not in result.output
    assert sorted(path.name for path in out.iterdir()) == ["Vest", "Øst"]  # nothing half-written for the bad one
    assert all(len(list((out / name).glob("*.docx"))) == municipalities for name in ("Vest", "Øst"))


def test_one_core_and_two_give_the_same_bytes(inputs, tmp_path):
    one, two = tmp_path / "en", tmp_path / "to"
    assert _run(inputs, "--per-municipality", "-o", one, "--jobs", "1").exit_code == 0
    assert _run(inputs, "--per-municipality", "-o", two, "--jobs", "2").exit_code == 0
    assert _digests(one) == _digests(two)
    assert len(_digests(one)) > 2


def test_an_agreement_folder_among_the_inputs_is_one_agreement(inputs, tmp_path, municipalities):
    split_workbook(EXAMPLE, tmp_path / "avtalemappe")
    assert expand_inputs([tmp_path / "avtalemappe"]) == [tmp_path / "avtalemappe"]
    (tmp_path / "avtalemappe" / "gamle utkast").mkdir()  # a stray folder beside the group workbooks
    assert expand_inputs([tmp_path / "avtalemappe"]) == [tmp_path / "avtalemappe"]
    assert len(expand_inputs([inputs])) == 2  # a folder of two agreements opens up
    out = tmp_path / "ut"
    result = _run(inputs / "Vest.xlsx", tmp_path / "avtalemappe", "--per-municipality", "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out.iterdir()) == ["Vest", "avtalemappe"]
    assert len(list((out / "avtalemappe").glob("*.docx"))) == municipalities


def test_hostile_and_case_twin_names_stay_inside_and_distinct(tmp_path):
    folder = tmp_path / "inn"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    shutil.copy(EXAMPLE, folder / "a" / "..x.xlsx")  # a name that tries to climb: cleaned to «x»
    shutil.copy(EXAMPLE, folder / "a" / "Avtale.xlsx")
    shutil.copy(EXAMPLE, folder / "b" / "avtale.xlsx")
    out = tmp_path / "ut"
    result = _run(folder / "a" / "..x.xlsx", folder / "a" / "Avtale.xlsx", folder / "b" / "avtale.xlsx",
                  "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out.iterdir()) == ["Avtale.docx", "avtale (2).docx", "x.docx"]
    assert not (tmp_path / "x.docx").exists() and not list(tmp_path.glob("*.docx"))


def test_a_workbook_named_to_climb_inside_a_folder_input(tmp_path):
    folder = tmp_path / "inn"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "..x.xlsx")
    shutil.copy(EXAMPLE, folder / "y.xlsx")
    shutil.copy(EXAMPLE, folder / "Y.xlsx")
    out = tmp_path / "ut"
    result = _run(Path(str(folder) + "/../inn"), "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    # a hidden name is skipped, as in an agreement folder; names differing only in case stay apart
    assert sorted(path.name for path in out.iterdir()) == ["Y.docx", "y (2).docx"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["inn", "ut"]


def test_several_inputs_need_an_output_folder(inputs):
    result = _run(inputs / "Vest.xlsx", inputs / "Øst.xlsx")
    assert result.exit_code == 2
    assert "-o" in result.output and "Traceback" not in result.output


def test_one_workbook_builds_as_before(inputs, tmp_path):
    target = tmp_path / "en.docx"
    result = _run(inputs / "Vest.xlsx", "-o", target)
    assert result.exit_code == 0, result.output
    assert f"Skrev avtalen til {target} (" in result.output and target.is_file()


def test_when_every_input_fails_no_output_folder_is_left(tmp_path):
    for name in ("a.xlsx", "b.xlsx"):
        (tmp_path / name).write_bytes(b"junk")
    out = tmp_path / "ny" / "ut"
    result = _run(tmp_path / "a.xlsx", tmp_path / "b.xlsx", "--per-municipality", "-o", out, "--jobs", "2")
    assert result.exit_code == 2
    assert [line.split(":")[0] for line in result.output.splitlines()[:2]] == ["«a.xlsx»", "«b.xlsx»"]
    assert not (tmp_path / "ny").exists()


# --- stopping a run of several workbooks ------------------------------------------------------------
def _start(inputs: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "from agreement_builder.cli import build_agreement; "
                             "build_agreement()", str(inputs), "--per-municipality", "-o", str(out), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _many(tmp_path: Path, example_path: Path, count: int = 12) -> Path:
    inputs = tmp_path / "inn"
    inputs.mkdir()
    for number in range(count):
        shutil.copy(example_path, inputs / f"wb{number:02}.xlsx")
    return inputs


def _wait_for_first_set(out: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while not (out.exists() and any(path.is_dir() and not path.name.startswith(".") for path in out.iterdir())):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)


def _workers_of(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                children.append(int(stat.parent.name))
    return children


def _whole_sets_only(out: Path) -> None:
    for folder in out.iterdir():  # a staging folder (hidden) would show here too
        assert folder.is_dir() and not folder.name.startswith(".") and len(list(folder.glob("*.docx"))) == 42, folder


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads the process table from /proc")
@pytest.mark.parametrize("signum, group", [(signal.SIGINT, True), (signal.SIGTERM, True), (signal.SIGTERM, False)])
def test_a_stopped_run_leaves_whole_sets_and_no_workers(tmp_path, example_path, signum, group):
    out = tmp_path / "UT"
    process = _start(_many(tmp_path, example_path), out)
    _wait_for_first_set(out, process)
    workers = _workers_of(process.pid)
    started = time.monotonic()
    if group:
        os.killpg(process.pid, signum)  # as a terminal's Ctrl-C, or a service manager, does
    else:
        os.kill(process.pid, signum)  # the parent alone: its workers must not build on
    output, errors = process.communicate(timeout=60)
    assert time.monotonic() - started < 20, "stopped promptly, not after every queued workbook"
    assert process.returncode == 130, output + errors
    assert "Avbrutt" in errors and "Traceback" not in errors
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]
              for pid in workers):
        assert time.monotonic() < deadline, "a worker is still running"
        time.sleep(0.1)
    assert 1 <= len(list(out.iterdir())) < 12
    _whole_sets_only(out)


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads the process table from /proc")
def test_workers_stop_when_their_parent_is_killed(tmp_path, example_path):
    out = tmp_path / "UT"
    process = _start(_many(tmp_path, example_path), out)
    _wait_for_first_set(out, process)
    workers = _workers_of(process.pid)
    assert workers
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() for pid in workers):
        assert time.monotonic() < deadline, "a worker built on after its parent was killed"
        time.sleep(0.1)
    count = len(list(out.iterdir()))
    time.sleep(1)
    assert len(list(out.iterdir())) == count  # nothing more lands
    for folder in out.iterdir():  # a killed parent cannot clean up; its workers did their own
        assert not folder.name.startswith(".") and len(list(folder.glob("*.docx"))) == 42, folder
