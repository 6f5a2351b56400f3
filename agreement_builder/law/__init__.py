"""Helse- og omsorgstjenesteloven § 6-2 as data: wording, short names, guidance and keywords.

An amendment is a data change: edit ``catalogue.json`` (names, expectations, keywords,
version date) and ``hol_6-2.csv`` (the law's wording, with its source).
"""

from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple


class StatutePoint(NamedTuple):
    number: int
    short_name: str
    wording: str
    expectation: str
    keywords: tuple[str, ...]
    required: bool
    introduced_by: str


class Statute(NamedTuple):
    law: str
    section: str
    source: str
    version_date: str
    version_note: str
    points: tuple[StatutePoint, ...]
    second_paragraph: str
    second_paragraph_name: str

    def point(self, number: int) -> StatutePoint:
        return next(point for point in self.points if point.number == number)


@lru_cache(maxsize=1)
def load_statute() -> Statute:
    """The packaged § 6-2 catalogue, joined with the law's wording."""
    folder = Path(__file__).parent  # files beside the module (importlib.resources costs a build 1 ms to import)
    data = json.loads(folder.joinpath("catalogue.json").read_text(encoding="utf-8"))
    with folder.joinpath("hol_6-2.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    wording = {int(row["nr"]): row for row in rows if row["ledd"] == "1" and row["nr"]}
    second = next(row["tekst"] for row in rows if row["ledd"] == "2")
    points = tuple(
        StatutePoint(
            number=entry["number"],
            short_name=entry["short_name"],
            wording=wording[entry["number"]]["tekst"].rstrip(",. ").removesuffix(" og"),
            expectation=entry["expectation"],
            keywords=tuple(entry["keywords"]),
            required=entry["required"],
            introduced_by=wording[entry["number"]]["innfort_ved"],
        )
        for entry in data["points"]
    )
    return Statute(
        law=data["law"],
        section=data["section"],
        source=data["source"],
        version_date=data["version_date"],
        version_note=data["version_note"],
        points=points,
        second_paragraph=second,
        second_paragraph_name=data["second_paragraph"]["short_name"],
    )
