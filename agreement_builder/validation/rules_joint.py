"""§ 6-2 second paragraph: joint measures must settle responsibility, organisation and financing."""

from __future__ import annotations

from ..text import comparison_key
from .findings import Severity
from .registry import Check, Hit, rule

AREA = "Samarbeidstiltak (§ 6-2 andre ledd)"
PARTS = (("responsibility", "ansvar (også arbeidsgiveransvar)", "responsibility (incl. employer)"),
         ("organisation", "organisering", "organisation"),
         ("financing", "finansiering", "financing"))


@rule(
    "joint-measure-incomplete", Severity.ERROR, area=AREA, statute_part="andre ledd",
    title="Et samarbeidstiltak mangler ansvar (også arbeidsgiveransvar), organisering eller finansiering.",
    nb="Samarbeidstiltaket «{name}» mangler {missing} (§ 6-2 andre ledd)",
    en="Joint measure «{name}» lacks {missing_en} (§ 6-2 second paragraph)",
)
def joint_measure_incomplete(check: Check):
    for measure in check.agreement.joint_measures:
        missing = [(nb, en) for key, nb, en in PARTS if not getattr(measure, key).strip()]
        if missing:
            yield Hit(measure.ref, {
                "name": measure.name or "uten navn",
                "missing": " og ".join(nb for nb, _ in missing),
                "missing_en": " and ".join(en for _, en in missing),
            })


@rule(
    "joint-measure-unknown-group", Severity.WARNING, area=AREA, statute_part="andre ledd",
    title="Et samarbeidstiltak viser til en diagnosegruppe som ikke finnes.",
    nb="Samarbeidstiltaket «{name}» viser til diagnosegruppen «{group}», som ikke finnes",
    en="Joint measure «{name}» refers to diagnosis group «{group}», which does not exist",
)
def joint_measure_unknown_group(check: Check):
    names = {comparison_key(group.name) for group in check.agreement.groups}
    for measure in check.agreement.joint_measures:
        if measure.group and comparison_key(measure.group) not in names:
            yield Hit(measure.ref, {"name": measure.name, "group": measure.group})
