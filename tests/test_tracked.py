"""`agreement diff --format docx`: the new build with every difference from the old build as a tracked change.

Each case edits the example with openpyxl, builds both versions as `build-agreement` does, and
checks the tracked document against them: all changes accepted reads as the new build, all
rejected as the old one (body and headers; the table of contents is left out), and the edit
shows as the insertion or deletion a reviewer expects, in its place.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from agreement_builder.cli import agreement
from agreement_builder.diff import diff
from agreement_builder.render import docx as render_docx
from agreement_builder.diff.words import word_diff
from agreement_builder.render.tracked import default_author, render_tracked, revision_date
from agreement_builder.validation import validate
from agreement_builder.workbook import read_workbook

from conftest import group_sheet
from tracked_reading import W, body, deleted_texts, inserted_texts, version_lines

KOLS_NEW_NAME = "Kronisk obstruktiv lungesykdom (KOLS)"


def add_municipality(book):
    sheet = book["Kommuner"]
    row = next(r for r in range(2, sheet.max_row + 2) if not sheet.cell(r, 1).value)
    sheet.cell(row, 1, "3401")
    sheet.cell(row, 2, "Kongsvinger")


def rename_kols(book):
    group_sheet(book, "KOLS")["B1"] = KOLS_NEW_NAME


def remove_lillehammer(book):
    sheet = book["Kommuner"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 2).value == "Lillehammer")
    sheet.delete_rows(row)


def move_and_reword_tasks(book):
    sheet = group_sheet(book, "Hjerneslag - milde og moderate")
    sheet["C5"], sheet["B8"] = None, "Kommunal døgnenhet"
    diabetes = group_sheet(book, "Diabetes II")
    diabetes["D5"] = diabetes["D5"].value.replace("bør på forespørsel", "skal på forespørsel")


def remove_group(book):
    del book[group_sheet(book, "Hjerte").title]


def change_facts(book):
    facts = book["Avtale"]
    for row in range(1, facts.max_row + 1):
        label = facts.cell(row, 1).value
        if label == "Versjon":
            facts.cell(row, 2, "2.0")
        elif label == "Tittel":
            facts.cell(row, 2, facts.cell(row, 2).value + " – revidert")
        elif label == "Formål":
            facts.cell(row, 2, "Partene skal sammen gi pasientene gode og trygge tjenester.")


def change_chapters(book):
    sheet = book["Generelle avsnitt"]
    sheet["C3"] = sheet["C3"].value + " Partene evaluerer avtalen hvert år."


CASES = {
    "add-municipality": add_municipality,
    "rename-group": rename_kols,
    "remove-municipality": remove_lillehammer,
    "move-and-reword": move_and_reword_tasks,
    "remove-group": remove_group,
    "facts": change_facts,
    "chapters": change_chapters,
}


def header_elements(path: Path) -> list:
    with zipfile.ZipFile(path) as package:
        return [etree.fromstring(package.read(name)) for name in sorted(package.namelist())
                if name.startswith("word/header")]


def header_lines(path: Path, *, accept: bool) -> list[list[str]]:
    return [version_lines(header, accept=accept) for header in header_elements(path)]


def build(path: Path, output: Path) -> Path:
    agreement_ = read_workbook(path).agreement
    return render_docx.render_agreement(agreement_, output, report=validate(agreement_))


@pytest.fixture(scope="module")
def old_build(tmp_path_factory, example_path) -> Path:
    return build(example_path, tmp_path_factory.mktemp("old") / "gammel.docx")


def tracked(example_path, new_path: Path, output: Path, *extra: str) -> Path:
    result = CliRunner().invoke(agreement, ["diff", str(example_path), str(new_path), "--format", "docx",
                                            "-o", str(output), *extra])
    assert result.exit_code == 1, result.output
    return output


@pytest.mark.parametrize("case", CASES)
def test_accept_all_is_the_new_build_and_reject_all_the_old(case, example_path, edited, old_build, tmp_path):
    new_path = edited(CASES[case])
    new_build = build(new_path, tmp_path / "ny.docx")
    output = tracked(example_path, new_path, tmp_path / "spor.docx")
    assert inserted_texts(output) or deleted_texts(output)
    assert version_lines(body(output), accept=True) == version_lines(body(new_build), accept=True)
    assert version_lines(body(output), accept=False) == version_lines(body(old_build), accept=True)
    assert header_lines(output, accept=True) == header_lines(new_build, accept=True)
    assert header_lines(output, accept=False) == header_lines(old_build, accept=True)


def _parties_table(path: Path):
    return next(table for table in body(path).iter(f"{W}tbl")
                if "Lillehammer" in "".join(t.text or "" for t in table.iter(f"{W}t")))


def test_an_added_municipality_is_an_inserted_row_and_the_count_changes(example_path, edited, tmp_path):
    output = tracked(example_path, edited(add_municipality), tmp_path / "spor.docx")
    rows = _parties_table(output).findall(f"{W}tr")
    inserted_rows = [row for row in rows if row.find(f"{W}trPr/{W}ins") is not None]
    assert len(inserted_rows) == 1
    assert "".join(t.text or "" for t in inserted_rows[0].iter(f"{W}t")) == "3401Kongsvinger"
    assert all(run.getparent().tag == f"{W}ins" for run in inserted_rows[0].iter(f"{W}r"))
    assert "42" in deleted_texts(output) and "43" in inserted_texts(output)
    assert "Kongsvinger kommune" in inserted_texts(output)  # its signature line


def _headings(path: Path, *, accept: bool) -> list[str]:
    return [line for line, paragraph in zip(version_lines(body(path), accept=accept), _styled(path, accept))
            if paragraph == "Heading3"]


def _styled(path: Path, accept: bool) -> list[str]:
    """The style of each paragraph version_lines reads (tables as «table»), to find the headings."""
    styles = []
    for child in body(path):
        if child.tag == f"{W}p" and version_lines(_wrap(child), accept=accept):
            style = child.find(f"{W}pPr/{W}pStyle")
            styles.append(style.get(f"{W}val") if style is not None else "")
        elif child.tag == f"{W}tbl":
            styles += ["table"] * len(version_lines(_wrap(child), accept=accept))
    return styles


def _wrap(child):
    holder = etree.Element(f"{W}body")
    holder.append(etree.fromstring(etree.tostring(child)))
    return holder


def test_a_renamed_group_keeps_its_place_and_its_heading_is_changed(example_path, edited, old_build, tmp_path):
    output = tracked(example_path, edited(rename_kols), tmp_path / "spor.docx")
    old_headings = _headings(old_build, accept=True)
    assert _headings(output, accept=False) == old_headings
    assert _headings(output, accept=True) == [KOLS_NEW_NAME if h == "KOLS" else h for h in old_headings]
    heading = next(p for p in body(output).iter(f"{W}p") if p.find(f".//{W}ins") is not None
                   and "KOLS" in "".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText")))
    assert heading.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Heading3"
    assert heading.find(f"{W}pPr/{W}rPr/{W}ins") is None  # one paragraph changed, not one deleted and one new


def test_a_removed_group_is_deleted_in_its_place_with_its_paragraph_marks(example_path, edited, tmp_path):
    output = tracked(example_path, edited(remove_group), tmp_path / "spor.docx")
    heading = next(p for p in body(output).iter(f"{W}p") if "".join(t.text for t in p.iter(f"{W}delText")) == "Hjerte")
    assert heading.find(f"{W}pPr/{W}rPr/{W}del") is not None
    table = heading.getnext()
    assert table.tag == f"{W}tbl"
    assert all(row.find(f"{W}trPr/{W}del") is not None for row in table.findall(f"{W}tr"))


def test_the_author_is_the_option_or_else_the_user(example_path, edited, tmp_path, monkeypatch):
    new_path = edited(rename_kols)
    output = tracked(example_path, new_path, tmp_path / "a.docx", "--author", "Kari Nordmann")
    authors = {node.get(f"{W}author") for node in body(output).iter(f"{W}ins", f"{W}del")}
    assert authors == {"Kari Nordmann"}
    monkeypatch.setattr("getpass.getuser", lambda: "ola")
    output = tracked(example_path, new_path, tmp_path / "b.docx")
    assert {node.get(f"{W}author") for node in body(output).iter(f"{W}ins", f"{W}del")} == {"ola"}


def test_the_default_author_falls_back_to_the_helsefellesskap(example, monkeypatch):
    def no_user():
        raise OSError("ingen bruker")

    monkeypatch.setattr("getpass.getuser", no_user)
    assert default_author(example) == example.facts.helsefellesskap != ""


def test_the_date_is_the_new_versions_date_or_now(example):
    assert revision_date(example) == f"{example.facts.date.isoformat()}T00:00:00Z"
    undated = example.__class__(**{**example.__dict__, "facts": example.facts.__class__(
        **{**example.facts.__dict__, "date": None})})
    moment = dt.datetime(2026, 3, 1, 13, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert revision_date(undated, now=moment) == "2026-03-01T12:30:00Z"


@pytest.mark.parametrize(("change", "count"), [(rename_kols, "(1 endring)"), (add_municipality, "(2 endringer)")])
def test_the_count_is_in_bokmal(change, count, example_path, edited, tmp_path):
    result = CliRunner().invoke(agreement, ["diff", str(example_path), str(edited(change)), "--format", "docx",
                                            "-o", str(tmp_path / "spor.docx")])
    assert result.exit_code == 1 and count in result.output, result.output


def test_revision_ids_are_unique(example_path, edited, tmp_path):
    output = tracked(example_path, edited(move_and_reword_tasks), tmp_path / "spor.docx")
    ids = [node.get(f"{W}id") for node in body(output).iter(f"{W}ins", f"{W}del")]
    assert len(ids) == len(set(ids)) > 2


def test_the_word_diff_keeps_every_character():
    old, new = "Partene  skal\tsamarbeide om  tjenestene.", "Partene skal samarbeide tett om tjenestene!"
    segments = word_diff(old, new, exact=True)
    assert "".join(text for op, text in segments if op != "insert") == old
    assert "".join(text for op, text in segments if op != "delete") == new


def test_the_python_api_compares_the_two_builds(example, tmp_path):
    changed = example.__class__(**{**example.__dict__, "municipalities": example.municipalities[1:]})
    output = render_tracked(example, changed, diff(example, changed), tmp_path / "spor.docx",
                            report=validate(changed), author="Test")
    assert example.municipalities[0].name in "".join(deleted_texts(output))


# --- LibreOffice, the independent reader: its own «accept all» and «reject all» -------------------
LO_SCRIPT = Path(__file__).resolve().parent / "lo_tracked.py"
LO_PYTHON = "/usr/bin/python3"


def _libreoffice_ready() -> bool:
    import subprocess

    from agreement_builder.pdf import find_soffice

    if not find_soffice() or not Path(LO_PYTHON).exists():
        return False
    return subprocess.run([LO_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


def libreoffice_texts(jobs: list[tuple[str, Path]], folder: Path) -> list[dict]:
    """Each (accept | reject | keep, document) as LibreOffice reads it after the step (tests/lo_tracked.py)."""
    import json
    import subprocess

    from agreement_builder.pdf import find_soffice

    target = folder / "lo.json"
    subprocess.run([LO_PYTHON, str(LO_SCRIPT), find_soffice(), str(target),
                    *(f"{mode}={path}" for mode, path in jobs)], check=True, timeout=300)
    return json.loads(target.read_text(encoding="utf-8"))


@pytest.mark.skipif(not _libreoffice_ready(), reason="LibreOffice with python3-uno is not installed")
def test_libreoffice_accept_all_gives_the_new_build_and_reject_all_the_old(example_path, edited, old_build,
                                                                           tmp_path):
    jobs = []
    for case in ("add-municipality", "rename-group"):
        new_path = edited(CASES[case], name=f"{case}.xlsx")
        output = tracked(example_path, new_path, tmp_path / f"{case}-spor.docx")
        new_build = build(new_path, tmp_path / f"{case}-ny.docx")
        jobs += [("keep", output), ("accept", output), ("reject", output), ("keep", new_build)]
    jobs.append(("keep", old_build))
    results = libreoffice_texts(jobs, tmp_path)
    old = results[-1]
    for index in (0, 4):
        kept, accepted, rejected, new = results[index:index + 4]
        assert kept["redlines"] > 0 and accepted["redlines"] == rejected["redlines"] == 0
        assert accepted["body"] == new["body"] and accepted["header"] == new["header"]
        assert rejected["body"] == old["body"] and rejected["header"] == old["header"]
        assert accepted["body"] != rejected["body"]


PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc000000301010018dd8db40000000049454e44ae426082")


def test_a_deleted_link_and_picture_point_into_the_new_package(tmp_path):
    import copy
    import io

    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    from agreement_builder.render.compare import adopt_relationships

    old = docx.Document()
    old.add_paragraph().add_run().add_picture(io.BytesIO(PNG_1X1))
    link = old.part.relate_to("https://www.helsedirektoratet.no/", RT.HYPERLINK, is_external=True)
    old.paragraphs[0]._p.append(parse_xml(
        f'<w:hyperlink xmlns:w="{W[1:-1]}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships" r:id="{link}"><w:r><w:t>veilederen</w:t></w:r></w:hyperlink>'))
    new = docx.Document()
    new.add_paragraph("før")
    deleted = copy.deepcopy(old.paragraphs[0]._p)
    adopt_relationships(deleted, old.part, new.part)
    new.element.body.insert(0, deleted)
    new.save(tmp_path / "ny.docx")

    reopened = docx.Document(str(tmp_path / "ny.docx"))
    R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    paragraph = reopened.paragraphs[0]._p
    link_id = paragraph.find(f"{W}hyperlink").get(f"{R}id")
    assert reopened.part.rels[link_id].target_ref == "https://www.helsedirektoratet.no/"
    blip = next(node for node in paragraph.iter() if node.get(f"{R}embed"))
    assert reopened.part.related_parts[blip.get(f"{R}embed")].blob == PNG_1X1


def _words(text: str) -> set[str]:
    return set(text.replace("\n", " ").split())


def test_every_change_the_diff_reports_is_a_tracked_revision(example_path, edited, tmp_path):
    def everything(book):
        for change in CASES.values():
            change(book)

    new_path = edited(everything)
    output = tracked(example_path, new_path, tmp_path / "spor.docx")
    changes = diff(read_workbook(example_path).agreement, read_workbook(new_path).agreement)
    inserted, deleted = _words(" ".join(inserted_texts(output))), _words(" ".join(deleted_texts(output)))
    areas = set()
    for change in changes.changes:
        assert _words(change.new) - _words(change.old) <= inserted, change
        assert _words(change.old) - _words(change.new) <= deleted, change
        areas.add(change.area.value)
    assert areas >= {"fakta", "kommune", "kapittel", "diagnosegruppe", "oppgave", "anbefaling"}
