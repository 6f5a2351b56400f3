"""A user's template cannot hang the tool or fill its memory, and the batch's placeholder is its own.

A user's ``--template`` renders in a child process within a budget (render/child.py); the
hanging cases use a small budget (``--template-timeout 2``), so each takes a few seconds.
"""

from __future__ import annotations

import dataclasses
import io
import pickle
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from markupsafe import Markup

from agreement_builder.cli import agreement as agreement_cli
from agreement_builder.cli import build_agreement
from agreement_builder.errors import AgreementError
from agreement_builder.model import Block
from agreement_builder.render import batch
from agreement_builder.render.child import Budget
from agreement_builder.render.context import build_context
from agreement_builder.render.docx import DEFAULT_TEMPLATE, render_document
from agreement_builder.render.sandbox import OutputTooLarge, TemplateLimit, jinja_environment
from agreement_builder.render.tracked import render_tracked
from agreement_builder.validation import validate

from docx_reading import all_text
from test_trust_paths import files_under, municipalities

NESTED_LOOPS = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
POSIX = sys.platform != "win32"


def template(tmp_path: Path, *paragraphs: str, name: str = "mal.docx") -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / name
    document.save(str(path))
    return path


def one_line(result, *expected: str) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("Feil: ")]
    assert len(lines) == 1 and result.stderr.strip().endswith(lines[0]), result.stderr
    assert "uventet feil" not in lines[0] and "Traceback" not in result.output
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


# --- the sandbox bounds what one expression or one render can produce ---------------------------
@pytest.mark.parametrize("source", [
    "{{ 'x' * 10**9 }}",
    "{{ 10**9 * 'x' }}",
    "{{ ([1] * 10**9) | length }}",
    "{% for a in range(100000) %}{% for b in range(100000) %}xxxxxxxxxx{% endfor %}{% endfor %}",
    "{% set big %}{% for a in range(100000) %}{{ 'y' * 1000 }}{% endfor %}{% endset %}ok",
])
def test_the_sandbox_stops_output_past_its_limit(source):
    with pytest.raises(OutputTooLarge):
        jinja_environment(output_limit=1024 * 1024).from_string(source).render()


def test_the_sandbox_refuses_a_huge_power():
    with pytest.raises(TemplateLimit):
        jinja_environment().from_string("{{ 2 ** 100000000 }}").render()


def test_the_sandbox_still_multiplies_what_templates_need():
    rendered = jinja_environment().from_string("{{ 3 * 4 }} {{ '-' * 5 }} {{ 2 ** 10 }} {{ (['a'] * 2) | join }}")
    assert rendered.render() == "12 ----- 1024 aa"


# --- a user's template runs within its budget -----------------------------------------------------
def test_a_hanging_template_is_stopped_with_one_line(example_path, tmp_path):
    output = tmp_path / "a.docx"
    hanging = template(tmp_path, "Start", NESTED_LOOPS)
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(output), "--template", str(hanging),
                                                  "--template-timeout", "2"])
    one_line(result, "malen mal.docx brukte mer enn 2 sekunder", "--template-timeout")
    assert not output.exists()


def test_a_hanging_template_stops_the_batch_and_leaves_nothing(example_path, tmp_path):
    folder = tmp_path / "kommuner"
    result = CliRunner().invoke(build_agreement, [str(example_path), "--per-municipality", "-o", str(folder),
                                                  "--template", str(template(tmp_path, NESTED_LOOPS)),
                                                  "--template-timeout", "2"])
    one_line(result, "brukte mer enn 2 sekunder")
    assert files_under(tmp_path) == ["mal.docx"]


def test_a_hanging_template_stops_the_tracked_diff(example_path, tmp_path):
    output = tmp_path / "endringer.docx"
    result = CliRunner().invoke(agreement_cli, ["diff", str(example_path), str(example_path), "--format", "docx",
                                                "-o", str(output), "--template", str(template(tmp_path, NESTED_LOOPS)),
                                                "--template-timeout", "2"])
    one_line(result, "malen mal.docx brukte mer enn 2 sekunder")
    assert not output.exists()


def test_template_check_reports_a_hanging_template_as_one_problem(tmp_path):
    result = CliRunner().invoke(agreement_cli, ["template-check", str(template(tmp_path, "{{ title }}", NESTED_LOOPS)),
                                                "--template-timeout", "2"])
    assert result.exit_code == 1, result.output
    assert result.stdout.strip().splitlines() == [
        "malen mal.docx brukte mer enn 2 sekunder og ble stoppet (en løkke som ikke blir ferdig?); gi den mer tid "
        "med --template-timeout SEKUNDER"]


def test_a_template_with_huge_output_is_stopped(example_path, tmp_path):
    output = tmp_path / "a.docx"
    huge = template(tmp_path, "{{ 'x' * 10**9 }}")
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(output), "--template", str(huge)])
    one_line(result, "mal.docx: malen lager mer enn 50 MB tekst og ble stoppet")
    assert not output.exists()


