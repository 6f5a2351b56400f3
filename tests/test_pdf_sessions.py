"""LibreOffice sessions: started once, reused for every document, on profiles kept in the cache, always shut down.

Each test points the user's cache folder (XDG_CACHE_HOME) into its own temporary folder, so
the LibreOffice processes it starts are told from any other by their profile path.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from agreement_builder.errors import AgreementError
from agreement_builder.pdf import find_soffice, find_uno_python, run_libreoffice
from agreement_builder.pdf.lo_profile import READY
from agreement_builder.pdf.session import Office, office, profiles_folder

SOFFICE = find_soffice()
if not (SOFFICE and find_uno_python(SOFFICE) and sys.platform.startswith("linux")):
    pytest.skip("LibreOffice with a Python that can import uno (and /proc) is needed", allow_module_level=True)
UNO_PYTHON = find_uno_python(SOFFICE)
EXAMPLE = Path(__file__).resolve().parent.parent / "workbooks" / "innlandet-rehabilitering.xlsx"
BUILD = Path(sys.executable).with_name("build-agreement")


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[Path]:
    """Three agreements, one per municipality, as the per-municipality build writes them."""
    from agreement_builder.render.batch import render_per_municipality
    from agreement_builder.validation import validate
    from agreement_builder.workbook import read_workbook

    agreement = read_workbook(EXAMPLE).agreement
    folder = tmp_path_factory.mktemp("kommuner")
    written = render_per_municipality(agreement, folder, stem="avtale", report=validate(agreement))
    return sorted(written)[:3]


def _offices(marker: Path) -> list[int]:
    """The LibreOffice processes (``soffice.bin`` and its launcher) running on a profile under ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        program = Path(command.split("\0")[0]).name
        if (program.startswith("soffice") or program == "oosplash") and str(marker) in command:
            found.append(int(entry.name))
    return found


