"""The Excel button under hostile input and a hostile environment (issue 9, items 3 and 9).

Cell text reaches the «Validering» sheet as text: each cell's number format is set to text
before its value, so Excel (COM and Office.js) makes no formula, number or date of it. The
findings are shown whatever becomes of the document: a workbook without a local folder saves
under Documents, and a document that cannot be written is one line on the sheet and in the alert.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import docx
import openpyxl
import pytest

from agreement_builder import excel, schema
from agreement_builder.paths import folder_from_text
from agreement_builder.validation import merge, validate
from agreement_builder.validation.sheet_layout import SHEET, findings_layout
from agreement_builder.workbook import read_workbook

from excel_payload import actions, book_from, payload

HOSTILE = (
    '=HYPERLINK("http://example.com/x","Klikk her")',
    "=cmd|' /C calc'!A0",
    "+47 22 00 00 00",
    "-1+1",
    "@SUM(A1:A2)",
    "0301",
    "1/2",
    "1E5",
    "TRUE",
    "(1)",
    "50%",
    "2025-01-01",
)
HOSTILE_SHEETS = ("=1+1", "-2", "0301")  # sheets the schema does not read: their names are listed in the «Celle» column
ONE_DRIVE_URL = "https://d.docs.live.net/4c1f00aa/Avtaler/Samhandling.xlsx"
SHAREPOINT_URL = "https://helse.sharepoint.com/sites/Samhandling/Delte dokumenter/Samhandling.xlsx"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    """A home folder of the test's own, so nothing lands in the real Documents."""
    folder = tmp_path / "hjem"
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("USERPROFILE", str(folder))
    return folder


def _workbook(tmp_path: Path, *, folder: str | None = None, where=HOSTILE, sheets=HOSTILE_SHEETS,
              name: str = "Samhandling.xlsx") -> Path:
    """The example with hostile text where the § 6-2 sheet says where each point is handled."""
    book = openpyxl.load_workbook(Path(__file__).resolve().parent.parent / "workbooks" /
                                  "innlandet-rehabilitering.xlsx")
    statute = book["§ 6-2"]
    for row, text in enumerate(where, start=2):
        statute.cell(row=row, column=3).value = "Delvis behandlet"  # the coverage table shows where it is handled
        statute.cell(row=row, column=4).value = text
        statute.cell(row=row, column=4).data_type = "s"  # text as text, even when it starts like a formula
    for title in sheets:
        book.create_sheet(title)["A1"] = "notater"
    if folder is not None:
        facts = book["Avtale"]
        row = next(r for r in range(1, 40) if facts.cell(row=r, column=1).value == "Mappe for avtaledokument")
        facts.cell(row=row, column=2).value = folder
        facts.cell(row=row, column=2).data_type = "s"
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / name
    book.save(path)
    return path


def _funcs(book, name: str) -> list[dict]:
    return [action for action in actions(book) if action["func"] == name]


def _alert(book) -> str:
    return _funcs(book, "alert")[-1]["args"][0]


def _status(book) -> str:
    """Row 2 of the Validering sheet, as the button wrote it."""
    grid = next(a for a in _funcs(book, "setValues") if a["sheet_position"] == 0 and a["start_row"] == 0)
    return grid["values"][1][0]


def _texts_before_values(book) -> dict[tuple[int, int], str]:
    """Replay the Validering sheet's actions; fail on any value or link written to a cell not yet text."""
    text_cells: set[tuple[int, int]] = set()
    written: dict[tuple[int, int], str] = {}
    for action in actions(book):
        if action["sheet_position"] != 0 or action["func"] in ("addSheet", "sheetDelete", "alert", "addNote"):
            continue
        top, left = action["start_row"], action["start_column"]
        if action["func"] == "setNumberFormat" and action["args"] in ("@", ["@"]):
            text_cells |= {(top + r, left + c) for r in range(action["row_count"])
                           for c in range(action["column_count"])}
        elif action["func"] == "setValues":
            for r, row in enumerate(action["values"]):
                for c, value in enumerate(row):
                    assert (top + r, left + c) in text_cells, f"value before text format at {(top + r, left + c)}"
                    assert value is None or isinstance(value, str), value
                    if value not in (None, ""):
                        written[(top + r, left + c)] = value
        elif action["func"] == "addHyperlink":
            assert (top, left) in text_cells and action["args"][1] == written[(top, left)]
    return written


