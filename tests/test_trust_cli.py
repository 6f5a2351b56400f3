"""What the command line takes from the user and the environment is data: authors, names and paths are
cleaned or refused in one line, never a crash, a raw control character or a silently ignored option."""

from __future__ import annotations

import zipfile

import pytest
from click.testing import CliRunner

from agreement_builder.cli import agreement
from conftest import group_sheet

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run(*args, **kwargs):
    return CliRunner().invoke(agreement, [*map(str, args)], **kwargs)


def _authors(document) -> set[str]:
    from lxml import etree

    with zipfile.ZipFile(document) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    return {node.get(f"{W}author") for node in body.iter(f"{W}ins", f"{W}del")}


def _rename_kols(book):
    group_sheet(book, "KOLS")["B1"] = "KOLS og astma"


# --- 5: control characters in --author and in the user name ---------------------------------------------
@pytest.mark.parametrize("author", ["Kari\x1b[31m Nordmann", "Kari\x00\x07 Nordmann", "Kari\nNordmann"])
def test_control_characters_in_the_author_are_cleaned(example_path, edited, tmp_path, author):
    output = tmp_path / "spor.docx"
    result = run("diff", example_path, edited(_rename_kols), "--format", "docx", "-o", output, "--author", author)
    assert result.exit_code in (0, 1), result.output
    assert _authors(output) in ({"Kari Nordmann"}, {"Kari[31m Nordmann"})
    assert not any(ord(char) < 32 for name in _authors(output) for char in name)


def test_control_characters_in_the_user_name_are_cleaned(example_path, edited, tmp_path, monkeypatch):
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(variable, "ola\x01\x1b")
    output = tmp_path / "spor.docx"
    result = run("diff", example_path, edited(_rename_kols), "--format", "docx", "-o", output)
    assert result.exit_code in (0, 1), result.output
    assert _authors(output) == {"ola"}


# --- 6: split refuses group names that differ only in case ----------------------------------------------
def test_split_refuses_group_names_differing_only_in_case(edited, tmp_path):
    def two_cancers(book):
        group_sheet(book, "KOLS")["B1"] = "Lungesykdom"
        group_sheet(book, "Hjerte")["B1"] = "LUNGESYKDOM"

    source = edited(two_cancers)
    folder = tmp_path / "mappe"
    result = run("split", source, "-o", folder)
    assert result.exit_code == 2, result.output
    line = result.output.strip()
    assert len(line.splitlines()) == 1 and "«Lungesykdom»" in line and "«LUNGESYKDOM»" in line
    from openpyxl import load_workbook

    book = load_workbook(source)
    sheets = [sheet.title for sheet in book.worksheets if sheet["B1"].value in ("Lungesykdom", "LUNGESYKDOM")]
    assert all(f"ark «{name}»" in line for name in sheets)
    assert not folder.exists() and not list(tmp_path.glob(".*mappe*"))


# --- 7: a group workbook's build writes the report it is asked for -----------------------------------------
def test_a_group_workbook_build_writes_the_report(example_path, tmp_path):
    from agreement_builder.cli import build_agreement

    folder = tmp_path / "mappe"
    assert run("split", example_path, "-o", folder).exit_code == 0
    group_book = next(path for path in sorted(folder.glob("*.xlsx")) if "KOLS" in path.name)
    report = tmp_path / "k.md"
    result = CliRunner().invoke(build_agreement, [str(group_book), "-o", str(tmp_path / "u.docx"),
                                                  "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert report.exists() and "KOLS" in report.read_text(encoding="utf-8") and str(report) in result.output
    same = CliRunner().invoke(build_agreement, [str(group_book), "-o", str(tmp_path / "v.md"),
                                                "--report", str(tmp_path / "v.md"), "--report-format", "md"])
    assert same.exit_code == 2 and not (tmp_path / "v.md").exists()


# --- 8: the report and the agreement are never one file; no hard links is no licence to overwrite ------------
@pytest.mark.parametrize("how", ["case", "hard link"])
def test_the_report_is_refused_onto_the_agreement_in_another_case_or_through_a_link(example_path, tmp_path, how):
    import os

    from agreement_builder.cli import build_agreement

    target = tmp_path / "avtale.docx"
    if how == "case":
        report = tmp_path / "AVTALE.docx"
    else:
        target.write_bytes(b"mitt eget")
        report = tmp_path / "lenke.docx"
        os.link(target, report)
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(target), "--report", str(report),
                                                  "--report-format", "md", "--overwrite"])
    assert result.exit_code == 2 and "samme fil som avtalen" in result.output, result.output
    assert not target.exists() or target.read_bytes() == b"mitt eget"


