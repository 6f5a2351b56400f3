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
        "verdien Excel sist regnet ut. Tekst leses i Unicode-formen NFC, så «å» er samme tegn enten det er skrevet "
        "som ett tegn eller som «a» med ring over (slik macOS og noen nettskjemaer lagrer det). Kontrolltegn og tegn "
        "som snur skriveretningen, fjernes fra celler og arknavn, og verktøyet sier fra; usynlige mellomrom "
        "fjernes uten melding, mens sammenføyningstegn som hører til teksten (i emoji og i persisk eller indisk "
        "skrift), beholdes.",
        "",
        "Det Excel viser annerledes enn det som leses, gir en advarsel med arket og cellen:",
        "",
        "- Et skjult eller svært skjult ark leses som alle andre: en diagnosegruppe på et skjult ark er med i "
        "avtalen (dataene hører til avtalen), og advarselen sier hvilket ark det er, så ingen blir overrasket. "
        "Vis arket i Excel (høyreklikk på en arkfane, «Vis») for å se det.",
        "- En verdi i en celle under en sammenslått celle (ikke den øverste til venstre) vises ikke i Excel og "
        "er ikke med i avtalen.",
        "- En celle som viser en feilverdi (#REF!, #DIV/0!, #N/A, #SPILL! …), leses som tom.",
        "- En formel som er lagret uten utregnet verdi (av andre programmer enn Excel), leses som tom; åpne og "
        "lagre arbeidsboken i Excel, så regnes den ut.",
        "",
        f"## {schema.FACTS_SHEET} (påkrevd)",
        "",
        "Avtalens fakta: én rad per felt, navnet i kolonne A og verdien i kolonne B. Rekkefølgen er fri.",
        "",
        *_table(["Felt", "Type", "Forklaring"], [
            [field.label, {"text": "tekst", "date": "dato", "choice": "liste: " + ", ".join(field.choices),
                           "long": "lengre tekst", "points": "punkter i § 6-2"}[field.kind], field.help]
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
        *_group_book_lines(),
        "## § 6-2-punktene",
        "",
        *_table(["Nr.", "Kortnavn", "Lovtekst"], [
            [str(point.number), point.short_name, point.wording] for point in load_statute().points
        ]),
        "",
    ]
    return "\n".join(lines)


def _group_book_lines() -> list[str]:
    """Group workbooks and agreement folders (docs/group-workbooks.md tells the workflow)."""
    groups_header = schema.CATEGORIES.column("groups").header
    return [
        "## Gruppearbeidsbok og avtalemappe",
        "",
        "En avtale kan også ligge i en *avtalemappe*: én hovedarbeidsbok (arkene over, uten gruppeark) og én "
        "*gruppearbeidsbok* per diagnosegruppe (`agreement split`, `agreement init --group`). Filene gjenkjennes "
        f"på innholdet, ikke på navnet: hovedarbeidsboken på arket «{schema.FACTS_SHEET}», en gruppearbeidsbok "
        f"på «{schema.GROUP_BOOK_MARKER}» i A1 på arket «{schema.GROUP_BOOK_SHEET}» (skrivebeskyttet uten "
        "passord). Det arket navngir avtalen gruppen hører til, med verdiene i kolonne B:",
        "",
        *_table(["Felt", "Forklaring"], [[item.label, item.help] for item in schema.GROUP_BOOK_FIELDS]),
        "",
        "Resten av gruppearbeidsboken er gruppeark som over. En gruppe tilhører avtalen når tittel og "
        "helsefellesskap er de samme som i hovedarbeidsboken (store og små bokstaver og mellomrom spiller ingen "
        "rolle); en annen versjon gir en advarsel. Er kategoricellen på gruppearket tom, gjelder kategorien fra "
        "dette arket.",
        "",
        f"Rekkefølgen: gruppene kommer i kategorienes rekkefølge. Innen en kategori bestemmer kolonnen "
        f"«{groups_header}» på arket «{schema.CATEGORIES.name}» rekkefølgen (én gruppe per linje, eller skilt med "
        "semikolon); grupper som ikke står der, kommer etter, først hovedarbeidsbokens egne gruppeark i "
        "arkrekkefølge, så de andre etter navn. En gruppe som står i listen uten å finnes i noen fil, er en feil "
        "i kontrollen.",
        "",
    ]


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
    "Alvorlighet: feil (`error` i JSON) gjør at `agreement validate` avslutter med kode 1; advarsel (`warning`) "
    "og merknad (`info`) gjør det ikke. Funnene står aldri i avtaledokumentet. Med `--strict` er § 6-2 nr. 12 og 13 "
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
        "avslutningskode 1 i «agreement validate»; advarsler og merknader gjør det ikke. Funnene står aldri "
        "i avtaledokumentet. «gjelder» sier hva regelen ser på: avtalen, hver kommune for seg (i én avtale per kommune "
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
            "area": rule.area, "title": rule.title, "per_group": rule.per_group,
        }
        for rule in _rules()
    ]
    return json.dumps({"rules": rules}, ensure_ascii=False, indent=2)