# --- item 3: text stays text -------------------------------------------------------------------------
@pytest.mark.parametrize("entry", [excel.main, excel.validate])
def test_hostile_text_reaches_the_sheet_as_text_formatted_before_its_value(tmp_path, entry):
    book = book_from(_workbook(tmp_path))
    report = entry(book)
    written = _texts_before_values(book)
    values = set(written.values())
    assert set(HOSTILE) <= {part for value in values for part in value.split("; ")}
    assert set(HOSTILE[:1]) <= values and "=cmd|' /C calc'!A0" in values  # alone in their cells, at the start
    assert set(HOSTILE_SHEETS) <= values  # sheet names, listed in the cell column
    # exactly the layout's text, nothing added (no apostrophe) and nothing lost
    layout = findings_layout(report, sheets=[sheet.name for sheet in book.sheets], status=_status(book), notes=True)
    expected = {(cell.row - 1, cell.column - 1): cell.value for cell in layout.cells if cell.value}
    assert {key: value for key, value in written.items() if key[1] < 7} == expected


def test_the_tools_own_links_stay_links_and_notes_are_plain_text(tmp_path):
    book = book_from(_workbook(tmp_path))
    excel.validate(book)
    links = _funcs(book, "addHyperlink")
    assert links and all(link["args"][0].startswith("#'") and "'!" in link["args"][0] for link in links)
    notes = _funcs(book, "addNote")
    assert notes and all(note["args"][1].startswith("Samarbeidsavtale-kontroll: ") for note in notes)


def test_the_bookkeeping_column_is_text_before_its_values(tmp_path):
    book = book_from(_workbook(tmp_path))
    excel.validate(book)
    written = _texts_before_values(book)
    column_h = [value for (row, column), value in written.items() if column == 7]
    assert column_h[0] == "Merket celle" and len(column_h) > 1


# --- item 9: the findings never depend on where the document can go ----------------------------------
def _with_fullname(monkeypatch, book, fullname):
    """Make ``book.fullname`` behave as on Windows or macOS: ``fullname()`` gives the text or raises."""
    monkeypatch.setattr(type(book.impl), "fullname", property(lambda self: fullname()))
    return book


def test_a_never_saved_workbook_saves_under_documents_named_after_the_agreement(tmp_path, home):
    book = book_from(_workbook(tmp_path), name="Mappe1")
    excel.main(book)
    folder = home / "Documents" / "Samarbeidsavtaler"
    (target,) = folder.iterdir()
    assert target.name == ("Oppgavedeling mellom kommunene og spesialisthelsetjenesten innen "
                           "rehabilitering.docx")
    assert docx.Document(str(target)).core_properties.last_modified_by == "agreement_builder"
    assert _status(book).startswith(f"Avtalen er lagret i {target}.") and "utkast" not in _status(book)
    assert "Arbeidsboken er ikke lagret ennå, så avtalen er lagt i Dokumenter." in _status(book)
    assert f"Avtalen er lagret i {target}." in _alert(book)


def test_onedrive_without_a_synced_copy_saves_under_documents(tmp_path, home, monkeypatch):
    from xlwings.utils import fullname_url_to_local_path

    fullname_url_to_local_path.cache_clear()
    for variable in ("OneDrive", "OneDriveConsumer", "OneDriveCommercial"):
        monkeypatch.delenv(variable, raising=False)
    book = _with_fullname(monkeypatch, book_from(_workbook(tmp_path)),
                          lambda: fullname_url_to_local_path(url=ONE_DRIVE_URL))
    with pytest.raises(Exception, match="OneDrive"):  # what xlwings does without a synced copy
        _ = book.fullname
    excel.main(book)
    target = home / "Documents" / "Samarbeidsavtaler" / "Samhandling.docx"
    assert target.exists()
    assert "OneDrive eller SharePoint uten en synkronisert kopi" in _status(book)
    assert "feil" in _texts_before_values(book).values()  # the findings are there


def test_sharepoint_where_xlwings_fails_inside_still_shows_findings(tmp_path, home, monkeypatch):
    from xlwings.utils import fullname_url_to_local_path

    fullname_url_to_local_path.cache_clear()
    book = _with_fullname(monkeypatch, book_from(_workbook(tmp_path)),
                          lambda: fullname_url_to_local_path(url=SHAREPOINT_URL))
    excel.main(book)
    assert (home / "Documents" / "Samarbeidsavtaler" / "Samhandling.docx").exists()
    assert "uventet" not in _alert(book).lower()


def test_a_synced_onedrive_workbook_saves_beside_its_local_copy(tmp_path, monkeypatch, home):
    from xlwings.utils import fullname_url_to_local_path

    fullname_url_to_local_path.cache_clear()
    synced = tmp_path / "OneDrive"
    workbook = _workbook(synced / "Avtaler")
    monkeypatch.setenv("OneDriveConsumer", str(synced))
    book = _with_fullname(monkeypatch, book_from(workbook),
                          lambda: fullname_url_to_local_path(url=ONE_DRIVE_URL))
    excel.main(book)
    fullname_url_to_local_path.cache_clear()
    assert (synced / "Avtaler" / "Samhandling.docx").exists()
    assert not (home / "Documents").exists()
    assert _status(book).startswith(f"Avtalen er lagret i {synced / 'Avtaler' / 'Samhandling.docx'}.")


