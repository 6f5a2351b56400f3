"""The import report: what was recognised and skipped (information) and what could not be placed."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from .items import Notice


@dataclass
class ImportReport:
    """``notices`` are things left out (exit code 1); ``info`` says what the importer decided."""

    notices: list[Notice] = field(default_factory=list)
    info: list[str] = field(default_factory=list)

    def note(self, message: str, where: str, item: int) -> None:
        self.notices.append(Notice(message, where, item))

    def tell(self, message: str) -> None:
        if message not in self.info:
            self.info.append(message)

    def place(self, headings: dict[int, str]) -> None:
        """Give each notice the nearest heading above it."""
        last = max(headings, default=-1)
        self.notices.sort(key=lambda notice: notice.item if notice.item >= 0 else len(headings) + 1)
        for notice in self.notices:
            if notice.item >= 0:
                notice.heading = headings.get(notice.item, headings.get(last, "") if notice.item > last else "")

    def notice_lines(self) -> list[str]:
        return [printable(f"{notice.where}{_under(notice.heading) if notice.item >= 0 else ''}: {notice.message}")
                for notice in self.notices]

    def sheet_lines(self) -> list[str]:
        """The report for the guidance sheet: what could not be placed first, then the decisions."""
        lines = []
        if self.notices:
            lines += [f"Ikke tatt med ({len(self.notices)}):", *self.notice_lines(), ""]
        return lines + [printable(line) for line in self.info]

    def lines(self) -> list[str]:
        """The report for a person: decisions first, then what could not be placed."""
        lines = [printable(line) for line in self.info]
        if self.notices:
            lines.append(f"Ikke tatt med ({len(self.notices)}):")
            lines += [f"  {line}" for line in self.notice_lines()]
        return lines


def printable(text: str) -> str:
    """One line with no control or format characters (terminal escapes, bidi overrides) from the document."""
    return "".join(" " if char in "\n\r\t" else char for char in text
                   if char in "\n\r\t" or unicodedata.category(char) not in ("Cc", "Cf"))


def _under(heading: str) -> str:
    return f" (under «{heading}»)" if heading else " (før første overskrift)"
