"""One agreement per municipality, fast: render once, then fill in each municipality.

The documents differ only in the municipality (parties, signatures) and in findings about
that municipality. So the template is rendered once per distinct validation result with a
placeholder municipality, and each document is that result with the placeholder replaced,
instead of a full docxtpl run per municipality (benchmarks/bench_batch.py measures both).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from collections.abc import Callable
from xml.sax.saxutils import escape

from .. import paths
from ..errors import AgreementError
from ..files import check_target
from ..model import Agreement, Municipality
from ..validation import RULES, Report, merge, validate
from ..validation import Scope
from .context import build_context, municipality_party, validation_summary
from .docx import DEFAULT_TEMPLATE, render_document, write_bytes
from .finish import reproducible_zip

PLACEHOLDER_NAME = "\ue000kommunenavn\ue001"
PLACEHOLDER_NUMBER = "\ue000kommunenummer\ue001"
_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")
# A document for one municipality runs the per-municipality rules for it alone, and leaves out the
# rules about the list of municipalities as a whole (Scope in validation/registry.py).
_PER_MUNICIPALITY = {rule.code for rule in RULES if rule.scope is Scope.MUNICIPALITY}
_NOT_IN_SINGLE_DOCUMENTS = {rule.code for rule in RULES if rule.scope is not Scope.AGREEMENT}


def file_name(stem: str, municipality: Municipality) -> str:
    return paths.file_name(f"{stem} - {municipality.number} {municipality.name}", ".docx")


def municipality_report(shared: Report, single: Agreement) -> Report:
    """The whole agreement's findings, with the municipality rules run for this one municipality."""
    common = [finding for finding in shared.findings if finding.code not in _NOT_IN_SINGLE_DOCUMENTS]
    own = validate(single, strict=shared.strict, only=_PER_MUNICIPALITY).findings
    return merge(dataclasses.replace(shared, findings=tuple(common)), own)


def fill_in(master: bytes, municipality: Municipality) -> bytes:
    """``master`` with the placeholder municipality replaced in the body, headers and footers."""
    replacements = [
        (municipality_party(PLACEHOLDER_NAME), municipality_party(municipality.name)),
        (PLACEHOLDER_NAME, municipality.name),
        (PLACEHOLDER_NUMBER, municipality.number),
    ]

    def change(name: str, data: bytes) -> bytes:
        if _PARTS.fullmatch(name):
            for placeholder, value in replacements:
                data = data.replace(placeholder.encode("utf-8"), escape(value).encode("utf-8"))
        return data

    return reproducible_zip(master, change)


def render_per_municipality(
    agreement: Agreement,
    folder: Path,
    *,
    stem: str,
    report: Report,
    template: Path | None = None,
    overwrite: bool = False,
    progress: Callable[[int], None] | None = None,
) -> list[Path]:
    """Write one agreement per municipality of ``agreement`` into ``folder``; returns the files.

    ``report`` is the whole agreement's validation; each document gets it with the rules about
    municipalities run again for its own municipality.
    """
    if not agreement.municipalities:
        raise AgreementError("arbeidsboken har ingen kommuner – fyll ut arket «Kommuner» først")
    names = [file_name(stem, municipality) for municipality in agreement.municipalities]
    targets = paths.names_in_folder(folder, names)
    for target in targets:  # refuse before writing anything
        check_target(target, overwrite=overwrite)
    placeholder = Municipality(PLACEHOLDER_NUMBER, PLACEHOLDER_NAME)
    masters: dict[str, bytes] = {}
    written = []
    for municipality, target in zip(agreement.municipalities, targets):
        single = dataclasses.replace(agreement, municipalities=(municipality,))
        own_report = municipality_report(report, single)
        key = repr(validation_summary(own_report))
        if key not in masters:
            context = build_context(dataclasses.replace(agreement, municipalities=(placeholder,)), own_report)
            masters[key] = render_document(template or DEFAULT_TEMPLATE, context, single)
        written.append(write_bytes(fill_in(masters[key], municipality), target, overwrite=overwrite))
        if progress:
            progress(1)
    return written
