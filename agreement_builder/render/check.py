"""Checking a region's own template: Jinja syntax, unknown variables, and two trial renders.

The trial renders use small sample agreements that take every branch a template is likely
to have (a draft and a clean agreement, with and without the facts sheet's texts), so a
misspelt attribute such as ``group.nme`` is found too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

from jinja2 import TemplateSyntaxError, meta

from ..model import (
    Agreement, AgreementStatus, Block, BlockKind, CoverageStatus, DiagnosisGroup, Facts, JointMeasure, Level,
    Municipality, PointCoverage, Section, Task,
)
from ..validation import validate
from .context import CONTEXT_DOC, build_context
from .child import DEFAULT_BUDGET, Budget, BudgetExceeded, run_in_child
from .docx import fill_template, open_template
from .sandbox import OUTPUT_LIMIT, jinja_environment
from .template_file import TemplateProblem, read_template

_TAGS = re.compile(r"<[^>]+>")


@dataclasses.dataclass(frozen=True)
class TemplateReport:
    problems: tuple[str, ...]
    variables: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def sample_agreements() -> tuple[Agreement, Agreement]:
    """A draft with everything filled in, and a clean agreement with the facts texts left empty."""
    group = DiagnosisGroup(
        "Hjerneslag", "Ervervede skader",
        (Task("Primærrehabilitering", Level.SPECIALIST), Task("Pasientforløp", Level.SHARED),
         Task("Hjemmerehabilitering", Level.MUNICIPAL)),
        (Block("Anbefaling."), Block("Et punkt", BlockKind.BULLET)),
    )
    texts = {key: (Block("Tekst."), Block("Punkt", BlockKind.BULLET))
             for key in ("purpose", "scope", "deviations", "disagreement", "breach", "duration")}
    full = Agreement(
        facts=Facts("Avtale", "1.0", AgreementStatus.DRAFT, "Helsefellesskap Innlandet", "Sykehuset Innlandet HF",
                    dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2027, 1, 1), texts),
        municipalities=(Municipality("3405", "Lillehammer"), Municipality("3407", "Gjøvik")),
        sections=(Section("Bakgrunn", (Block("Avsnitt"), Block("Punkt", BlockKind.BULLET),
                                       Block("Nummer", BlockKind.NUMBERED))),),
        categories=("Ervervede skader", "Andre"),
        groups=(group, DiagnosisGroup("Eldre", "Andre", (), (Block("Bare tekst."),))),
        statute_map=(PointCoverage(1, CoverageStatus.COVERED, ("Bakgrunn",)),),
        joint_measures=(JointMeasure("Ambulant team", "Hjerneslag", "SI", "Team", "Delt"),),
    )
    statute = tuple(
        PointCoverage(point, CoverageStatus.REFERENCED, other_agreement=f"Delavtale {point}",
                      other_agreement_version="1") for point in range(2, 14)
    )
    clean = dataclasses.replace(
        full, facts=dataclasses.replace(full.facts, texts={}, valid_from=None, revise_by=None),
        groups=(group,), categories=("Ervervede skader",), joint_measures=(),
        statute_map=(PointCoverage(1, CoverageStatus.COVERED, ("Bakgrunn",)),) + statute,
    )
    return full, clean


def _around(source: str, line: int) -> str:
    lines = source.splitlines()[max(line - 2, 0): line + 1]
    return " ".join(_TAGS.sub("", part).strip() for part in lines if _TAGS.sub("", part).strip())[:160]


def _parts(template) -> list[tuple[str, str]]:
    """(part name, patched XML) for the body, headers and footers, as docxtpl renders them."""
    template.init_docx()
    parts = [("hoveddelen", template.patch_xml(template.get_xml()))]
    for uri, label in ((template.HEADER_URI, "topptekst"), (template.FOOTER_URI, "bunntekst")):
        for _, part in template.get_headers_footers(uri):
            parts.append((label, template.patch_xml(template.get_part_xml(part))))
    return parts


def check_template(path: Path, budget: Budget = DEFAULT_BUDGET) -> TemplateReport:
    """Find what would stop ``path`` from rendering; raises :class:`TemplateProblem` if unreadable.

    The check renders the template, so it runs in a child process within ``budget``; a
    template past its budget is reported as a problem.
    """
    job = {"data": read_template(path), "name": path.name, "output_limit": budget.output_limit}
    try:
        answer = json.loads(run_in_child("check", job, budget=budget, template=path.name))
    except BudgetExceeded as exc:
        return TemplateReport((str(exc),), ())
    return TemplateReport(tuple(answer["problems"]), tuple(answer["variables"]))


def checked_json(data: bytes, name: str, output_limit: int = OUTPUT_LIMIT) -> bytes:
    """:func:`check_template_data` as JSON (the job a child process runs)."""
    report = check_template_data(data, name, output_limit)
    return json.dumps({"problems": report.problems, "variables": report.variables}).encode("utf-8")


def check_template_data(data: bytes, name: str, output_limit: int = OUTPUT_LIMIT) -> TemplateReport:
    """Find what would stop the template ``data`` (named ``name``) from rendering, in this process."""
    environment = jinja_environment(output_limit)
    problems: list[str] = []
    used: set[str] = set()
    for label, source in _parts(open_template(data, name)):
        try:
            tree = environment.parse(source)
        except TemplateSyntaxError as exc:
            problems.append(f"{name} ({label}): Jinja-feil: {exc.message} – ved «{_around(source, exc.lineno)}»")
            continue
        names = meta.find_undeclared_variables(tree)
        used |= names
        for unknown in sorted(names - set(CONTEXT_DOC)):
            at = next((n for n, line in enumerate(source.splitlines(), 1)
                       if re.search(rf"\b{re.escape(unknown)}\b", _TAGS.sub("", line))), 1)
            problems.append(f"{name} ({label}): ukjent variabel «{unknown}» – ved «{_around(source, at)}»")
    if not problems:
        problems += _trial_renders(data, name, output_limit)
    return TemplateReport(tuple(dict.fromkeys(problems)), tuple(sorted(used)))


def _trial_renders(data: bytes, name: str, output_limit: int) -> list[str]:
    """The first problem rendering the sample agreements, if any."""
    for sample in sample_agreements():
        try:
            fill_template(data, name, build_context(sample, validate(sample)), output_limit)
        except MemoryError:
            raise  # the child reports it as past the memory budget
        except TemplateProblem as exc:
            return [f"{name}: prøveflettingen feilet: {str(exc).removeprefix(f'{name}: ')}"]
        except Exception as exc:  # any other failure a real build would hit
            return [f"{name}: prøveflettingen feilet ({type(exc).__name__}: {exc})"]
    return []


__all__ = ["TemplateProblem", "TemplateReport", "check_template", "check_template_data", "sample_agreements"]
