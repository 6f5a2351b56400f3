"""`agreement merge`, `--resolve` and `merge-driver` on real workbooks made from the example."""

from __future__ import annotations

import hashlib
import os
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from agreement_builder.cli import agreement, build_agreement
from agreement_builder.diff import diff
from agreement_builder.workbook import read_workbook

from conftest import group_sheet

ROOT = Path(__file__).resolve().parent.parent
STROKE = "Hjerneslag - milde og moderate"
HEART_TASK = "Hjerteskole i tidlig fase etter infarkt/ operasjon"


def run(*args):
    return CliRunner().invoke(agreement, [*map(str, args)])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def add_kols_and_reword_heart(book, wording=" og oppfølging"):
    group_sheet(book, "KOLS")["C20"] = "Kommunal KOLS-skole"
    heart = group_sheet(book, "Hjerte")
    heart["A5"] = heart["A5"].value + wording


def move_dognenhet(book):
    sheet = group_sheet(book, STROKE)
    sheet["C5"] = None
    sheet["B8"] = "Kommunal døgnenhet"


def reword_heart(wording: str, sender: str = ""):
    def change(book):
        heart = group_sheet(book, "Hjerte")
        heart["A5"] = heart["A5"].value + wording
        if sender:
            book["Avtale"]["A20"], book["Avtale"]["B20"] = "Avsender", sender

    return change


