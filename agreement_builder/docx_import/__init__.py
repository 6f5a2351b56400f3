"""Word agreements in: ``import_document(path)`` reads a .docx (or .doc/.odt through LibreOffice)
into the domain model, with a report of what was recognised and what could not be placed."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import PackageError
from ..model import Agreement, CoverageStatus
from ..package_limits import LIMITS, number_text
from ..paths import note_input
from ..schema import TABLE_SHEETS
from .assemble import Assembler
from .fit import fit_cells
from .package import ImportProblem, check_input, file_kind, open_package
from .report import ImportReport
from .structure import outline
from .template_parts import TemplateParts, shipped
from .walk import Walker

__all__ = ["ImportProblem", "ImportReport", "ImportResult", "import_document", "read_docx"]

_CONVERTED = ("doc", "odt", "rtf")


@dataclass(frozen=True)
class ImportResult:
    agreement: Agreement
    report: ImportReport

    def counts(self) -> str:
        """«15 diagnosegrupper, 58 oppgaver, 6 kapitler», in singular where there is one."""
        parts = ((len(self.agreement.groups), "diagnosegruppe", "diagnosegrupper"),
                 (len(self.agreement.tasks), "oppgave", "oppgaver"),
                 (len(self.agreement.sections), "kapittel", "kapitler"))
        return ", ".join(f"{count} {one if count == 1 else many}" for count, one, many in parts)


def import_document(path: str | Path, template: TemplateParts | None = None) -> ImportResult:
    """Read the agreement in the Word document at ``path``; :class:`ImportProblem` if it cannot be read."""
    path = Path(path)
    note_input(path)  # within a command, nothing may be written onto the document
    check_input(path)
    try:
        kind = file_kind(path)
    except OSError as exc:
        raise ImportProblem(path, f"filen kan ikke leses ({exc.strerror or exc})") from None
    if kind == "pdf":
        raise ImportProblem(path, "er en PDF – åpne den i Word og lagre som Word-dokument (.docx), og importer den")
    if kind == "encrypted":
        raise ImportProblem(path, "dokumentet er kryptert – åpne det i Word, fjern passordet og lagre på nytt")
    if kind == "damaged":
        raise ImportProblem(path, "filen er skadet (ikke en gyldig zip-pakke) – åpne den i Word og lagre på nytt")
    if kind == "other":
        raise ImportProblem(path, "er ikke et Word-dokument (.docx, .doc eller .odt)")
    if kind in _CONVERTED:
        from .convert import convert_to_docx

        with tempfile.TemporaryDirectory(prefix="agreement-import-") as folder:
            result = read_docx(convert_to_docx(path, kind, Path(folder)), template, shown=path)
        result.report.tell("Dokumentet ble gjort om til .docx med LibreOffice før importen.")
        return result
    return read_docx(path, template)


def read_docx(path: Path, template: TemplateParts | None = None, shown: Path | None = None) -> ImportResult:
    """Read a .docx package into the model and a report."""
    try:
        package = open_package(path)
    except PackageError as problem:
        if shown is None:
            raise
        raise ImportProblem(shown, problem.message, problem.where) from None
    walker = Walker(package)
    items = walker.walk()
    found = outline(items)
    report = ImportReport()
    report.notices += walker.notices
    assembler = Assembler(found, template or shipped(), report)
    agreement = fit_cells(assembler.agreement(), report)  # the § 6-2 table shows the map as the group filled it
    if agreement.is_empty:
        raise ImportProblem(shown or path, "fant verken kapitler eller diagnosegrupper – er overskriftene "
                                           "formatert som overskrifter (eller i fet skrift på egen linje)?")
    if len(agreement.tasks) > LIMITS.tasks:  # the workbook could not be read back
        raise ImportProblem(shown or path, f"dokumentet har {number_text(len(agreement.tasks))} oppgaver – flere "
                                           f"enn en arbeidsbok kan holde (grensen er {number_text(LIMITS.tasks)})")
    room = LIMITS.sheets - len(TABLE_SHEETS) - 2  # the guidance and facts sheets besides the tables
    if len(agreement.groups) > room:
        raise ImportProblem(shown or path, f"dokumentet har {number_text(len(agreement.groups))} diagnosegrupper – "
                                           f"flere enn en arbeidsbok kan holde (grensen er {number_text(room)})")
    report.place(found.headings)
    if assembler.coverage_from_check and any(row.status is CoverageStatus.PARTIAL for row in agreement.statute_map):
        report.tell("«Delvis» i § 6-2-tabellen kan også bety at verktøyets kontroll nedgraderte «Behandlet»; "
                    "punktene er lest slik dokumentet viser dem – se over arket § 6-2.")
    return ImportResult(agreement, report)