RULE_FORMATS: dict[str, Callable[[], str]] = {"text": rules_text, "markdown": rules_markdown, "json": rules_json}


def _notices_markdown() -> list[str]:
    """The reader's notices: findings with codes like the rules', of severity info or warning."""
    from .validation.findings import SEVERITY_LABELS
    from .validation.notices import AREA, NOTICES

    return [
        f"## {AREA}",
        "",
        "Det leseren merker uten å stoppe, kommer med som funn med alvorlighet merknad (`info` i JSON), eller "
        "advarsel (`warning`) når avtalen får med noe annet enn det Excel viser: i alle formatene "
        "til `agreement validate`, på arket «Validering» og som «Merk:»-linjer fra `build` og `diff`.",
        "",
        *_table(["Kode", "Alvorlighet", "Hva leseren merket"],
                [[f"`{notice.code}`", SEVERITY_LABELS["nb"][notice.severity], notice.title] for notice in NOTICES]),
        "",
    ]


GENERATED["rules.md"] = rules_markdown


def _template_budget_lines() -> list[str]:
    """What a user's template may use (render/child.py, render/sandbox.py), from the code's own numbers."""
    from .render.sandbox import DEFAULT_BUDGET
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
        "## Den innebygde malen",
        "",
        "- Dokumentet sier det arbeidsboken sier. Kontrollens funn står aldri i det (de står i terminalen og på "
        "arket Validering); § 6-2-tabellen viser kartet slik arbeidsgruppen fylte det ut. Merket «UTKAST» (på "
        "forsiden og i toppteksten) kommer bare når statusen er Utkast, eller når byggingen ber om det "
        "(`render_agreement(..., draft=True)`).",
        "- Standardkapitlene (Lovgrunnlag, Formål, Virkeområde, Avvik, Uenighet, Mislighold, Varighet, "
        "Underskrifter) får teksten fra arket Avtale, ellers malens standardtekst; «Utelates» i feltet tar kapitlet "
        "ut, og et eget kapittel med samme overskrift på arket Generelle avsnitt tar standardkapitlets plass. "
        "Standardteksten påstår ingen fakta arbeidsboken ikke gir (datoer står bare når de er fylt ut).",
        "- Lover og forskrifter navngis fra én kontrollert liste (`agreement_builder/law/sources.json`, variabelen "
        "`law`), med Lovdatas korttittel: helse- og omsorgstjenesteloven (hol.), spesialisthelsetjenesteloven "
        "(sphlsl.), pasient- og brukerrettighetsloven (pbrl.).",
        "- Overskriftene nummereres (1, 1.1, 1.1.1) av Words egen flernivåliste, bundet til stilene Heading 1–3 "
        "(numbering.xml med w:pStyle); endre nummereringen eller stilen i Word, så følger alle overskriftene med.",
        "- Partene står i en kompakt tabell (tre kommuner per rad); underskriftene er én blokk per part (to og to "
        "for to parter, ellers tre og tre).",
        "- Universell utforming: språk nb-NO, tittel og emne i dokumentegenskapene, all struktur i overskriftsstiler, "
        "tabeller med merket overskriftsrad som gjentas på hver side, avstand i stilene (ingen tomme avsnitt).",
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


