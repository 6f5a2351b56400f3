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

_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
# Labels of the facts that can stand in a cover table; never the output folder (a path is not read from a document).
_LABELS = {schema.sheet_key(f.label): f.key for f in schema.FACT_FIELDS
           if f.key not in schema.FACT_TEXT_KEYS and f.key != "output_folder"}
_LABELS.update({"versjonsnummer": "version", "versjonsnr.": "version", "vedtatt": "date", "godkjent": "date",
                "dato for vedtak": "date", "ikrafttredelse": "valid_from", "gjelder fra": "valid_from",
                "revisjon": "revise_by", "revideres": "revise_by", "helseforetaket": "hospital_trust"})
_COVERAGE = {label: status for status, label in TEXTS["nb"].items() if isinstance(status, CoverageStatus)}
_COVERAGE[TEXTS["nb"]["outside"]] = CoverageStatus.MISSING  # «utenfor omfang»: missing, outside the scope
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


def read_municipalities(table: Table) -> list[Municipality]:
    keys = header_keys(table)
    number_col = next(i for i, k in enumerate(keys) if _is_number_header(k))
    name_col = next(i for i, k in enumerate(keys) if k in ("kommune", "kommunenavn", "navn"))
    result = []
    for row in range(1, len(table.rows)):
        texts = table.texts(row)
        number, name = texts[number_col].strip(), texts[name_col].strip()
        if number or name:
            if not name and number in municipalities():
                name = municipalities()[number].name
            result.append(Municipality(number, name))
    return result


def is_signature_table(table: Table) -> bool:
    return any(k in ("underskrift", "signatur", "signert") for k in header_keys(table))


def is_coverage_table(table: Table) -> bool:
    keys = header_keys(table)
    return len(keys) >= 3 and keys[0] in ("nr.", "nr", "punkt") and "status" in keys


def read_coverage(table: Table) -> list[PointCoverage]:
    """The § 6-2 table as the document shows it: status label and where (or the other sub-agreement)."""
    keys = header_keys(table)
    status_col = keys.index("status")
    where_col = len(keys) - 1
    rows = []
    for row in range(1, len(table.rows)):
        texts = table.texts(row)
        number, status = texts[0].strip().rstrip("."), _COVERAGE.get(texts[status_col].strip().casefold())
        if not number.isdigit() or status is None:
            continue
        where = texts[where_col].strip()
        if status is CoverageStatus.REFERENCED:
            version = _VERSION_SUFFIX.match(where)
            name, version_text = (version.group(1), version.group(2)) if version else (where, "")
            rows.append(PointCoverage(int(number), status, other_agreement=name, other_agreement_version=version_text))
        else:
            places = tuple(part.strip() for part in where.split(";") if part.strip())
            rows.append(PointCoverage(int(number), status, places if status is not CoverageStatus.MISSING else ()))
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
