"""Official reference data shipped with the package (see PROVENANCE.md beside this file)."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple


class KnownMunicipality(NamedTuple):
    number: str
    name: str
    name_ssb: str
    county: str


class Membership(NamedTuple):
    area: str
    hospital_trust: str
    number: str
    name: str


def _rows(filename: str) -> list[dict[str, str]]:
    with Path(__file__).with_name(filename).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def municipalities() -> dict[str, KnownMunicipality]:
    """The 357 municipalities of 2024 by number (Kartverket's names, SSB's form beside)."""
    return {
        row["kommunenummer"]: KnownMunicipality(
            row["kommunenummer"], row["kommunenavn"], row["kommunenavn_ssb"], row["fylkesnavn"]
        )
        for row in _rows("kommuner_2024.csv")
    }


@lru_cache(maxsize=1)
def helsefellesskap() -> tuple[Membership, ...]:
    """Municipality membership of the 19 helsefellesskap (derived from catchment areas, 2024)."""
    return tuple(
        Membership(row["helsefellesskap_omrade"], row["helseforetak_part"], row["kommunenummer"], row["kommunenavn"])
        for row in _rows("helsefellesskap_2024_avledet.csv")
    )


@lru_cache(maxsize=1)
def hospital_trusts() -> tuple[str, ...]:
    """Names of the hospital trusts and hospitals with catchment areas."""
    return tuple(row["helseforetak"] for row in _rows("helseforetak.csv"))


def members_of(area: str) -> tuple[Membership, ...]:
    """The municipalities of one helsefellesskap area, matched on the area's short name."""
    key = area.casefold().removeprefix("helsefellesskap").strip()
    return tuple(row for row in helsefellesskap() if row.area.casefold() == key)
