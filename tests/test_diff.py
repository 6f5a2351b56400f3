"""`agreement diff`: pairs of workbooks made from the example, and what reviewers are told."""

from __future__ import annotations

import dataclasses
import json
from html.parser import HTMLParser
from pathlib import Path

import docx
import jsonschema
from click.testing import CliRunner

from agreement_builder.cli import agreement
from agreement_builder.diff import Area, Kind, diff
from agreement_builder.diff import matching
from agreement_builder.diff.textconv import textconv_lines
from agreement_builder.model import Level, Task
from agreement_builder.validation import validate
from agreement_builder.workbook import read_workbook

from conftest import group_sheet

ROOT = Path(__file__).resolve().parent.parent
STROKE = "Hjerneslag - milde og moderate"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run(*args):
    return CliRunner().invoke(agreement, ["diff", *map(str, args)])


def _move_kommunal_dognenhet(book):
    sheet = group_sheet(book, STROKE)
    sheet["C5"] = None
    sheet["B8"] = "Kommunal døgnenhet"


def changes_between(example_path, path, **options):
    return diff(read_workbook(example_path).agreement, read_workbook(path).agreement, **options)


# --- the cases ----------------------------------------------------------------------------
def test_moving_a_task_is_exactly_one_moved_change(example_path, edited):
    result = run(example_path, edited(_move_kommunal_dognenhet), "--format", "json")
    assert result.exit_code == 1
    changes = json.loads(result.stdout)["changes"]
    assert changes == [{
        "kind": "moved", "area": "oppgave", "group": STROKE, "field": None,
        "from_level": "kommunehelsetjenesten", "to_level": "felles",
        "old": "Kommunal døgnenhet", "new": "Kommunal døgnenhet",
        "old_ref": f"'{STROKE}'!C5", "new_ref": f"'{STROKE}'!B8",
    }]


def test_reordered_sheets_and_added_spaces_are_no_difference(example_path, edited):
    def change(book):
        book.move_sheet("Avtale", offset=5)
        book.move_sheet(group_sheet(book, "Kreft").title, offset=-8)
        sheet = group_sheet(book, STROKE)
        sheet["A5"] = "  Ambulant eller fysisk\u00a0 veiledning i kommunene "
        sheet["D5"] = " " + sheet["D5"].value.replace(". ", ".  ") + "  "
        book["Generelle avsnitt"]["C3"] = book["Generelle avsnitt"]["C3"].value + "   "

    result = run(example_path, edited(change))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip() == "Ingen endringer i innholdet."


def test_bullets_case_and_row_order_are_no_difference(example_path, edited):
    def change(book):
        sheet = group_sheet(book, STROKE)
        sheet["B5"], sheet["B7"] = "• Pakkeforløp", "– Utredning og kartlegging, herunder kognitive vansker"
        sheet["C6"] = "hjemmerehabilitering."

    path = edited(change)
    assert not changes_between(example_path, path)
    ordered = changes_between(example_path, path, order=True)
    assert ordered.changes == () and [o.level for o in ordered.order] == [Level.SHARED]


def test_a_reworded_task(example_path, edited):
    path = edited(lambda book: group_sheet(book, STROKE).__setitem__("B6", "Pasientforløp for hjerneslag"))
    changes = changes_between(example_path, path).changes
    assert [(c.kind, c.old, c.new, c.from_level) for c in changes] == [
        (Kind.REWORDED, "Pasientforløp", "Pasientforløp for hjerneslag", Level.SHARED)]


def test_a_renamed_group_is_one_rename(example_path, edited):
    path = edited(lambda book: group_sheet(book, "Hjerte").__setitem__("B1", "Hjertesykdom"))
    changes = changes_between(example_path, path).changes
    assert [(c.kind, c.area, c.old, c.new) for c in changes] == [(Kind.RENAMED, Area.GROUP, "Hjerte", "Hjertesykdom")]


def test_added_and_removed_tasks(example_path, edited):
    def change(book):
        sheet = group_sheet(book, "KOLS")
        sheet["C9"] = "Digital hjemmeoppfølging"
        sheet["B5"] = None

    changes = changes_between(example_path, edited(change)).changes
    assert {(c.kind, c.new or c.old, (c.to_level or c.from_level)) for c in changes} == {
        (Kind.ADDED, "Digital hjemmeoppfølging", Level.MUNICIPAL),
        (Kind.REMOVED, "Sikre gode overganger i fellesskap", Level.SHARED),
    }


