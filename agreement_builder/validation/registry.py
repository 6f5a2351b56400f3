"""What a rule is: a small named function with a stable code, a severity, messages and a scope.

A rule function is a generator over a :class:`Check` that yields :class:`Hit` s; the
:func:`rule` decorator wraps it in a :class:`Rule`, which turns hits into :class:`Finding` s
with the rule's code, severity and message templates. The list of rules is the explicit tuple
in :mod:`.catalogue`; nothing here collects rules as a side effect of importing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import NamedTuple

from ..law import Statute, load_statute
from ..model import Agreement, CellRef
from .findings import Finding, Severity


class Scope(Enum):
    """What a rule looks at, which decides where it runs when there is one document per municipality."""

    AGREEMENT = "agreement"
    """The agreement as a whole: a document for one municipality shows the agreement's findings."""
    MUNICIPALITY = "municipality"
    """Each listed municipality on its own: a document for one municipality runs the rule for it alone."""
    MUNICIPALITY_LIST = "municipality-list"
    """The listed municipalities together (missing, duplicated): left out of a document for one municipality."""

    @property
    def label(self) -> str:
        """What the rule covers, in bokmål, for the rule listing."""
        return {"agreement": "avtalen", "municipality": "hver kommune",
                "municipality-list": "kommunelisten"}[self.value]


@dataclass(frozen=True)
class Hit:
    ref: CellRef | None
    params: dict[str, object] = field(default_factory=dict)
    point: int | None = None
    severity: Severity | None = None


@dataclass
class Check:
    """What a rule sees: the model, the statute, and the options."""

    agreement: Agreement
    strict: bool = False

    @cached_property
    def statute(self) -> Statute:
        return load_statute()

    @cached_property
    def places(self):
        """Sections, groups and categories the § 6-2 map may name (see :mod:`.places`)."""
        from .places import agreement_places

        return agreement_places(self.agreement)


RuleFunction = Callable[[Check], Iterable[Hit]]


class Rule(NamedTuple):
    """One rule: ``code`` is stable; ``area`` is the display heading it is listed under, never a selector.

    ``statute_part`` names the part of § 6-2 the rule serves when it is more than the one ``point``
    (e.g. «nr. 1–13», «andre ledd»); ``severity_note`` explains a severity that depends on the case.
    ``per_group`` says the rule looks only inside diagnosis groups (their names, tasks and
    recommendations), so it also runs on a group workbook checked on its own.
    """

    code: str
    severity: Severity
    point: int | None
    area: str
    title: str
    message_nb: str
    message_en: str
    function: RuleFunction
    scope: Scope = Scope.AGREEMENT
    severity_note: str = ""
    statute_part: str = ""
    per_group: bool = False

    @property
    def statute_label(self) -> str:
        """Which part of § 6-2 the rule serves, for documentation ("" when none)."""
        return self.statute_part or (f"nr. {self.point}" if self.point else "")

    def run(self, check: Check) -> Iterator[Finding]:
        for hit in self.function(check):
            yield Finding(
                code=self.code,
                severity=hit.severity or self.severity,
                point=hit.point if hit.point is not None else self.point,
                ref=hit.ref,
                messages={
                    "nb": self.message_nb.format(**hit.params),
                    "en": self.message_en.format(**hit.params),
                },
            )


def rule(
    code: str,
    severity: Severity,
    *,
    area: str,
    title: str,
    nb: str,
    en: str,
    point: int | None = None,
    scope: Scope = Scope.AGREEMENT,
    severity_note: str = "",
    statute_part: str = "",
    per_group: bool = False,
) -> Callable[[RuleFunction], Rule]:
    """Make a rule function into a :class:`Rule` under a stable ``code`` (list it in :mod:`.catalogue`)."""

    def make(function: RuleFunction) -> Rule:
        return Rule(code, severity, point, area, title, nb, en, function, scope, severity_note, statute_part,
                    per_group)

    return make
