"""Findings and the report: problems in a workbook are data, never exceptions."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from ..model import CellRef, CoverageStatus


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


SEVERITY_LABELS = {
    "nb": {Severity.ERROR: "feil", Severity.WARNING: "advarsel", Severity.INFO: "merknad"},
    "en": {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"},
}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    point: int | None
    ref: CellRef | None
    messages: dict[str, str] = field(compare=False)

    def message(self, lang: str = "nb") -> str:
        return self.messages.get(lang) or self.messages["nb"]

    @property
    def sheet(self) -> str:
        return self.ref.sheet if self.ref else ""

    @property
    def cell(self) -> str:
        return self.ref.cell if self.ref else ""


@dataclass(frozen=True)
class PointStatus:
    """The computed § 6-2 coverage of one point: status and where it is handled.

    ``in_scope`` is false for a point a delavtale or an annex does not set out to handle; such a
    point is never ``required``.
    """

    point: int
    short_name: str
    status: CoverageStatus
    where: tuple[str, ...]
    required: bool
    in_scope: bool = True


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    coverage: tuple[PointStatus, ...]
    strict: bool = False

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> tuple[Finding, ...]:
        return self.of(Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return self.of(Severity.WARNING)

    def of(self, severity: Severity) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.severity is severity)
