"""What the workbook reader tells about a workbook without stopping: notices, as findings of severity info.

The reader (:mod:`agreement_builder.workbook.reader`) makes them while it reads; they carry stable codes
and both languages like the rules' findings, so every output (text, JSON, JUnit, the «Validering» sheet)
shows them. Being info, they never change an exit code or make a document a draft.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import CellRef
from .findings import Finding, Severity

AREA = "Lesing av arbeidsboken"


@dataclass(frozen=True)
class Notice:
    """One kind of notice: a stable code, what it is about (for documentation) and its message templates."""

    code: str
    title: str
    message_nb: str
    message_en: str

    def finding(self, ref: CellRef, **params: object) -> Finding:
        """The notice about ``ref`` with ``params`` filled into both languages."""
        return Finding(
            code=self.code,
            severity=Severity.INFO,
            point=None,
            ref=ref,
            messages={"nb": self.message_nb.format(**params), "en": self.message_en.format(**params)},
        )


SHEET_NOT_READ = Notice(
    "sheet-not-read",
    "Et ark som ikke hører til malen og ikke er en diagnosegruppe, ble ikke lest.",
    "Arket «{sheet}» hører ikke til malen og ble ikke lest",
    "The sheet «{sheet}» is not part of the template and was not read",
)
CONTROL_CHARACTERS = Notice(
    "text-control-characters",
    "En celle hadde kontrolltegn som ikke kan stå i et Word-dokument; de ble fjernet.",
    "Fjernet {count} kontrolltegn som ikke kan stå i et Word-dokument",
    "Removed {count} control characters that cannot appear in a Word document",
)
GROUP_SHEET_EMPTY = Notice(
    "group-sheet-empty",
    "Et diagnosegruppeark uten navn, oppgaver og anbefaling ble hoppet over.",
    "Arket «{sheet}» har ingen diagnosegruppe ennå og ble hoppet over",
    "The sheet «{sheet}» has no diagnosis group yet and was skipped",
)
GROUP_NAME_MISSING = Notice(
    "group-name-missing",
    "En diagnosegruppe mangler navn; arknavnet brukes i stedet.",
    "Diagnosegruppen mangler navn; bruker arknavnet «{name}»",
    "The diagnosis group has no name; using the sheet name «{name}»",
)
LINK_REFUSED = Notice(
    "link-refused",
    "En Excel-lenke i en celle peker til noe annet enn en nettadresse eller e-post og tas ikke med.",
    "Lenken i cellen peker til «{scheme}» og tas ikke med i dokumentet – bare https://, http:// og mailto: "
    "blir lenker",
    "The cell's hyperlink points to «{scheme}» and is left out of the document – only https://, http:// and "
    "mailto: become links",
)

NOTICES: tuple[Notice, ...] = (SHEET_NOT_READ, CONTROL_CHARACTERS, GROUP_SHEET_EMPTY, GROUP_NAME_MISSING,
                               LINK_REFUSED)
