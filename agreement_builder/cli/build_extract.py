"""A group workbook alone: a preview of its groups, not the agreement."""

from __future__ import annotations

from pathlib import Path

from ..errors import AgreementError
from .build_findings import report_target, write_report
from .shared import echo, file_name


def build_extract(source, output: Path | None, template: Path | None, overwrite: bool, unsupported: bool,
                  report_path: Path | None = None, report_format: str | None = None) -> None:
    """A group workbook alone: a preview of its groups, marked as an extract (not the agreement).

    ``--report`` writes the extract's findings (the checks that apply to groups on their own)."""
    from ..files import check_target
    from ..render.extract import extract_title, render_extract
    from ..validation import validate_extract

    if unsupported:
        raise AgreementError(f"{source.path.name}: er en gruppearbeidsbok – --per-municipality, --toc-pages og "
                             "--pdf gjelder hele avtalen (bygg mappen med hovedarbeidsboken)")
    target = output or source.path.with_name(file_name(f"{source.path.stem} (utdrag)", ".docx"))
    check_target(target, overwrite=overwrite)
    fmt = report_target(report_path, report_format, overwrite, target)
    report = validate_extract(source.agreement)
    render_extract(source.agreement, target, report=report, template=template, overwrite=overwrite)
    echo(f"Skrev {extract_title(source.agreement)} til {target} ({len(source.agreement.tasks)} oppgaver). "
         "Det er et utdrag til gjennomsyn, ikke avtalen.")
    if fmt:
        write_report(report, report_path, fmt, extract_title(source.agreement), overwrite)
