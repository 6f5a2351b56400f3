"""Reference documentation generated from the code, so it cannot drift (docs/*.md).

``python scripts/make_docs.py`` writes the files; a test fails when one is stale.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from . import schema
from .law import load_statute


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"

    return [line(headers), line(["---"] * len(headers)), *(line(row) for row in rows)]


LINKS_AND_FIGURES = [
    "## Lenker og figurer",
    "",
    f"Tekstceller (tekstene på arket «{schema.FACTS_SHEET}», «{schema.SECTIONS.name}», anbefalinger og oppgaver) "
    "kan ha lenker, og noen av dem figurer. I Word-avtalen blir de ekte lenker og bilder med alternativ tekst.",
    "",
    "- En adresse som begynner med `https://`, `http://` eller `mailto:` blir en lenke, også i parentes etter "
    "teksten den hører til: «Veileder for rehabilitering (https://www.helsedirektoratet.no/veiledere/…)». "
    "Adressen står da også på papir. Punktum, komma og avsluttende parentes rett etter adressen hører ikke med.",
    "- `[tekst](https://…)` viser bare teksten, som lenke til adressen.",
    "- En lenke satt inn i Excel på en celle (Sett inn > Kobling) tas med: står adressen allerede i teksten, "
    "er det nok; ellers blir celleteksten lenket til adressen.",
    "- Bare http, https og mailto blir lenker. Lenker til filer, `javascript:`, `ftp:` og annet tas ikke med "
    "(teksten står igjen), og kontrollen sier fra.",
    "",
    f"Figurer: et bilde satt inn på arket «{schema.SECTIONS.name}» kommer i kapitlet der bildets øvre venstre "
    "hjørne står, etter teksten i den raden; på et diagnosegruppeark kommer det etter gruppens tabell, i "
    "rekkefølge med anbefalingen. Skriv bildets beskrivelse (høyreklikk > Vis alternativ tekst) – den leses "
    "opp for den som ikke ser bildet. Bilder plassert *i* en celle (Excels «Plasser i celle») leses ikke.",
    "",
    "Du kan også skrive en figur på en egen linje i en tekstcelle: "
    "`![Rehabiliteringspyramiden i Gjøvik](bilder/pyramide.png)` – alternativ tekst mellom hakeparentesene, "
    "filnavnet i parentes. Filen må ligge i samme mappe som arbeidsboken eller i en mappe under den: fulle "
    "stier, `..` og snarveier ut av mappen godtas ikke. Bildet må være PNG, JPEG eller GIF, høyst 10 MB og "
    "10 000 punkter på hver side (40 millioner i alt). Et bilde som ikke kan brukes, utelates med en advarsel; "
    "en figur uten alternativ tekst gir også en advarsel. Ingenting annet fra disken kommer i dokumentet.",
    "",
]


def workbook_markdown() -> str:
    lines = [
        "# Arbeidsboken",
        "",
        "Generert fra `agreement_builder/schema.py` av `python scripts/make_docs.py` – ikke rediger for hånd.",
        "",
        "En tom arbeidsbok lages med `agreement init mal.xlsx`. Faste ark gjenkjennes på navnet (store og små "
        "bokstaver og mellomrom spiller ingen rolle); diagnosegruppeark kan hete hva som helst og gjenkjennes på "
        f"«{schema.GROUP_MARKER}» i A1. Andre ark blir ikke lest (verktøyet sier fra). Arket "
        f"«{schema.GUIDANCE_SHEET}» er bare veiledning.",
        "",
        "Slik leses cellene: mellomrom og hardt mellomrom i starten og slutten fjernes, og flere mellomrom blir "
        "ett. Punkter limt inn fra Word (•, –, -) i starten av en linje gir egne oppgaver eller listepunkter; "
        "andre linjeskift (Alt+Enter) beholdes som linjeskift. Tomme rader hoppes over. Formler leses som "
        "verdien Excel sist regnet ut. Kontrolltegn som Word ikke tåler, fjernes, og verktøyet sier fra.",
        "",
        f"## {schema.FACTS_SHEET} (påkrevd)",
        "",
        "Avtalens fakta: én rad per felt, navnet i kolonne A og verdien i kolonne B. Rekkefølgen er fri.",
        "",
        *_table(["Felt", "Type", "Forklaring"], [
            [field.label, {"text": "tekst", "date": "dato", "choice": "liste: " + ", ".join(field.choices),
                           "long": "lengre tekst"}[field.kind], field.help]
            for field in schema.FACT_FIELDS
        ]),
        "",
    ]
    for table in schema.TABLE_SHEETS:
        aliases = f" Også godtatt som arknavn: {', '.join(table.aliases)}." if table.aliases else ""
        lines += [
            f"## {table.name} ({'påkrevd' if table.required else 'valgfritt'})",
            "",
            f"{table.purpose} Overskrifter i første rad, data fra rad 2.{aliases}",
            "",
            *_table(["Kolonne", "Påkrevd", "Forklaring"], [
                [column.header, "ja" if column.required else "nei",
                 column.help + (f" Verdier: {', '.join(column.choices)}." if column.choices else "")]
                for column in table.columns
            ]),
            "",
        ]
    lines += [
        "## Diagnosegruppe (ett ark per gruppe)",
        "",
        f"A1 «{schema.GROUP_MARKER}», B1 gruppens navn. A2 «{schema.GROUP_CATEGORY_LABEL}», B2 en kategori fra "
        f"arket «{schema.CATEGORIES.name}» (nedtrekksliste). Tabellens overskrifter står i rad "
        f"{schema.GROUP_HEADER_ROW}; oppgavene under, én per celle. Gruppene kommer i avtalen i kategorienes "
        "rekkefølge, og innen en kategori i arkenes rekkefølge.",
        "",
        *_table(["Kolonne", "Forklaring"], [[column.header, column.help] for column in schema.GROUP_COLUMNS]),
        "",
        *LINKS_AND_FIGURES,
        "## § 6-2-punktene",
        "",
        *_table(["Nr.", "Kortnavn", "Lovtekst"], [
            [str(point.number), point.short_name, point.wording] for point in load_statute().points
        ]),
        "",
    ]
    return "\n".join(lines)


# docs/<name> → generator; extended by the modules that own each document.
GENERATED: dict[str, Callable[[], str]] = {"workbook.md": workbook_markdown}


def _rules():
    from .validation import RULES

    return RULES


def _severity(rule) -> str:
    from .validation.findings import SEVERITY_LABELS

    return rule.severity_note or SEVERITY_LABELS["nb"][rule.severity]


_RULES_INTRO = [
    "Kodene er stabile: de endres ikke når meldingsteksten endres. «Gjelder» sier hva regelen ser på: avtalen, "
    "hver kommune for seg (i én avtale per kommune kontrolleres bare den kommunen) eller kommunelisten samlet "
    "(tas ikke med i avtalen for én kommune).",
    "",
    "Alvorlighet: feil (`error` i JSON) gjør at `agreement validate` avslutter med kode 1 og at avtalen merkes "
    "som utkast; advarsel (`warning`) og merknad (`info`) gjør det ikke. Med `--strict` er § 6-2 nr. 12 og 13 "
    "påkrevd som nr. 1–11.",
    "",
    "Det arbeidsboken ikke kan forstås uten – et ark eller en kolonneoverskrift som mangler, en verdi utenfor en "
    "nedtrekksliste (kategori, status, type), en dato som ikke er en dato – stopper lesingen med én linje som "
    "nevner ark og celle (avslutningskode 2), og er derfor ikke regler her.",
]


def _by_area() -> dict[str, list]:
    areas: dict[str, list] = {}
    for rule in _rules():
        areas.setdefault(rule.area, []).append(rule)
    return areas


def rules_markdown() -> str:
    """The rule catalogue as Markdown: docs/rules.md and ``agreement regler --format markdown``."""
    lines = [
        "# Kontrollreglene",
        "",
        "Generert fra regelkatalogen (`agreement_builder/validation/catalogue.py`) av `python scripts/make_docs.py` "
        "– ikke rediger for hånd. Samme liste gir `agreement regler`.",
        "",
        *_RULES_INTRO,
        "",
    ]
    for area, rules in _by_area().items():
        lines += [f"## {area}", ""]
        lines += _table(["Kode", "Alvorlighet", "Gjelder", "§ 6-2", "Hva kontrolleres"], [
            [f"`{rule.code}`", _severity(rule), rule.scope.label, rule.statute_label, rule.title]
            for rule in rules
        ])
        lines.append("")
    lines += _notices_markdown()
    return "\n".join(lines).rstrip("\n")


def rules_text() -> str:
    """The rule catalogue for the terminal: ``agreement regler``."""
    lines = [f"Kontrollreglene ({len(_rules())} regler)", "", *textwrap.wrap(
        "Kodene er de samme som i «agreement validate» og endres ikke når meldingsteksten endres. Feil gir "
        "avslutningskode 1 i «agreement validate» og merker avtalen som utkast; advarsler og merknader gjør det "
        "ikke. «gjelder» sier hva regelen ser på: avtalen, hver kommune for seg (i én avtale per kommune "
        "kontrolleres bare den kommunen) eller kommunelisten samlet.", 100)]
    for area, rules in _by_area().items():
        lines += ["", area]
        for rule in rules:
            statute = f" – § 6-2 {rule.statute_label}" if rule.statute_label else ""
            lines += [f"  {rule.code}: {_severity(rule)}{statute} – gjelder {rule.scope.label}",
                      f"      {rule.title}"]
    return "\n".join(lines)


def rules_json() -> str:
    """The rule catalogue for tools: ``agreement regler --format json``."""
    import json

    rules = [
        {
            "code": rule.code, "severity": rule.severity.value, "severity_note": rule.severity_note,
            "scope": rule.scope.value, "point": rule.point, "statute": rule.statute_label,
            "area": rule.area, "title": rule.title,
        }
        for rule in _rules()
    ]
    return json.dumps({"rules": rules}, ensure_ascii=False, indent=2)


RULE_FORMATS: dict[str, Callable[[], str]] = {"text": rules_text, "markdown": rules_markdown, "json": rules_json}


def _notices_markdown() -> list[str]:
    """The reader's notices: findings with codes like the rules', always of severity info."""
    from .validation.notices import AREA, NOTICES

    return [
        f"## {AREA}",
        "",
        "Det leseren merker uten å stoppe, kommer med som funn med alvorlighet merknad "
        "(`info` i JSON): i alle formatene "
        "til `agreement validate`, på arket «Validering» og som «Merk:»-linjer fra `build` og `diff`.",
        "",
        *_table(["Kode", "Alvorlighet", "Hva leseren merket"],
                [[f"`{notice.code}`", "merknad", notice.title] for notice in NOTICES]),
        "",
    ]


GENERATED["rules.md"] = rules_markdown


def _template_budget_lines() -> list[str]:
    """What a user's template may use (render/child.py, render/sandbox.py), from the code's own numbers."""
    from .render.child import DEFAULT_BUDGET
    from .render.template_file import PACKAGE_LIMIT

    mb = 1024 * 1024
    return [
        "## Grenser for en egen mal",
        "",
        "En mal er kode: en løkke i en løkke kan gå i timevis. Derfor flettes en egen mal (`--template`) i en "
        "egen prosess med et budsjett, likt på Windows, macOS og Linux. Den innebygde malen flettes i selve "
        "prosessen.",
        "",
        f"- **Tid:** {DEFAULT_BUDGET.seconds:g} sekunder per fletting (endre med `--template-timeout SEKUNDER` på "
        "`build-agreement`, `agreement build`, `agreement diff --format docx` og `agreement template-check`). "
        "En mal som bruker mer, stoppes: kommandoen skriver ingenting og avslutter med kode 2 og én linje som "
        "nevner malen; `agreement template-check` melder det som en feil i malen (kode 1).",
        f"- **Tekst:** høyst {DEFAULT_BUDGET.output_limit // mb} MB tekst fra én del av malen (hoveddelen, en "
        "topptekst, en bunntekst) og fra hver `{% set %}`-blokk og makro; `'x' * 10**9` og enorme potenser "
        "stoppes før de regnes ut.",
        f"- **Minne:** høyst {DEFAULT_BUDGET.memory_bytes // mb} MB for flettingen der systemet kan begrense "
        "det (Linux; på Windows gjelder tid og tekst).",
        "- **Malfilen** kontrolleres før den åpnes: en vanlig fil, et Word-dokument (.docx) eller en Word-mal "
        f"(.dotx), innenfor grensene i [limits.md](limits.md) og høyst {PACKAGE_LIMIT // mb} MB utpakket i alt. "
        "Et regneark, en tekstfil eller et dokument med makroer gir én linje og kode 2.",
    ]


def template_markdown() -> str:
    from .render.context import CONTEXT_DOC

    lines = [
        "# Word-malen",
        "",
        "Generert fra `agreement_builder/render/context.py` av `python scripts/make_docs.py` – ikke rediger for "
        "hånd.",
        "",
        "Avtalen lages med [docxtpl](https://docxtpl.readthedocs.io/) fra en Word-mal. Den innebygde malen er "
        "`templates/samarbeidsavtale.docx` (laget av `scripts/make_template.py`). En region kan kopiere den, endre "
        "stiler, standardtekster og oppsett i Word, og bruke sin egen med `build-agreement ARBEIDSBOK --template "
        "vår-mal.docx`. Kontroller en endret mal med `agreement template-check vår-mal.docx`: den finner "
        "Jinja-feil, ukjente variabler og feilstavede felt (ved to prøveflettinger).",
        "",
        "## Regler for flettingen",
        "",
        "- Malen flettes i et avgrenset (sandboxed) Jinja-miljø med autoescaping og strenge variabler: en ukjent "
        "variabel stopper byggingen med en melding som nevner den.",
        "- Tekst fra cellene er data, aldri mal: `{{ 7*7 }}` eller `{% for %}` i en celle kommer ut som skrevet. "
        "`& < >` og anførselstegn kommer ut riktig; tegn XML ikke tillater, fjernes.",
        "- Linjeskift i en celle blir linjeskift i dokumentet; punkter blir listeavsnitt (blokker med kind "
        "`kulepunkt` eller `nummerert`).",
        "- Bruk docxtpl-kodene `{%p ... %}` for avsnitt og `{%tr ... %}` for tabellrader, slik den innebygde "
        "malen gjør.",
        "- Etter flettingen fylles innholdsfortegnelsen (et TOC-felt) med overskriftene (stilene Heading 1–3), "
        "og dokumentegenskapene (tittel, emne, forfatter, stikkord, versjon) settes fra arket Avtale.",
        "",
        *_template_budget_lines(),
        "",
        "## Variablene",
        "",
        *_table(["Navn", "Innhold"], [[f"`{name}`", text] for name, text in CONTEXT_DOC.items()]),
        "",
        "## Eksempel",
        "",
        "```",
        "{%p for category in categories %}",
        "{{ category.name }}                      (stil Heading 2)",
        "{%p for group in category.groups %}",
        "{{ group.name }}                         (stil Heading 3)",
        "| Spesialisthelsetjenesten | Felles ansvar | Kommunehelsetjenesten |",
        "| {%tr for row in group.rows %} |",
        "| {{ row.spesialisthelsetjenesten }} | {{ row.felles }} | {{ row.kommunehelsetjenesten }} |",
        "| {%tr endfor %} |",
        "{%p endfor %}",
        "{%p endfor %}",
        "```",
    ]
    return "\n".join(lines)


GENERATED["template.md"] = template_markdown
