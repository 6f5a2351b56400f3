"""What the workbook reader tells about a workbook without stopping: notices, as findings.

The reader (:mod:`agreement_builder.workbook.reader`) makes them while it reads; they carry stable codes
and both languages like the rules' findings, so every output (text, JSON, JUnit, the «Validering» sheet)
shows them. They are of severity info, or warning where something in the agreement differs from what the
user sees in Excel (a hidden sheet read, a value under a merged cell left out, an error value or a formula
without a value read as empty). Neither severity changes an exit code or makes a document a draft.
"""

from __future__ import annotations
from typing import NamedTuple


from ..model import CellRef
from .findings import Finding, Severity

AREA = "Lesing av arbeidsboken"


class Notice(NamedTuple):
    """One kind of notice: a stable code, what it is about (for documentation) and its message templates."""

    code: str
    title: str
    message_nb: str
    message_en: str
    severity: Severity = Severity.INFO

    def finding(self, ref: CellRef, **params: object) -> Finding:
        """The notice about ``ref`` with ``params`` filled into both languages."""
        return Finding(
            code=self.code,
            severity=self.severity,
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
    "En celle hadde kontrolltegn eller tegn som snur skriveretningen; de ble fjernet.",
    "Fjernet {count} kontrolltegn (usynlige styretegn eller tegn som snur skriveretningen)",
    "Removed {count} control characters (invisible control codes or characters that reverse the text direction)",
)
SHEET_NAME_CONTROL_CHARACTERS = Notice(
    "sheet-name-control-characters",
    "Et arknavn hadde kontrolltegn eller tegn som snur skriveretningen; meldingene bruker navnet uten dem.",
    "Arknavnet hadde {count} usynlige kontrolltegn; de er fjernet, og arket heter «{sheet}» i meldingene",
    "The sheet name had {count} invisible control characters; they were removed, and the sheet is called "
    "«{sheet}» in the messages",
)
SHEET_HIDDEN = Notice(
    "sheet-hidden",
    "Et ark som leses, er skjult i Excel; innholdet er likevel tatt med i avtalen.",
    "Arket «{sheet}» er {state_nb} i Excel, men det leses og er tatt med i avtalen",
    "The sheet «{sheet}» is {state_en} in Excel, but it is read and included in the agreement",
    Severity.WARNING,
)
HIDDEN_BY_MERGE = Notice(
    "value-under-merged-cell",
    "En celle under en sammenslått celle har en verdi som ikke vises i Excel; den er ikke tatt med.",
    "Cellen ligger under den sammenslåtte cellen {merge} og vises ikke i Excel; «{text}» er ikke tatt med",
    "The cell lies under the merged cell {merge} and is not shown in Excel; «{text}» is left out",
    Severity.WARNING,
)
ERROR_VALUE = Notice(
    "cell-error-value",
    "En celle viser en feilverdi (som #REF! eller #DIV/0!) og leses som tom.",
    "Cellen viser feilverdien {error} og leses som tom – rett formelen i Excel",
    "The cell shows the error value {error} and is read as empty – fix the formula in Excel",
    Severity.WARNING,
)
FORMULA_WITHOUT_VALUE = Notice(
    "formula-without-value",
    "En formel er lagret uten utregnet verdi og leses som tom.",
    "Formelen er lagret uten utregnet verdi og leses som tom – åpne og lagre arbeidsboken i Excel",
    "The formula was saved without a computed value and is read as empty – open and save the workbook in Excel",
    Severity.WARNING,
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

NOTICES: tuple[Notice, ...] = (
    SHEET_NOT_READ, CONTROL_CHARACTERS, SHEET_NAME_CONTROL_CHARACTERS, GROUP_SHEET_EMPTY, GROUP_NAME_MISSING,
    SHEET_HIDDEN, HIDDEN_BY_MERGE, ERROR_VALUE, FORMULA_WITHOUT_VALUE, LINK_REFUSED,
)
HIDDEN_STATES = {"hidden": ("skjult", "hidden"), "veryHidden": ("svært skjult (kan bare vises med en makro)",
                                                                 "very hidden (only a macro can show it)")}
