"""Merge: the copies of a workbook that come back from a consultation round, into one (pure; adapters beside)."""

from .engine import merge
from .result import Applied, Collision, MergeResult, Place, Version

__all__ = ["Applied", "Collision", "MergeResult", "Place", "Version", "merge"]
