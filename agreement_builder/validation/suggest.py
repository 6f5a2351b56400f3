"""Near-miss suggestions ("Gjøvick" → "Gjøvik") with rapidfuzz."""

from __future__ import annotations

from collections.abc import Iterable

SCORE_CUTOFF = 80  # rapidfuzz WRatio, 0–100; below this a suggestion misleads more than it helps


def closest(name: str, choices: Iterable[str]) -> str | None:
    """The choice most like ``name`` (case-insensitive), or ``None`` when nothing is close."""
    from rapidfuzz import fuzz, process, utils

    match = process.extractOne(name, list(choices), scorer=fuzz.WRatio, processor=utils.default_process,
                               score_cutoff=SCORE_CUTOFF)
    return match[0] if match else None
