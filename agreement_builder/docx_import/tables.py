"""Task tables: a header row naming the levels, then tasks in the level columns.

The level columns are found by their header text, in the many ways agreements write them
(«Helseforetaket», «Spesialisthelsetjenesten (SI)», «Sykehuset», «Felles», «Begge», «Kommunen»,
«Kommunene», «Kommunehelsetjenesten», abbreviations, any case and spacing). Merged title rows
above the header and empty spacer rows are skipped; tasks come one per row, one per paragraph
in a cell, or one per line or pasted bullet in a cell.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..model import Level, Task
from ..text import clean_line, list_marker
from .items import Cell, Table

_HEADER_SEARCH_ROWS = 4
_MARKS = {"x", "✓", "✔", "●", "•", "ja", "j", "*", "☒", "■"}
_MAX_HEADER_CHARS = 80
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^]]*\]")
_SHARED = re.compile(r"\b(felles\w*|begge\w*|delt\w*|samarbeid\w*|sammen|samhandling\w*)\b")
_SPECIALIST = re.compile(r"(spesialist\w*|sykehus\w*|helseforetak\w*|\bhf\b|\bsi\b|\bsht\b|\bshtj\b|\bspes\b|"
                         r"andrelinje\w*|2\.\s*linje\w*|\bsus\b|\bunn\b|\bous\b|\bahus\b)")
_MUNICIPAL = re.compile(r"(kommun\w*|primærhelse\w*|\bkht\b|\bkhtj\b|\bkomm\b|førstelinje\w*|1\.\s*linje\w*|"
                        r"bydel\w*)")


def level_of(header: str) -> Level | None:
    """The level a column header names, or None. «Felles» wins over the parties it names."""
    text = unicodedata.normalize("NFC", header).casefold().replace("-", " ").replace("/", " ")
    text = " ".join(text.split())
    if not text or len(text) > _MAX_HEADER_CHARS:
        return None
    if _SHARED.search(text):
        return Level.SHARED
    bare = " ".join(_PARENTHESES.sub(" ", text).split()) or text
    for pattern, level in ((_SPECIALIST, Level.SPECIALIST), (_MUNICIPAL, Level.MUNICIPAL)):
        if pattern.search(bare):
            other = _MUNICIPAL if level is Level.SPECIALIST else _SPECIALIST
            return None if other.search(bare) else level
    if _SPECIALIST.search(text) and not _MUNICIPAL.search(text):
        return Level.SPECIALIST
    if _MUNICIPAL.search(text) and not _SPECIALIST.search(text):
        return Level.MUNICIPAL
    return None


@dataclass
class TaskTable:
    """A recognised task table: which column holds which level, and the tasks found."""

    columns: dict[int, Level]
    headers: dict[Level, str]
    header_row: int
    tasks: list[Task] = field(default_factory=list)
    skipped_rows: list[str] = field(default_factory=list)  # merged title rows above the header
    stray: list[tuple[str, str]] = field(default_factory=list)  # (where, text) outside the level columns
    shared_by_marks: list[str] = field(default_factory=list)  # tasks marked at more than one level


def header_columns(texts: list[str]) -> dict[int, Level] | None:
    """Column → level when ``texts`` is a header row naming at least two levels, each once."""
    columns = {}
    for column, text in enumerate(texts):
        level = level_of(text) if text else None
        if level is not None:
            if level in columns.values():
                return None
            columns[column] = level
    return columns if len(columns) >= 2 else None


def recognise(table: Table) -> TaskTable | None:
    """The task table in ``table``, or None when it has another shape."""
    for row in range(min(_HEADER_SEARCH_ROWS, len(table.rows))):
        texts = table.texts(row)
        columns = header_columns(texts)
        if columns is None:
            continue
        earlier = [" ".join(table.texts(r)).strip() for r in range(row)]
        if any(not _is_title_row(table, r) for r in range(row) if earlier[r]):
            return None
        result = TaskTable(columns, {level: texts[column] for column, level in columns.items()}, row,
                           skipped_rows=[text for text in earlier if text])
        _read_tasks(table, result)
        return result
    return _by_rows(table)


def _by_rows(table: Table) -> TaskTable | None:
    """A table turned on its side: the levels as labels in the first column, each level's tasks beside it."""
    labels = [table.texts(row)[0] if table.width > 1 else "" for row in range(len(table.rows))]
    rows = header_columns(labels)
    if rows is None:
        return None
    first = min(rows)
    result = TaskTable({}, {level: labels[row] for row, level in rows.items()}, first,
                       skipped_rows=[" ".join(table.texts(row)).strip() for row in range(first)
                                     if " ".join(table.texts(row)).strip()])
    for row in range(first, len(table.rows)):
        cells = [cell for cell in table.rows[row] if cell.column > 0 and not cell.continued and cell.text]
        level = rows.get(row)
        if level is None:
            text = " ".join(table.texts(row)).strip()
            result.stray += [(f"tabell {table.number}, rad {row + 1}", text)] if text else []
            continue
        for cell in cells:
            result.tasks += [Task(text, level) for text in cell_tasks(cell, split_lines=True)]
    return result