def test_a_synced_sharepoint_library_is_found_through_the_xlwings_setting(tmp_path, monkeypatch, home):
    import xlwings
    from xlwings.utils import fullname_url_to_local_path

    fullname_url_to_local_path.cache_clear()
    synced = tmp_path / "Helse"
    workbook = _workbook(synced / "Samhandling - Documents")
    setting = "SHAREPOINT_WIN" if os.name == "nt" else "SHAREPOINT_MAC"
    config = tmp_path / "xlwings.conf"
    config.write_text(f'"{setting}","{synced}"\n', encoding="utf-8")  # as docs/excel.md tells
    monkeypatch.setattr(xlwings, "USER_CONFIG_FILE", str(config))
    book = _with_fullname(monkeypatch, book_from(workbook), lambda: fullname_url_to_local_path(url=SHAREPOINT_URL))
    excel.main(book)
    fullname_url_to_local_path.cache_clear()
    assert (synced / "Samhandling - Documents" / "Samhandling.docx").exists()
    assert not (home / "Documents").exists()


def test_a_web_address_as_fullname_saves_under_documents(tmp_path, home, monkeypatch):
    book = _with_fullname(monkeypatch, book_from(_workbook(tmp_path)), lambda: SHAREPOINT_URL)
    excel.main(book)
    assert (home / "Documents" / "Samarbeidsavtaler" / "Samhandling.docx").exists()


def test_a_local_workbook_saves_beside_itself_and_relative_folders_start_there(tmp_path, monkeypatch):
    workbook = _workbook(tmp_path / "arbeid", folder="avtaler")
    book = _with_fullname(monkeypatch, book_from(workbook), lambda: str(workbook))
    excel.main(book)
    assert (tmp_path / "arbeid" / "avtaler" / "Samhandling.docx").exists()
    workbook = _workbook(tmp_path / "annet")
    book = _with_fullname(monkeypatch, book_from(workbook), lambda: str(workbook))
    excel.main(book)
    assert (tmp_path / "annet" / "Samhandling.docx").exists()
    assert _status(book) == f"Avtalen er lagret i {tmp_path / 'annet' / 'Samhandling.docx'}."


@pytest.mark.parametrize(("folder", "reason"), [
    ("avtaler", "er en relativ sti"),
    ("https://helse.sharepoint.com/sites/x", "er en nettadresse"),
    ("C:/Avtaler/avtale.docx", "ser ut som et filnavn"),
])
def test_a_folder_cell_that_cannot_be_used_is_named_and_the_findings_shown(tmp_path, home, folder, reason):
    book = book_from(_workbook(tmp_path, folder=folder))
    report = excel.main(book)
    assert report is not None
    status = _status(book)
    row = 2 + [field.key for field in schema.FACT_FIELDS].index("output_folder")
    assert status.startswith(f"Avtalen ble ikke lagret: Samhandling.xlsx, ark «Avtale», celle B{row}: "
                             f"«Mappe for avtaledokument» ({folder}) {reason}")
    assert status in _alert(book) and "\n" not in _alert(book)
    assert not (home / "Documents").exists() and not list(tmp_path.rglob("*.docx"))
    assert len([v for v in _texts_before_values(book).values() if v == "feil"]) == sum(
        1 for finding in report.findings if finding.severity.value == "error")


def test_a_folder_cell_naming_an_existing_file_is_refused(tmp_path, monkeypatch):
    (tmp_path / "fil").write_text("x")
    workbook = _workbook(tmp_path, folder="fil")
    book = _with_fullname(monkeypatch, book_from(workbook), lambda: str(workbook))
    excel.main(book)
    assert f"{tmp_path / 'fil'} er en fil, ikke en mappe" in _status(book)


@pytest.mark.parametrize("text", ["Avtaler\u202e", "Av\u200btaler", "Avtaler\x07", "Av\u0085taler"])
def test_folder_text_with_invisible_or_control_characters_is_refused(tmp_path, text):
    with pytest.raises(ValueError, match="kontrolltegn"):
        folder_from_text(text, tmp_path)


def test_folder_text_is_not_expanded_beyond_home(tmp_path, monkeypatch):
    monkeypatch.setenv("AVTALER", "/etc")
    assert folder_from_text("$AVTALER", tmp_path) == tmp_path / "$AVTALER"
    assert folder_from_text("%AVTALER%", tmp_path) == tmp_path / "%AVTALER%"
    assert folder_from_text(str(tmp_path / "ut"), None) == tmp_path / "ut"


