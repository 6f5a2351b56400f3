"""Group workbooks and agreement folders: split, join, build, validate and diff a folder as one agreement."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from agreement_builder import schema
from agreement_builder.cli import agreement, build_agreement
from agreement_builder.diff import diff
from agreement_builder.diff.compute import Area, Kind
from agreement_builder.errors import WorkbookError
from agreement_builder.model import Level
from agreement_builder.validation import RULES
from agreement_builder.workbook import read_workbook
from agreement_builder.workbook.folder import read_folder
from agreement_builder.workbook.group_book import read_group_book
from agreement_builder.workbook.split import split_workbook

from docx_reading import all_text, task_tables

NEW_TASK = "Digital hjemmeoppfølging etter forverring"


def _run(command, *args: object):
    return CliRunner().invoke(command, [str(arg) for arg in args])


@pytest.fixture(scope="module")
def split_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("split") / "avtale"
    split_workbook(Path(__file__).resolve().parent.parent / "workbooks" / "innlandet-rehabilitering.xlsx", folder)
    return folder


@pytest.fixture
def folder(split_folder, tmp_path) -> Path:
    copy = tmp_path / "mappe"
    shutil.copytree(split_folder, copy)
    return copy


def _digest(folder: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.iterdir())}


def _add_task(path: Path, text: str = NEW_TASK) -> None:
    book = openpyxl.load_workbook(path)
    sheet = next(sheet for sheet in book.worksheets if sheet["A1"].value == schema.GROUP_MARKER)
    column = 1 + list(Level).index(Level.MUNICIPAL)
    row = schema.GROUP_HEADER_ROW + 1
    while sheet.cell(row=row, column=column).value:
        row += 1
    sheet.cell(row=row, column=column, value=text)
    book.save(path)


# --- split ----------------------------------------------------------------------------------------
def test_split_writes_a_main_workbook_and_one_group_workbook_per_group(split_folder, example):
    files = sorted(path.name for path in split_folder.iterdir())
    assert len(files) == 16 and "innlandet-rehabilitering.xlsx" in files
    main = openpyxl.load_workbook(split_folder / "innlandet-rehabilitering.xlsx")
    assert not [s for s in main.worksheets if s["A1"].value == schema.GROUP_MARKER]
    assert schema.FACTS_SHEET in main.sheetnames and schema.JOINT_MEASURES.name in main.sheetnames
    books = [read_group_book(split_folder / name) for name in files if name != "innlandet-rehabilitering.xlsx"]
    assert sorted(group.name for book in books for group in book.groups) == sorted(g.name for g in example.groups)
    for book in books:
        (group,) = book.groups
        assert book.header.title == example.facts.title
        assert book.header.version == example.facts.version
        assert book.header.category == group.category
    assert "Sammensatte lidelser somatikk-rus-psykisk helse.xlsx" in files  # «/» is no path


def test_group_workbook_header_is_protected_and_names_the_agreement(split_folder, example):
    book = openpyxl.load_workbook(split_folder / "KOLS.xlsx")
    header = book.worksheets[0]
    assert header.title == schema.GROUP_BOOK_SHEET and header["A1"].value == schema.GROUP_BOOK_MARKER
    assert header.protection.sheet and not header.protection.password
    values = {header.cell(row=r, column=1).value: header.cell(row=r, column=2).value for r in range(1, 10)}
    assert values["Avtale"] == example.facts.title and values["Kategori"] == "Kroniske sykdommer"
    assert any("gruppearket" in str(cell.value) for row in header.iter_rows() for cell in row)


def test_main_workbook_lists_each_categorys_groups_in_order(split_folder, example):
    sheet = openpyxl.load_workbook(split_folder / "innlandet-rehabilitering.xlsx")[schema.CATEGORIES.name]
    assert sheet["B1"].value == schema.CATEGORIES.column("groups").header
    for row, category in enumerate(example.categories, start=2):
        assert sheet.cell(row=row, column=2).value.split("\n") == [g.name for g in example.groups_in(category)]


def test_split_then_join_gives_the_same_agreement(split_folder, example, tmp_path):
    result = _run(agreement, "join", split_folder, "-o", tmp_path / "samlet.xlsx")
    assert result.exit_code == 0, result.output
    assert "15 diagnosegrupper, 58 oppgaver fra 16 arbeidsbøker" in result.stdout
    joined = read_workbook(tmp_path / "samlet.xlsx").agreement
    assert not diff(example, joined)
    assert [g.name for g in joined.groups] == [g.name for g in example.groups]
    assert not diff(example, read_folder(split_folder).agreement)


def test_split_refuses_existing_files_and_the_inputs_own_folder(split_folder, example_copy, tmp_path):
    before = _digest(split_folder)
    result = _run(agreement, "split", example_copy, "-o", split_folder)
    assert result.exit_code == 2 and "--overwrite" in result.stderr
    assert _digest(split_folder) == before
    result = _run(agreement, "split", example_copy, "-o", example_copy.parent, "--overwrite")
    assert result.exit_code == 2 and "ny mappe" in result.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging folder left behind


def test_split_into_a_new_folder_leaves_nothing_beside_it(example_path, tmp_path):
    result = _run(agreement, "split", example_path, "-o", tmp_path / "ny")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ny"]
    assert "15 gruppearbeidsbøker" in result.stdout


def test_hostile_group_names_give_safe_file_names_inside_the_folder(example_path, tmp_path):
    names = {"KOLS": "../../utenfor", "Kreft": "CON", "Hjerte": "Hjerte\u202e. "}
    book = openpyxl.load_workbook(example_path)
    for sheet in book.worksheets:
        if sheet["A1"].value == schema.GROUP_MARKER and sheet["B1"].value in names:
            sheet["B1"] = names[sheet["B1"].value]
    book.save(tmp_path / "kilde.xlsx")
    result = _run(agreement, "split", tmp_path / "kilde.xlsx", "-o", tmp_path / "ut" / "mappe")
    assert result.exit_code == 0, result.output
    files = sorted(path.name for path in (tmp_path / "ut" / "mappe").iterdir())
    assert len(files) == 16 and sorted(p.name for p in tmp_path.iterdir()) == ["kilde.xlsx", "ut"]
    assert "_CON.xlsx" in files and "Hjerte.xlsx" in files
    assert all("/" not in name and "\u202e" not in name and not name.startswith(".") for name in files)
    read = read_folder(tmp_path / "ut" / "mappe")
    assert {g.name for g in read.agreement.groups} >= {"../../utenfor", "CON"} and not read.findings


# --- the issue's «done when» ----------------------------------------------------------------------
def test_a_task_added_in_the_kols_workbook_builds_and_joins_as_exactly_one_added_task(folder, example, source,
                                                                                      tmp_path):
    _add_task(folder / "KOLS.xlsx")
    output = tmp_path / "avtale.docx"
    result = _run(build_agreement, folder, "-o", output)
    assert result.exit_code == 0, result.output
    assert "15 diagnosegrupper, 59 oppgaver" in result.stdout
    tables = task_tables(output)
    assert NEW_TASK in tables["KOLS"]["Kommunehelsetjenesten"]
    assert sum(len(cells) for table in tables.values() for cells in table.values()) == 59
    result = _run(agreement, "join", folder, "-o", tmp_path / "samlet.xlsx")
    assert result.exit_code == 0, result.output
    changes = diff(example, read_workbook(tmp_path / "samlet.xlsx").agreement).changes
    assert [(c.kind, c.area, c.group, c.new, c.to_level) for c in changes] == [
        (Kind.ADDED, Area.TASK, "KOLS", NEW_TASK, Level.MUNICIPAL)]
    result = _run(agreement, "diff", example_path_of(source), tmp_path / "samlet.xlsx", "--no-findings")
    assert result.exit_code == 1 and NEW_TASK in result.stdout


def example_path_of(_source) -> Path:
    return Path(__file__).resolve().parent.parent / "workbooks" / "innlandet-rehabilitering.xlsx"


def test_diff_between_a_folder_and_a_workbook_and_two_folders(folder, split_folder, example_path):
    assert _run(agreement, "diff", split_folder, example_path).exit_code == 0
    _add_task(folder / "KOLS.xlsx")
    result = _run(agreement, "diff", split_folder, folder, "--no-findings", "--format", "json")
    assert result.exit_code == 1, result.output
    assert NEW_TASK in result.stdout


def test_building_a_folder_never_changes_its_files(folder, tmp_path):
    before = _digest(folder)
    assert _run(build_agreement, folder, "-o", tmp_path / "a.docx").exit_code == 0
    assert _run(agreement, "validate", folder).exit_code == 0  # the example, an annex, has warnings only
    assert _digest(folder) == before


def test_two_workbooks_for_the_same_group_stop_the_build_naming_both(folder, tmp_path):
    shutil.copy(folder / "KOLS.xlsx", folder / "KOLS fra fagrådet.xlsx")
    result = _run(build_agreement, folder, "-o", tmp_path / "a.docx")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "KOLS.xlsx" in lines[0] and "KOLS fra fagrådet.xlsx" in lines[0]
    assert not (tmp_path / "a.docx").exists()
    result = _run(agreement, "join", folder, "-o", tmp_path / "samlet.xlsx")
    assert result.exit_code == 2 and not (tmp_path / "samlet.xlsx").exists()


def test_a_group_workbook_of_another_agreement_stops_the_build_naming_both(folder, tmp_path):
    book = openpyxl.load_workbook(folder / "Kreft.xlsx")
    book[schema.GROUP_BOOK_SHEET]["B4"] = "Samarbeidsavtale om svangerskap"
    book.save(folder / "Kreft.xlsx")
    result = _run(build_agreement, folder, "-o", tmp_path / "a.docx")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Kreft.xlsx" in lines[0] and "innlandet-rehabilitering.xlsx" in lines[0]
    assert "svangerskap" in lines[0]


def _json_findings(result) -> list[dict]:
    return json.loads(result.stdout)["findings"]


def test_folder_findings_name_the_file_and_cell(folder):
    shutil.copy(folder / "KOLS.xlsx", folder / "KOLS kopi.xlsx")
    book = openpyxl.load_workbook(folder / "Hjerte.xlsx")
    next(s for s in book.worksheets if s["A1"].value == schema.GROUP_MARKER)["B2"] = "Ukjent kategori"
    book.save(folder / "Hjerte.xlsx")
    (folder / "Kreft.xlsx").unlink()
    result = _run(agreement, "validate", folder, "--format", "json")
    assert result.exit_code == 1
    findings = {f["code"]: f for f in _json_findings(result)}
    duplicate = findings["group-book-duplicate"]
    assert duplicate["cell"] == "B1" and duplicate["file"] in ("KOLS kopi.xlsx", "KOLS.xlsx")
    assert "KOLS.xlsx" in duplicate["message"] and "KOLS kopi.xlsx" in duplicate["message"]
    unknown = findings["group-book-category-unknown"]
    assert (unknown["file"], unknown["sheet"], unknown["cell"]) == ("Hjerte.xlsx", "Hjerte", "B2")
    missing = findings["group-book-missing"]
    assert (missing["file"], missing["sheet"]) == ("innlandet-rehabilitering.xlsx", schema.CATEGORIES.name)
    assert "Kreft" in missing["message"]
    text = _run(agreement, "validate", folder).stdout
    assert "'[Hjerte.xlsx]Hjerte'!B2" in text


def test_single_workbook_json_has_no_file_key(example_path):
    findings = _json_findings(_run(agreement, "validate", example_path, "--format", "json"))
    assert findings and all("file" not in finding for finding in findings)


def test_groups_the_main_workbook_does_not_list_come_last_in_their_category(folder):
    book = openpyxl.load_workbook(folder / "innlandet-rehabilitering.xlsx")
    sheet = book[schema.CATEGORIES.name]
    listed = sheet["B2"].value.split("\n")
    sheet["B2"] = "\n".join(reversed(listed[1:]))  # the first group unlisted, the rest reversed
    book.save(folder / "innlandet-rehabilitering.xlsx")
    read = read_folder(folder)
    names = [g.name for g in read.agreement.groups][: len(listed)]
    assert names == [*reversed(listed[1:]), listed[0]]
    assert [f.code for f in read.findings] == ["group-book-unlisted"]


def test_folder_files_are_recognised_by_content_and_others_ignored(folder, tmp_path):
    (folder / "KOLS.xlsx").rename(folder / "x\u202eslk.xlsx")
    (folder / "notater.txt").write_text("hei", encoding="utf-8")
    (folder / "~$KOLS.xlsx").write_bytes(b"lock")
    openpyxl.Workbook().save(folder / "annet.xlsx")
    outside = tmp_path / "ute.xlsx"
    shutil.copy(folder / "Kreft.xlsx", outside)
    (folder / "lenke.xlsx").symlink_to(outside)
    result = _run(agreement, "validate", folder, "--format", "json")
    assert result.exit_code == 1
    findings = {(f["code"], f.get("file")): f["message"] for f in _json_findings(result)}
    assert ("group-book-duplicate", "lenke.xlsx") not in findings  # the link was not followed
    assert findings[("folder-file-not-workbook", "notater.txt")].startswith("«notater.txt» er ikke")
    assert ("folder-link-outside", "lenke.xlsx") in findings
    assert ("folder-workbook-not-agreement", "annet.xlsx") in findings
    assert findings[("folder-file-name-unsafe", None)].startswith("«x?slk.xlsx» har kontrolltegn")
    assert "\u202e" not in result.stdout and "~$" not in result.stdout
    built = _run(build_agreement, folder, "-o", tmp_path / "a.docx")
    assert "Merk: «notater.txt» er ikke en Excel-arbeidsbok og ble ikke lest." in built.stderr
    assert "\u202e" not in built.stderr
    read = read_folder(folder)
    assert len(read.agreement.groups) == 14
    assert [(f.code, f.ref.file) for f in read.findings] == [("group-book-missing", "innlandet-rehabilitering.xlsx")]


def test_a_group_workbook_is_recognised_whatever_its_name(folder, tmp_path):
    hostile = "x\\..\\y.xlsx"  # a legal name on Linux; never a path
    (folder / "KOLS.xlsx").rename(folder / hostile)
    (folder / "Kreft.xlsx").rename(folder / "CON.xlsx")
    before = sorted(p.name for p in tmp_path.iterdir())
    read = read_folder(folder)
    assert len(read.agreement.groups) == 15 and not read.findings
    assert {g.ref.file for g in read.agreement.groups if g.name in ("KOLS", "Kreft")} == {hostile, "CON.xlsx"}
    assert _run(build_agreement, folder, "-o", tmp_path / "a.docx").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*before, "a.docx"])


def test_a_folder_without_a_main_workbook_or_with_two_is_refused(folder, tmp_path):
    shutil.copy(folder / "innlandet-rehabilitering.xlsx", folder / "kopi.xlsx")
    result = _run(build_agreement, folder, "-o", tmp_path / "a.docx")
    assert result.exit_code == 2 and "innlandet-rehabilitering.xlsx" in result.stderr and "kopi.xlsx" in result.stderr
    empty = tmp_path / "tom"
    empty.mkdir()
    result = _run(build_agreement, empty)
    assert result.exit_code == 2 and "ingen hovedarbeidsbok" in result.stderr


def test_a_folder_with_too_many_files_is_refused(tmp_path):
    crowded = tmp_path / "full"
    crowded.mkdir()
    for number in range(501):
        (crowded / f"{number}.txt").write_bytes(b"")
    result = _run(agreement, "validate", crowded)
    assert result.exit_code == 2 and "501 filer" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_join_will_not_write_into_the_folder_it_reads(split_folder):
    result = _run(agreement, "join", split_folder, "-o", split_folder / "samlet.xlsx")
    assert result.exit_code == 2 and not (split_folder / "samlet.xlsx").exists()


# --- a group workbook alone -----------------------------------------------------------------------
def test_init_group_makes_a_blank_group_workbook(tmp_path):
    path = tmp_path / "kols.xlsx"
    result = _run(agreement, "init", path, "--group", "KOLS", "--category", "Kroniske sykdommer")
    assert result.exit_code == 0, result.output
    book = read_group_book(path)
    assert [(g.name, g.category, g.tasks) for g in book.groups] == [("KOLS", "Kroniske sykdommer", ())]
    header = openpyxl.load_workbook(path)[schema.GROUP_BOOK_SHEET]
    assert header.protection.sheet and header["B4"].protection.locked is False  # blank title can be filled
    result = _run(agreement, "validate", path, "--format", "json")
    assert result.exit_code == 0  # a blank group: warnings only
    assert {f["code"] for f in _json_findings(result)} == {"group-without-tasks", "group-without-recommendation"}
    assert json.loads(result.stdout)["coverage"] == []


def test_validating_a_group_workbook_runs_only_the_group_rules(folder):
    book = openpyxl.load_workbook(folder / "KOLS.xlsx")
    sheet = book.worksheets[1]
    sheet["C5"] = sheet["A5"].value  # the same task at both levels: task-contradiction
    book.save(folder / "KOLS.xlsx")
    result = _run(agreement, "validate", folder / "KOLS.xlsx", "--format", "json")
    assert result.exit_code == 1
    codes = {f["code"] for f in _json_findings(result)}
    assert "task-contradiction" in codes
    group_codes = {rule.code for rule in RULES if rule.per_group}
    assert codes <= group_codes and "coverage-missing" not in group_codes
    assert "bare reglene for diagnosegrupper" in result.stderr


def test_building_a_group_workbook_makes_a_marked_extract(split_folder, tmp_path):
    output = tmp_path / "kols.docx"
    result = _run(build_agreement, split_folder / "KOLS.xlsx", "-o", output)
    assert result.exit_code == 0, result.output
    import docx

    document = docx.Document(str(output))
    assert document.paragraphs[0].text == "Utdrag – kun diagnosegruppen KOLS"
    assert document.sections[0].header.paragraphs[0].text == "Utdrag – kun diagnosegruppen KOLS"
    assert document.core_properties.title == "Utdrag – kun diagnosegruppen KOLS"
    text = all_text(output)
    assert "ikke avtalen" in text and "Underskrifter" not in text and "{{" not in text
    assert list(task_tables(output)) == ["KOLS"]


def test_a_group_workbook_default_output_says_extract(split_folder, tmp_path):
    copy = tmp_path / "KOLS.xlsx"
    shutil.copy(split_folder / "KOLS.xlsx", copy)
    assert _run(build_agreement, copy).exit_code == 0
    assert (tmp_path / "KOLS (utdrag).docx").exists() and not (tmp_path / "KOLS.docx").exists()


def test_a_group_workbook_read_as_a_whole_agreement_says_what_it_is(split_folder):
    with pytest.raises(WorkbookError, match="KOLS.xlsx: er en gruppearbeidsbok"):
        read_workbook(split_folder / "KOLS.xlsx")


def test_textconv_reads_group_workbooks_and_folders(split_folder, example_path):
    group = _run(agreement, "textconv", split_folder / "KOLS.xlsx")
    assert group.exit_code == 0 and "KOLS" in group.stdout
    whole = _run(agreement, "textconv", split_folder)
    assert whole.exit_code == 0 and whole.stdout == _run(agreement, "textconv", example_path).stdout


def test_validate_write_sheet_works_on_a_group_workbook_but_not_a_folder(split_folder, tmp_path):
    target = tmp_path / "kols-kontroll.xlsx"
    result = _run(agreement, "validate", split_folder / "KOLS.xlsx", "--write-sheet", target)
    assert result.exit_code == 0, result.output
    assert schema.FINDINGS_SHEET in openpyxl.load_workbook(target).sheetnames
    result = _run(agreement, "validate", split_folder, "--write-sheet", tmp_path / "x.xlsx")
    assert result.exit_code == 2 and not (tmp_path / "x.xlsx").exists()


# --- the Excel button ------------------------------------------------------------------------------
def _saved_book(path: Path):
    """An xlwings Book as Excel sends it for a workbook saved at ``path`` (full name with its folder)."""
    from excel_payload import book_from

    return book_from(path, name=str(path))


def _alerts(book) -> list[str]:
    from excel_payload import actions

    return [action["args"][0] for action in actions(book) if action["func"] == "alert"]


def test_excel_on_a_group_workbook_checks_the_group_and_writes_an_extract(folder):
    from agreement_builder import excel

    report = excel.validate(_saved_book(folder / "KOLS.xlsx"))
    assert report is not None and not report.coverage
    assert {f.code for f in report.findings} <= {rule.code for rule in RULES if rule.per_group}
    excel.build(_saved_book(folder / "KOLS.xlsx"))
    extract = folder / "KOLS (utdrag).docx"
    assert extract.exists() and "Utdrag – kun diagnosegruppen KOLS" in all_text(extract)
    assert not (folder / "KOLS.docx").exists()


def test_excel_on_the_main_workbook_builds_the_whole_agreement_from_its_folder(folder):
    from agreement_builder import excel

    _add_task(folder / "KOLS.xlsx")
    before = _digest(folder)
    book = _saved_book(folder / "innlandet-rehabilitering.xlsx")
    report = excel.build(book)
    assert report is not None, _alerts(book)
    document = folder / "innlandet-rehabilitering.docx"
    tables = task_tables(document)
    assert len(tables) == 12 and NEW_TASK in tables["KOLS"]["Kommunehelsetjenesten"]
    assert sum(len(cells) for table in tables.values() for cells in table.values()) == 59
    assert {name: digest for name, digest in _digest(folder).items() if name in before} == before


def test_excel_on_a_main_workbook_with_a_duplicate_group_says_so_in_one_line(folder):
    from agreement_builder import excel

    shutil.copy(folder / "Kreft.xlsx", folder / "Kreft (2).xlsx")
    book = _saved_book(folder / "innlandet-rehabilitering.xlsx")
    assert excel.main(book) is None
    (message,) = _alerts(book)
    assert "Kreft.xlsx" in message and "Kreft (2).xlsx" in message and "\n" not in message
    assert not (folder / "innlandet-rehabilitering.docx").exists()


def test_a_folder_builds_beside_itself_by_default(folder):
    result = _run(build_agreement, folder)
    assert result.exit_code == 0, result.output
    assert (folder.parent / "mappe.docx").exists()


def test_cell_text_that_looks_like_a_formula_stays_text_in_split_and_init(example_path, tmp_path):
    formula = '=HYPERLINK("http://example.invalid","klikk")'
    book = openpyxl.load_workbook(example_path)
    kols = next(s for s in book.worksheets if s["B1"].value == "KOLS")
    kols["C9"].value = formula
    kols["C9"].data_type = "s"
    book.save(tmp_path / "kilde.xlsx")
    split_workbook(tmp_path / "kilde.xlsx", tmp_path / "mappe")
    sheet = openpyxl.load_workbook(tmp_path / "mappe" / "KOLS.xlsx").worksheets[1]
    (cell,) = [cell for row in sheet.iter_rows() for cell in row if cell.value == formula]
    assert cell.data_type == "s"
    assert _run(agreement, "init", tmp_path / "g.xlsx", "--group", formula).exit_code == 0
    cell = openpyxl.load_workbook(tmp_path / "g.xlsx").worksheets[1]["B1"]
    assert (cell.value, cell.data_type) == (formula, "s")


def test_a_new_group_from_init_group_from_joins_the_folder(folder, tmp_path):
    main = folder / "innlandet-rehabilitering.xlsx"
    new = folder / "lunge.xlsx"
    result = _run(agreement, "init", new, "--group", "Lungesykdom", "--category", "Kroniske sykdommer", "--from", main)
    assert result.exit_code == 0, result.output
    _add_task(new, "Lungerehabilitering")
    read = read_folder(folder)
    names = [g.name for g in read.agreement.groups_in("Kroniske sykdommer")]
    assert names[-1] == "Lungesykdom" and len(read.agreement.groups) == 16
    assert [(f.code, f.ref.file) for f in read.findings] == [("group-book-unlisted", "lunge.xlsx")]


def test_a_group_workbook_that_names_no_agreement_stops_the_build(folder, tmp_path):
    assert _run(agreement, "init", folder / "ny.xlsx", "--group", "Lunge", "--category", "Kreft").exit_code == 0
    result = _run(build_agreement, folder, "-o", tmp_path / "a.docx")
    assert result.exit_code == 2 and "ny.xlsx nevner ingen avtale" in result.stderr
    assert "innlandet-rehabilitering.xlsx" in result.stderr


def test_excel_on_an_ordinary_workbook_does_not_read_its_neighbours(example_path, tmp_path):
    from agreement_builder import excel

    shutil.copy(example_path, tmp_path / "a.xlsx")
    shutil.copy(example_path, tmp_path / "b.xlsx")
    book = _saved_book(tmp_path / "a.xlsx")
    assert excel.build(book) is not None, _alerts(book)
    assert (tmp_path / "a.docx").exists()


def test_excel_links_and_notes_only_cells_of_the_open_workbook(folder):
    from agreement_builder import excel
    from excel_payload import actions

    book = openpyxl.load_workbook(folder / "Hjerte.xlsx")
    book.worksheets[1].title = "Kommuner"  # the same name as a sheet of the main workbook
    book.worksheets[1]["B2"] = "Ukjent kategori"
    book.save(folder / "Hjerte.xlsx")
    xl = _saved_book(folder / "innlandet-rehabilitering.xlsx")
    report = excel.validate(xl)
    unknown = next(f for f in report.findings if f.code == "group-book-category-unknown")
    assert (unknown.ref.file, unknown.ref.sheet) == ("Hjerte.xlsx", "Kommuner")
    assert any(f.ref and f.ref.sheet == "§ 6-2" and not f.ref.file for f in report.findings)
    links = [a["args"][0] for a in actions(xl) if a["func"] == "addHyperlink"]
    assert links and all("Kommuner" not in link for link in links)
    assert any("§ 6-2" in link for link in links)


def test_a_group_workbook_saved_by_libreoffice_is_still_recognised(folder, example, tmp_path):
    import subprocess

    from agreement_builder.pdf import find_soffice

    soffice = find_soffice()
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed")
    resaved = tmp_path / "lo"
    subprocess.run([str(soffice), "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(resaved),
                    str(folder / "KOLS.xlsx")], check=True, capture_output=True, timeout=120)
    shutil.move(resaved / "KOLS.xlsx", folder / "KOLS.xlsx")
    assert openpyxl.load_workbook(folder / "KOLS.xlsx")[schema.GROUP_BOOK_SHEET].protection.sheet
    read = read_folder(folder)
    assert not read.findings and not diff(example, read.agreement)


def test_junit_output_of_a_folder_fails_on_findings_between_files(folder):
    shutil.copy(folder / "KOLS.xlsx", folder / "KOLS kopi.xlsx")
    result = _run(agreement, "validate", folder, "--format", "junit")
    assert result.exit_code == 1
    from xml.etree import ElementTree

    root = ElementTree.fromstring(result.stdout)
    (case,) = [c for c in root.iter("testcase") if c.get("name").startswith("group-book-duplicate")]
    failure = case.find("failure")
    assert failure is not None and "KOLS kopi.xlsx" in failure.get("message")


def test_an_extract_with_a_template_that_is_not_word_is_refused_in_one_line(split_folder, tmp_path):
    result = _run(build_agreement, split_folder / "KOLS.xlsx", "-o", tmp_path / "k.docx", "--template",
                  split_folder / "Kreft.xlsx")
    assert result.exit_code == 2 and not (tmp_path / "k.docx").exists()
    assert len(result.stderr.strip().splitlines()) == 1


def test_file_names_reach_every_cell_reference_and_records_keep_their_type(example):
    from agreement_builder.model import BlockKind, CellRef
    from agreement_builder.text import Item
    from agreement_builder.workbook.folder import with_file

    named = with_file(example, "kols.xlsx")
    assert named.groups[0].ref.file == "kols.xlsx" and named.groups[0].tasks[0].ref.file == "kols.xlsx"
    assert named.groups == tuple(with_file(group, "kols.xlsx") for group in example.groups)
    records = with_file((Item("tekst", BlockKind.PARAGRAPH), CellRef("Ark", "A1")), "kols.xlsx")
    assert type(records[0]) is Item and records[0].text == "tekst" and records[1].file == "kols.xlsx"
