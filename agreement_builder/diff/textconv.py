"""A stable, line-oriented text of a workbook for git (``agreement textconv``).

One line per fact, municipality, paragraph, task and § 6-2 row, each keyed by where it
belongs, sorted so that sheet and row order do not show up as changes in ``git diff``.
"""

from __future__ import annotations

from ..model import Agreement, Level
from ..schema import COVERAGE_LABELS, FACT_FIELDS
from ..text import normalise
from .compute import fact_text


def _one_line(text: str) -> str:
    return normalise(text.replace("\n", " ¶ ")) if text else ""


def textconv_lines(agreement: Agreement) -> list[str]:
    facts = agreement.facts
    lines = []
    for field in FACT_FIELDS:
        value = fact_text(facts, field.key)
        if value:
            lines.append(f"avtale | {field.label}: {_one_line(str(value))}")
    lines += sorted(f"kommune | {m.number} {m.name}" for m in agreement.municipalities)
    lines += [f"kategori | {name}" for name in agreement.categories]
    for section in sorted(agreement.sections, key=lambda s: s.heading.casefold()):
        lines += [f"kapittel | {section.heading} | {_one_line(block.text)}" for block in section.blocks]
    for group in sorted(agreement.groups, key=lambda g: g.name.casefold()):
        lines.append(f"gruppe | {group.name} | kategori: {group.category}")
        for level in Level:
            lines += sorted(f"oppgave | {group.name} | {level.label} | {_one_line(task.text)}"
                            for task in group.tasks_at(level))
        lines += [f"anbefaling | {group.name} | {_one_line(block.text)}" for block in group.recommendation]
    for row in agreement.statute_map:
        details = " – ".join(filter(None, ("; ".join(row.where), row.other_agreement, row.other_agreement_version)))
        lines.append(f"§ 6-2 | nr. {row.point} | {COVERAGE_LABELS[row.status]}{' | ' + details if details else ''}")
    lines += sorted(
        f"samarbeidstiltak | {m.name} | {m.group} | ansvar: {_one_line(m.responsibility)} | "
        f"organisering: {_one_line(m.organisation)} | finansiering: {_one_line(m.financing)}"
        for m in agreement.joint_measures
    )
    return lines
