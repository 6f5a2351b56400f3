"""The outline → the domain model: facts, chapters, categories, groups and their tasks.

A group is a heading with a task table and/or narrative under a category; a category is the
heading level above the groups. Our template's own chapters are recognised and skipped (their
values go to the facts), and everything that has no place is reported.
"""

from __future__ import annotations

from collections import Counter

from ..model import Agreement, Block, DiagnosisGroup, Facts, Section, Task
from . import facts as fact_tables
from .blocks import block
from .items import Item, Paragraph, Table
from .report import ImportReport
from .structure import Node, Outline
from .tables import TaskTable, recognise
from .template_parts import FACT_CHAPTER_SYNONYMS, Chapter, TemplateParts, heading_key
from .walk import excerpt

NO_CATEGORY = "Uten kategori"  # for groups the document puts under no heading; the user renames it
_FACT_CHAPTERS = {heading_key(name): key for key, names in FACT_CHAPTER_SYNONYMS.items() for name in names}


class Assembler:
    """Builds one :class:`Agreement` from an :class:`Outline`; decisions and notices go to ``report``."""

    def __init__(self, outline: Outline, template: TemplateParts, report: ImportReport):
        self.outline, self.template, self.report = outline, template, report
        self.facts = fact_tables.FactValues()
        self.sections: list[Section] = []
        self.categories: list[str] = []
        self.groups: list[DiagnosisGroup] = []
        self.municipalities, self.statute_map, self.joint_measures = [], [], []
        self.task_tables: dict[int, TaskTable] = {}
        self.title_rows: Counter[str] = Counter()
        self.coverage_from_check = False  # the § 6-2 table shows the check's verdict (older documents)

    def agreement(self) -> Agreement:
        if self.outline.toc:
            self.report.tell("Innholdsfortegnelsen er hoppet over.")
        if self.outline.title:
            self.facts.set("title", self.outline.title)
        self._cover()
        self._body()
        for title, count in self.title_rows.items():
            tables = "én oppgavetabell" if count == 1 else f"{count} oppgavetabeller"
            self.report.tell(f"Tittelraden «{title}» over {tables} er hoppet over.")
        values = self.facts.values
        if "hospital_trust" not in values:
            trust = fact_tables.known_trust([self.outline.title or ""] + [
                item.text for _, item in self.outline.cover if isinstance(item, Paragraph)])
            self.facts.set("hospital_trust", trust)
        return Agreement(
            Facts(**values, texts=dict(self.facts.texts)),
            tuple(self.municipalities), tuple(self.sections), tuple(self.categories), tuple(self.groups),
            tuple(self.statute_map), tuple(self.joint_measures),
        )

    # --- cover -----------------------------------------------------------------------------------
    def _cover(self) -> None:
        after_subtitle = False
        for index, item in self.outline.cover:
            if isinstance(item, Table):
                self._cover_table(index, item)
                after_subtitle = False
                continue
            text = " ".join(item.text.split())
            if not text:
                continue
            matched = self.template.cover_match(text)
            if matched is not None:
                self.report.tell("Forsiden og merknadene verktøyets mal lager, er hoppet over.")
                after_subtitle = "parties_summary" in matched  # the template's subtitle; the community follows
                continue
            if after_subtitle or text.casefold().startswith("helsefellesskap "):
                self.facts.set("helsefellesskap", text)
                after_subtitle = False
                continue
            self.report.note(f"tekst før første overskrift er ikke plassert: «{excerpt(text)}»",
                             f"avsnitt {item.number}", index)

    def _cover_table(self, index: int, table: Table) -> None:
        found = fact_tables.fact_table(table)
        if found is None:
            self._other_table(index, table)
            return
        self.report.tell(f"Faktatabellen på forsiden ({', '.join(table.texts(r)[0] for r in range(len(table.rows)))})"
                         " er lest inn på arket Avtale.")
        values, unknown = found
        for problem in fact_tables.apply_fact_table(values, self.facts):
            self.report.note(problem, f"tabell {table.number}", index)
        for row in unknown:
            self.report.note(f"raden «{excerpt(row)}» i faktatabellen er ikke tatt med", f"tabell {table.number}",
                             index)

    def _other_table(self, index: int, table: Table) -> None:
        text = " | ".join(cell for cell in table.texts(0) if cell) if table.rows else ""
        self.report.note(f"en tabell med en annen form enn oppgavetabellene er ikke tatt med («{excerpt(text)}»)",
                         f"tabell {table.number}", index)

    # --- body ------------------------------------------------------------------------------------
    def _body(self) -> None:
        for node in self.outline.root.walk():
            for index, item in node.content:
                if isinstance(item, Table) and not fact_tables.is_signature_table(item):
                    found = recognise(item)  # («Sykehuset … HF» | «… kommune» signature blocks look like levels)
                    if found is not None:
                        self.task_tables[index] = found
        groups, categories = self._classify()
        done: set[int] = set()
        for node in self.outline.root.walk():
            if node.index < 0 or node.index in done:
                continue
            if node.index in groups:
                self._group(node, done)
            elif node.index in categories:
                self._category(node)
            else:
                self._chapter(node)

    def _classify(self) -> tuple[set[int], set[int]]:
        """Heading indexes of groups and of categories."""
        owners = [node for node in self.outline.root.walk()
                  if any(index in self.task_tables for index, _ in node.content)]
        if not owners:
            return set(), set()
        level = Counter(node.level for node in owners).most_common(1)[0][0]
        confirmed = {id(node.parent): node.parent for node in owners if node.parent and node.parent.index >= 0}
        categories = dict(confirmed)
        for category in confirmed.values():
            for sibling in category.parent.children if category.parent else ():
                if sibling.level == category.level and any(child.level == level for child in sibling.children) \
                        and self.template.chapter(sibling.title) is None:
                    categories[id(sibling)] = sibling
        groups = {node.index for node in owners}
        for category in categories.values():
            groups |= {child.index for child in category.children if child.level == level}
        return groups, {node.index for node in categories.values()}

    def _group(self, node: Node, done: set[int]) -> None:
        category = node.parent.title if node.parent and node.parent.index >= 0 else ""
        if not category:
            category = NO_CATEGORY
            self.report.note(f"diagnosegruppen «{node.title}» står ikke under en kategori og er lagt i "
                             f"«{NO_CATEGORY}» – gi kategorien et navn", f"avsnitt {node.number}", node.index)
        if category not in self.categories:
            self.categories.append(category)
        tasks: list[Task] = []
        recommendation: list[Block] = []
        for child in node.walk():
            done.add(child.index)
            if child is not node:
                recommendation.append(Block(child.title))
                self.report.tell(f"Underoverskriften «{child.title}» i «{node.title}» er tatt med som et avsnitt i "
                                 "anbefalingen.")
            for index, item in child.content:
                if isinstance(item, Paragraph):
                    found = block(item)
                    recommendation += [found] if found else []
                elif index in self.task_tables:
                    tasks += self._tasks(index, self.task_tables[index])
                else:
                    self._other_table(index, item)
        self.groups.append(DiagnosisGroup(node.title, category, tuple(tasks), tuple(recommendation)))

    def _tasks(self, index: int, table: TaskTable) -> list[Task]:
        for level, header in table.headers.items():
            if header != level.label:
                self.report.tell(f"Kolonnen «{header}» er lest som {level.label}.")
        self.title_rows.update(excerpt(title) for title in table.skipped_rows)
        for task in table.shared_by_marks:
            self.report.tell(f"Oppgaven «{excerpt(task)}» er krysset av for flere nivåer og er lagt under "
                             "Felles ansvar.")
        for where, text in table.stray:
            self.report.note(f"tekst utenfor nivåkolonnene er ikke plassert: «{excerpt(text)}»", where, index)
        return table.tasks

    def _category(self, node: Node) -> None:
        if node.title not in self.categories:
            self.categories.append(node.title)
        blocks = self._blocks(node.content)
        if blocks:
            self.sections.append(Section(node.title, tuple(blocks)))
            self.report.tell(f"Teksten rett under kategorien «{node.title}» er lagt i et eget kapittel.")

    def _blocks(self, content: list[tuple[int, Item]]) -> list[Block]:
        blocks = []
        for index, item in content:
            if isinstance(item, Paragraph):
                found = block(item)
                blocks += [found] if found else []
            elif not self._known_table(index, item):
                self._other_table(index, item)
        return blocks

    def _known_table(self, index: int, table: Table) -> bool:
        """Tables of parties, § 6-2, joint measures and signatures: read or skipped, and said so."""
        if fact_tables.is_municipality_table(table):
            self.municipalities += fact_tables.read_municipalities(table)
            self.report.tell("Kommunetabellen under «Parter» er lest inn på arket Kommuner.")
        elif fact_tables.is_coverage_table(table):
            self.statute_map += fact_tables.read_coverage(table)
            self.coverage_from_check |= fact_tables.shows_check_verdict(table)
            self.report.tell("Tabellen over § 6-2 er lest inn på arket § 6-2."
                             + ("" if fact_tables.has_note_column(table) else
                                " Merknadene står ikke i dokumentet og er tomme."))
        elif fact_tables.is_joint_measure_table(table):
            self.joint_measures += fact_tables.read_joint_measures(table)
            self.report.tell("Tabellen over samarbeidstiltak er lest inn på arket Samarbeidstiltak.")
        elif fact_tables.is_signature_table(table):
            self.report.tell("Underskriftstabellen er hoppet over (den lages av malen).")
        else:
            return False
        return True

    # --- chapters --------------------------------------------------------------------------------
    def _chapter(self, node: Node) -> None:
        standard = self.template.chapter(node.title)
        fact = standard.fact if standard else _FACT_CHAPTERS.get(heading_key(node.title))
        content = self._standard_content(node, standard) if standard else node.content
        blocks = self._blocks(content)
        if fact:
            if blocks:
                self.facts.texts[fact] = tuple(blocks)
                self.report.tell(f"Kapitlet «{node.title}» er lagt i feltet {_fact_label(fact)} på arket Avtale.")
            elif standard:
                self.report.tell(f"Kapitlet «{node.title}» har malens standardtekst og er hoppet over.")
            return
        if standard and not blocks:
            self.report.tell(f"Kapitlet «{node.title}» kommer fra malen og er hoppet over.")
            return
        self.sections.append(Section(node.title, tuple(blocks)))

    def _standard_content(self, node: Node, chapter: Chapter) -> list[tuple[int, Item]]:
        """The chapter's content without the template's own wording; captured values go to the facts."""
        left = []
        for index, item in node.content:
            if isinstance(item, Paragraph):
                captured = chapter.match(item.text)
                if captured is not None:
                    self._captured(captured)
                    continue
            left.append((index, item))
        return left

    def _captured(self, captured: dict[str, str]) -> None:
        for name, value in captured.items():
            if name == "hospital_trust" and value.strip() != "helseforetaket":  # the template's stand-in
                self.facts.set("hospital_trust", value.strip())
            elif name in ("valid_from", "revise_by"):
                self.facts.set(name, fact_tables.parse_date(value))
        if "municipalities" in captured and not self.municipalities:
            found = fact_tables.single_party(captured.get("parties_summary", ""), captured["municipalities"])
            if found is not None:
                trust, municipality = found
                self.facts.set("hospital_trust", trust)
                self.municipalities.append(municipality)
                self.report.tell(f"Kommunen i «Parter» ({municipality.number} {municipality.name}) er lest inn på "
                                 "arket Kommuner.")


def _fact_label(key: str) -> str:
    from ..schema import FACT_FIELDS

    return next(f"«{f.label}»" for f in FACT_FIELDS if f.key == key)