# --- every failure is one line, and the findings are still shown -------------------------------------
def test_a_document_open_in_word_is_one_line_and_the_findings_are_shown(tmp_path, monkeypatch):
    workbook = _workbook(tmp_path)
    monkeypatch.setattr(type(book_from(workbook).impl), "fullname", property(lambda self: str(workbook)))
    excel.build(book_from(workbook))
    target = tmp_path / "Samhandling.docx"
    before = target.read_bytes()

    def locked(source, destination, *args, **kwargs):  # what Windows does while Word holds the file
        raise PermissionError(errno.EACCES, "The process cannot access the file", str(destination))

    monkeypatch.setattr(os, "replace", locked)
    book = book_from(workbook)
    report = excel.main(book)
    assert target.read_bytes() == before
    status = _status(book)
    assert status.startswith(f"Avtalen ble ikke lagret: {target}: kan ikke skrives – er filen åpen i Word")
    alert = _funcs(book, "alert")[-1]
    assert alert["args"][0].startswith(status) and alert["args"][3] == "critical"
    assert "Traceback" not in alert["args"][0] and "\n" not in alert["args"][0]
    written = _texts_before_values(book).values()
    assert sum(value == "feil" for value in written) == sum(f.severity.value == "error" for f in report.findings)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_an_unexpected_failure_while_writing_still_shows_the_findings(tmp_path, monkeypatch, home):
    import agreement_builder.render as render

    def broken(*args, **kwargs):
        raise RuntimeError("noe gikk galt\nTraceback (most recent call last):\n  File \"x.py\"")

    monkeypatch.setattr(render, "render_agreement", broken)
    book = book_from(_workbook(tmp_path))
    assert excel.main(book) is not None
    status = _status(book)
    assert status.startswith("Avtalen ble ikke lagret: Uventet feil (RuntimeError: noe gikk galt Traceback")
    assert "\n" not in status and "\n" not in _alert(book)
    assert "feil" in _texts_before_values(book).values()


def test_an_excel_without_notes_still_gets_the_sheet_and_one_line(tmp_path, home):
    import xlwings as xw

    data = payload(_workbook(tmp_path))
    for sheet in data["sheets"]:
        sheet["notes_supported"] = False
    book = xw.Book(json=data)
    excel.main(book)
    assert not _funcs(book, "addNote") and _funcs(book, "addSheet")
    assert "kan ikke sette merknader" in _alert(book) and f"«{SHEET}»" in _alert(book)
    assert (home / "Documents" / "Samarbeidsavtaler" / "Samhandling.docx").exists()


def test_a_sheet_that_cannot_be_added_still_saves_and_tells(tmp_path, home, monkeypatch):
    book = book_from(_workbook(tmp_path))

    def protected(self, *args, **kwargs):
        raise RuntimeError("Arbeidsboken er beskyttet og kan ikke endres.")

    monkeypatch.setattr(type(book.sheets), "add", protected)
    report = excel.main(book)
    alert = _alert(book)
    assert report is not None and "Arket «Validering» kunne ikke skrives" in alert
    assert "beskyttet" in alert and "feil" in alert  # the summary of the findings is in the message
    assert (home / "Documents" / "Samarbeidsavtaler" / "Samhandling.docx").exists()


def test_the_sheet_and_the_document_agree_with_the_command_line_report(tmp_path, home):
    workbook = _workbook(tmp_path)
    book = book_from(workbook)
    report = excel.main(book)
    result = read_workbook(workbook)
    assert report == merge(validate(result.agreement), result.notices)


def test_a_workbook_with_nothing_to_write_yet_shows_its_findings_and_says_why(tmp_path, home):
    workbook = _workbook(tmp_path, sheets=())
    book = openpyxl.load_workbook(workbook)
    for title in book.sheetnames[book.sheetnames.index("Samarbeidstiltak") + 1:]:
        del book[title]
    chapters = book["Generelle avsnitt"]
    chapters.delete_rows(2, chapters.max_row)
    book.save(workbook)
    xl = book_from(workbook)
    report = excel.main(xl)
    assert report is not None and report.findings
    assert _status(xl) == ("Avtalen ble ikke lagret: arbeidsboken har ingen diagnosegrupper eller kapitler ennå – "
                           "fyll ut arkene først.")
    assert not (home / "Documents").exists()


def test_a_long_folder_cell_is_quoted_shortened(tmp_path):
    book = book_from(_workbook(tmp_path, folder="x" * 5000 + ".docx"))
    excel.main(book)
    assert "x" * 119 + "…) ser ut som et filnavn" in _status(book) and len(_status(book)) < 400