def test_two_copies_changing_different_things_merge_cleanly(example_path, edited, tmp_path):
    nord = edited(add_kols_and_reword_heart, "nord.xlsx")
    sor = edited(move_dognenhet, "sor.xlsx")
    before = {path: digest(path) for path in (example_path, nord, sor)}
    merged = tmp_path / "samlet.xlsx"
    result = run("merge", example_path, nord, sor, "-o", merged, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert sorted((a["kind"], a["copies"][0]) for a in report["applied"]) == [
        ("added", "nord"), ("moved", "sor"), ("reworded", "nord")]
    changes = json.loads(run("diff", example_path, merged, "--format", "json", "--no-findings").stdout)["changes"]
    assert sorted((c["kind"], c["group"], c["new"]) for c in changes) == [
        ("added", "KOLS", "Kommunal KOLS-skole"),
        ("moved", STROKE, "Kommunal døgnenhet"),
        ("reworded", "Hjerte", HEART_TASK + " og oppfølging"),
    ]
    assert {path: digest(path) for path in (example_path, nord, sor)} == before
    book = openpyxl.load_workbook(merged)
    assert "Konflikter" not in book.sheetnames
    assert book.sheetnames == openpyxl.load_workbook(example_path).sheetnames
    original = openpyxl.load_workbook(example_path)
    for name in ("Avtale", "Kommuner", "§ 6-2"):  # the layout of BASE is kept
        assert len(book[name].data_validations.dataValidation) == len(original[name].data_validations.dataValidation)
        assert book[name].column_dimensions["B"].width == original[name].column_dimensions["B"].width
    assert book["Veiledning"]["A1"].value == original["Veiledning"]["A1"].value


def test_two_rewordings_collide_and_resolve(example_path, edited, tmp_path):
    nord = edited(add_kols_and_reword_heart, "nord.xlsx")
    hamar = edited(reword_heart(" ved behov", sender="Region Hamar"), "hamar.xlsx")
    sor = edited(move_dognenhet, "sor.xlsx")
    before = {path: digest(path) for path in (example_path, nord, hamar, sor)}
    merged = tmp_path / "samlet.xlsx"
    result = run("merge", example_path, nord, hamar, sor, "-o", merged)
    assert result.exit_code == 1, result.output
    assert "1 konflikt" in result.stdout and "Region Hamar" in result.stdout
    assert {path: digest(path) for path in (example_path, nord, hamar, sor)} == before
    book = openpyxl.load_workbook(merged)
    sheet = book["Konflikter"]
    headers = [cell.value for cell in sheet[4]]
    row = [cell.value for cell in sheet[5]]
    assert headers[:7] == ["Nr.", "Hva", "Hvor", "Beslutning", "grunnlag", "nord", "Region Hamar"]
    assert row[4] == HEART_TASK and row[5] == HEART_TASK + " og oppfølging" and row[6] == HEART_TASK + " ved behov"
    assert sheet["C5"].hyperlink.location == "'Hjerte'!A5"
    marked = group_sheet(book, "Hjerte")["A5"]
    assert marked.value == HEART_TASK and "Konflikt 1" in marked.comment.text
    changes = json.loads(run("diff", example_path, merged, "--format", "json", "--no-findings").stdout)["changes"]
    assert sorted(c["kind"] for c in changes) == ["added", "moved"]
    built = CliRunner().invoke(build_agreement, [str(merged), "-o", str(tmp_path / "samlet.docx")])
    assert built.exit_code == 0, built.output
    assert "Konflikter" not in built.output
    sheet["D5"] = "region hamar"
    book.save(merged)
    final = tmp_path / "endelig.xlsx"
    resolved = run("merge", "--resolve", merged, "-o", final)
    assert resolved.exit_code == 0, resolved.output
    final_book = openpyxl.load_workbook(final)
    assert "Konflikter" not in final_book.sheetnames
    cell = group_sheet(final_book, "Hjerte")["A5"]
    assert cell.value == HEART_TASK + " ved behov" and cell.comment is None
    changes = json.loads(run("diff", example_path, final, "--format", "json", "--no-findings").stdout)["changes"]
    assert sorted(c["kind"] for c in changes) == ["added", "moved", "reworded"]


def test_resolve_keeps_undecided_rows_and_accepts_own_text(example_path, edited, tmp_path):
    a = edited(reword_heart(" A"), "a.xlsx")
    b = edited(reword_heart(" B"), "b.xlsx")

    def version(book):
        book["Avtale"]["B3"] = "7.0"

    c = edited(version, "c.xlsx")

    def version_d(book):
        book["Avtale"]["B3"] = "8.0"

    d = edited(version_d, "d.xlsx")
    merged = tmp_path / "samlet.xlsx"
    assert run("merge", example_path, a, b, c, d, "-o", merged).exit_code == 1
    book = openpyxl.load_workbook(merged)
    sheet = book["Konflikter"]
    rows = {sheet.cell(row=r, column=2).value: r for r in range(5, 7)}
    assert len(rows) == 2
    task_row = next(r for what, r in rows.items() if what.startswith("Oppgaven"))
    sheet.cell(row=task_row, column=4, value="=Egen formulering")
    book.save(merged)
    final = tmp_path / "endelig.xlsx"
    resolved = run("merge", "--resolve", merged, "-o", final)
    assert resolved.exit_code == 1 and "1 konflikt avgjort, 1 står igjen" in resolved.stdout
    final_book = openpyxl.load_workbook(final)
    assert [cell.value for cell in final_book["Konflikter"][5]][1].startswith("«Versjon»")
    heart = read_workbook(final).agreement
    assert any(t.text == "=Egen formulering" for g in heart.groups for t in g.tasks)
    assert group_sheet(final_book, "Hjerte")["A5"].data_type == "s"


def test_text_from_copies_never_becomes_a_formula(example_path, edited, tmp_path):
    def hostile(book):
        cell = group_sheet(book, "KOLS")["C20"]
        cell.value, cell.data_type = "=HYPERLINK(\"http://x\",\"klikk\")", "s"  # a text cell, as Excel saves '=...
        group_sheet(book, "KOLS")["C21"] = "@SUM(A1) <script>alert(1)</script>"

    copy = edited(hostile, "fiendtlig.xlsx")
    merged = tmp_path / "samlet.xlsx"
    result = run("merge", example_path, copy, "-o", merged, "--format", "html")
    assert result.exit_code == 0, result.output
    assert "<script>" not in result.stdout and "&lt;script&gt;" in result.stdout
    parser = HTMLParser()
    parser.feed(result.stdout)
    book = openpyxl.load_workbook(merged)
    cells = [cell for row in group_sheet(book, "KOLS").iter_rows() for cell in row if cell.value]
    hostile_cell = next(cell for cell in cells if str(cell.value).startswith("=HYPERLINK"))
    assert hostile_cell.data_type == "s"


@pytest.mark.parametrize("output_format", ["text", "markdown", "html", "json"])
def test_every_report_format_names_who_changed_what(example_path, edited, tmp_path, output_format):
    nord = edited(add_kols_and_reword_heart, "nord.xlsx")
    result = run("merge", example_path, nord, "-o", tmp_path / "samlet.xlsx", "--format", output_format)
    assert result.exit_code == 0, result.output
    assert "nord" in result.stdout and "Kommunal KOLS-skole" in result.stdout


def test_a_copy_of_another_agreement_is_refused_before_anything_is_written(example_path, edited, tmp_path):
    def other(book):
        book["Avtale"]["B2"] = "En helt annen avtale"

    merged = tmp_path / "samlet.xlsx"
    result = run("merge", example_path, edited(other, "annen.xlsx"), "-o", merged)
    assert result.exit_code == 2
    assert "annen.xlsx: er ikke en kopi av samme avtale" in result.output
    assert len(result.output.strip().splitlines()) == 1 and not merged.exists()


def test_unreadable_copy_and_output_onto_an_input_exit_2(example_path, edited, tmp_path):
    broken = tmp_path / "skadet.xlsx"
    broken.write_bytes(b"ikke en arbeidsbok")
    merged = tmp_path / "samlet.xlsx"
    result = run("merge", example_path, broken, "-o", merged)
    assert result.exit_code == 2 and "skadet.xlsx" in result.output and not merged.exists()
    copy = edited(move_dognenhet, "kopi.xlsx")
    before = digest(copy)
    result = run("merge", example_path, copy, "-o", copy, "--overwrite")
    assert result.exit_code == 2 and "er en av filene som leses" in result.output
    assert digest(copy) == before


def test_existing_output_needs_overwrite(example_path, edited, tmp_path):
    merged = tmp_path / "samlet.xlsx"
    merged.write_bytes(b"gammel")
    copy = edited(move_dognenhet, "kopi.xlsx")
    assert run("merge", example_path, copy, "-o", merged).exit_code == 2
    assert merged.read_bytes() == b"gammel"
    assert run("merge", example_path, copy, "-o", merged, "--overwrite").exit_code == 0


def test_reordered_sheets_spaces_and_bullets_give_no_changes(example_path, edited, tmp_path):
    def cosmetic(book):
        book.move_sheet("Avtale", offset=5)
        sheet = group_sheet(book, STROKE)
        sheet["A5"] = "  " + sheet["A5"].value + " "
        sheet["B5"] = "• " + sheet["B5"].value
        sheet.title = "Slag milde"

    merged = tmp_path / "samlet.xlsx"
    result = run("merge", example_path, edited(cosmetic, "pyntet.xlsx"), "-o", merged, "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["applied"] == []
    assert run("diff", example_path, merged, "--no-findings").exit_code == 0


def test_groups_municipalities_and_facts_land_in_the_workbook(example_path, edited, tmp_path):
    def copy_a(book):
        book.remove(group_sheet(book, "Kreft"))
        book["Kommuner"]["A100"], book["Kommuner"]["B100"] = "3101", "Halden"

    def copy_b(book):
        group_sheet(book, "Hjerte")["B1"] = "Hjertesykdommer"
        new = book.copy_worksheet(group_sheet(book, "KOLS"))
        new["B1"] = "Astma"
        book["Avtale"]["B3"] = "2.0"

    merged = tmp_path / "samlet.xlsx"
    result = run("merge", example_path, edited(copy_a, "a.xlsx"), edited(copy_b, "b.xlsx"), "-o", merged)
    assert result.exit_code == 0, result.output
    agreement = read_workbook(merged).agreement
    names = [g.name for g in agreement.groups]
    assert "Kreft" not in names and "Hjertesykdommer" in names and "Astma" in names and "Hjerte" not in names
    assert ("3101", "Halden") in [(m.number, m.name) for m in agreement.municipalities]
    assert agreement.facts.version == "2.0"
    changes = json.loads(run("diff", example_path, merged, "--format", "json", "--no-findings").stdout)["changes"]
    assert sorted((c["kind"], c["area"]) for c in changes) == sorted([
        ("removed", "diagnosegruppe"), ("renamed", "diagnosegruppe"), ("added", "diagnosegruppe"),
        ("added", "kommune"), ("changed", "fakta")])


# --- README ---------------------------------------------------------------------------------------------
README_HEADING = "Høringsrunden: slå sammen kopier"


def test_readme_merge_commands_as_written(example_path, edited, tmp_path):
    """The README's merge block, verbatim: a merge with one collision, a decision, the resolution."""
    from test_readme import commands_under
    from test_readme import run as shell

    merge_line, resolve_line = [c for c in commands_under(README_HEADING) if c.startswith("agreement merge")]
    shutil.copy(example_path, tmp_path / "utsendt.xlsx")
    shutil.copy(edited(add_kols_and_reword_heart, "nord.xlsx"), tmp_path / "region-nord.xlsx")
    shutil.copy(edited(reword_heart(" ved behov"), "hamar.xlsx"), tmp_path / "region-hamar.xlsx")
    merged = shell(merge_line, tmp_path)
    assert merged.returncode == 1 and "region-hamar" in merged.stdout, merged.stderr
    book = openpyxl.load_workbook(tmp_path / "samlet.xlsx")
    book["Konflikter"]["D5"] = "region-hamar"
    book.save(tmp_path / "samlet.xlsx")
    resolved = shell(resolve_line, tmp_path)
    assert resolved.returncode == 0, resolved.stderr
    tasks = read_workbook(tmp_path / "endelig.xlsx").agreement.tasks
    assert any(t.text == HEART_TASK + " ved behov" for t in tasks) and any(t.text == "Kommunal KOLS-skole"
                                                                         for t in tasks)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("collide", [False, True])
def test_merge_driver_in_a_scratch_repository(example_path, tmp_path, collide):
    """The README's git recipe, verbatim, in a repository where two branches changed the workbook."""
    from test_readme import commands_under
    from test_readme import run as shell

    identity = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
                "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path)}
    repo = tmp_path / "avtaler"
    repo.mkdir()
    assert shell("git init -q -b main", repo, **identity).returncode == 0
    for command in commands_under(README_HEADING):
        if command.startswith(("printf", "git config")):
            assert shell(command, repo, **identity).returncode == 0, command
    target = repo / "avtale.xlsx"
    shutil.copy(example_path, target)
    assert shell("git add . && git commit -qm grunnlag", repo, **identity).returncode == 0

    def commit_on(branch: str, change) -> None:
        assert shell(f"git checkout -q -b {branch} main", repo, **identity).returncode == 0
        book = openpyxl.load_workbook(target)
        change(book)
        book.save(target)
        assert shell(f"git commit -qam {branch}", repo, **identity).returncode == 0

    commit_on("nord", add_kols_and_reword_heart)
    commit_on("sor", reword_heart(" ved behov") if collide else move_dognenhet)
    shell("git checkout -q nord", repo, **identity)
    merged = shell("git merge -q --no-edit sor", repo, **identity)
    agreement_now = read_workbook(target).agreement
    kols = next(g for g in agreement_now.groups if g.name == "KOLS")
    assert any(t.text == "Kommunal KOLS-skole" for t in kols.tasks)
    if collide:
        assert merged.returncode != 0 and "Konflikter" in openpyxl.load_workbook(target).sheetnames
        assert "avtale.xlsx" in shell("git diff --name-only --diff-filter=U", repo, **identity).stdout
        book = openpyxl.load_workbook(target)
        book["Konflikter"]["D5"] = "deres"
        book.save(target)
        resolved = shell("agreement merge --resolve avtale.xlsx --in-place && git add avtale.xlsx", repo, **identity)
        assert resolved.returncode == 0, resolved.stderr
        assert any(t.text == HEART_TASK + " ved behov" for t in read_workbook(target).agreement.tasks)
    else:
        assert merged.returncode == 0, merged.stderr
        stroke = next(g for g in agreement_now.groups if g.name == STROKE)
        assert any(t.text == "Kommunal døgnenhet" and t.level.value == "felles" for t in stroke.tasks)


def test_resolve_in_place_keeps_a_backup_and_bad_decisions_exit_2(example_path, edited, tmp_path):
    merged = tmp_path / "samlet.xlsx"
    run("merge", example_path, edited(reword_heart(" A"), "a.xlsx"), edited(reword_heart(" B"), "b.xlsx"), "-o", merged)
    book = openpyxl.load_workbook(merged)
    book["Konflikter"]["D5"] = "a"
    book.save(merged)
    before = merged.read_bytes()
    result = run("merge", "--resolve", merged, "--in-place")
    assert result.exit_code == 0, result.output
    [backup] = merged.parent.glob("samlet (før beslutninger *).xlsx")
    assert backup.read_bytes() == before and backup.name in result.output
    assert "Konflikter" not in openpyxl.load_workbook(merged).sheetnames
    assert any(t.text == HEART_TASK + " A" for t in read_workbook(merged).agreement.tasks)

    moved = tmp_path / "flyttet.xlsx"
    others = [("Felles ansvar", "B6"), ("Kommunehelsetjenesten", "C6")]

    def move_to(cell):
        def change(book):
            heart = group_sheet(book, "Hjerte")
            heart[cell] = heart["A5"].value
            heart["A5"] = None

        return change

    run("merge", example_path, edited(move_to(others[0][1]), "x.xlsx"), edited(move_to(others[1][1]), "y.xlsx"),
        "-o", moved)
    book = openpyxl.load_workbook(moved)
    assert book["Konflikter"]["B5"].value == "Oppgaven er flyttet til ulike nivåer"
    book["Konflikter"]["D5"] = "Et nivå som ikke finnes"
    book.save(moved)
    result = run("merge", "--resolve", moved, "-o", tmp_path / "endelig.xlsx")
    assert result.exit_code == 2 and "Konflikter" in result.output and "D5" in result.output
    assert not (tmp_path / "endelig.xlsx").exists()


def test_merge_driver_leaves_ours_alone_when_a_file_is_not_a_workbook(example_path, edited, tmp_path):
    ours = tmp_path / ".merge_file_a"
    shutil.copy(edited(move_dognenhet, "vår.xlsx"), ours)
    theirs = tmp_path / ".merge_file_b"
    theirs.write_text("version https://git-lfs.github.com/spec/v1\n")
    before = digest(ours)
    result = run("merge-driver", example_path, ours, theirs)
    assert result.exit_code == 2 and ".merge_file_b" in result.output
    assert digest(ours) == before
    shutil.copy(edited(add_kols_and_reword_heart, "deres.xlsx"), theirs)
    result = run("merge-driver", example_path, ours, theirs)
    assert result.exit_code == 0, result.output
    kinds = sorted(c["kind"] for c in json.loads(
        run("diff", example_path, shutil.copy(ours, tmp_path / "resultat.xlsx"), "--format", "json",
            "--no-findings").stdout)["changes"])
    assert kinds == ["added", "moved", "reworded"]


def test_every_kind_of_collision_is_resolved_by_naming_a_copy(example_path, edited, tmp_path):
    def copy_with(suffix: str, status: str):
        def change(book):
            book["Avtale"]["B3"] = f"versjon {suffix}"
            heart = group_sheet(book, "Hjerte")
            heart["B1"] = f"Hjerte {suffix}"
            heart["D5"] = f"Anbefaling fra {suffix}."
            book["Kommuner"]["B2"] = f"Lunner {suffix}"
            book["Generelle avsnitt"]["C2"] = f"Bakgrunn skrevet av {suffix}."
            statute = book["§ 6-2"]
            statute["C2"] = status
            statute["E2"] = f"Delavtale {suffix}"

        return change

    a = edited(copy_with("A", "Delvis behandlet"), "a.xlsx")
    b = edited(copy_with("B", "Dekket av annen delavtale"), "b.xlsx")
    merged = tmp_path / "samlet.xlsx"
    result = run("merge", example_path, a, b, "-o", merged, "--format", "json")
    assert result.exit_code == 1, result.output
    collisions = json.loads(result.stdout)["collisions"]
    assert sorted((c["area"], c["aspect"]) for c in collisions) == [
        ("anbefaling", "text"), ("diagnosegruppe", "name"), ("fakta", "value"), ("kapittel", "text"),
        ("kommune", "name"), ("§ 6-2", "other_agreement"), ("§ 6-2", "status")]
    assert not diff(read_workbook(example_path).agreement, read_workbook(merged).agreement)  # BASE kept
    book = openpyxl.load_workbook(merged)
    sheet = book["Konflikter"]
    for row in range(5, 5 + len(collisions)):
        assert sheet.cell(row=row, column=3).hyperlink.location
        sheet.cell(row=row, column=4, value="b")
    book.save(merged)
    final = tmp_path / "endelig.xlsx"
    resolved = run("merge", "--resolve", merged, "-o", final)
    assert resolved.exit_code == 0, resolved.output
    assert not diff(read_workbook(b).agreement, read_workbook(final).agreement)  # every decision: copy b



def test_an_undecided_row_still_finds_its_item_after_a_decided_rename(example_path, edited, tmp_path):
    def copy_with(suffix: str):
        def change(book):
            heart = group_sheet(book, "Hjerte")
            heart["B1"] = f"Hjerte {suffix}"
            heart["A5"] = f"{HEART_TASK} {suffix}"

        return change

    merged = tmp_path / "samlet.xlsx"
    run("merge", example_path, edited(copy_with("A"), "a.xlsx"), edited(copy_with("B"), "b.xlsx"), "-o", merged)
    book = openpyxl.load_workbook(merged)
    sheet = book["Konflikter"]
    rows = {sheet.cell(row=r, column=2).value: r for r in (5, 6)}
    sheet.cell(row=rows["Diagnosegruppen har fått ulike navn"], column=4, value="A")
    book.save(merged)
    step = tmp_path / "steg.xlsx"
    assert run("merge", "--resolve", merged, "-o", step).exit_code == 1
    book = openpyxl.load_workbook(step)
    assert book["Konflikter"]["C5"].hyperlink.location == "'Hjerte A'!A5"  # the sheet follows the name
    book["Konflikter"]["D5"] = "B"
    book.save(step)
    final = tmp_path / "endelig.xlsx"
    assert run("merge", "--resolve", step, "-o", final).exit_code == 0
    heart = next(g for g in read_workbook(final).agreement.groups if g.name == "Hjerte A")
    assert heart.tasks[0].text == f"{HEART_TASK} B"


def test_long_versions_fit_in_cells_and_resolve_whole(example_path, edited, tmp_path):
    long_a, long_b = "A " * 10_000, "B " * 10_000  # three versions together exceed one cell's 32,767 characters

    def recommending(text):
        def change(book):
            heart = group_sheet(book, "Hjerte")
            heart["D5"], heart["D6"] = text, text + "slutt"

        return change

    merged = tmp_path / "samlet.xlsx"
    assert run("merge", example_path, edited(recommending(long_a), "a.xlsx"), edited(recommending(long_b), "b.xlsx"),
               "-o", merged).exit_code == 1
    book = openpyxl.load_workbook(merged)
    sheet = book["Konflikter"]
    assert all(len(str(cell.value or "")) <= 32_767 for row in sheet.iter_rows() for cell in row)
    sheet["D5"] = "B"
    book.save(merged)
    final = tmp_path / "endelig.xlsx"
    assert run("merge", "--resolve", merged, "-o", final).exit_code == 0
    heart = next(g for g in read_workbook(final).agreement.groups if g.name == "Hjerte")
    assert [block.text for block in heart.recommendation] == [long_b.strip(), (long_b + "slutt").strip()]


def test_no_output_onto_an_input_through_a_link(example_path, edited, tmp_path):
    copy = edited(move_dognenhet, "kopi.xlsx")
    before = digest(copy)
    (tmp_path / "lenke.xlsx").symlink_to(copy)
    os.link(copy, tmp_path / "hardlenke.xlsx")
    for target in ("lenke.xlsx", "hardlenke.xlsx"):
        result = run("merge", example_path, copy, "-o", tmp_path / target, "--overwrite")
        assert result.exit_code == 2 and "er en av filene som leses" in result.output, result.output
    assert digest(copy) == before
    merged = tmp_path / "samlet.xlsx"
    run("merge", example_path, edited(reword_heart(" A"), "a.xlsx"), edited(reword_heart(" B"), "b.xlsx"), "-o", merged)
    before = digest(merged)
    result = run("merge", "--resolve", merged, "-o", merged, "--overwrite")
    assert result.exit_code == 2 and digest(merged) == before