def test_moved_and_reworded_at_once(example_path, edited):
    def change(book):
        sheet = group_sheet(book, STROKE)
        sheet["C5"] = None
        sheet["B8"] = "Kommunale døgnenheter"

    changes = changes_between(example_path, edited(change)).changes
    assert [(c.kind, c.old, c.new) for c in changes] == [(Kind.MOVED, "Kommunal døgnenhet", "Kommunale døgnenheter")]


def test_recommendation_rewording(example_path, edited):
    def change(book):
        sheet = group_sheet(book, "Diabetes II")
        sheet["D5"] = sheet["D5"].value.replace("bør på forespørsel", "skal på forespørsel")

    changes = changes_between(example_path, edited(change)).changes
    assert [(c.kind, c.area, c.group) for c in changes] == [(Kind.REWORDED, Area.RECOMMENDATION, "Diabetes II")]
    result = run(example_path, edited(change))
    assert "[-bør-]{+skal+}" in result.stdout


def test_a_new_and_a_removed_group(example, tmp_path):
    from agreement_builder.model import DiagnosisGroup

    new_group = DiagnosisGroup("Astma", "Kroniske sykdommer", (Task("Astmaskole", Level.SPECIALIST),))
    after = dataclasses.replace(example, groups=example.groups[:-1] + (new_group,))
    kinds = {(c.kind, c.area, c.group) for c in diff(example, after).changes}
    assert (Kind.ADDED, Area.GROUP, "Astma") in kinds
    assert (Kind.REMOVED, Area.GROUP, "Sammensatte lidelser somatikk-rus/psykisk helse") in kinds


def test_facts_statute_map_and_findings(example_path, edited):
    def change(book):
        book["Avtale"]["B3"] = "2.0"
        statute = book["§ 6-2"]
        statute["C4"], statute["E4"], statute["F4"] = "Dekket av annen delavtale", "Delavtale 3", "2024"

    path = edited(change)
    before, after = read_workbook(example_path).agreement, read_workbook(path).agreement
    changes = diff(before, after, old_report=validate(before), new_report=validate(after)).changes
    summary = {(c.kind, c.area, c.field) for c in changes}
    assert (Kind.CHANGED, Area.FACTS, "Versjon") in summary
    assert (Kind.CHANGED, Area.STATUTE, "§ 6-2 nr. 3") in summary
    fixed = [c for c in changes if c.area is Area.FINDING]
    assert [(c.kind, c.field, c.old.split(" er ")[0]) for c in fixed] == [
        (Kind.REMOVED, "advarsel", "§ 6-2 nr. 3 (Innleggelse i sykehus)")]  # in words: no rule code


