"""The workbook layout, described once.

The reader, the blank-workbook writer and docs/workbook.md are all driven by the
descriptions here: sheet names, headers, fields and the closed lists behind dropdowns.
"""

from __future__ import annotations


import re
from typing import NamedTuple

from .model import AgreementStatus, BlockKind, CoverageStatus, DocumentType, Level


class Column(NamedTuple):
    key: str
    header: str
    width: int
    help: str
    required: bool = True
    choices: tuple[str, ...] = ()


class Field(NamedTuple):
    """A labelled row on the facts sheet: label in column A, value in column B."""

    key: str
    label: str
    help: str
    kind: str = "text"  # text | date | choice | long | points
    choices: tuple[str, ...] = ()


class TableSheet(NamedTuple):
    """A sheet holding one table: headers in row 1, data from row 2."""

    name: str
    purpose: str
    columns: tuple[Column, ...]
    required: bool = True
    aliases: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


STATUS_CHOICES = tuple(status.value for status in AgreementStatus)
DOCUMENT_TYPE_CHOICES = tuple(kind.value for kind in DocumentType)

FACTS_SHEET = "Avtale"
_STANDARD_TEXT = " Tomt gir standardteksten; «Utelates» tar kapitlet ut."
FACTS_HEADERS = ("Felt", "Verdi", "Forklaring")
FACT_FIELDS: tuple[Field, ...] = (
    Field("title", "Tittel", "Avtalens tittel slik den skal stå på forsiden."),
    Field("version", "Versjon", "Versjonsnummer, f.eks. 1.0 eller 2025-2."),
    Field("status", "Status", "Velg fra listen.", "choice", STATUS_CHOICES),
    Field("helsefellesskap", "Helsefellesskap", "Navnet på helsefellesskapet, f.eks. Innlandet."),
    Field("hospital_trust", "Helseforetak", "Helseforetaket som er part, f.eks. Sykehuset Innlandet HF."),
    Field("date", "Dato", "Datoen avtalen ble vedtatt eller behandlet (dd.mm.åååå).", "date"),
    Field("valid_from", "Gyldig fra", "Datoen avtalen gjelder fra (dd.mm.åååå).", "date"),
    Field("revise_by", "Revideres innen", "Når avtalen senest skal revideres (dd.mm.åååå).", "date"),
    Field("document_type", "Dokumenttype",
          "Hva dokumentet er. Bare en overordnet samarbeidsavtale (eller et samlet avtaleverk) vurderes på alle "
          "13 punktene i § 6-2; en delavtale eller et vedlegg vurderes på punktene den behandler.",
          "choice", DOCUMENT_TYPE_CHOICES),
    Field("parent_agreement", "Hører under",
          "Avtalen dokumentet hører under, f.eks. navnet på delavtalen et vedlegg hører til."),
    Field("handled_points", "Behandler § 6-2 nr.",
          "Punktene i § 6-2 dokumentet skal behandle, f.eks. 1, 2 eller 1–7. Tomt betyr punktene som er "
          "markert som behandlet på arket «§ 6-2».", "points"),
    Field("legal_basis", "Lovgrunnlag", "Lover og forskrifter avtalen bygger på." + _STANDARD_TEXT, "long"),
    Field("purpose", "Formål", "Avtalens formål." + _STANDARD_TEXT, "long"),
    Field("scope", "Virkeområde", "Hvem og hva avtalen gjelder." + _STANDARD_TEXT, "long"),
    Field("deviations", "Avvik", "Hvordan avvik meldes og følges opp." + _STANDARD_TEXT, "long"),
    Field("disagreement", "Uenighet", "Hvordan uenighet løses." + _STANDARD_TEXT, "long"),
    Field("breach", "Mislighold", "Hva som skjer ved brudd på avtalen." + _STANDARD_TEXT, "long"),
    Field("duration", "Varighet og oppsigelse", "Varighet, revisjon og oppsigelse." + _STANDARD_TEXT, "long"),
    Field("signatures", "Underskrifter", "Tekst over underskriftsfeltene (én blokk per part). Tomt gir bare "
          "feltene; «Utelates» tar kapitlet ut.", "long"),
    Field("output_folder", "Mappe for avtaledokument", "Valgfritt: mappe der Excel-knappen lagrer Word-filen.", "text"),
)
# The closed lists of the facts sheet, by field key: the enum each label belongs to.
FACT_CHOICE_ENUMS = {"status": AgreementStatus, "document_type": DocumentType}