def test_without_hard_links_an_existing_file_is_still_never_replaced(tmp_path, monkeypatch):
    import errno
    import os

    from agreement_builder import files
    from agreement_builder.errors import OutputError

    def no_links(source, target):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "avtale.docx"
    with files.atomic_output(target) as temporary:  # a new file: written through the placeholder
        temporary.write_bytes(b"ny")
    assert target.read_bytes() == b"ny"

    real_check = files.check_target
    monkeypatch.setattr(files, "check_target", lambda path, overwrite=False: None)  # as if created meanwhile
    with pytest.raises(OutputError, match="finnes allerede"):
        with files.atomic_output(target) as temporary:
            temporary.write_bytes(b"annen")
    assert target.read_bytes() == b"ny"
    assert [path.name for path in tmp_path.iterdir()] == ["avtale.docx"]
    monkeypatch.setattr(files, "check_target", real_check)
    with files.atomic_output(target, overwrite=True) as temporary:
        temporary.write_bytes(b"erstattet")
    assert target.read_bytes() == b"erstattet"


# --- 9: file names with line breaks and control characters ------------------------------------------------
def test_a_workbook_named_with_a_line_break_gives_one_line_messages_and_a_clean_default_name(example_path,
                                                                                             tmp_path):
    import shutil

    from agreement_builder.cli import build_agreement

    source = tmp_path / "ny\nlinje.xlsx"
    shutil.copy(example_path, source)
    result = CliRunner().invoke(build_agreement, [str(source)])
    assert result.exit_code == 0, result.output
    assert "\nlinje" not in result.output and "ny\\x0alinje.xlsx" in result.output
    assert (tmp_path / "ny linje.docx").exists() and not (tmp_path / "ny\nlinje.docx").exists()
    usage = CliRunner().invoke(build_agreement, [str(source), "-o", str(tmp_path / "x.docx"),
                                                 "--report", str(tmp_path / "r\nrapport.txt")])
    assert usage.exit_code == 2 and "\nrapport" not in usage.output and "rapport.txt" in usage.output


def test_the_default_folder_per_municipality_has_no_control_character_from_the_file_name(example_path,
                                                                                         tmp_path):
    import shutil

    from agreement_builder.cli import build_agreement

    source = tmp_path / "esc\x1b[31mx.xlsx"
    shutil.copy(example_path, source)
    result = CliRunner().invoke(build_agreement, [str(source), "--per-municipality"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    [folder] = [path for path in tmp_path.iterdir() if path.is_dir()]
    assert folder.name == "esc[31mx - kommuner"
    assert not any("\x1b" in path.name for path in folder.iterdir())


def test_a_backup_name_has_no_control_character_from_the_workbook_name(tmp_path):
    import datetime as dt

    from agreement_builder.workbook.in_place import backup_name

    name = backup_name(tmp_path / "a\x1b[2Jb\nc.xlsx", dt.datetime(2025, 1, 2, 3, 4, 5), 1).name
    assert name.startswith("a[2Jb c (") and name.endswith(".xlsx") and "\x1b" not in name


# --- 10: template-check counts in words for 0 and 1 ---------------------------------------------------------
@pytest.mark.parametrize("paragraphs, sentence", [
    (["Bare tekst"], "Den bruker ingen variabler."),
    (["Avtale: {{ title }}"], "Den bruker 1 variabel: title."),
    (["{{ title }} og {{ draft }}"], "Den bruker 2 variabler: "),
])
def test_template_check_says_how_many_variables_in_good_bokmal(tmp_path, paragraphs, sentence):
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / "mal.docx"
    document.save(str(path))
    result = run("template-check", path)
    assert result.exit_code == 0, result.output
    assert sentence in result.output and "variabler: ." not in result.output
