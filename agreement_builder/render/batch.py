"""One agreement per municipality, fast: render once, then fill in each municipality.

The documents differ only in the municipality (parties, signatures) and in findings about
that municipality. So the template is rendered once per distinct validation result with a
placeholder municipality, and each document is that result with the placeholder replaced,
instead of a full docxtpl run per municipality (benchmarks/bench_batch.py measures both).
"""

from __future__ import annotations

import dataclasses
import re
import secrets
from pathlib import Path
from collections.abc import Callable

from .. import paths
from ..errors import AgreementError
from ..files import check_target
from ..model import Agreement, Municipality
from ..validation import RULES, Report, merge, validate
from ..validation import Scope
from .context import build_context, municipality_party, validation_summary
from .sandbox import DEFAULT_BUDGET, Budget
from .docx import render_document, write_bytes
from .package_zip import Entry, compressed, content, read_entries, write_zip

_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")
_ATTEMPTS = 5
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


@dataclasses.dataclass(frozen=True)
class Placeholder:
    """The stand-in municipality a master document is rendered with, replaced in each copy.

    Its texts carry a random nonce, new for every run and absent from the agreement's text, so
    no cell can hold them; :func:`_master` also checks that the nonce occurs nowhere else in the
    rendered document (the template's own text).
    """

    nonce: str

    @classmethod
    def new(cls, avoid: str = "") -> Placeholder:
        """A placeholder whose nonce is not in ``avoid`` (all the text the documents are made from)."""
        nonce = secrets.token_hex(8)
        while nonce in avoid:
            nonce = secrets.token_hex(8)
        return cls(nonce)

    @property
    def name(self) -> str:
        return f"\ue000kommunenavn-{self.nonce}\ue001"

    @property
    def number(self) -> str:
        return f"\ue000kommunenummer-{self.nonce}\ue001"

    @property
    def municipality(self) -> Municipality:
        return Municipality(self.number, self.name)


@dataclasses.dataclass(frozen=True)
class Master:
    """A document rendered with a placeholder municipality, kept as stored parts to copy into each document.

    ``texts`` holds the content of the parts that name the municipality (body, headers,
    footers), the only ones :func:`fill_in` changes; every other part is copied compressed.
    """

    entries: tuple[Entry, ...]
    texts: dict[str, bytes]
    placeholder: Placeholder

    @classmethod
    def of(cls, package: bytes, placeholder: Placeholder) -> Master:
        entries = tuple(read_entries(package))
        return cls(entries, {entry.name: content(entry) for entry in entries if _PARTS.fullmatch(entry.name)},
                   placeholder)


def only_as_placeholder(master: Master) -> bool:
    """True when the nonce of the master's placeholder occurs in it only inside the placeholder texts."""
    placeholder = master.placeholder
    nonce, name, number = (text.encode("utf-8") for text in (placeholder.nonce, placeholder.name,
                                                                placeholder.number))
    return all(part.count(nonce) == part.count(name) + part.count(number) for part in master.texts.values())


def _xml_text(value: str) -> bytes:
    """``value`` as XML character data in UTF-8."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")


def fill_in(master: Master, municipality: Municipality) -> bytes:
    """The package of ``master`` with its placeholder replaced by ``municipality`` in the body, headers and footers.

    Only the parts that change are compressed; the rest are copied as stored in the master.
    """
    placeholder = master.placeholder
    replacements = [
        (municipality_party(placeholder.name), municipality_party(municipality.name)),
        (placeholder.name, municipality.name),
        (placeholder.number, municipality.number),
    ]

    def part(entry: Entry) -> Entry:
        data = master.texts.get(entry.name)
        if data is None:
            return entry
        for stand_in, value in replacements:
            data = data.replace(stand_in.encode("utf-8"), _xml_text(value))
        return compressed(entry.name, data)

    return write_zip(part(entry) for entry in master.entries)


def _master(agreement: Agreement, single: Agreement, report: Report, template: Path | None,
            budget: Budget, draft: bool = False) -> Master:
    """The document rendered with a placeholder municipality whose nonce appears nowhere else."""
    text = repr(agreement)  # every cell's text, among the rest
    for _ in range(_ATTEMPTS):
        placeholder = Placeholder.new(avoid=text)
        context = build_context(dataclasses.replace(agreement, municipalities=(placeholder.municipality,)), report,
                                draft=draft)
        master = Master.of(render_document(template, context, single, budget=budget), placeholder)
        if only_as_placeholder(master):
            return master
    raise AgreementError("fant ingen plassholder for kommunenavnet som ikke står i teksten fra før")


def check_targets(agreement: Agreement, folder: Path, stem: str, *, overwrite: bool,
                  companions: tuple[str, ...] = ()) -> list[Path]:
    """The document of each municipality in ``folder``, after checking it and its ``companions`` may be written.

    ``companions`` are suffixes of files made from each document afterwards (".pdf"), so an
    existing PDF stops the run before the first document is written.
    """
    if not agreement.municipalities:
        raise AgreementError("arbeidsboken har ingen kommuner – fyll ut arket «Kommuner» først")
    targets = paths.names_in_folder(folder, [file_name(stem, municipality)
                                             for municipality in agreement.municipalities])
    for target in targets:
        for path in (target, *(target.with_suffix(suffix) for suffix in companions)):
            check_target(path, overwrite=overwrite)
    return targets


def render_per_municipality(
    agreement: Agreement,
    folder: Path,
    *,
    stem: str,
    report: Report,
    template: Path | None = None,
    overwrite: bool = False,
    progress: Callable[[int], None] | None = None,
    companions: tuple[str, ...] = (),
    budget: Budget = DEFAULT_BUDGET,
    draft: bool = False,
) -> list[Path]:
    """Write one agreement per municipality of ``agreement`` into ``folder``; returns the files.

    ``report`` is the whole agreement's validation; each document gets it with the rules about
    municipalities run again for its own municipality. Nothing is written unless every target
    and its ``companions`` may be (:func:`check_targets`). A user's ``template`` renders within
    ``budget``; ``draft`` as for :func:`~.docx.render_agreement`.
    """
    targets = check_targets(agreement, folder, stem, overwrite=overwrite, companions=companions)
    masters: dict[str, Master] = {}
    written = []
    for municipality, target in zip(agreement.municipalities, targets):
        single = dataclasses.replace(agreement, municipalities=(municipality,))
        own_report = municipality_report(report, single)
        key = repr(validation_summary(own_report))
        if key not in masters:
            masters[key] = _master(agreement, single, own_report, template, budget, draft)
        written.append(write_bytes(fill_in(masters[key], municipality), target, overwrite=overwrite))
        if progress:
            progress(1)
    return written