def test_huge_output_from_loops_is_stopped_by_the_output_budget(example, tmp_path):
    looping = template(tmp_path, "{% for a in range(100000) %}{% for b in range(100000) %}Tekst{% endfor %}"
                                 "{% endfor %}")
    with pytest.raises(AgreementError, match="malen lager mer enn 1 MB tekst"):
        render_document(looping, build_context(example, validate(example)), example,
                        budget=Budget(output_limit=1024 * 1024))


@pytest.mark.skipif(not POSIX, reason="the memory cap uses RLIMIT_AS (POSIX)")
def test_a_template_past_the_memory_budget_is_stopped(example, tmp_path):
    greedy = template(tmp_path, "{{ 'x'.center(3 * 10**9) }}")
    with pytest.raises(AgreementError, match="malen mal.docx brukte mer enn 512 MB minne og ble stoppet"):
        render_document(greedy, build_context(example, validate(example)), example,
                        budget=Budget(memory_bytes=512 * 1024 * 1024))


def test_template_check_reports_huge_output_as_a_problem(tmp_path):
    result = CliRunner().invoke(agreement_cli, ["template-check", str(template(tmp_path, "{{ 'x' * 10**9 }}"))])
    assert result.exit_code == 1
    assert "mal.docx: prøveflettingen feilet: malen lager mer enn 50 MB tekst" in result.stdout


def test_the_template_timeout_must_be_a_positive_number(example_path, tmp_path):
    result = CliRunner().invoke(build_agreement, [str(example_path), "--template-timeout", "0"])
    assert result.exit_code == 2 and "--template-timeout" in result.stderr


# --- the child renders exactly what this process renders --------------------------------------
def test_the_render_context_pickles_as_it_is(example):
    context = build_context(example, validate(example))
    copy = pickle.loads(pickle.dumps(context))
    assert copy == context
    assert isinstance(copy["title"], Markup) and isinstance(copy["categories"][0]["groups"][0]["name"], Markup)


def test_a_user_template_renders_the_same_bytes_in_the_child(example, tmp_path):
    users = tmp_path / "vår-mal.docx"
    shutil.copy(DEFAULT_TEMPLATE, users)
    context = build_context(example, validate(example))
    in_process = render_document(None, context, example)
    in_child = render_document(users, context, example)
    assert in_child == in_process
    assert "Samarbeidsavtale" in all_text_of(in_child)


def test_a_user_template_gives_the_same_tracked_changes_in_the_child(example, tmp_path):
    from agreement_builder.diff import diff

    after = _with_text(example, "Et nytt avsnitt om samarbeidet.")
    users = tmp_path / "vår-mal.docx"
    shutil.copy(DEFAULT_TEMPLATE, users)
    changes = diff(example, after)
    report = validate(after)
    built_in = render_tracked(example, after, changes, tmp_path / "a.docx", report=report)
    own = render_tracked(example, after, changes, tmp_path / "b.docx", report=report, template=users)
    assert built_in.read_bytes() == own.read_bytes()
    assert b"<w:ins " in zipfile.ZipFile(own).read("word/document.xml")


def all_text_of(data: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(data)).paragraphs)


# --- what a template file must be ---------------------------------------------------------------
def test_a_text_file_as_template_is_one_line(example_path, tmp_path):
    text = tmp_path / "mal.docx"
    text.write_text("{{ title }}", encoding="utf-8")
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(tmp_path / "a.docx"),
                                                  "--template", str(text)])
    one_line(result, "mal.docx", "er ikke et Word-dokument (.docx)")


def test_a_word_template_dotx_is_accepted(example_path, tmp_path):
    source = template(tmp_path, "Avtale: {{ title }}")
    dotx = tmp_path / "mal.dotx"
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(dotx, "w") as target:
        for item in package.infolist():
            data = package.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml")
            target.writestr(item, data)
    output = tmp_path / "a.docx"
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(output), "--template", str(dotx)])
    assert result.exit_code == 0, result.output
    assert docx.Document(str(output)).paragraphs[0].text.startswith("Avtale: Oppgavedeling")
    assert CliRunner().invoke(agreement_cli, ["template-check", str(dotx)]).exit_code == 0


def test_a_template_that_unpacks_to_too_much_is_refused(example_path, tmp_path):
    bomb = template(tmp_path, "{{ title }}")
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as package:
        for number in range(5):
            package.writestr(f"word/media/fyll{number}.bin", b"\0" * (45 * 1024 * 1024))
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(tmp_path / "a.docx"),
                                                  "--template", str(bomb)])
    one_line(result, "mal.docx")
    assert not (tmp_path / "a.docx").exists()


@pytest.mark.parametrize("source, expected", [
    ("{{ 1 / 0 }}", "malen regner ut noe som ikke går"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "malen kaller seg selv uten ende"),
    ("{{ ''.__class__.__mro__ }}", "malen prøver å bruke noe som ikke er tillatt"),
    ("{{ 1 + title }}", "malen bruker en verdi på en måte som ikke går"),
])
def test_a_template_that_fails_as_python_is_one_bokmal_line(example_path, tmp_path, source, expected):
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(tmp_path / "a.docx"),
                                                  "--template", str(template(tmp_path, source))])
    one_line(result, f"mal.docx: {expected}")


