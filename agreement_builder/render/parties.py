"""The parties as the document shows them: a short summary, a compact list and one signature block each."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..model import Agreement
from .safe_text import safe

# The parties list puts this many municipalities on a row (number and name each).
PARTY_COLUMNS = 3
# Signature blocks side by side: two for a two-party agreement, three when there are many parties.
SIGNATURE_COLUMNS_FEW, SIGNATURE_COLUMNS_MANY = 2, 3


def municipality_party(name: str) -> str:
    """«Lillehammer» → «Lillehammer kommune»; names that already say so are kept."""
    return name if name.casefold().endswith(("kommune", "suohkan", "kommuna", "gielda")) else f"{name} kommune"


def parties_summary(agreement: Agreement) -> str:
    """«Sykehuset Innlandet HF og 42 kommuner», or with one municipality its name."""
    trust = agreement.facts.hospital_trust or "helseforetaket"
    municipalities = agreement.municipalities
    if len(municipalities) == 1:
        return f"{trust} og {municipality_party(municipalities[0].name)}"
    return f"{trust} og {len(municipalities)} kommuner"


def _rows(items: list[dict[str, Any]], width: int, empty: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """``items`` in rows of ``width``, the last row padded with ``empty``."""
    rows = [items[start:start + width] for start in range(0, len(items), width)]
    if rows:
        rows[-1] = rows[-1] + [empty] * (width - len(rows[-1]))
    return rows


def municipality_rows(agreement: Agreement) -> list[list[dict[str, Markup]]]:
    """The municipalities, :data:`PARTY_COLUMNS` to a row, in the workbook's order (row by row)."""
    items = [{"number": safe(m.number), "name": safe(m.name)} for m in agreement.municipalities]
    return _rows(items, PARTY_COLUMNS, {"number": "", "name": ""})


def signatories(agreement: Agreement) -> list[dict[str, Any]]:
    """The parties that sign, the hospital trust first."""
    names = [agreement.facts.hospital_trust, *(municipality_party(m.name) for m in agreement.municipalities)]
    return [{"name": safe(name), "place_and_date": "", "signature": ""} for name in names if name]


def signature_rows(parties: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """One block per party, side by side: two to a row for two parties, three when there are more."""
    width = SIGNATURE_COLUMNS_FEW if len(parties) <= SIGNATURE_COLUMNS_FEW else SIGNATURE_COLUMNS_MANY
    return _rows(parties, width, {"name": "", "place_and_date": "", "signature": ""})
