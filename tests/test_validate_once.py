"""Read once, validate once, render with that report: no output validates the agreement again."""

from __future__ import annotations

from click.testing import CliRunner

import agreement_builder.render.batch as batch
import agreement_builder.validation as validation
from agreement_builder.cli import agreement, build_agreement

from conftest import group_sheet


def _count_validations(monkeypatch) -> list:
    """Record the ``only`` argument of every validation run from here on (None: all rules)."""
    calls = []
    real = validation.validate

    def counting(model, **options):
        calls.append(options.get("only"))
        return real(model, **options)

    monkeypatch.setattr(validation, "validate", counting)
    monkeypatch.setattr(batch, "validate", counting)
    return calls


def test_a_build_validates_once(example_path, tmp_path, monkeypatch):
    calls = _count_validations(monkeypatch)
    result = CliRunner().invoke(build_agreement, [str(example_path), "-o", str(tmp_path / "a.docx")])
    assert result.exit_code == 0, result.output
    assert calls == [None]


def test_the_batch_reuses_the_report_and_runs_only_the_municipality_rules_per_document(
        example, example_path, tmp_path, monkeypatch):
    calls = _count_validations(monkeypatch)
    result = CliRunner().invoke(build_agreement, [str(example_path), "--per-municipality", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert calls.count(None) == 1
    assert len(calls) == 1 + len(example.municipalities)
    assert all(only for only in calls[1:])


def test_the_tracked_changes_document_uses_the_new_versions_report(example_path, edited, tmp_path, monkeypatch):
    def change(book):
        group_sheet(book, "KOLS")["C9"] = "Digital hjemmeoppfølging"

    new = edited(change)
    calls = _count_validations(monkeypatch)
    output = tmp_path / "spor.docx"
    result = CliRunner().invoke(agreement, ["diff", str(example_path), str(new), "--format", "docx", "-o", str(output)])
    assert result.exit_code == 1 and output.is_file(), result.output
    assert calls == [None, None]  # the old and the new version, for the findings
    calls.clear()
    result = CliRunner().invoke(agreement, ["diff", str(example_path), str(new), "--format", "docx", "--no-findings",
                                            "-o", str(output), "--overwrite"])
    assert result.exit_code == 1, result.output
    assert calls == [None, None]  # each version built as it is, once each, though the findings are not compared
