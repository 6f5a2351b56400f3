"""Where the Excel button saves the agreement, and whether it may replace what is there.

In order: the folder in «Mappe for avtaledokument» on the facts sheet (a relative one from the
workbook's folder); the workbook's own folder; for a workbook with no local folder (never saved,
in OneDrive or SharePoint without a synced copy, or in Excel on the web), «Samarbeidsavtaler» in
the user's Documents folder. Nothing here touches Excel: :mod:`agreement_builder.excel` asks the
Book for its full name and hands it over as text.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .errors import OutputError, WorkbookError
from .paths import file_name, folder_from_text, names_in_folder

DOCUMENTS_SUBFOLDER = "Samarbeidsavtaler"
OUTPUT_FOLDER_LABEL = "Mappe for avtaledokument"
SHOWN_CHARS = 120  # of the folder cell's text, quoted in a message
WRITER = "agreement_builder"  # «last modified by» in the documents the tool writes
NOT_SAVED = "Arbeidsboken er ikke lagret ennå"
NOT_LOCAL = "Arbeidsboken ligger ikke i en mappe på maskinen"
ONLINE = "Arbeidsboken ligger i OneDrive eller SharePoint uten en synkronisert kopi på maskinen"


@dataclass(frozen=True)
class Place:
    """Where the open workbook lives: its local folder, or ``None`` and why it has none (bokmål)."""

    folder: Path | None
    why_none: str = ""


def place_of(fullname: str) -> Place:
    """:class:`Place` for a workbook's full name: a path, a web address, or a bare name.

    Excel gives a never-saved workbook a bare name without a suffix («Mappe1»); Excel on the web
    sends the name with its suffix but no folder.
    """
    if "://" in fullname:
        return Place(None, ONLINE)
    path = Path(fullname)
    if path.is_absolute():
        return Place(path.parent)
    return Place(None, NOT_LOCAL if path.suffix else NOT_SAVED)


def output_target(workbook_name: str, facts, place: Place) -> tuple[Path, str]:
    """The document's path, and a sentence when its folder needs explaining (else ``""``).

    The file is named after the workbook, or after the agreement's title when the workbook was
    never saved (so one «Mappe1» does not replace another's agreement); the name is cleaned as
    every name made from cell text is (:func:`agreement_builder.paths.file_name`).
    """
    stem = Path(workbook_name).stem
    if place.why_none == NOT_SAVED and facts.title:
        stem = facts.title
    why = ""
    if facts.output_folder:
        folder = _named_folder(workbook_name, facts, place)
    elif place.folder is not None:
        folder = place.folder
    else:
        folder = documents_folder() / DOCUMENTS_SUBFOLDER
        why = (f" {place.why_none}, så avtalen er lagt i Dokumenter. Skriv en mappe i «{OUTPUT_FOLDER_LABEL}» på "
               f"arket «{schema.FACTS_SHEET}» for å velge en annen.")
    return names_in_folder(folder, [file_name(stem, ".docx")])[0], why


def _named_folder(workbook_name: str, facts, place: Place) -> Path:
    """The folder «Mappe for avtaledokument» names; a text that cannot be one is refused naming its cell."""
    try:
        return folder_from_text(facts.output_folder, place.folder)
    except ValueError as exc:
        ref, text = facts.refs.get("output_folder"), facts.output_folder
        shown = text if len(text) <= SHOWN_CHARS else f"{text[:SHOWN_CHARS - 1]}…"
        raise WorkbookError(workbook_name, f"«{OUTPUT_FOLDER_LABEL}» ({shown}) {exc}",
                            ref.sheet if ref else schema.FACTS_SHEET, ref.cell if ref else "") from None


def documents_folder() -> Path:
    """The user's Documents folder: Windows' known folder (also when moved to OneDrive), else ~/Documents."""
    if sys.platform == "win32":
        known = _windows_documents()
        if known is not None:
            return known
    return Path(os.path.expanduser("~")) / "Documents"


def _windows_documents() -> Path | None:  # pragma: no cover – Windows only
    """FOLDERID_Documents from the shell (SHGetKnownFolderPath), or ``None``.

    Organisations often move Documents into OneDrive («Known Folder Move»); the shell knows where
    it went, a path built from the home folder does not.
    """
    import ctypes
    import uuid

    class Guid(ctypes.Structure):
        _fields_ = [("data", ctypes.c_ubyte * 16)]

    folder_id = Guid.from_buffer_copy(uuid.UUID("FDD39AD0-238F-46AF-ADB4-6C85480369C7").bytes_le)
    buffer = ctypes.c_wchar_p()
    try:
        result = ctypes.windll.shell32.SHGetKnownFolderPath(ctypes.byref(folder_id), 0, None, ctypes.byref(buffer))
    except (AttributeError, OSError):
        return None
    try:
        return Path(buffer.value) if result == 0 and buffer.value else None
    finally:
        ctypes.windll.ole32.CoTaskMemFree(buffer)


def may_replace(target: Path) -> bool:
    """Replace an earlier agreement only if nobody has saved it since this tool wrote it."""
    if not target.exists():
        return False
    try:
        import docx

        properties = docx.Document(str(target)).core_properties
    except Exception:
        raise OutputError(f"{target} finnes allerede og er ikke en avtale laget av verktøyet – flytt eller gi "
                          "den nytt navn først.") from None
    if properties.last_modified_by != WRITER:
        raise OutputError(f"{target} er endret i Word etter at den ble laget. Lagre endringene under et annet "
                          "navn, eller slett filen, og prøv igjen.")
    return True
