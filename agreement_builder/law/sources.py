"""Laws, regulations and guidelines the standard text names: one checked list, with Lovdata short names.

The list is data (``sources.json``); each entry says where its title was checked. The
template uses the names through the render context (``law``), so a wrong or changed
title is corrected in one place.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple


class LegalSource(NamedTuple):
    """A law, regulation or guideline: its full title, the name used in running text, its short name."""

    key: str
    kind: str  # lov | forskrift | veileder
    title: str
    name: str
    abbreviation: str = ""
    lovdata: str = ""
    checked: str = ""

    @property
    def cited(self) -> str:
        """The name with its Lovdata short name in brackets, as agreements cite it the first time."""
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name


@lru_cache(maxsize=1)
def legal_sources() -> dict[str, LegalSource]:
    """The packaged list, by key."""
    data = json.loads(Path(__file__).with_name("sources.json").read_text(encoding="utf-8"))
    return {entry["key"]: LegalSource(**entry) for entry in data["sources"]}
