"""Which § 6-2 points a document is judged on: all 13 for the whole agreement, its own scope otherwise.

§ 6-2 sets the minimum content of the samarbeidsavtale as a whole (the overordnet avtale with its
delavtaler). A delavtale or an annex is judged on the points it handles; the national guideline for
rehabilitation (Helsedirektoratet, «Rehabilitering, habilitering, individuell plan og koordinator»,
ch. 1.6) expects it to name where the other points are handled, and names nr. 1–7 as the points that
matter most for habilitation and rehabilitation.
"""

from __future__ import annotations

from ..model import Agreement, CoverageStatus

# The points the guideline (ch. 1.6) names as most relevant to habilitation and rehabilitation.
GUIDELINE_RELEVANT = frozenset(range(1, 8))

_ADDRESSED = (CoverageStatus.COVERED, CoverageStatus.PARTIAL)


def judged_on_all_points(agreement: Agreement) -> bool:
    """True for the whole agreement, a declared complete set, and a document that does not say what it is."""
    kind = agreement.facts.document_type
    return kind is None or kind.judged_on_all_points


def scope(agreement: Agreement) -> frozenset[int]:
    """The points the document sets out to handle: declared on the facts sheet, else those its map addresses."""
    if agreement.facts.handled_points:
        return frozenset(agreement.facts.handled_points)
    return frozenset(row.point for row in agreement.statute_map if row.status in _ADDRESSED)


def outside_scope(agreement: Agreement, point: int) -> bool:
    """True when ``point`` is not this document's to handle (never for the whole agreement)."""
    return not judged_on_all_points(agreement) and point not in scope(agreement)
