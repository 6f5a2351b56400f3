"""Grids of cell values → the domain model, following :mod:`agreement_builder.schema`.

Tolerant of how people edit (spaces, line breaks, pasted bullets, empty rows, sheet order,
renamed group sheets, sheets of their own); one clear :class:`WorkbookError` for what it
cannot understand.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Sequence

from .. import schema
from ..errors import WorkbookError
from ..package_limits import LIMITS, number_text, too_many_tasks
from ..model import (
    Agreement,
    AgreementStatus,
    Block,
    CellRef,
    CoverageStatus,
    DiagnosisGroup,
    DocumentType,
    Facts,
    JointMeasure,
    Level,
    Municipality,
    PointCoverage,
    Section,
    Task,
)
from ..text import clean_name, clean_text, control_characters, normalise, shortened, split_items
from .cell_media import CellMedia
from ..validation.findings import Finding
from ..validation.notices import (
    CONTROL_CHARACTERS, ERROR_VALUE, FORMULA_WITHOUT_VALUE, GROUP_NAME_MISSING, GROUP_SHEET_EMPTY, HIDDEN_BY_MERGE,
    HIDDEN_STATES, SHEET_HIDDEN, SHEET_NAME_CONTROL_CHARACTERS, SHEET_NOT_READ,
)
from .source import SheetData, cell_name, load_sheets

_HEADER_SEARCH_ROWS = 10
_SHOWN_CHARS = 60  # of a value left out, in a notice
_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y")


_IGNORED_SHEETS = tuple(schema.sheet_key(name) for name in (schema.GUIDANCE_SHEET, schema.FINDINGS_SHEET,
                                                              schema.CONFLICTS_SHEET))
_Row = tuple[dict[str, str], int]  # cleaned values by column key, 0-based row index


@dataclass(frozen=True)
class ReadResult:
    """The model, and what the reader noticed without stopping (findings of severity info or warning, in order)."""

    agreement: Agreement
    notices: tuple[Finding, ...] = ()


def read_workbook(path: str | Path) -> ReadResult:
    """Read an .xlsx file into the model; raises :class:`WorkbookError` on what it cannot understand."""
    path = Path(path)
    return parse_sheets(load_sheets(path), path, folder=path.resolve().parent)


def parse_sheets(sheets: Sequence[SheetData], path: str | Path, folder: Path | None = None) -> ReadResult:
    """Build the model from sheet grids (from a file, or from Excel through xlwings).

    ``folder`` is the workbook's own folder, where image files named in cells are looked for; None
    (a workbook not saved to a folder) takes no image files.
    """
    return _Parser(Path(path), folder).parse(sheets)


def is_group_sheet(sheet: SheetData) -> bool:
    """A diagnosis-group sheet: «Diagnosegruppe» in A1, whatever the sheet is called."""
    return schema.sheet_key(clean_text(sheet.value(0, 0))) == schema.sheet_key(schema.GROUP_MARKER)


def is_group_book_header(sheet: SheetData) -> bool:
    """The header sheet of a group workbook: «Gruppearbeidsbok» in A1, whatever the sheet is called."""
    return schema.sheet_key(clean_text(sheet.value(0, 0))) == schema.sheet_key(schema.GROUP_BOOK_MARKER)


def is_group_book(sheets: Sequence[SheetData]) -> bool:
    """Whether the sheets are a group workbook's (a header sheet and no facts sheet)."""
    has_facts = any(schema.sheet_key(sheet.name) == schema.sheet_key(schema.FACTS_SHEET) for sheet in sheets)
    return not has_facts and any(is_group_book_header(sheet) for sheet in sheets)


def parse_group_sheets(sheets: Sequence[SheetData], path: str | Path, category: str,
                       folder: Path | None = None) -> tuple[tuple[DiagnosisGroup, ...], tuple[Finding, ...]]:
    """The diagnosis groups of a group workbook, in sheet order, and the reader's notices.

    A group sheet's own «Kategori» cell wins; left empty, the group gets ``category`` (the
    header's). Whether the category is one of the agreement's is for the folder to check.
    ``folder`` is where image files named in cells are looked for, as for :func:`parse_sheets`.
    """
    parser = _Parser(Path(path), folder)
    groups = []
    for sheet in map(parser.named, sheets):
        if is_group_sheet(sheet):
            parser.tell_unread(sheet)
            group = parser.group(sheet, (), default=category)
            if group is not None:
                groups.append(group)
        elif not is_group_book_header(sheet) and schema.sheet_key(sheet.name) not in _IGNORED_SHEETS:
            parser.notices.append(SHEET_NOT_READ.finding(CellRef(sheet.name), sheet=sheet.name))
    return tuple(groups), tuple(parser.notices)


