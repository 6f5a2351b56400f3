"""A changed group's three columns: laid out once (diff/layout.py), drawn the same in HTML and in Word."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

from docx.table import Table
from docx.text.paragraph import Paragraph

from agreement_builder.diff import diff
from agreement_builder.diff.html import render_html
from agreement_builder.diff.layout import Cell, Mark, group_columns
from agreement_builder.model import Agreement, DiagnosisGroup, Facts, Level, Task
from agreement_builder.render.tracked import render_tracked
from agreement_builder.validation import validate

from docx_reading import body_items
from tracked_reading import task_columns

S, F, M = Level.SPECIALIST, Level.SHARED, Level.MUNICIPAL
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _group(*tasks: tuple[str, Level], name: str = "Hjerneslag") -> DiagnosisGroup:
    return DiagnosisGroup(name, "Ervervede skader", tuple(Task(text, level) for text, level in tasks))


def _layout(before: DiagnosisGroup | None, after: DiagnosisGroup | None):
    def agreement(group):
        return Agreement(Facts(), categories=("Ervervede skader",), groups=(group,) if group else ())

    changes = diff(agreement(before), agreement(after))
    return group_columns(before, after, changes.in_group((after or before).name))


# --- the pure layout --------------------------------------------------------------------------------
def test_new_tasks_in_order_then_what_left_each_column():
    before = _group(("Utredning", S), ("Akutt behandling", S), ("Pasientforløp for hjerneslag", F),
                    ("Kommunal døgnenhet", M), ("Hjemmetjeneste", M))
    after = _group(("Utredning", S), ("Kommunal døgnenhet", S), ("Pasientforløp for hjerneslag og oppfølging", F),
                   ("Hjemmetjeneste", M), ("Dagtilbud med trening", M))
    assert _layout(before, after) == {
        S: (Cell(Mark.KEPT, "Utredning", "Utredning"),
            Cell(Mark.MOVED_IN, "Kommunal døgnenhet", "Kommunal døgnenhet", M),
            Cell(Mark.REMOVED, old="Akutt behandling")),
        F: (Cell(Mark.REWORDED, "Pasientforløp for hjerneslag", "Pasientforløp for hjerneslag og oppfølging"),),
        M: (Cell(Mark.KEPT, "Hjemmetjeneste", "Hjemmetjeneste"),
            Cell(Mark.ADDED, new="Dagtilbud med trening"),
            Cell(Mark.MOVED_OUT, "Kommunal døgnenhet", "Kommunal døgnenhet", S)),
    }


def test_a_task_is_found_by_its_comparison_key_and_each_change_marks_one_task():
    before = _group(("Kontroll hos fastlege", M))
    after = _group(("Kontroll hos fastlege", M), ("kontroll  hos fastlege.", M), ("Ny oppgave", F))
    columns = _layout(before, after)
    assert sorted(cell.mark.value for cell in columns[M]) == ["added", "kept"]
    assert columns[F] == (Cell(Mark.ADDED, new="Ny oppgave"),) and columns[S] == ()


def test_a_removed_group_shows_its_old_tasks_removed_and_an_added_group_its_tasks():
    group = _group(("Utredning", S), ("Pasientforløp", F), ("Oppfølging", M), ("Hjemmetjeneste", M))
    removed = _layout(group, None)
    assert [(cell.mark, cell.text) for cell in removed[M]] == [(Mark.REMOVED, "Oppfølging"),
                                                                (Mark.REMOVED, "Hjemmetjeneste")]
    added = _layout(None, group)
    assert [cell.text for cell in added[M]] == ["Oppfølging", "Hjemmetjeneste"]
    assert {cell.mark for level in Level for cell in added[level]} == {Mark.KEPT}


def test_an_unchanged_group_is_laid_out_as_it_is():
    group = _group(("Utredning", S), ("Oppfølging", M))
    assert _layout(group, group) == {S: (Cell(Mark.KEPT, "Utredning", "Utredning"),), F: (),
                                     M: (Cell(Mark.KEPT, "Oppfølging", "Oppfølging"),)}


# --- both painters draw the same layout -------------------------------------------------------------
class _LevelsTable(HTMLParser):
    """Per column of the HTML report's levels table: (class, text without <del>, mark and note)."""

    def __init__(self):
        super().__init__()
        self.columns: list[list[tuple[str, str]]] = []
        self.hidden = 0  # depth inside <del>, the mark and the note
        self.in_item = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "td":
            self.columns.append([])
        elif tag == "li":
            self.in_item = True
            self.columns[-1].append((attributes.get("class") or "kept", ""))
        elif self.in_item and (tag == "del" or attributes.get("class") in ("mark", "note")):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag == "li":
            self.in_item = False
        elif self.hidden and tag in ("del", "span"):
            self.hidden -= 1

    def handle_data(self, data):
        if self.in_item and not self.hidden:
            kind, text = self.columns[-1][-1]
            self.columns[-1][-1] = (kind, text + data)


