"""The national run: several workbooks and folders in one ``build-agreement``, each into its own place."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_builder.cli import build_agreement
from agreement_builder.national import expand_inputs
from agreement_builder.workbook.split import split_workbook

from docx_reading import all_text

EXAMPLE = Path(__file__).resolve().parent.parent / "workbooks" / "innlandet-rehabilitering.xlsx"


def _run(*args: object):
    return CliRunner().invoke(build_agreement, [str(arg) for arg in args])


def _digests(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def municipalities() -> int:
    """How many municipalities the example has: one document each with --per-municipality."""
    from agreement_builder.workbook.inputs import read_input

    return len(read_input(EXAMPLE).agreement.municipalities)


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "inn"
    folder.mkdir()
    for name in ("Vest.xlsx", "Øst.xlsx"):
        shutil.copy(EXAMPLE, folder / name)
    return folder


def test_several_workbooks_each_into_its_own_folder(inputs, tmp_path, municipalities):
    out = tmp_path / "ut"
    result = _run(inputs / "Vest.xlsx", inputs / "Øst.xlsx", "--per-municipality", "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out.iterdir()) == ["Vest", "Øst"]
    for name in ("Vest", "Øst"):
        documents = sorted((out / name).glob("*.docx"))
        assert len(documents) == municipalities
        assert "«Vest.xlsx»" in result.output and "«Øst.xlsx»" in result.output
    first = sorted((out / "Vest").glob("*.docx"))[0]
    assert "kommune" in all_text(first).lower()


def test_without_per_municipality_one_document_per_workbook(inputs, tmp_path):
    out = tmp_path / "ut"
    result = _run(inputs, "-o", out, "--jobs", "1")  # a folder of workbooks stands for its entries
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out.iterdir()) == ["Vest.docx", "Øst.docx"]
    assert all_text(out / "Vest.docx")


def test_a_corrupt_workbook_is_named_and_the_others_are_written(inputs, tmp_path, municipalities):
    (inputs / "Skadet.xlsx").write_bytes(b"not a workbook")
    out = tmp_path / "ut"
    result = _run(inputs, "--per-municipality", "-o", out, "--jobs", "2")
    assert result.exit_code == 2
    failures = [line for line in result.output.splitlines() if line.startswith("«Skadet.xlsx»")]
    assert len(failures) == 1 and "Traceback" not in result.output
    assert sorted(path.name for path in out.iterdir()) == ["Vest", "Øst"]  # nothing half-written for the bad one
    assert all(len(list((out / name).glob("*.docx"))) == municipalities for name in ("Vest", "Øst"))


def test_one_core_and_two_give_the_same_bytes(inputs, tmp_path):
    one, two = tmp_path / "en", tmp_path / "to"
    assert _run(inputs, "--per-municipality", "-o", one, "--jobs", "1").exit_code == 0
    assert _run(inputs, "--per-municipality", "-o", two, "--jobs", "2").exit_code == 0
    assert _digests(one) == _digests(two)
    assert len(_digests(one)) > 2


def test_an_agreement_folder_among_the_inputs_is_one_agreement(inputs, tmp_path, municipalities):
    split_workbook(EXAMPLE, tmp_path / "avtalemappe")
    assert expand_inputs([tmp_path / "avtalemappe"]) == [tmp_path / "avtalemappe"]
    (tmp_path / "avtalemappe" / "gamle utkast").mkdir()  # a stray folder beside the group workbooks
    assert expand_inputs([tmp_path / "avtalemappe"]) == [tmp_path / "avtalemappe"]
    assert len(expand_inputs([inputs])) == 2  # a folder of two agreements opens up
    out = tmp_path / "ut"
    result = _run(inputs / "Vest.xlsx", tmp_path / "avtalemappe", "--per-municipality", "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out.iterdir()) == ["Vest", "avtalemappe"]
    assert len(list((out / "avtalemappe").glob("*.docx"))) == municipalities


def test_hostile_and_case_twin_names_stay_inside_and_distinct(tmp_path):
    folder = tmp_path / "inn"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    shutil.copy(EXAMPLE, folder / "a" / "..x.xlsx")  # a name that tries to climb: cleaned to «x»
    shutil.copy(EXAMPLE, folder / "a" / "Avtale.xlsx")
    shutil.copy(EXAMPLE, folder / "b" / "avtale.xlsx")
    out = tmp_path / "ut"
    result = _run(folder / "a" / "..x.xlsx", folder / "a" / "Avtale.xlsx", folder / "b" / "avtale.xlsx",
                  "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out.iterdir()) == ["Avtale.docx", "avtale (2).docx", "x.docx"]
    assert not (tmp_path / "x.docx").exists() and not list(tmp_path.glob("*.docx"))


def test_a_workbook_named_to_climb_inside_a_folder_input(tmp_path):
    folder = tmp_path / "inn"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "..x.xlsx")
    shutil.copy(EXAMPLE, folder / "y.xlsx")
    shutil.copy(EXAMPLE, folder / "Y.xlsx")
    out = tmp_path / "ut"
    result = _run(Path(str(folder) + "/../inn"), "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    # a hidden name is skipped, as in an agreement folder; names differing only in case stay apart
    assert sorted(path.name for path in out.iterdir()) == ["Y.docx", "y (2).docx"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["inn", "ut"]


def test_several_inputs_need_an_output_folder(inputs):
    result = _run(inputs / "Vest.xlsx", inputs / "Øst.xlsx")
    assert result.exit_code == 2
    assert "-o" in result.output and "Traceback" not in result.output


def test_one_workbook_builds_as_before(inputs, tmp_path):
    target = tmp_path / "en.docx"
    result = _run(inputs / "Vest.xlsx", "-o", target)
    assert result.exit_code == 0, result.output
    assert f"Skrev avtalen til {target} (" in result.output and target.is_file()


def test_when_every_input_fails_no_output_folder_is_left(tmp_path):
    for name in ("a.xlsx", "b.xlsx"):
        (tmp_path / name).write_bytes(b"junk")
    out = tmp_path / "ny" / "ut"
    result = _run(tmp_path / "a.xlsx", tmp_path / "b.xlsx", "--per-municipality", "-o", out, "--jobs", "2")
    assert result.exit_code == 2
    assert [line.split(":")[0] for line in result.output.splitlines()[:2]] == ["«a.xlsx»", "«b.xlsx»"]
    assert not (tmp_path / "ny").exists()