class _Parser:
    def __init__(self, path: Path, folder: Path | None = None):
        self.path = path
        self.notices: list[Finding] = []
        self.media = CellMedia(folder, self.notices)
        self.tasks = 0  # read so far, against LIMITS.tasks

    # --- helpers -------------------------------------------------------------------------
    def error(self, sheet: str, message: str, cell: str = "") -> WorkbookError:
        return WorkbookError(self.path, message, sheet, cell)

    def text(self, sheet: SheetData, row: int, col: int) -> str:
        value = sheet.value(row, col)
        if isinstance(value, str) and (count := control_characters(value)):
            self.notices.append(CONTROL_CHARACTERS.finding(self.ref(sheet, row, col), count=count))
        return clean_text(value)

    def choice(self, sheet: SheetData, row: int, col: int, choices: Sequence[str], what: str) -> str:
        """The canonical spelling of a closed-list value, '' when empty, error when unknown."""
        value = normalise(self.text(sheet, row, col))
        if not value:
            return ""
        for option in choices:
            if option.casefold() == value.casefold():
                return option
        listed = ", ".join(f"«{option}»" for option in choices) or "(listen er tom)"
        raise self.error(sheet.name, f"ukjent {what} «{value}» – gyldige verdier: {listed}", cell_name(row, col))

    # --- whole workbook ------------------------------------------------------------------
    def parse(self, sheets: Sequence[SheetData]) -> ReadResult:
        fixed, groups = self.classify([self.named(sheet) for sheet in sheets])
        facts = self.facts(fixed[schema.FACTS_SHEET])
        _, category_rows = self.table(fixed[schema.CATEGORIES.name], schema.CATEGORIES)
        categories = tuple(dict.fromkeys(normalise(values["name"]) for values, _ in category_rows))
        group_models = [group for group in (self.group(sheet, categories) for sheet in groups) if group]
        order = {name: index for index, name in enumerate(categories)}
        group_models.sort(key=lambda group: order[group.category])
        agreement = Agreement(
            facts=facts,
            municipalities=self.municipalities(fixed[schema.MUNICIPALITIES.name]),
            sections=self.sections(fixed[schema.SECTIONS.name]),
            categories=categories,
            groups=tuple(group_models),
            statute_map=self.statute_map(fixed[schema.STATUTE.name]),
            joint_measures=self.joint_measures(fixed.get(schema.JOINT_MEASURES.name)),
            source=str(self.path),
        )
        return ReadResult(agreement, tuple(dict.fromkeys(self.notices)))  # a cell read twice is told once

    def classify(self, sheets: Sequence[SheetData]) -> tuple[dict[str, SheetData], list[SheetData]]:
        known = {schema.sheet_key(schema.FACTS_SHEET): schema.FACTS_SHEET}
        for table in schema.TABLE_SHEETS:
            for name in (table.name, *table.aliases):
                known[schema.sheet_key(name)] = table.name
        fixed: dict[str, SheetData] = {}
        groups: list[SheetData] = []
        for sheet in sheets:
            key = schema.sheet_key(sheet.name)
            if key in known:
                canonical = known[key]
                if canonical in fixed:
                    raise self.error(sheet.name, f"arket «{canonical}» finnes to ganger ({fixed[canonical].name})")
                fixed[canonical] = sheet
                self.tell_unread(sheet)
            elif is_group_sheet(sheet):
                groups.append(sheet)
                self.tell_unread(sheet)
            elif key not in _IGNORED_SHEETS:
                self.notices.append(SHEET_NOT_READ.finding(CellRef(sheet.name), sheet=sheet.name))
        required = [schema.FACTS_SHEET, *(table.name for table in schema.TABLE_SHEETS if table.required)]
        if schema.FACTS_SHEET not in fixed and any(is_group_book_header(sheet) for sheet in sheets):
            raise self.error("", "er en gruppearbeidsbok (én diagnosegruppe), ikke en hel avtale – legg den i "
                                 "avtalemappen sammen med hovedarbeidsboken og bruk mappen")
        for name in required:
            if name not in fixed:
                raise self.error(name, "arket mangler i arbeidsboken (se docs/workbook.md for oppsettet)")
        return fixed, groups

    def named(self, sheet: SheetData) -> SheetData:
        """``sheet`` under its clean name (no controls or bidi overrides), told when controls were removed."""
        name = clean_name(sheet.name) or "(uten navn)"
        if name == sheet.name:
            return sheet
        if count := control_characters(sheet.name):
            self.notices.append(SHEET_NAME_CONTROL_CHARACTERS.finding(CellRef(name), count=count, sheet=name))
        return sheet._replace(name=name)

    def tell_unread(self, sheet: SheetData) -> None:
        """Notices for what Excel shows differently from what is read: hidden sheet, merges, errors, formulas."""
        if sheet.state in HIDDEN_STATES:
            state_nb, state_en = HIDDEN_STATES[sheet.state]
            self.notices.append(SHEET_HIDDEN.finding(CellRef(sheet.name), sheet=sheet.name, state_nb=state_nb,
                                                     state_en=state_en))
        for cell, merged, value in sheet.under_merges:
            text = shortened(normalise(clean_text(value)), _SHOWN_CHARS)
            self.notices.append(HIDDEN_BY_MERGE.finding(CellRef(sheet.name, cell), merge=merged, text=text))
        for cell, error in sheet.errors:
            error = shortened(normalise(clean_text(error)), 20) or "#?"
            self.notices.append(ERROR_VALUE.finding(CellRef(sheet.name, cell), error=error))
        for cell in sheet.uncached:
            self.notices.append(FORMULA_WITHOUT_VALUE.finding(CellRef(sheet.name, cell)))

    # --- table sheets ----------------------------------------------------------------------
    def header_columns(self, sheet: SheetData, columns: Sequence[schema.Column]) -> tuple[int, dict[str, int]]:
        """Find the header row (within the first rows) and the column index of each header."""
        wanted = {schema.sheet_key(column.header): column.key for column in columns}
        first_required = next(column for column in columns if column.required)
        for row in range(min(_HEADER_SEARCH_ROWS, len(sheet.rows))):
            found = {
                wanted[key]: col
                for col, value in enumerate(sheet.rows[row])
                if (key := schema.sheet_key(clean_text(value))) in wanted
            }
            if first_required.key in found:
                missing = [column for column in columns if column.required and column.key not in found]
                if missing:
                    used = set(found.values())
                    col = next((c for c in range(len(sheet.rows[row]) + 1) if c not in used), 0)
                    message = f"mangler kolonneoverskriften «{missing[0].header}»"
                    raise self.error(sheet.name, message, cell_name(row, col))
                return row, found
        raise self.error(sheet.name, f"mangler kolonneoverskriften «{first_required.header}»", "A1")

    def table(self, sheet: SheetData, table: schema.TableSheet) -> tuple[dict[str, int], list[_Row]]:
        """Column index per key, and the non-empty data rows as ({key: cleaned text}, 0-based row)."""
        header_row, columns = self.header_columns(sheet, table.columns)
        rows = []
        for row in range(header_row + 1, len(sheet.rows)):
            values = {key: self.text(sheet, row, col) for key, col in columns.items()}
            if any(values.values()):
                rows.append((values, row))
        return columns, rows

    def ref(self, sheet: SheetData, row: int, col: int) -> CellRef:
        return CellRef(sheet.name, cell_name(row, col))

    def facts(self, sheet: SheetData) -> Facts:
        by_label = {schema.sheet_key(field.label): field for field in schema.FACT_FIELDS}
        values: dict[str, Any] = {}
        texts: dict[str, tuple[Block, ...]] = {}
        refs: dict[str, CellRef] = {}
        for row in range(len(sheet.rows)):
            field = by_label.get(schema.sheet_key(clean_text(sheet.value(row, 0))))
            if field is None:
                continue
            refs[field.key] = self.ref(sheet, row, 1)
            if field.kind == "date":
                values[field.key] = self.date(sheet, row, 1)
            elif field.kind == "choice":
                values[field.key] = self.choice(sheet, row, 1, field.choices, field.label.lower())
            elif field.kind == "points":
                values[field.key] = self.points(sheet, row, 1)
            elif field.key in schema.FACT_TEXT_KEYS:
                text = self.media.linked(sheet, row, 1, self.text(sheet, row, 1))
                texts[field.key] = self.media.blocks(split_items(text), refs[field.key])
            else:
                values[field.key] = normalise(self.text(sheet, row, 1))
        status = values.pop("status", "")
        document_type = values.pop("document_type", "")
        return Facts(
            status=AgreementStatus(status) if status else None,
            document_type=DocumentType(document_type) if document_type else None,
            texts={key: value for key, value in texts.items() if value},
            refs=refs,
            **values,
        )

    def points(self, sheet: SheetData, row: int, col: int) -> tuple[int, ...]:
        """A list of § 6-2 points such as «1, 2, 5–7»; error naming the cell when it is not one."""
        value = sheet.value(row, col)
        text = normalise(clean_text(int(value) if isinstance(value, float) and value.is_integer() else value))
        points = schema.parse_points(text)
        if points is None:
            raise self.error(sheet.name, f"«{text}» er ikke en liste over punkter i § 6-2 (1–13) – skriv f.eks. "
                             "«1, 2» eller «1–7»", cell_name(row, col))
        return points

    def date(self, sheet: SheetData, row: int, col: int) -> dt.date | None:
        value = sheet.value(row, col)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = normalise(clean_text(value))
        if not text:
            return None
        for fmt in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                pass
        raise self.error(sheet.name, f"«{text}» er ikke en dato – skriv den som dd.mm.åååå", cell_name(row, col))

    def municipalities(self, sheet: SheetData) -> tuple[Municipality, ...]:
        columns, rows = self.table(sheet, schema.MUNICIPALITIES)
        result = []
        for values, row in rows:
            if len(result) == LIMITS.municipalities:
                raise self.error(sheet.name, f"har flere enn {number_text(LIMITS.municipalities)} kommuner – Norge har "
                                             "357; fjern rader som ikke er kommuner", cell_name(row, columns["number"]))
            number = values["number"]
            if re.fullmatch(r"[0-9]{1,4}", number):
                number = number.zfill(4)
            result.append(Municipality(number, normalise(values["name"]), self.ref(sheet, row, columns["number"])))
        return tuple(result)

    def sections(self, sheet: SheetData) -> tuple[Section, ...]:
        columns, rows = self.table(sheet, schema.SECTIONS)
        sections: list[Section] = []
        pictures = self.media.pictures(sheet)
        for values, row in rows:
            if sections:
                sections[-1] = self.media.with_pictures(sections[-1], pictures, before=row)
            if values.get("heading"):
                ref = self.ref(sheet, row, columns["heading"])
                sections.append(Section(normalise(values["heading"]), (), ref))
            if not values["text"]:
                continue
            if not sections:
                raise self.error(
                    sheet.name, "teksten står før første overskrift – skriv en overskrift i kolonnen «Overskrift»",
                    cell_name(row, columns["text"]),
                )
            kind = None
            if "kind" in columns:
                label = self.choice(sheet, row, columns["kind"], tuple(schema.BLOCK_CHOICES), "type")
                kind = schema.BLOCK_CHOICES.get(label)
            ref = self.ref(sheet, row, columns["text"])
            text = self.media.linked(sheet, row, columns["text"], values["text"])
            blocks = self.media.blocks(split_items(text), ref, kind)
            last = sections[-1]
            sections[-1] = Section(last.heading, last.blocks + blocks, last.ref)
        if sections:
            sections[-1] = self.media.with_pictures(sections[-1], pictures)
        return tuple(sections)

    def statute_map(self, sheet: SheetData) -> tuple[PointCoverage, ...]:
        columns, rows = self.table(sheet, schema.STATUTE)
        status_choices = tuple(schema.COVERAGE_CHOICES)
        result: dict[int, PointCoverage] = {}
        for values, row in rows:
            cell = cell_name(row, columns["point"])
            match = re.fullmatch(r"(?:nr\.?\s*)?(\d{1,2})(?:\.0)?\.?", values["point"].casefold())
            if not match or not 1 <= int(match.group(1)) <= 13:
                raise self.error(sheet.name, f"«{values['point']}» er ikke et punkt i § 6-2 (1–13)", cell)
            point = int(match.group(1))
            if point in result:
                raise self.error(sheet.name, f"punkt {point} står to ganger (også i {result[point].ref.cell})", cell)
            label = self.choice(sheet, row, columns["status"], status_choices, "status")
            result[point] = PointCoverage(
                point=point,
                status=schema.COVERAGE_CHOICES.get(label, CoverageStatus.MISSING),
                where=tuple(normalise(part) for part in re.split(r"[;\n]", values.get("where", "")) if part.strip()),
                other_agreement=normalise(values.get("other", "")),
                other_agreement_version=normalise(values.get("other_version", "")),
                note=values.get("note", ""),
                ref=CellRef(sheet.name, cell_name(row, columns["status"])),
            )
        return tuple(sorted(result.values(), key=lambda row: row.point))

    def joint_measures(self, sheet: SheetData | None) -> tuple[JointMeasure, ...]:
        if sheet is None:
            return ()
        columns, rows = self.table(sheet, schema.JOINT_MEASURES)
        return tuple(
            JointMeasure(
                name=normalise(values["name"]),
                group=normalise(values.get("group", "")),
                responsibility=values.get("responsibility", ""),
                organisation=values.get("organisation", ""),
                financing=values.get("financing", ""),
                ref=self.ref(sheet, row, columns["name"]),
            )
            for values, row in rows
        )

    # --- diagnosis group sheets ------------------------------------------------------------
    def group(self, sheet: SheetData, categories: tuple[str, ...], default: str | None = None
              ) -> DiagnosisGroup | None:
        """The group on ``sheet``; its category from ``categories``, or free text defaulting to ``default``."""
        header_row, columns = self.header_columns(sheet, schema.GROUP_COLUMNS)
        name = normalise(self.text(sheet, 0, 1))
        tasks: list[Task] = []
        recommendation: list[Block] = []
        pictures = self.media.pictures(sheet)
        for row in range(header_row + 1, len(sheet.rows)):
            for level in Level:
                col = columns[level.value]
                for item in split_items(self.media.linked(sheet, row, col, self.text(sheet, row, col))):
                    tasks.append(Task(item.text, level, self.ref(sheet, row, col)))
                    self.count_task(sheet, row, col)
            col = columns["recommendation"]
            recommendation += self.media.picture_blocks(pictures, before=row)
            text = self.media.linked(sheet, row, col, self.text(sheet, row, col))
            recommendation += self.media.blocks(split_items(text), self.ref(sheet, row, col))
        recommendation += self.media.picture_blocks(pictures)
        category_cell = self._label_row(sheet, schema.GROUP_CATEGORY_LABEL, header_row)
        if not name and not tasks and not recommendation:
            self.notices.append(GROUP_SHEET_EMPTY.finding(CellRef(sheet.name), sheet=sheet.name))
            return None
        if not name:
            name = normalise(sheet.name)
            self.notices.append(GROUP_NAME_MISSING.finding(CellRef(sheet.name, "B1"), name=name))
        if category_cell is None:
            raise self.error(sheet.name, f"mangler raden «{schema.GROUP_CATEGORY_LABEL}» over tabellen", "A2")
        if default is None:
            category = self.choice(sheet, category_cell, 1, categories, "kategori")
        else:
            category = normalise(self.text(sheet, category_cell, 1)) or default
        if not category:
            raise self.error(sheet.name, "kategori mangler – velg en fra listen", cell_name(category_cell, 1))
        return DiagnosisGroup(
            name=name,
            category=category,
            tasks=tuple(tasks),
            recommendation=tuple(recommendation),
            ref=CellRef(sheet.name, "B1"),
            category_ref=self.ref(sheet, category_cell, 1),
        )

    def count_task(self, sheet: SheetData, row: int, col: int) -> None:
        """Count one more task; past :data:`LIMITS.tasks <agreement_builder.package_limits.LIMITS>`, stop here."""
        self.tasks += 1
        if self.tasks > LIMITS.tasks:
            raise self.error(sheet.name, too_many_tasks(LIMITS), cell_name(row, col))

    def _label_row(self, sheet: SheetData, label: str, before: int) -> int | None:
        key = schema.sheet_key(label)
        return next((row for row in range(before) if schema.sheet_key(clean_text(sheet.value(row, 0))) == key), None)
