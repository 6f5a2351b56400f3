"""PDF through LibreOffice: ``soffice`` does the layout, UNO refreshes the table of contents.

With a Python that can ``import uno`` (Debian's python3-uno, or LibreOffice's bundled
Python on Windows and macOS) the documents are opened through UNO, their indexes and fields
updated, and exported; otherwise plain ``soffice --convert-to pdf`` is used, which keeps the
pre-filled table of contents without page numbers.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from collections.abc import Callable, Sequence

from ..errors import AgreementError

SCRIPT = Path(__file__).with_name("lo_convert.py")
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


def convert_to_pdf(
    documents: Sequence[Path], outdir: Path, *, workers: int = 2, progress: Callable[[int], None] | None = None
) -> tuple[list[Path], bool]:
    """Convert ``documents`` into ``outdir``; returns the PDFs and whether the TOC was refreshed.

    ``workers`` LibreOffice processes run side by side (each with its own profile).
    """
    soffice = require_soffice()
    uno_python = find_uno_python(soffice)
    outdir.mkdir(parents=True, exist_ok=True)
    processes = []
    profiles = []
    for chunk in _chunks(documents, workers):
        if uno_python:
            command = [uno_python, str(SCRIPT), soffice, str(outdir), *map(str, chunk)]
        else:
            profile = tempfile.mkdtemp(prefix="agreement-lo-")
            profiles.append(profile)
            command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                       "--convert-to", "pdf", "--outdir", str(outdir), *map(str, chunk)]
        processes.append((chunk, subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                  text=True, encoding="utf-8", errors="replace")))
    try:
        problems = []
        for chunk, process in processes:
            try:
                stdout, stderr = process.communicate(timeout=TIMEOUT_PER_FILE * len(chunk) + 60)
            except subprocess.TimeoutExpired:
                process.kill()
                raise AgreementError("LibreOffice svarte ikke innen tidsfristen; PDF ble ikke laget") from None
            problems += [line for line in stdout.splitlines() if line.startswith("error ")]
            if progress:
                progress(len(chunk))
        pdfs = [outdir / f"{document.stem}.pdf" for document in documents]
        missing = [pdf.name for pdf in pdfs if not pdf.exists()]
        if problems or missing:
            detail = problems[0][6:] if problems else ", ".join(missing[:3])
            raise AgreementError(f"LibreOffice kunne ikke lage PDF ({detail})")
        return pdfs, uno_python is not None
    finally:
        for profile in profiles:
            shutil.rmtree(profile, ignore_errors=True)


def publish_pdfs(documents: Sequence[Path], targets: Sequence[Path], *, overwrite: bool, workers: int = 2,
                 progress: Callable[[int], None] | None = None) -> bool:
    """Make ``targets`` (PDFs) from ``documents``: converted in a temporary folder, then moved in place.

    Returns whether the table of contents was refreshed with page numbers.
    """
    from ..files import atomic_output, check_target

    for target in targets:
        check_target(target, overwrite=overwrite)
    with tempfile.TemporaryDirectory(prefix="agreement-pdf-") as folder:
        staged = []
        for index, document in enumerate(documents):  # unique names, whatever the documents are called
            copy = Path(folder) / "in" / f"{index:05d}.docx"
            copy.parent.mkdir(exist_ok=True)
            shutil.copyfile(document, copy)
            staged.append(copy)
        pdfs, refreshed = convert_to_pdf(staged, Path(folder) / "out", workers=workers, progress=progress)
        for pdf, target in zip(pdfs, targets):
            with atomic_output(target, overwrite=overwrite) as temporary:
                os.replace(pdf, temporary)
    return refreshed