# --- the batch's placeholder is never taken from the text -----------------------------------------
def _with_text(agreement, text: str):
    section = agreement.sections[0]
    changed = dataclasses.replace(section, blocks=(Block(text),) + section.blocks)
    return dataclasses.replace(agreement, sections=(changed,) + agreement.sections[1:])


def _batch(agreement, folder: Path) -> list[Path]:
    return batch.render_per_municipality(agreement, folder, stem="avtale", report=validate(agreement))


def test_text_that_looks_like_the_placeholder_is_kept(example, tmp_path):
    old = "\ue000kommunenavn\ue001 og \ue000kommunenummer\ue001"
    written = _batch(_with_text(example, f"Fast tekst: {old}."), tmp_path)
    for path, municipality in zip(written, example.municipalities):
        text = all_text(path)
        assert f"Fast tekst: {old}." in text
        assert municipality.name in text


def test_text_holding_this_runs_placeholder_is_kept_and_another_is_chosen(example, tmp_path, monkeypatch):
    nonces = iter(["0123456789abcdef", "fedcba9876543210"])
    monkeypatch.setattr(batch.secrets, "token_hex", lambda size: next(nonces))
    taken = batch.Placeholder("0123456789abcdef")
    agreement = _with_text(dataclasses.replace(example, municipalities=example.municipalities[:2]),
                           f"Fast tekst: {taken.name} {taken.number}.")
    written = _batch(agreement, tmp_path)
    for path, municipality in zip(written, agreement.municipalities):
        text = all_text(path)
        assert f"Fast tekst: {taken.name} {taken.number}." in text
        assert municipality.name in text and "fedcba9876543210" not in text


def test_the_placeholder_is_new_for_every_run():
    assert batch.Placeholder.new() != batch.Placeholder.new()


def test_text_that_looks_like_a_tracked_change_placeholder_is_kept(example, tmp_path):
    from agreement_builder.diff import diff

    kept = "Uendret: \ue0100\ue011 og \ue010x\ue011 slutt."
    old = _with_text(example, kept)
    new = _with_text(old, "Et nytt avsnitt.")
    output = render_tracked(old, new, diff(old, new), tmp_path / "d.docx", report=validate(new))
    assert kept in all_text(output)
    assert b"<w:ins " in zipfile.ZipFile(output).read("word/document.xml")


# --- --per-municipality --pdf checks every target before any work ---------------------------------
def test_a_batch_with_an_existing_pdf_stops_before_any_work(edited, tmp_path, monkeypatch):
    def no_work(*args, **kwargs):
        raise AssertionError("rendered or converted although a target exists")

    monkeypatch.setattr("agreement_builder.pdf.require_soffice", lambda: "soffice")
    monkeypatch.setattr("agreement_builder.pdf.pages.number_and_export", no_work)
    monkeypatch.setattr(batch, "render_document", no_work)
    workbook = edited(municipalities(("3234", "Lunner"), ("3403", "Hamar"), ("3405", "Lillehammer")))
    folder = tmp_path / "kommuner"
    folder.mkdir()
    (folder / "endret - 3405 Lillehammer.pdf").write_bytes(b"gammel")
    result = CliRunner().invoke(build_agreement, [str(workbook), "--per-municipality", "--pdf", "-o", str(folder)])
    one_line(result, "endret - 3405 Lillehammer.pdf: finnes allerede")
    assert files_under(folder) == ["endret - 3405 Lillehammer.pdf"]


def test_a_nonce_seen_outside_the_placeholder_is_noticed():
    placeholder = batch.Placeholder("0123456789abcdef")

    def package(xml: str) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as target:
            target.writestr("word/document.xml", xml)
        return buffer.getvalue()

    def master(xml: str) -> batch.Master:
        return batch.Master.of(package(xml), placeholder)

    assert batch.only_as_placeholder(master(f"<w:t>{placeholder.name} {placeholder.number}</w:t>"))
    assert not batch.only_as_placeholder(master(f"<w:t>{placeholder.name} 0123456789abcdef</w:t>"))
    assert not batch.only_as_placeholder(master(f"<w:t>{placeholder.name}</w:t><w:t>0123456789abcdef</w:t>"))


def test_the_child_never_imports_modules_from_the_users_folder(example_path, tmp_path):
    """``python -m`` puts its working folder on the path; a ``jinja2.py`` there must not run."""
    folder = tmp_path / "vedlegg"
    folder.mkdir()
    marker = tmp_path / "kjørt"
    for module in ("jinja2", "docx", "docxtpl", "lxml", "agreement_builder"):
        (folder / f"{module}.py").write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    users = template(folder, "Avtale: {{ title }}")
    command = shutil.which("build-agreement", path=str(Path(sys.executable).parent))  # no folder on its path
    assert command, "build-agreement is not installed beside this Python"
    result = subprocess.run([command, str(example_path), "-o", "a.docx", "--template", users.name], cwd=folder,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    assert docx.Document(str(folder / "a.docx")).paragraphs[0].text.startswith("Avtale: Oppgavedeling")