def fact_choice(key: str, label: str):
    """The enum member whose value is ``label`` (any case) for the choice field ``key``; ``None`` if none."""
    return next((member for member in FACT_CHOICE_ENUMS[key] if member.value.casefold() == label.casefold()), None)


# The long free texts, kept in Facts.texts as blocks rather than as typed attributes.
FACT_TEXT_KEYS = tuple(field.key for field in FACT_FIELDS if field.kind == "long")
# A long text that says only this leaves the standard chapter out of the document.
OMIT_TEXT = "Utelates"
OMIT_WORDS = ("utelates", "-")

_POINT_PART = re.compile(r"^(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?$")


def parse_points(text: str) -> tuple[int, ...] | None:
    """«1, 2, 5–7» → (1, 2, 5, 6, 7); ``None`` when the text is not a list of § 6-2 points (1–13)."""
    cleaned = re.sub(r"(?i)\bnr\.?", "", text)
    points: set[int] = set()
    for part in (part.strip() for part in re.split(r"[,;\n]|\sog\s", cleaned)):
        if not part:
            continue
        match = _POINT_PART.match(part)
        if not match:
            return None
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if not 1 <= first <= last <= 13:
            return None
        points.update(range(first, last + 1))
    return tuple(sorted(points))


def points_text(points: tuple[int, ...]) -> str:
    """(1, 2, 5, 6, 7) → «1, 2, 5–7»: the form a person writes and :func:`parse_points` reads."""
    runs: list[list[int]] = []
    for point in points:
        if runs and point == runs[-1][-1] + 1:
            runs[-1].append(point)
        else:
            runs.append([point])
    parts = [f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs]
    return ", ".join(parts)


MUNICIPALITIES = TableSheet(
    "Kommuner",
    "Kommunene som er part i avtalen, én per rad.",
    (
        Column("number", "Kommunenummer", 16, "Fire siffer, f.eks. 3405."),
        Column("name", "Kommunenavn", 30, "Navnet slik det står i kommunelisten."),
    ),
)

CATEGORIES = TableSheet(
    "Kategorier",
    "Kategoriene diagnosegruppene sorteres under, i den rekkefølgen de skal stå i avtalen.",
    (
        Column("name", "Kategori", 40, "F.eks. Ervervede skader."),
        Column("groups", "Diagnosegrupper", 60,
               "Valgfritt: gruppene i kategorien, i den rekkefølgen de skal stå, én per linje (Alt+Enter) eller "
               "skilt med semikolon. Brukes når gruppene ligger i egne gruppearbeidsbøker i samme mappe.",
               required=False),
    ),
)

BLOCK_CHOICES = {"Avsnitt": BlockKind.PARAGRAPH, "Kulepunkt": BlockKind.BULLET, "Nummerert": BlockKind.NUMBERED}

SECTIONS = TableSheet(
    "Generelle avsnitt",
    "Avtalens generelle kapitler. En rad med overskrift starter et nytt kapittel; "
    "radene under uten overskrift hører til samme kapittel.",
    (
        Column("heading", "Overskrift", 28, "Kapitteloverskrift (bare på første rad i kapitlet).", required=False),
        Column("kind", "Type", 14, "Avsnitt, Kulepunkt eller Nummerert. Tomt betyr Avsnitt.",
               required=False, choices=tuple(BLOCK_CHOICES)),
        Column("text", "Tekst", 100, "Ett avsnitt eller punkt per rad."),
    ),
)

COVERAGE_CHOICES = {
    "Behandlet i denne avtalen": CoverageStatus.COVERED,
    "Delvis behandlet": CoverageStatus.PARTIAL,
    "Dekket av annen delavtale": CoverageStatus.REFERENCED,
    "Ikke behandlet": CoverageStatus.MISSING,
}
COVERAGE_LABELS = {status: label for label, status in COVERAGE_CHOICES.items()}