def group_workbooks_markdown() -> str:
    """docs/group-workbooks.md: the workflow, the folder's findings (from FOLDER_CODES) and the group rules."""
    from .validation import RULES
    from .workbook.folder import BLOCKING_CODES, FOLDER_CODES, MAX_FOLDER_FILES

    severity = {"error": "feil", "warning": "advarsel", "info": "merknad"}
    lines = [
        "# Gruppearbeidsbøker og avtalemapper",
        "",
        "Generert fra `agreement_builder/workbook/` av `python scripts/make_docs.py` – ikke rediger for hånd.",
        "",
        "I et helsefellesskap eies hver diagnosegruppe ofte av sitt eget fagråd eller nettverk. De kan få hver "
        "sin *gruppearbeidsbok* og fylle den ut i sitt eget tempo, mens sekretariatet har *hovedarbeidsboken* "
        "med resten av avtalen. Sammen ligger filene i en *avtalemappe*, som bygges som én avtale.",
        "",
        "```sh",
        "agreement split avtale.xlsx -o avtale/          # hovedarbeidsbok + én gruppearbeidsbok per gruppe",
        "agreement init --group \"KOLS\" --category \"Kroniske sykdommer\" kols.xlsx   # en ny, tom gruppe",
        "agreement validate avtale/kols.xlsx             # fagrådet kontrollerer sin egen gruppe",
        "build-agreement avtale/kols.xlsx                # utdrag til gjennomsyn: «kols (utdrag).docx»",
        "agreement validate avtale/                      # hele avtalen, med funn mellom filene",
        "build-agreement avtale/ -o avtale.docx          # hele avtalen",
        "agreement diff avtale-v1/ avtale/               # to mapper, eller en mappe og en arbeidsbok",
        "agreement join avtale/ -o samlet.xlsx           # tilbake til én arbeidsbok",
        "```",
        "",
        "## Split og join",
        "",
        "`split` skriver hovedarbeidsboken (fakta, kommuner, generelle avsnitt, § 6-2, samarbeidstiltak og "
        f"kategoriene, med gruppene i rekkefølge i kolonnen «{schema.CATEGORIES.column('groups').header}») og én "
        "gruppearbeidsbok per diagnosegruppe. Filnavnene lages av gruppenavnene og gjøres trygge: skilletegn "
        "som `/ \\ : * ? \" < > |` blir «-», kontrolltegn og retningstegn fjernes, Windows-navn som CON og COM1 "
        "får «_» foran, punktum og mellomrom i slutten fjernes, navnet er høyst 150 tegn, og to grupper som bare "
        "skiller seg i store og små bokstaver, får «(2)». Mappen skrives ferdig i en midlertidig mappe ved siden "
        "av og flyttes så på plass; filer som finnes, erstattes bare med `--overwrite` (andre filer i mappen "
        "blir liggende og leses med). `split` skriver aldri i mappen arbeidsboken ligger i.",
        "",
        "`join` leser mappen som én avtale og skriver den som én arbeidsbok, utenfor mappen. `split` fulgt av "
        "`join` gir den samme avtalen (`agreement diff` finner ingen endringer).",
        "",
        "## Slik leses en avtalemappe",
        "",
        "- Filene gjenkjennes på innholdet, ikke på navnet: hovedarbeidsboken har arket "
        f"«{schema.FACTS_SHEET}», en gruppearbeidsbok har «{schema.GROUP_BOOK_MARKER}» i A1 på arket "
        f"«{schema.GROUP_BOOK_SHEET}». Andre filer og arbeidsbøker hoppes over med en merknad; skjulte filer "
        "og Excels låsefiler (`~$…`) hoppes over uten merknad. Undermapper leses ikke.",
        "- Mappen skal ha nøyaktig én hovedarbeidsbok. Med flere enn "
        f"{MAX_FOLDER_FILES} filer avvises den.",
        "- Filene leses, aldri endres. En symbolsk lenke som peker ut av mappen, følges ikke.",
        "- En gruppearbeidsbok hører til avtalen når tittel og helsefellesskap på arket "
        f"«{schema.GROUP_BOOK_SHEET}» er de samme som i hovedarbeidsboken (store og små bokstaver og mellomrom "
        "spiller ingen rolle).",
        "- Gruppene kommer i kategorienes rekkefølge; innen en kategori i rekkefølgen hovedarbeidsboken lister "
        "dem, og grupper den ikke lister, etter dem, ordnet etter navn.",
        "- Celler i funn og endringer fra en mappe nevner filen: `[KOLS.xlsx]KOLS!B1`; i JSON-utdata fra "
        "`validate` står filen i feltet `file`.",
        "",
        "## Funn mellom filene",
        "",
        "Funnene kommer med i `agreement validate MAPPE`. De som er merket *stopper*, stopper også `build-agreement`, "
        "`join`, `diff` og Excel-knappen med én linje som nevner begge filene (avslutningskode 2).",
        "",
        *_table(["Kode", "Alvorlighet", "Stopper", "Melding"], [
            [f"`{code}`", severity[level.value], "ja" if code in BLOCKING_CODES else "nei", nb]
            for code, (level, nb, _) in FOLDER_CODES.items()
        ]),
        "",
        "## En gruppearbeidsbok alene",
        "",
        "`agreement validate kols.xlsx` kjører reglene som ser på én diagnosegruppe om gangen (gruppens navn, "
        "oppgaver og anbefaling), ikke § 6-2-kontrollen av hele avtalen:",
        "",
        *[f"- `{rule.code}`: {rule.title}" for rule in RULES if rule.per_group],
        "",
        "`build-agreement kols.xlsx` lager et utdrag til gjennomsyn, «Utdrag – kun diagnosegruppen KOLS», med "
        "gruppens tabell, anbefaling og kontrollfunn. Det sier i tittelen, toppteksten og første avsnitt at det "
        "ikke er avtalen.",
        "",
        "## Excel-knappen",
        "",
        "På en gruppearbeidsbok kontrollerer knappen gruppen og lagrer utdraget ved siden av filen. På "
        "hovedarbeidsboken i en avtalemappe (den lister gruppene i kolonnen "
        f"«{schema.CATEGORIES.column('groups').header}» på arket «{schema.CATEGORIES.name}», slik `split` skriver "
        "den) bygges hele avtalen av gruppearbeidsbøkene i samme mappe; hovedarbeidsboken leses slik den står "
        "åpen i Excel. En arbeidsbok uten en slik liste bygges alene, som før.",
    ]
    return "\n".join(lines)


GENERATED["group-workbooks.md"] = group_workbooks_markdown