def _html_columns(html: str, group: str) -> list[list[tuple[str, str]]]:
    section = html[html.index(f"<h2>Diagnosegruppe «{group}»</h2>"):]
    table = section[section.index('<table class="levels">'):section.index("</table>")]
    parser = _LevelsTable()
    parser.feed(table)
    return [[(kind, text.strip()) for kind, text in column] for column in parser.columns]


def _word_table(path, group: str):
    items = list(body_items(path))
    heading = next(index for index, item in enumerate(items)
                   if isinstance(item, Paragraph) and item.style.name == "Heading 3" and item.text == group)
    return next(item for item in items[heading:] if isinstance(item, Table))._tbl


def _tracked_by_column(table) -> tuple[list[list[str]], list[list[str]]]:
    """Per column, the texts tracked as deleted and as inserted."""
    deleted: list[list[str]] = [[], [], []]
    inserted: list[list[str]] = [[], [], []]
    for row in table.findall(f"{W}tr"):
        for column, cell in enumerate(row.findall(f"{W}tc")):
            deleted[column] += ["".join(t.text or "" for t in n.iter(f"{W}delText")) for n in cell.iter(f"{W}del")]
            inserted[column] += ["".join(t.text or "" for t in n.iter(f"{W}t")) for n in cell.iter(f"{W}ins")]
    return deleted, inserted


def test_the_html_report_and_the_word_document_draw_the_same_columns(example, tmp_path):
    group = example.groups[0]
    by_text = {task.text: task for task in group.tasks}
    tasks = [task for task in group.tasks if task.text != "Ambulant eller fysisk veiledning i kommunene"]
    tasks = [dataclasses.replace(task, level=F) if task.text == "Kommunal døgnenhet"
             else dataclasses.replace(task, text=task.text + " og oppfølging") if task.text == "Pasientforløp"
             else task for task in tasks]
    tasks.append(Task("Digital hjemmeoppfølging etter utskrivning", M))
    assert {"Ambulant eller fysisk veiledning i kommunene", "Kommunal døgnenhet", "Pasientforløp"} <= set(by_text)
    changed = dataclasses.replace(example, groups=(dataclasses.replace(group, tasks=tuple(tasks)),
                                                   *example.groups[1:]))
    changes = diff(example, changed)
    layout = group_columns(group, changed.groups[0], changes.in_group(group.name))
    assert {cell.mark for level in Level for cell in layout[level]} == set(Mark)

    html = _html_columns(render_html(changes, "gammel.xlsx", "ny.xlsx"), group.name)
    assert html == [[(cell.mark.value, cell.text) for cell in layout[level]] for level in Level]

    # Word shows the exact comparison of the two builds: accepting gives the new columns, rejecting the old;
    # a moved task is a deletion in its old column and an insertion in its new one.
    output = render_tracked(example, changed, changes, tmp_path / "spor.docx", report=validate(changed))
    table = _word_table(output, group.name)
    assert task_columns(table, accept=True) == [[t.text for t in tasks if t.level is level] for level in Level]
    assert task_columns(table, accept=False) == [[t.text for t in group.tasks_at(level)] for level in Level]
    deleted, inserted = _tracked_by_column(table)
    assert "Kommunal døgnenhet" in deleted[2] and "Kommunal døgnenhet" in inserted[1]
    assert "Ambulant eller fysisk veiledning i kommunene" in "".join(deleted[0] + deleted[1] + deleted[2])
    assert "Digital hjemmeoppfølging etter utskrivning" in inserted[2]
    assert any("og oppfølging" in text for column in inserted for text in column)


def test_cell_text_in_the_html_report_is_data(tmp_path):
    hostile = "<script>alert(1)</script> {{ 7*7 }} & «x»"
    before = _group(("Oppfølging hjemme", M))
    after = _group(("Oppfølging hjemme\nog på dagtid", M), (hostile, F))

    def agreement(group):
        return Agreement(Facts(title="<b>Avtale</b>"), categories=("Ervervede skader",), groups=(group,))

    html = render_html(diff(agreement(before), agreement(after)), "<gammel>.xlsx", "ny.xlsx")
    assert "<script>" not in html and "<b>" not in html and "<gammel>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} &amp; «x»" in html
    assert "Oppfølging hjemme<ins><br>og på dagtid</ins>" in html
