"""The § 6-2 coverage summary: what the map says, weakened by what the rules found."""

from __future__ import annotations

from collections.abc import Iterable

from ..law import Statute
from ..model import Agreement, CoverageStatus
from .findings import Finding, PointStatus, Severity
from .scope import outside_scope

# Findings that show a point marked "covered" is not fully covered after all.
_WEAKENING = {Severity.ERROR, Severity.WARNING}


def summarise(agreement: Agreement, statute: Statute, findings: Iterable[Finding]) -> tuple[PointStatus, ...]:
    """One :class:`PointStatus` per point: the map's status, weakened to partial by errors and warnings."""
    weakened = {f.point for f in findings if f.point is not None and f.severity in _WEAKENING}
    rows = []
    for point in statute.points:
        row = agreement.coverage_of(point.number)
        status = row.status if row else CoverageStatus.MISSING
        if status is CoverageStatus.COVERED and point.number in weakened:
            status = CoverageStatus.PARTIAL
        if status is CoverageStatus.REFERENCED:
            version = f" ({row.other_agreement_version})" if row.other_agreement_version else ""
            where = (f"{row.other_agreement}{version}",) if row.other_agreement else ()
        else:
            where = row.where if row and status is not CoverageStatus.MISSING else ()
        in_scope = not outside_scope(agreement, point.number)
        rows.append(PointStatus(point.number, point.short_name, status, where, point.required and in_scope, in_scope))
    return tuple(rows)