def _none_left(marker: Path, seconds: float = 30) -> bool:
    """Whether every LibreOffice on a profile under ``marker`` has gone (waiting up to ``seconds``)."""
    deadline = time.monotonic() + seconds
    while _offices(marker):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def _wait_for_office(marker: Path, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not _offices(marker):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "LibreOffice never started"
        time.sleep(0.1)


# --- one session, many documents ------------------------------------------------------------------
def test_one_libreoffice_lays_out_every_document_and_is_shut_down(cache, documents, tmp_path):
    sessions = Office(1)
    try:
        results = sessions.run(SOFFICE, UNO_PYTHON, documents, tmp_path, "measure")
        started = sessions.sessions[0].office_pid
        again = sessions.run(SOFFICE, UNO_PYTHON, documents[:1], tmp_path, "pdf")
        assert sessions.sessions[0].office_pid == started, "the second call used the running LibreOffice"
        assert _offices(cache), "LibreOffice runs between the calls"
    finally:
        sessions.close()
    assert sorted(result["file"] for result in results) == sorted(map(str, documents))
    assert all(result["pages"] and min(result["pages"].values()) >= 1 for result in results)
    assert again[0]["pages"] == next(r["pages"] for r in results if r["file"] == str(documents[0]))
    assert (tmp_path / f"{documents[0].stem}.pdf").read_bytes().startswith(b"%PDF")
    assert _none_left(cache)


def test_the_profile_is_made_once_and_reused(cache, documents, tmp_path):
    reused = []
    for _ in range(2):
        sessions = Office(1)
        try:
            sessions.run(SOFFICE, UNO_PYTHON, documents[:1], tmp_path, "measure")
            reused.append(sessions.sessions[0].reused)
        finally:
            sessions.close()
    assert reused == [False, True]
    slot = profiles_folder(SOFFICE) / "slot-0"
    assert str(slot).startswith(str(cache)) and (slot / READY).is_file() and (slot / "user").is_dir()


def test_sessions_at_the_same_time_take_a_profile_each(cache, documents, tmp_path):
    first, second = Office(1), Office(1)
    try:
        first.run(SOFFICE, UNO_PYTHON, documents[:1], tmp_path, "measure")
        assert not (profiles_folder(SOFFICE) / "slot-0" / READY).exists(), "in use: not marked reusable"
        second.run(SOFFICE, UNO_PYTHON, documents[1:2], tmp_path, "measure")
        assert len(_offices(cache)) >= 2
    finally:
        first.close()
        second.close()
    assert sorted(path.name for path in profiles_folder(SOFFICE).iterdir() if path.is_dir()) == ["slot-0", "slot-1"]
    assert all((profiles_folder(SOFFICE) / slot / READY).is_file() for slot in ("slot-0", "slot-1"))
    assert _none_left(cache)


def test_a_profile_left_half_made_is_made_afresh(cache, documents, tmp_path):
    slot = profiles_folder(SOFFICE) / "slot-0"
    (slot / "user").mkdir(parents=True)
    (slot / "user" / "registrymodifications.xcu").write_text("<half")  # a session killed while writing
    sessions = Office(1)
    try:
        results = sessions.run(SOFFICE, UNO_PYTHON, documents[:1], tmp_path, "measure")
        assert sessions.sessions[0].reused is False
    finally:
        sessions.close()
    assert results[0]["pages"]
    assert (slot / READY).is_file() and "<half" not in (slot / "user" / "registrymodifications.xcu").read_text()


def test_a_document_libreoffice_cannot_open_is_named_and_libreoffice_still_stops(cache, documents, tmp_path):
    broken = tmp_path / "ødelagt.docx"
    broken.write_bytes(b"PK\x03\x04 not really a Word file")
    with pytest.raises(AgreementError, match="LibreOffice kunne ikke lage PDF av dokumentet"):
        with office(1):
            run_libreoffice([documents[0], broken], tmp_path / "pdf", "pdf", workers=1)
    assert _none_left(cache)


# --- whole runs: success, Ctrl-C, a killed worker ---------------------------------------------------
def _build(*args: object, cache: Path) -> subprocess.Popen:
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    return subprocess.Popen([str(BUILD), *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=environment, start_new_session=True)


def test_several_workbooks_with_pdf_in_one_run(cache, tmp_path):
    import pikepdf

    inputs = tmp_path / "inn"
    inputs.mkdir()
    for name in ("Vest.xlsx", "Øst.xlsx"):
        shutil.copy(EXAMPLE, inputs / name)
    process = _build(inputs, "-o", tmp_path / "ut", "--pdf", "--jobs", "2", cache=cache)
    output, errors = process.communicate(timeout=600)
    assert process.returncode == 0, output + errors
    assert sorted(path.name for path in (tmp_path / "ut").iterdir()) == ["Vest.docx", "Vest.pdf", "Øst.docx",
                                                                        "Øst.pdf"]
    for name in ("Vest", "Øst"):
        with pikepdf.open(tmp_path / "ut" / f"{name}.pdf") as pdf:
            assert str(pdf.Root.Lang) == "nb-NO" and pdf.Root.MarkInfo.Marked
            assert len(pdf.open_outline().root) > 0
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "ut" / f"{name}.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert any(line.rstrip()[-1:].isdigit() and "....." in line for line in text.splitlines()), \
            "the table of contents has page numbers"
    assert _none_left(cache)


def test_ctrl_c_shuts_libreoffice_down_and_writes_nothing(cache, tmp_path):
    target = tmp_path / "avtale.docx"
    process = _build(EXAMPLE, "-o", target, "--pdf", cache=cache)
    _wait_for_office(cache, process)
    os.killpg(process.pid, signal.SIGINT)  # as the terminal does: the build's process group only
    process.communicate(timeout=120)
    assert process.returncode != 0
    assert _none_left(cache)
    assert not target.exists() and not target.with_suffix(".pdf").exists()


def test_a_killed_worker_leaves_no_libreoffice_behind(cache, tmp_path):
    inputs = tmp_path / "inn"
    inputs.mkdir()
    for name in ("Vest.xlsx", "Øst.xlsx"):
        shutil.copy(EXAMPLE, inputs / name)
    process = _build(inputs, "--per-municipality", "-o", tmp_path / "ut", "--toc-pages", "--jobs", "2", cache=cache)
    _wait_for_office(cache, process)
    office_pid = _offices(cache)[0]
    session_pid = int(Path(f"/proc/{office_pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    while "lo_convert" not in Path(f"/proc/{session_pid}/cmdline").read_text(errors="replace"):
        session_pid = int(Path(f"/proc/{session_pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    worker = int(Path(f"/proc/{session_pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    assert worker != process.pid, "the session belongs to a pool worker"
    os.kill(worker, signal.SIGKILL)
    output, errors = process.communicate(timeout=600)
    assert process.returncode == 2, output + errors
    assert "byggingen stoppet" in output + errors
    assert _none_left(cache)


def test_without_a_writable_cache_folder_a_throwaway_profile_is_used(tmp_path, monkeypatch, documents):
    blocked = tmp_path / "ikke-en-mappe"
    blocked.write_text("")  # the cache folder cannot be made under a file
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    with office(1):
        pages = run_libreoffice(documents[:1], tmp_path, "measure", workers=1)
        assert _offices(scratch), "LibreOffice runs on a profile in the temporary folder"
    assert pages[documents[0]]
    assert _none_left(scratch)
    assert list(scratch.iterdir()) == [], "the throwaway profile is removed"