# --- outputs ---------------------------------------------------------------------------------------
def test_json_matches_the_documented_schema(example_path, edited):
    def change(book):
        _move_kommunal_dognenhet(book)
        group_sheet(book, "Hjerte")["B1"] = "Hjertesykdom"
        book["Avtale"]["B3"] = "1.1"

    data = json.loads(run(example_path, edited(change), "--format", "json", "--order").stdout)
    schema = json.loads((ROOT / "docs" / "diff.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["summary"]["moved"] == 1 and data["summary"]["renamed"] == 1


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.external, self.classes = [], [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag not in ("br", "meta", "img", "link"):
            self.stack.append(tag)
        for name in ("src", "href"):
            if attributes.get(name):
                self.external.append(attributes[name])
        self.classes.append(attributes.get("class", ""))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()


def test_html_report_is_self_contained_and_marks_the_columns(example_path, edited, tmp_path):
    def change(book):
        _move_kommunal_dognenhet(book)
        group_sheet(book, "KOLS")["C9"] = "Digital hjemmeoppfølging"
        group_sheet(book, "KOLS")["B5"] = None

    output = tmp_path / "endringer.html"
    result = run(example_path, edited(change), "--format", "html", "-o", output)
    assert result.exit_code == 1
    html = output.read_text(encoding="utf-8")
    parser = _Parser()
    parser.feed(html)
    assert parser.stack == ["html"] or parser.stack == []
    assert parser.external == [] and "<style>" in html and "@media print" in html
    assert html.index("Oppsummering") < html.index(f"Diagnosegruppe «{STROKE}»")
    assert {"moved-in", "moved-out", "added", "removed"} <= set(parser.classes)
    assert "(fra Kommunehelsetjenesten)" in html and "(til Felles ansvar)" in html


def test_markdown(example_path, edited):
    result = run(example_path, edited(_move_kommunal_dognenhet), "--format", "markdown")
    assert result.stdout.startswith("# Endringer:")
    assert "- **flyttet**: «Kommunal døgnenhet»: Kommunehelsetjenesten → Felles ansvar" in result.stdout


def test_tracked_changes_document(example_path, edited, tmp_path):
    def change(book):
        _move_kommunal_dognenhet(book)
        sheet = group_sheet(book, "Diabetes II")
        sheet["D5"] = sheet["D5"].value.replace("bør på forespørsel", "skal på forespørsel")

    output = tmp_path / "spor.docx"
    result = run(example_path, edited(change), "--format", "docx", "-o", output, "--author", "Kari Nordmann")
    assert result.exit_code == 1, result.output
    body = docx.Document(str(output)).element.body
    deleted = ["".join(t.text or "" for t in node.iter(f"{W}delText")) for node in body.iter(f"{W}del")]
    inserted = ["".join(t.text or "" for t in node.iter(f"{W}t")) for node in body.iter(f"{W}ins")]
    assert "Kommunal døgnenhet" in deleted and "Kommunal døgnenhet" in inserted
    assert "bør" in deleted and "skal" in inserted
    assert {node.get(f"{W}author") for node in body.iter(f"{W}ins")} == {"Kari Nordmann"}
    assert all(node.get(f"{W}date") == "2020-12-10T00:00:00Z" for node in body.iter(f"{W}del"))
    stroke = next(t for t in docx.Document(str(output)).tables
                  if t.rows[0].cells[0].text == "Spesialisthelsetjenesten"
                  and "Pasientforløp" in [r.cells[1].text for r in t.rows])
    cells = {(row_index, col): cell for row_index, row in enumerate(stroke.rows) for col, cell in enumerate(row.cells)}
    municipal = [c._tc for (r, col), c in cells.items() if col == 2]
    shared = [c._tc for (r, col), c in cells.items() if col == 1]
    assert any(list(tc.iter(f"{W}del")) for tc in municipal)
    assert any(list(tc.iter(f"{W}ins")) for tc in shared)


def test_docx_needs_an_output_file(example_path):
    result = run(example_path, example_path, "--format", "docx")
    assert result.exit_code == 2


def test_exit_codes(example_path, tmp_path):
    assert run(example_path, example_path).exit_code == 0
    result = run(example_path, tmp_path / "finnes-ikke.xlsx")
    assert result.exit_code == 2 and "finnes ikke" in result.stderr


# --- matching -------------------------------------------------------------------------------------------
def test_similar_matching_scores_few_candidates_per_text(monkeypatch):
    calls = []
    real = matching.similarity
    monkeypatch.setattr(matching, "similarity", lambda a, b: calls.append(1) or real(a, b))
    old = [f"Oppgave nummer {i} om rehabilitering i kommune {i}" for i in range(600)]
    new = [f"Oppgave nummer {i} om rehabilitering i kommunen {i}" for i in range(600)]
    pairs, left_old, left_new = matching.pair_similar(old, new, text=lambda t: t)
    assert len(pairs) == 600 and not left_old and not left_new
    assert all(a.split()[2] == b.split()[2] for a, b, _ in pairs)
    assert len(calls) <= matching.CANDIDATES * len(old)


# --- textconv ---------------------------------------------------------------------------------------------
def test_textconv_is_stable_and_one_line_per_task(example_path, edited):
    lines = textconv_lines(read_workbook(example_path).agreement)
    tasks = [line for line in lines if line.startswith("oppgave | ")]
    assert len(tasks) == 58
    assert f"oppgave | {STROKE} | Kommunehelsetjenesten | Kommunal døgnenhet" in tasks

    def reorder(book):
        book.move_sheet("Avtale", offset=5)
        sheet = group_sheet(book, STROKE)
        sheet["C5"], sheet["C6"] = sheet["C6"].value, sheet["C5"].value

    assert textconv_lines(read_workbook(edited(reorder)).agreement) == lines


def test_textconv_command(example_path):
    result = CliRunner().invoke(agreement, ["textconv", str(example_path)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("avtale | Tittel: Oppgavedeling")
