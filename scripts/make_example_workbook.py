"""Generate workbooks/innlandet-rehabilitering.xlsx from the Innlandet transcription.

Source: workbooks/source/innlandet_rehabilitering.json (a copy of
shared/domain/innlandet_rehabilitering.json, with the two addresses the source document lists under
«Generelt» written after the guideline and the plan they belong to, as a user types a link) and the
packaged helsefellesskap membership. The source's figure (Gjøvik's rehabilitation pyramid) cannot be
recovered from the text transcription, so the example has none.
Run from the repository root:  python scripts/make_example_workbook.py [--overwrite]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agreement_builder.model import (  # noqa: E402
    Agreement, AgreementStatus, Block, BlockKind, CoverageStatus, DiagnosisGroup, DocumentType, Facts, Level,
    Municipality, PointCoverage, Section, Task,
)
from agreement_builder.reference import members_of  # noqa: E402
from agreement_builder.workbook.writer import write_workbook  # noqa: E402

SOURCE = ROOT / "workbooks" / "source" / "innlandet_rehabilitering.json"
TARGET = ROOT / "workbooks" / "innlandet-rehabilitering.xlsx"

# What the document itself covers of § 6-2, read honestly; open points are left "Ikke behandlet". The source is an
# annex on task distribution in rehabilitation (its scope, nr. 1 and 2, is in the JSON's "scope"); the points it
# touches beyond that are marked partial, and the rest belong to agreements the source does not name.
COVERED, PARTIAL, MISSING = CoverageStatus.COVERED, CoverageStatus.PARTIAL, CoverageStatus.MISSING
STATUTE_MAP = {
    1: (COVERED, ("Diagnosespesifikk oppgavefordeling",), "Oppgavefordelingen per diagnosegruppe."),
    2: (PARTIAL, ("Generelt", "Sykehuset Innlandet", "Kommunene i Innlandet"),
        "Rehabilitering, utskrivelse og lærings- og mestringstilbud omtales; innleggelse omtales ikke."),
    3: (MISSING, (), ""),
    4: (MISSING, (), ""),
    5: (PARTIAL, ("Sykehuset Innlandet",), "Kommunikasjon med kommunen om utskriving; ingen egen retningslinje."),
    6: (PARTIAL, ("Sykehuset Innlandet", "Fastlegene"), "Kompetanseoverføring og veiledning; ikke hospitering."),
    7: (MISSING, (), ""),
    8: (MISSING, (), ""),
    9: (PARTIAL, ("Generelt",), "Videokonferanseutstyr tilknyttet Norsk Helsenett."),
    10: (MISSING, (), ""),
    11: (MISSING, (), ""),
    12: (PARTIAL, ("Generelt",), "Samhandlingsforum rehabilitering skal ha jevnlige møtepunkter om oppgavedelingen."),
    13: (MISSING, (), ""),
}


def _block(raw: object) -> Block:
    if isinstance(raw, str):
        return Block(raw)
    if "bullet" in raw:
        return Block(raw["bullet"], BlockKind.BULLET)
    return Block(raw["numbered"], BlockKind.NUMBERED)


def innlandet_agreement(source: Path = SOURCE) -> Agreement:
    data = json.loads(source.read_text(encoding="utf-8"))
    groups = tuple(
        DiagnosisGroup(
            name=group["name"],
            category=group["category"],
            tasks=tuple(Task(text, Level(key)) for key, texts in group["tasks"].items() for text in texts),
            recommendation=tuple(Block(text) for text in group["recommendation"]),
        )
        for group in data["diagnosis_groups"]
    )
    members = members_of("Innlandet")
    scope = data["scope"]
    return Agreement(
        facts=Facts(
            title=data["title"],
            version="1.0",
            status=AgreementStatus.CONSULTATION,
            helsefellesskap="Helsefellesskap Innlandet",
            hospital_trust=members[0].hospital_trust,
            date=dt.date(2020, 12, 10),
            document_type=DocumentType(scope["document_type"]),
            parent_agreement=scope["parent_agreement"],
            handled_points=tuple(scope["handled_points"]),
        ),
        municipalities=tuple(Municipality(m.number, m.name) for m in sorted(members, key=lambda m: m.number)),
        sections=tuple(Section(s["heading"], tuple(_block(b) for b in s["blocks"])) for s in data["sections"]),
        categories=tuple(dict.fromkeys(group.category for group in groups)),
        groups=groups,
        statute_map=tuple(
            PointCoverage(point, status, where, note=note) for point, (status, where, note) in STATUTE_MAP.items()
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=TARGET)
    parser.add_argument("--overwrite", action="store_true")
    args = parser.parse_args()
    print(write_workbook(args.output, innlandet_agreement(), overwrite=args.overwrite))


if __name__ == "__main__":
    main()
