"""Validation: the workbook against § 6-2 and its own rules, as findings that point at cells.

``validate(agreement)`` runs every rule in :data:`RULES` (the tuple in :mod:`.catalogue`) and returns a
:class:`Report`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from ..model import Agreement
from .catalogue import RULES
from .coverage import summarise
from .findings import Finding, PointStatus, Report, Severity
from .registry import Check, Rule, Scope


def _order(finding: Finding) -> tuple:
    point = finding.point if finding.point is not None else 99
    return (point, finding.sheet, _cell_order(finding.cell), finding.severity.rank, finding.code)


def _cell_order(cell: str) -> tuple[int, str]:
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters):]
    return (int(digits) if digits else 0, letters.rjust(3))


def validate(agreement: Agreement, *, strict: bool = False, only: Collection[str] | None = None) -> Report:
    """Run every rule (or the rules whose codes are in ``only``).

    ``strict`` makes § 6-2 nr. 12–13 required like 1–11.
    """
    check = Check(agreement, strict=strict)
    rules = [rule for rule in RULES if only is None or rule.code in only]
    findings = tuple(sorted((finding for rule in rules for finding in rule.run(check)), key=_order))
    return Report(findings, summarise(agreement, check.statute, findings), strict)


def validate_extract(agreement: Agreement, *, strict: bool = False) -> Report:
    """Run the rules that look only inside diagnosis groups (``Rule.per_group``): for a group workbook alone.

    The report has no § 6-2 coverage: an extract cannot cover the law; the whole agreement does.
    """
    report = validate(agreement, strict=strict, only={rule.code for rule in RULES if rule.per_group})
    return Report(report.findings, (), strict)


def merge(report: Report, findings: Iterable[Finding]) -> Report:
    """``report`` with more findings, kept in report order (the coverage is unchanged)."""
    return Report(tuple(sorted((*report.findings, *findings), key=_order)), report.coverage, report.strict)


__all__ = ["RULES", "Finding", "PointStatus", "Report", "Rule", "Scope", "Severity", "merge", "validate",
           "validate_extract"]
