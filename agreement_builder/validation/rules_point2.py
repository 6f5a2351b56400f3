"""§ 6-2 nr. 2: admission, discharge, habilitation, rehabilitation, learning and coping offers."""

from __future__ import annotations

from ..model import CoverageStatus
from .findings import Severity
from .places import full_text, mentions
from .registry import Check, Hit, rule

# Each aspect of nr. 2 with the Norwegian word forms (word starts) that show a text mentions it.
ASPECTS: dict[str, tuple[str, ...]] = {
    "innleggelse": ("innleggelse", "innlegging", "innlagt", "innlegges", "innlegge"),
    "utskrivning": ("utskrivning", "utskrivelse", "utskriving", "utskrevet", "utskrives", "utskrivningsklar"),
    "habilitering": ("habilitering", "habiliterings"),
    "rehabilitering": ("rehabilitering", "rehabiliterings"),
    "lærings- og mestringstilbud": ("lærings- og mestring", "læring og mestring", "mestringstilbud",
                                    "mestringskurs", "lms"),
}


def missing_aspects(text: str) -> list[str]:
    return [aspect for aspect, words in ASPECTS.items() if not mentions(text, words)]


@rule(
    "point2-aspect-missing", Severity.WARNING, area="Samarbeid om pasientforløp (nr. 2)", point=2,
    title="Avtalen behandler nr. 2, men nevner aldri ett av temaene innleggelse, utskrivning, habilitering, "
          "rehabilitering og lærings- og mestringstilbud.",
    nb="§ 6-2 nr. 2: avtalen nevner aldri {aspect}",
    en="§ 6-2 no. 2: the agreement never mentions {aspect}",
)
def point2_aspect_missing(check: Check):
    row = check.agreement.coverage_of(2)
    if row is None or row.status in (CoverageStatus.REFERENCED, CoverageStatus.MISSING):
        return  # covered elsewhere, or already reported as missing
    for aspect in missing_aspects(full_text(check.agreement)):
        yield Hit(row.ref, {"aspect": aspect})
