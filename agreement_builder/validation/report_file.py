"""The findings as a report of their own, beside the agreement: Markdown, HTML (a Jinja2 template) or JSON.

The agreement document never shows the tool's findings; ``build-agreement --report FIL`` writes them here.
"""

from __future__ import annotations

from functools import cache
from itertools import groupby
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from .findings import SEVERITY_LABELS, Report
from .output import TEXTS, json_text, location_text, point_heading, status_label, summary_line

FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json"}


def format_for(suffix: str) -> str | None:
    """The report format a file name's suffix asks for (``md``, ``html``, ``json``); ``None`` if none."""
    return FORMATS.get(suffix.casefold())


def _sections(report: Report) -> list[dict[str, Any]]:
    """Findings grouped as in the terminal: by § 6-2 point, then «Øvrige kontroller»."""
    labels = SEVERITY_LABELS["nb"]
    return [
        {"title": point_heading(point, "nb"), "findings": [
            {"severity": labels[finding.severity], "level": finding.severity.value,
             "where": location_text(finding), "message": finding.message()}
            for finding in findings]}
        for point, findings in groupby(report.findings, key=lambda finding: finding.point)
    ]


def _coverage(report: Report) -> list[dict[str, Any]]:
    return [{"point": row.point, "name": row.short_name, "status": status_label(row),
             "where": "; ".join(row.where)} for row in report.coverage]


def _md(text: str) -> str:
    """Cell text as literal Markdown: its special characters escaped, line breaks kept as breaks."""
    for char in "\\`*_[]<>|~#":
        text = text.replace(char, f"\\{char}")
    return text.replace("\r", "").replace("\n", "<br>")


def markdown(report: Report, title: str) -> str:
    """The report as Markdown: title, summary, findings per point, the § 6-2 coverage table."""
    lines = [f"# Kontroll av {_md(title) or 'samarbeidsavtalen'}", "", f"**{_md(summary_line(report))}**", ""]
    for section in _sections(report):
        lines += [f"## {_md(section['title'])}", ""]
        lines += [f"- **{item['severity']}** ({_md(item['where'])}): {_md(item['message'])}"
                  for item in section["findings"]]
        lines.append("")
    if not report.findings:
        lines += [TEXTS["nb"]["none"], ""]
    lines += [f"## {TEXTS['nb']['coverage']}", "", "| Nr. | Status | Punkt | Hvor |", "| --- | --- | --- | --- |"]
    lines += [f"| {row['point']} | {row['status']} | {_md(row['name'])} | {_md(row['where'])} |"
              for row in _coverage(report)]
    return "\n".join(lines) + "\n"


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("agreement_builder.validation", "templates"), autoescape=True,
                       undefined=StrictUndefined)


def html(report: Report, title: str) -> str:
    """The report as one self-contained HTML page (autoescaped template)."""
    return _environment().get_template("report.html.j2").render(
        title=title or "samarbeidsavtalen", summary=summary_line(report), sections=_sections(report),
        coverage=_coverage(report), none=TEXTS["nb"]["none"],
    )


def report_text(report: Report, fmt: str, title: str) -> str:
    """The report in ``fmt`` (``md``, ``html`` or ``json``)."""
    if fmt == "json":
        return json_text(report) + "\n"
    return html(report, title) if fmt == "html" else markdown(report, title)