STATUTE = TableSheet(
    "§ 6-2",
    "Hvordan avtalen oppfyller minimumsinnholdet i helse- og omsorgstjenesteloven § 6-2, ett punkt per rad.",
    (
        Column("point", "Nr.", 6, "Punktnummer i § 6-2 første ledd (1–13)."),
        Column("law", "Lovtekst", 60, "Lovens ordlyd (bare til informasjon).", required=False),
        Column("status", "Status", 26, "Velg fra listen.", choices=tuple(COVERAGE_CHOICES)),
        Column("where", "Hvor i avtalen", 34,
               "Kapitler eller diagnosegrupper som behandler punktet, skilt med semikolon.", required=False),
        Column("other", "Annen delavtale", 30, "Navnet på delavtalen som dekker punktet.", required=False),
        Column("other_version", "Versjon/dato", 16, "Versjon eller dato for den andre delavtalen.", required=False),
        Column("note", "Merknad", 40, "Fritekst.", required=False),
    ),
    aliases=("§6-2", "6-2", "Paragraf 6-2"),
)

JOINT_MEASURES = TableSheet(
    "Samarbeidstiltak",
    "Samarbeidstiltak etter § 6-2 andre ledd: ansvar (også arbeidsgiveransvar), organisering og finansiering.",
    (
        Column("name", "Tiltak", 34, "Navnet på samarbeidstiltaket."),
        Column("group", "Diagnosegruppe", 28, "Diagnosegruppen tiltaket hører til (valgfritt).", required=False),
        Column("responsibility", "Ansvar (inkl. arbeidsgiveransvar)", 34, "Hvem har ansvaret, og hvem er arbeidsgiver.",
               required=False),
        Column("organisation", "Organisering", 34, "Hvordan tiltaket organiseres.", required=False),
        Column("financing", "Finansiering", 34, "Hvordan tiltaket finansieres.", required=False),
    ),
    required=False,
)

GUIDANCE_SHEET = "Veiledning"
FINDINGS_SHEET = "Validering"  # written by `validate --write-sheet` and the Excel button; never read
CONFLICTS_SHEET = "Konflikter"  # written by `agreement merge` when copies collide; never read as content

# A diagnosis group sheet: any name; recognised by its marker in A1.
GROUP_MARKER = "Diagnosegruppe"
GROUP_CATEGORY_LABEL = "Kategori"
GROUP_HEADER_ROW = 4
GROUP_COLUMNS: tuple[Column, ...] = (
    Column(Level.SPECIALIST.value, Level.SPECIALIST.label, 38, "Oppgaver for spesialisthelsetjenesten, én per celle."),
    Column(Level.SHARED.value, Level.SHARED.label, 38, "Oppgaver partene har felles ansvar for, én per celle."),
    Column(Level.MUNICIPAL.value, Level.MUNICIPAL.label, 38, "Oppgaver for kommunehelsetjenesten, én per celle."),
    Column("recommendation", "Anbefaling", 64, "Anbefalingen for gruppen, ett avsnitt per celle."),
)

TABLE_SHEETS = (MUNICIPALITIES, CATEGORIES, SECTIONS, STATUTE, JOINT_MEASURES)


def sheet_key(name: str) -> str:
    """A sheet or header name folded for tolerant matching: case, spaces, trailing ':' or '*'."""
    return "".join(str(name).casefold().split()).rstrip(":*")


# --- group workbooks (docs/group-workbooks.md) ------------------------------------------------------
# A group workbook holds one or a few diagnosis-group sheets of an agreement and a read-only header
# sheet naming the agreement; recognised by GROUP_BOOK_MARKER in A1 of the header sheet, whatever
# the file or sheet is called.
GROUP_BOOK_SHEET = "Om gruppearbeidsboken"
GROUP_BOOK_MARKER = "Gruppearbeidsbok"
GROUP_BOOK_FIELDS: tuple[Field, ...] = (
    Field("title", "Avtale", "Tittelen på avtalen gruppen hører til (som på arket «Avtale» i hovedarbeidsboken)."),
    Field("helsefellesskap", "Helsefellesskap", "Helsefellesskapet avtalen gjelder."),
    Field("version", "Versjon", "Avtaleversjonen arbeidsboken ble laget fra."),
    Field("category", "Kategori", "Kategorien gruppene i denne arbeidsboken hører til."),
)
GROUP_BOOK_FIRST_FIELD_ROW = 4  # the header fields in A4:B7; guidance below
