"""The command line, end to end, as a user runs it."""

import docx
from click.testing import CliRunner

from agreement_builder.cli import agreement, build_agreement
from agreement_builder.model import LEVEL_LABELS, Level

from docx_reading import all_text, task_tables


def test_build_writes_the_innlandet_agreement(example_path, source, tmp_path):
    output = tmp_path / "innlandet.docx"
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "15 diagnosegrupper, 58 oppgaver" in result.stdout
    tables = task_tables(output)
    with_tasks = [g for g in source["diagnosis_groups"] if any(g["tasks"].values())]
    assert len(tables) == len(with_tasks) == 12
    for group in with_tasks:
        assert tables[group["name"]] == {LEVEL_LABELS[level]: group["tasks"][level.value] for level in Level}
    text = all_text(output)
    for group in source["diagnosis_groups"]:
        assert group["name"] in text
        for paragraph in group["recommendation"]:
            assert paragraph in text
    for section in source["sections"]:
        assert section["heading"] in text


def test_build_names_the_output_after_the_workbook_by_default(example_copy):
    result = CliRunner().invoke(build_agreement, [str(example_copy)])
    assert result.exit_code == 0, result.output
    assert example_copy.with_suffix(".docx").exists()


def test_build_never_touches_the_workbook(example_copy, tmp_path):
    before = example_copy.read_bytes()
    CliRunner().invoke(build_agreement, [str(example_copy), "-o", str(tmp_path / "a.docx")])
    assert example_copy.read_bytes() == before


def test_existing_output_is_kept_without_overwrite(example_path, tmp_path):
    output = tmp_path / "a.docx"
    output.write_bytes(b"mitt eget dokument")
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(output)])
    assert result.exit_code == 2
    assert "--overwrite" in result.stderr
    assert output.read_bytes() == b"mitt eget dokument"
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(output), "--overwrite"])
    assert result.exit_code == 0
    assert docx.Document(str(output)).paragraphs


def test_output_folder_is_created(example_path, tmp_path):
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(tmp_path / "ut" / "a.docx")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ut" / "a.docx").exists()


def test_unwritable_folder_is_a_plain_error(example_path, tmp_path):
    blocker = tmp_path / "fil"
    blocker.write_text("x")
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(blocker / "a.docx")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_agreement_build_is_the_same_command(example_path, tmp_path):
    output = tmp_path / "b.docx"
    result = CliRunner().invoke(agreement, ["build", str(example_path), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert len(task_tables(output)) == 12


def test_init_writes_a_blank_workbook_and_building_it_says_why_not(tmp_path):
    blank = tmp_path / "mal.xlsx"
    result = CliRunner().invoke(agreement, ["init", str(blank)])
    assert result.exit_code == 0, result.output
    assert blank.exists()
    result = CliRunner().invoke(build_agreement, [str(blank), "-o", str(tmp_path / "mal.docx")])
    assert result.exit_code == 2
    assert "ingen diagnosegrupper" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "mal.docx").exists()


def test_init_refuses_to_overwrite(tmp_path):
    blank = tmp_path / "mal.xlsx"
    blank.write_bytes(b"x")
    result = CliRunner().invoke(agreement, ["init", str(blank)])
    assert result.exit_code == 2
    assert blank.read_bytes() == b"x"


def test_help_is_in_norwegian():
    for command, args in ((build_agreement, ["--help"]), (agreement, ["--help"]), (agreement, ["init", "--help"])):
        result = CliRunner().invoke(command, args)
        assert result.exit_code == 0
        assert result.output.startswith("Bruk:")
        assert "Valg:" in result.output
        assert "Vis denne hjelpen og avslutt." in result.output


def test_usage_errors_are_norwegian_and_exit_2():
    result = CliRunner().invoke(build_agreement, [])
    assert result.exit_code == 2
    assert "Mangler argument" in result.stderr


def test_notices_go_to_stderr(edited, tmp_path):
    path = edited(lambda book: book.create_sheet("Mine notater"))
    result = CliRunner().invoke(build_agreement, [str(path), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 0
    assert "Mine notater" in result.stderr


def test_output_gets_ordinary_file_permissions(example_path, tmp_path):
    import os

    output = tmp_path / "a.docx"
    CliRunner().invoke(build_agreement, [str(example_path), "-o", str(output)])
    umask = os.umask(0)
    os.umask(umask)
    assert output.stat().st_mode & 0o777 == 0o666 & ~umask


def _commands(group, prefix=()):
    import click

    context = click.Context(group)  # a group lists and loads its commands lazily (cli/toolbox.py)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_every_command_has_norwegian_help():
    for path, command in _commands(agreement):
        result = CliRunner().invoke(agreement, [*path, "--help"])
        assert result.exit_code == 0, path
        assert result.output.startswith("Bruk:") and "Valg:" in result.output, path
        assert command.help or command.short_help, f"{' '.join(path)} has no help text"
        assert "Show this message" not in result.output
