"""Older and other word-processor formats (.doc, .odt, .rtf) → .docx through LibreOffice."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from ..pdf import find_soffice
from .package import ImportProblem

TIMEOUT = 120
_NAMES = {"doc": "Word 97–2003 (.doc)", "odt": "OpenDocument (.odt)", "rtf": "RTF"}


def convert_to_docx(path: Path, kind: str, folder: Path) -> Path:
    """A .docx copy of ``path`` in ``folder``; :class:`ImportProblem` when LibreOffice is missing or fails."""
    soffice = find_soffice()
    if soffice is None:
        raise ImportProblem(path, f"er et {_NAMES[kind]}-dokument, og LibreOffice (soffice) er ikke installert – "
                                  "åpne det i Word og lagre som .docx, eller installer LibreOffice")
    source = folder / f"kilde.{kind}"
    source.write_bytes(path.read_bytes())
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder), str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired):
            raise ImportProblem(path, "LibreOffice klarte ikke å gjøre om dokumentet til .docx") from None
    converted = folder / "kilde.docx"
    if not converted.is_file():
        raise ImportProblem(path, "LibreOffice klarte ikke å gjøre om dokumentet til .docx – er filen skadet?")
    return converted
