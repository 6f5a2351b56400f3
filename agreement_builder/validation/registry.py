"""The rule catalogue: small named functions with stable codes, severities and messages.

A rule is a generator over a :class:`Check` that yields :class:`Hit` s; the registry turns
them into :class:`Finding` s with the rule's code, severity and message templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from collections.abc import Callable, Iterable, Iterator

from ..law import Statute, load_statute
from ..model import Agreement, CellRef
from .findings import Finding, Severity


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


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    point: int | None
    area: str
    title: str
    message_nb: str
    message_en: str
    function: RuleFunction
    severity_note: str = ""
    scope: str = ""

    @property
    def scope_label(self) -> str:
        """Which part of § 6-2 the rule serves, for documentation."""
        return self.scope or (f"nr. {self.point}" if self.point else "")

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


RULES: list[Rule] = []


def rule(
    code: str,
    severity: Severity,
    *,
    area: str,
    title: str,
    nb: str,
    en: str,
    point: int | None = None,
    severity_note: str = "",
    scope: str = "",
) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule function under a stable ``code``."""

    def register(function: RuleFunction) -> RuleFunction:
        if any(existing.code == code for existing in RULES):
            raise ValueError(f"duplicate rule code {code}")
        RULES.append(Rule(code, severity, point, area, title, nb, en, function, severity_note, scope))
        return function

    return register
