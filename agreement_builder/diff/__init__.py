"""Diff: what changed between two versions of a workbook, in substance (pure; outputs beside it)."""

from .compute import Area, Change, Changes, Kind, OrderChange, Target, diff

__all__ = ["Area", "Change", "Changes", "Kind", "OrderChange", "Target", "diff"]