def _is_title_row(table: Table, row: int) -> bool:
    """A row whose text sits in one (merged) cell: a title above the header."""
    filled = [cell for cell in table.rows[row] if cell.text and not cell.continued]
    return len(filled) <= 1


def _body_rows(table: Table, result: TaskTable):
    """(1-based row number, texts) of the rows under the header, without a repeated header."""
    for row in range(result.header_row + 1, len(table.rows)):
        texts = table.texts(row)
        if header_columns(texts) != result.columns:  # the header again, as after a manual page break
            yield row + 1, texts


def _is_mark_table(table: Table, result: TaskTable) -> bool:
    """Tasks in a column of their own, and the level columns only hold marks (X, ✓, ja)."""
    level_texts, other_texts = [], []
    for _, texts in _body_rows(table, result):
        for column, text in enumerate(texts):
            (level_texts if column in result.columns else other_texts).append(text.strip())
    return any(level_texts) and any(other_texts) and all(text.casefold() in _MARKS for text in level_texts if text)


def _read_marks(table: Table, result: TaskTable) -> None:
    """One task per row: the text beside the marks; a task marked at several levels is shared."""
    for number, texts in _body_rows(table, result):
        marked = [level for column, level in result.columns.items() if texts[column].strip()]
        words = [text.strip() for column, text in enumerate(texts) if column not in result.columns and text.strip()]
        if not words and not marked:
            continue
        if not words or not marked:
            result.stray.append((f"tabell {table.number}, rad {number}", " ".join(words) or "merke uten oppgave"))
            continue
        level = marked[0] if len(marked) == 1 else Level.SHARED
        if len(marked) > 1:
            result.shared_by_marks.append(words[0])
        result.tasks.append(Task(clean_line(words[0]), level))
        result.stray += [(f"tabell {table.number}, rad {number}", extra) for extra in words[1:]]


def _read_tasks(table: Table, result: TaskTable) -> None:
    if _is_mark_table(table, result):
        _read_marks(table, result)
        return
    rows = [(number, table.rows[number - 1]) for number, _ in _body_rows(table, result)]
    split_lines = len([row for _, row in rows if any(cell.text for cell in row)]) <= 1
    for number, row in rows:
        for cell in row:
            if cell.continued or not cell.text:
                continue
            covered = [column for column in result.columns if cell.column <= column < cell.column + cell.span]
            if len(covered) != 1:
                result.stray.append((f"tabell {table.number}, rad {number}", cell.text))
                continue
            result.tasks += [Task(text, result.columns[covered[0]]) for text in cell_tasks(cell, split_lines)]


def cell_tasks(cell: Cell, split_lines: bool) -> list[str]:
    """The tasks in one cell: one per paragraph; per line too when ``split_lines`` or lines are bullets."""
    tasks = []
    for paragraph in cell.paragraphs:
        lines = [line for line in paragraph.text.split("\n")]
        marked = sum(1 for line in lines if list_marker(line.strip()))
        if split_lines or marked >= max(1, len([line for line in lines if line.strip()]) - 1):
            tasks += [_unmarked(line) for line in lines]
        else:
            tasks.append("\n".join(clean_line(line) for line in lines).strip("\n"))
    return [task for task in tasks if task]


def _unmarked(line: str) -> str:
    line = clean_line(line)
    marked = list_marker(line)
    return marked[1] if marked else line
