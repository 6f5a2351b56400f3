"""The § 6-2 map as the document shows it, with the tool's own weakening undone where the document tells.

Our template shows each point's status *after* validation: a point the workbook marks «Behandlet»
is shown as «Delvis» when findings weaken it. The cover's «Kontrollen fant N feil, M advarsler»
line tells how many points were «Delvis» in the workbook itself (each gives one warning), so the
importer reads as many of the weakened points back as «Behandlet» as that count allows; when the
count cannot tell which, the lowest-numbered points are taken as «Behandlet».
"""

from __future__ import annotations

import dataclasses
import re

from ..model import Agreement, CoverageStatus

_COUNTS = re.compile(r"(\d+)\s+feil,\s*(\d+)\s+advarsl")


def shown_counts(summary: str) -> tuple[int, int] | None:
    """(errors, warnings) from the cover's summary line, or None."""
    found = _COUNTS.search(summary)
    return (int(found.group(1)), int(found.group(2))) if found else None


def _with(agreement: Agreement, covered: set[int]) -> Agreement:
    rows = tuple(dataclasses.replace(row, status=CoverageStatus.COVERED)
                 if row.point in covered and row.status is CoverageStatus.PARTIAL else row
                 for row in agreement.statute_map)
    return dataclasses.replace(agreement, statute_map=rows)


def undo_weakening(agreement: Agreement, summary: str) -> tuple[Agreement, bool]:
    """The agreement with weakened points read back as «Behandlet»; True when that was decided by the count."""
    counts = shown_counts(summary)
    partial = {row.point for row in agreement.statute_map if row.status is CoverageStatus.PARTIAL}
    if counts is None or not partial:
        return agreement, False
    from ..validation import validate

    def shown(candidate: Agreement):
        report = validate(candidate)
        status = {row.point: row.status for row in report.coverage}
        return status, (len(report.errors), len(report.warnings))

    status, _ = shown(_with(agreement, partial))
    weakened = sorted(point for point in partial if status[point] is CoverageStatus.PARTIAL)
    if not weakened:
        return agreement, False
    _, (errors, warnings) = shown(_with(agreement, set(weakened)))
    still_partial = counts[1] - warnings
    if counts[0] != errors or not 0 <= still_partial <= len(weakened):
        return agreement, False
    return _with(agreement, set(weakened[: len(weakened) - still_partial])), True
