"""PDF and page layout through LibreOffice: ``soffice`` lays the documents out, UNO drives it.

With a Python that can ``import uno`` (Debian's python3-uno, or LibreOffice's bundled
Python on Windows and macOS) lo_convert.py opens the documents through UNO in LibreOffice
sessions that stay open (session.py: started once per process on a profile kept in the user's
cache folder), measures on which page each heading lands (pages.py puts those numbers into the
table of contents) and exports tagged, accessible PDFs; otherwise plain ``soffice --convert-to
pdf`` is used, which keeps the pre-filled table of contents without page numbers.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from collections.abc import Callable, Sequence

from ..errors import AgreementError

_WELL_KNOWN = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
TIMEOUT_PER_FILE = 120  # seconds


class PdfUnavailable(AgreementError):
    """LibreOffice is not installed, so no PDF can be made."""


def find_soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((path for path in _WELL_KNOWN if Path(path).exists()), None)


def require_soffice() -> str:
    soffice = find_soffice()
    if soffice is None:
        raise PdfUnavailable(
            "PDF krever LibreOffice, som ikke er installert (fant ikke «soffice»). Installer LibreOffice, "
            "eller lag PDF fra Word-filen med Lagre som > PDF"
        )
    return soffice


@lru_cache(maxsize=4)
def find_uno_python(soffice: str) -> str | None:
    """A Python interpreter that can import LibreOffice's ``uno`` module, or None."""
    program = Path(soffice).resolve().parent
    candidates = [sys.executable, str(program / "python"), str(program / "python.exe"), "/usr/bin/python3",
                  shutil.which("python3") or ""]
    for candidate in dict.fromkeys(candidates):
        if candidate and Path(candidate).exists():
            try:
                probe = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                continue
            if probe.returncode == 0:
                return candidate
    return None


def _chunks(items: Sequence[Path], count: int) -> list[list[Path]]:
    count = max(1, min(count, len(items)))
    return [list(items[index::count]) for index in range(count)]


def _plain_command(soffice: str, outdir: Path, chunk: list[Path], profile: str) -> list[str]:
    return [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", str(outdir), *map(str, chunk)]


def run_libreoffice(documents: Sequence[Path], outdir: Path, mode: str, *, workers: int = 2,
                    progress: Callable[[int], None] | None = None) -> dict[Path, dict[str, int]] | None:
    """Open ``documents`` in LibreOffice: ``measure`` them, or export PDFs into ``outdir``.

    ``mode`` is ``measure``, ``pdf`` (as the document shows it) or ``pdf-refresh`` (tables of
    contents rebuilt by LibreOffice first). The documents go through the sessions of the office
    this process keeps open (session.py), or of one opened for this call with ``workers``
    sessions. Returns each document's heading pages (bookmark → page), or None when no Python
    with ``uno`` was found (then ``pdf`` modes fall back to ``soffice --convert-to``, and
    ``measure`` cannot run).
    """
    from .session import office

    soffice = require_soffice()
    uno_python = find_uno_python(soffice)
    if uno_python is None:
        if mode == "measure":
            return None
        _convert_plain(soffice, documents, outdir, workers, progress)
        return _checked(documents, outdir, mode, [], measured=False)
    outdir.mkdir(parents=True, exist_ok=True)
    done = (lambda document: progress(1)) if progress else None
    with office(workers) as sessions:
        results = sessions.run(soffice, uno_python, documents, outdir, mode, done)
    return _checked(documents, outdir, mode, results, measured=True)


def _convert_plain(soffice: str, documents: Sequence[Path], outdir: Path, workers: int,
                   progress: Callable[[int], None] | None) -> None:
    """PDFs by plain ``soffice --convert-to`` (no ``uno``): a LibreOffice per chunk, each on a throwaway profile."""
    outdir.mkdir(parents=True, exist_ok=True)
    processes, profiles = [], []
    try:
        for chunk in _chunks(documents, workers):
            profiles.append(tempfile.mkdtemp(prefix="agreement-lo-"))
            processes.append((chunk, subprocess.Popen(_plain_command(soffice, outdir, chunk, profiles[-1]),
                                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
        for chunk, process in processes:
            try:
                process.wait(timeout=TIMEOUT_PER_FILE * len(chunk) + 60)
            except subprocess.TimeoutExpired:
                raise AgreementError("LibreOffice svarte ikke innen tidsfristen; PDF ble ikke laget") from None
            if progress:
                progress(len(chunk))
    finally:
        for _, process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
        for profile in profiles:
            shutil.rmtree(profile, ignore_errors=True)


def _checked(documents: Sequence[Path], outdir: Path, mode: str, results: list[dict], measured: bool):
    problems = [result["error"] for result in results if "error" in result]
    missing = [] if mode == "measure" else [
        f"{document.stem}.pdf" for document in documents if not (outdir / f"{document.stem}.pdf").exists()]
    if measured and not problems and len(results) < len(documents):
        problems.append("LibreOffice stoppet underveis")
    if problems or missing:
        detail = problems[0] if problems else ", ".join(missing[:3])
        what = "måle sidene i" if mode == "measure" else "lage PDF av"
        raise AgreementError(f"LibreOffice kunne ikke {what} dokumentet ({detail})")
    if not measured:
        return None
    pages = {result["file"]: result["pages"] for result in results}
    return {document: pages[str(document)] for document in documents}


def convert_to_pdf(
    documents: Sequence[Path], outdir: Path, *, workers: int = 2, progress: Callable[[int], None] | None = None,
    refresh_toc: bool = True,
) -> tuple[list[Path], bool]:
    """Convert ``documents`` into ``outdir``; returns the PDFs and whether the TOC has page numbers.

    ``refresh_toc`` lets LibreOffice rebuild the tables of contents with its page numbers;
    without it the PDF shows the document as it is (its TOC already numbered by
    :func:`number_toc_pages`). ``workers`` LibreOffice processes run side by side.
    """
    mode = "pdf-refresh" if refresh_toc else "pdf"
    pages = run_libreoffice(documents, outdir, mode, workers=workers, progress=progress)
    return [outdir / f"{document.stem}.pdf" for document in documents], pages is not None
