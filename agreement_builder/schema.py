"""The workbook layout, described once.

The reader, the blank-workbook writer and docs/workbook.md are all driven by the
descriptions here: sheet names, headers, fields and the closed lists behind dropdowns.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import AgreementStatus, BlockKind, CoverageStatus, Level


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    help: str
    required: bool = True
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Field:
    """A labelled row on the facts sheet: label in column A, value in column B."""

    key: str
    label: str
    help: str
    kind: str = "text"  # text | date | choice | long
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSheet:
    """A sheet holding one table: headers in row 1, data from row 2."""

    name: str
    purpose: str
    columns: tuple[Column, ...]
    required: bool = True
    aliases: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


STATUS_CHOICES = tuple(status.value for status in AgreementStatus)

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
# The long free texts, kept in Facts.texts as blocks rather than as typed attributes.
FACT_TEXT_KEYS = tuple(field.key for field in FACT_FIELDS if field.kind == "long")
# A long text that says only this leaves the standard chapter out of the document.
OMIT_TEXT = "Utelates"
OMIT_WORDS = ("utelates", "-")

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
    (Column("name", "Kategori", 40, "F.eks. Ervervede skader."),),
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
    Column("recommendation", "Anbefaling", 90, "Anbefalingen for gruppen, ett avsnitt per celle."),
)

TABLE_SHEETS = (MUNICIPALITIES, CATEGORIES, SECTIONS, STATUTE, JOINT_MEASURES)


def sheet_key(name: str) -> str:
    """A sheet or header name folded for tolerant matching: case, spaces, trailing ':' or '*'."""
    return "".join(str(name).casefold().split()).rstrip(":*")
