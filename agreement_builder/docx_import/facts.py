"""Facts, parties and the standard chapters: the cover, the facts table, «Parter», § 6-2, tiltak."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from .. import schema
from ..model import Block, CoverageStatus, JointMeasure, Municipality, PointCoverage
from ..reference import hospital_trusts, municipalities
from ..validation.output import TEXTS
from .items import Table
from .styles import number_value

_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
# Labels of the facts that can stand in a cover table; never the output folder (a path is not read from a document).
_LABELS = {schema.sheet_key(f.label): f.key for f in schema.FACT_FIELDS
           if f.key not in schema.FACT_TEXT_KEYS and f.key != "output_folder"}
_LABELS.update({"versjonsnummer": "version", "versjonsnr.": "version", "vedtatt": "date", "godkjent": "date",
                "dato for vedtak": "date", "ikrafttredelse": "valid_from", "gjelder fra": "valid_from",
                "revisjon": "revise_by", "revideres": "revise_by", "helseforetaket": "hospital_trust"})
# The statuses as the document shows them: the workbook's own choices (today's template) or the check's
# words (documents built before the template showed the map as filled).
_CHECK_WORDS = {label: status for status, label in TEXTS["nb"].items() if isinstance(status, CoverageStatus)}
_CHECK_WORDS[TEXTS["nb"]["outside"]] = CoverageStatus.MISSING  # «utenfor omfang»: missing, outside the scope
_COVERAGE = {**_CHECK_WORDS, **{label.casefold(): status for label, status in schema.COVERAGE_CHOICES.items()}}
_VERSION_SUFFIX = re.compile(r"^(.*\S)\s+\(([^()]*)\)$")


def parse_date(text: str) -> dt.date | None:
    found = _DATE.search(text)
    if not found:
        return None
    day, month, year = map(int, found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@dataclasses.dataclass
class FactValues:
    """Facts as they are found; turned into :class:`Facts` at the end."""

    values: dict[str, object] = dataclasses.field(default_factory=dict)
    texts: dict[str, tuple[Block, ...]] = dataclasses.field(default_factory=dict)

    def set(self, key: str, value: object) -> None:
        if value not in (None, "") and key not in self.values:
            self.values[key] = value


def fact_table(table: Table) -> tuple[dict[str, str], list[str]] | None:
    """(key → value, labels not known) when ``table`` is a two-column table of facts (Versjon, Status, Dato…)."""
    if table.width != 2 or not table.rows:
        return None
    found, unknown = {}, []
    for row in range(len(table.rows)):
        label, value = table.texts(row)
        key = _LABELS.get(schema.sheet_key(label))
        if key:
            found[key] = value.strip()
        elif label.strip() or value.strip():
            unknown.append(f"{label.strip()}: {value.strip()}")
    return (found, unknown) if len(found) * 2 >= len(table.rows) and found else None


def apply_fact_table(found: dict[str, str], facts: FactValues) -> list[str]:
    """Put the table's values into ``facts``; returns values that could not be understood."""
    problems = []
    for key, value in found.items():
        if not value:
            continue
        field = next(f for f in schema.FACT_FIELDS if f.key == key)
        if field.kind == "date":
            parsed = parse_date(value)
            facts.set(key, parsed) if parsed else problems.append(f"{field.label} «{value}» er ikke en dato")
        elif field.kind == "choice":
            choice = schema.fact_choice(key, value)
            unknown = f"{field.label.lower()} «{value}» er ikke et kjent valg"
            facts.set(key, choice) if choice else problems.append(unknown)
        elif field.kind == "points":
            points = schema.parse_points(value)
            facts.set(key, points) if points else problems.append(f"{field.label} «{value}» er ikke punkter i § 6-2")
        else:
            facts.set(key, value)
    return problems


def header_keys(table: Table) -> tuple[str, ...]:
    return tuple(schema.sheet_key(text) for text in table.texts(0)) if table.rows else ()


def is_municipality_table(table: Table) -> bool:
    keys = header_keys(table)
    return any(_is_number_header(k) for k in keys) and \
        any(k in ("kommune", "kommunenavn", "navn") for k in keys)


def _is_number_header(key: str) -> bool:
    return key.startswith("kommunen") and ("nummer" in key or "nr" in key)


