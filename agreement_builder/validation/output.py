"""A report as text (for people), JSON (for tools) and JUnit XML (for CI systems).

Text from the workbook is data in every format: on the terminal its controls show as escapes
(:func:`~agreement_builder.text.terminal_text`), in XML what XML 1.0 cannot hold is dropped, and
JSON escapes by itself.
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import groupby
from typing import Any

from ..law import load_statute
from ..model import CoverageStatus
from ..text import drop_xml_forbidden, json_controls_escaped, one_line, terminal_text
from .findings import SEVERITY_LABELS, Finding, PointStatus, Report, Severity
from .catalogue import RULES
from .notices import AREA as NOTICE_AREA, NOTICES

TEXTS = {
    "nb": {
        "point": "§ 6-2 nr. {point} – {name}",
        "other": "Øvrige kontroller",
        "coverage": "§ 6-2-dekning",
        "no": "nr.",
        "summary": "{errors} feil, {warnings} advarsler, {info} merknader",
        "valid": "avtalen oppfyller kravene som er kontrollert.",
        "invalid": "avtalen oppfyller ikke kravene ennå.",
        "none": "Ingen funn.",
        CoverageStatus.COVERED: "behandlet",
        CoverageStatus.PARTIAL: "delvis",
        CoverageStatus.REFERENCED: "annen delavtale",
        CoverageStatus.MISSING: "mangler",
        "outside": "utenfor omfang",
    },
    "en": {
        "point": "§ 6-2 no. {point} – {name}",
        "other": "Other checks",
        "coverage": "§ 6-2 coverage",
        "no": "no.",
        "summary": "{errors} errors, {warnings} warnings, {info} notes",
        "valid": "the agreement meets the requirements checked.",
        "invalid": "the agreement does not meet the requirements yet.",
        "none": "No findings.",
        CoverageStatus.COVERED: "covered",
        CoverageStatus.PARTIAL: "partial",
        CoverageStatus.REFERENCED: "other sub-agreement",
        CoverageStatus.MISSING: "missing",
        "outside": "outside scope",
    },
}


def summary_line(report: Report, lang: str = "nb") -> str:
    texts = TEXTS[lang]
    counts = texts["summary"].format(
        errors=len(report.errors), warnings=len(report.warnings), info=len(report.of(Severity.INFO))
    )
    return f"{counts} – {texts['valid'] if report.valid else texts['invalid']}"


def status_label(row: PointStatus, lang: str = "nb") -> str:
    """A point's status in words; a missing point outside the document's scope is «utenfor omfang»."""
    if row.status is CoverageStatus.MISSING and not row.in_scope:
        return TEXTS[lang]["outside"]
    return TEXTS[lang][row.status]


def location_text(finding: Finding) -> str:
    """Where a finding is, «Ark!A1», or «–» for the agreement as a whole."""
    return str(finding.ref) if finding.ref else "–"


def _shown(text: str) -> str:
    """Data as one line that cannot steer the terminal."""
    return terminal_text(one_line(text))


def point_heading(key: int | None, lang: str) -> str:
    """The heading findings about § 6-2 point ``key`` stand under («Øvrige kontroller» for ``None``)."""
    if key is None:
        return TEXTS[lang]["other"]
    return TEXTS[lang]["point"].format(point=key, name=load_statute().point(key).short_name)


def text_lines(report: Report, lang: str = "nb", *, colour=None, codes: bool = False) -> list[str]:
    """Findings grouped by § 6-2 point, then sheet; the coverage table; the summary line.

    ``colour(text, severity)`` may style the severity word (the CLI passes click.style on a TTY).
    The rules' codes are for tools and the docs; ``codes`` shows them too, after the cell.
    """
    labels = SEVERITY_LABELS[lang]
    style = colour or (lambda text, severity: text)
    lines: list[str] = []
    for point, findings in groupby(report.findings, key=lambda finding: finding.point):
        lines.append(point_heading(point, lang))
        for finding in findings:
            severity = style(labels[finding.severity], finding.severity)
            where, message = _shown(location_text(finding)), _shown(finding.message(lang))
            code = f"  {finding.code}" if codes else ""
            lines.append(f"  {where}{code}  {severity}: {message}")
        lines.append("")
    if not report.findings:
        lines += [TEXTS[lang]["none"], ""]
    if report.coverage:  # a group workbook checked alone has none
        lines.append(TEXTS[lang]["coverage"])
    for row in report.coverage:
        where = f" ({_shown('; '.join(row.where))})" if row.where else ""
        lines.append(f"  {TEXTS[lang]['no']} {row.point:>2}  {status_label(row, lang):<16} {row.short_name}{where}")
    lines += ["", summary_line(report, lang)]
    return lines


def report_json(report: Report, lang: str = "nb") -> dict[str, Any]:
    """The documented JSON form (docs/validation-json.md)."""
    return {
        "valid": report.valid,
        "summary": {
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "info": len(report.of(Severity.INFO)),
        },
        "findings": [
            {
                "code": finding.code,
                "severity": finding.severity.value,
                "point": finding.point,
                "sheet": finding.sheet or None,
                "cell": finding.cell or None,
                "message": finding.message(lang),
                **({"file": finding.ref.file} if finding.ref and finding.ref.file else {}),
            }
            for finding in report.findings
        ],
        "coverage": [
            {"point": row.point, "status": row.status.value, "in_scope": row.in_scope, "where": list(row.where)}
            for row in report.coverage
        ],
    }


def json_text(report: Report, lang: str = "nb") -> str:
    return json_controls_escaped(json.dumps(report_json(report, lang), ensure_ascii=False, indent=2))


OTHER_AREA = "Øvrige funn"


def junit_xml(report: Report, lang: str = "nb", name: str = "samarbeidsavtale") -> str:
    """One test case per rule and per reader notice: failed when it found errors; warnings and notes as output."""
    from xml.etree import ElementTree as ET  # only JUnit output needs it

    by_code: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_code[finding.code].append(finding)
    checks = [(rule.area, rule.code, rule.title) for rule in RULES]
    checks += [(NOTICE_AREA, notice.code, notice.title) for notice in NOTICES]
    known = {code for _, code, _ in checks}  # findings from outside the catalogue (an agreement folder's) count too
    checks += [(OTHER_AREA, code, code) for code in dict.fromkeys(f.code for f in report.findings) if code not in known]
    failures = sum(1 for _, code, _ in checks if any(f.severity is Severity.ERROR for f in by_code[code]))
    counts = {"tests": str(len(checks)), "failures": str(failures)}
    name = drop_xml_forbidden(name)
    root = ET.Element("testsuites", name=name, **counts)
    suite = ET.SubElement(root, "testsuite", name=name, **counts, errors="0")
    for area, code, title in checks:
        case = ET.SubElement(suite, "testcase", classname=area, name=f"{code}: {title}")
        findings = by_code[code]
        lines = drop_xml_forbidden("\n".join(f"{location_text(f)}: {f.message(lang)}" for f in findings))
        errors = [f for f in findings if f.severity is Severity.ERROR]
        if errors:
            message = drop_xml_forbidden(errors[0].message(lang))
            ET.SubElement(case, "failure", message=message, type=code).text = lines
        elif findings:
            ET.SubElement(case, "system-out").text = lines
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