def _column_pairs(keys: tuple[str, ...]) -> list[tuple[int, int]]:
    """(number column, name column) pairs: one pair, or several side by side in a compact list."""
    numbers = [i for i, k in enumerate(keys) if _is_number_header(k)]
    names = [i for i, k in enumerate(keys) if k in ("kommune", "kommunenavn", "navn")]
    if len(numbers) > 1 and len(numbers) == len(names):
        return list(zip(numbers, names))
    return [(numbers[0], names[0])]


def read_municipalities(table: Table) -> list[Municipality]:
    """The municipalities of a parties table, row by row (and left to right in a compact list)."""
    pairs = _column_pairs(header_keys(table))
    result = []
    for row in range(1, len(table.rows)):
        texts = table.texts(row)
        for number_col, name_col in pairs:
            number, name = texts[number_col].strip(), texts[name_col].strip()
            if number or name:
                if not name and number in municipalities():
                    name = municipalities()[number].name
                result.append(Municipality(number, name))
    return result


def single_party(summary: str, number: str) -> tuple[str, Municipality] | None:
    """(hospital trust, municipality) from «Sykehuset Innlandet HF og Lillehammer kommune» and «3405»."""
    trust, separator, party = " ".join(summary.split()).rpartition(" og ")
    number = number.strip()
    if not separator or not party or not number:
        return None
    name = party.removesuffix(" kommune") if party.endswith(" kommune") else party
    return trust, Municipality(number, name)


def is_signature_table(table: Table) -> bool:
    """A table of signatures: «Underskrift» as a header, or blocks whose last line is «Underskrift»."""
    if any(k in ("underskrift", "signatur", "signert") for k in header_keys(table)):
        return True
    first = [text.split("\n") for text in table.texts(0)] if table.rows else []
    return bool(first) and all(lines[-1].strip().casefold() == "underskrift" for lines in first if lines[0].strip())


def is_coverage_table(table: Table) -> bool:
    keys = header_keys(table)
    return len(keys) >= 3 and keys[0] in ("nr.", "nr", "punkt") and "status" in keys


def has_note_column(table: Table) -> bool:
    return "merknad" in header_keys(table)


def shows_check_verdict(table: Table) -> bool:
    """True when the § 6-2 table shows the check's words («delvis», «mangler»), as documents built before
    the template showed the workbook's own statuses did."""
    status_col = header_keys(table).index("status")
    return any(table.texts(row)[status_col].strip().casefold() in _CHECK_WORDS for row in range(1, len(table.rows)))


def read_coverage(table: Table) -> list[PointCoverage]:
    """The § 6-2 table as the document shows it: status label and where (or the other sub-agreement)."""
    keys = header_keys(table)
    status_col = keys.index("status")
    where_col = next((i for i, k in enumerate(keys) if k.startswith("hvor")), len(keys) - 1)
    note_col = next((i for i, k in enumerate(keys) if k == "merknad"), None)
    rows = []
    for row in range(1, len(table.rows)):
        texts = table.texts(row)
        number = number_value(texts[0].strip().rstrip("."), -1, digits=4)
        status = _COVERAGE.get(texts[status_col].strip().casefold())
        if number < 0 or status is None:
            continue
        where = texts[where_col].strip()
        note = texts[note_col].strip() if note_col is not None else ""
        if status is CoverageStatus.REFERENCED:
            version = _VERSION_SUFFIX.match(where)
            name, version_text = (version.group(1), version.group(2)) if version else (where, "")
            rows.append(PointCoverage(number, status, other_agreement=name, other_agreement_version=version_text,
                                      note=note))
        else:
            places = tuple(part.strip() for part in where.split(";") if part.strip())
            rows.append(PointCoverage(number, status, places if status is not CoverageStatus.MISSING else (),
                                      note=note))
    return rows


def is_joint_measure_table(table: Table) -> bool:
    keys = header_keys(table)
    return bool(keys) and keys[0] in ("tiltak", "samarbeidstiltak") and any("finansiering" in k for k in keys)


def read_joint_measures(table: Table) -> list[JointMeasure]:
    measures = []
    for row in range(1, len(table.rows)):
        texts = [text.strip() for text in table.texts(row)] + [""] * 5
        if texts[0]:
            measures.append(JointMeasure(*texts[:5]))
    return measures


def known_trust(texts: list[str]) -> str | None:
    """The one hospital trust from the reference list that ``texts`` name, if exactly one."""
    joined = "\n".join(texts).casefold()
    found = {name for name in hospital_trusts() if name.casefold() in joined}
    found = {name for name in found if not any(name != other and name.casefold() in other.casefold()
                                               for other in found)}
    return found.pop() if len(found) == 1 else None
