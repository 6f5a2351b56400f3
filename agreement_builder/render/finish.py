"""After docxtpl: a pre-filled table of contents, document properties, reproducible bytes.

- The TOC field keeps its instruction (Word rebuilds it on open, ``updateFields`` is set in
  the template) but its shown result is filled with the headings, linked to bookmarks, so a
  reader that does not update fields (LibreOffice) still shows a table of contents.
- Core properties come from the agreement's facts; no clock time is written anywhere, so
  building the same workbook twice gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from docx.oxml.ns import qn

from ..model import Agreement
from .heading_numbers import numbered_entry
from .list_labels import heading_labels
from .styles_part import style_facts
from .package_zip import Entry, compressed, content, read_entries, write_zip
from .template_cache import CompiledTemplate
from .wordxml import add_bookmark, field_char_run, toc_entry

HEADING_LEVELS = {"heading 1": 1, "heading 2": 2, "heading 3": 3}


_P, _T, _VAL = qn("w:p"), qn("w:t"), qn("w:val")
_PARAGRAPH_STYLE = f"{qn('w:pPr')}/{qn('w:pStyle')}"


def _headings(document, names: dict[str, str]):
    """(paragraph, level, text) of each heading with text; ``names``: style id → name in lower case."""
    for paragraph in document.element.body.iter(_P):
        style = paragraph.find(_PARAGRAPH_STYLE)
        level = HEADING_LEVELS.get(names.get(style.get(_VAL))) if style is not None else None
        if level is not None:
            text = "".join(paragraph.itertext(_T, with_tail=False))
            if text.strip():
                yield paragraph, level, text


def _toc_paragraph(document):
    for instruction in document.element.body.iter(qn("w:instrText")):
        if (instruction.text or "").strip().startswith("TOC"):
            return instruction.getparent().getparent()
    return None


def _labelled(entry, label: str | None):
    """A TOC entry with its heading's number before a tab, as Word writes it (unnumbered: as it is)."""
    return numbered_entry(entry, label) if label else entry


def prefill_toc(document) -> int:
    """Fill the TOC field's shown result with the headings; returns the number of entries.

    Numbered headings (a list bound to the heading styles) show their number, as Word's TOC does.
    """
    field = _toc_paragraph(document)
    if field is None:
        return 0
    runs = list(field.iter(qn("w:r")))
    separate, end = field_char_run(runs, "separate"), field_char_run(runs, "end")
    if separate is None or end is None:
        return 0
    facts = style_facts(document)
    styles = {name: style_id for style_id, name in facts.names.items()}
    headings = list(_headings(document, facts.names))
    labels = heading_labels(document, [paragraph for paragraph, _, _ in headings], facts)
    entries = [
        _labelled(toc_entry(styles.get(f"toc {level}"), text, add_bookmark(paragraph, number)), labels.get(paragraph))
        for number, (paragraph, level, text) in enumerate(headings, start=1)
    ]
    if not entries:
        return 0
    # As Word writes it: the field starts in the first entry and ends in the last.
    start_runs = runs[: runs.index(separate) + 1]
    first = entries[0]
    position = 1 if first.find(qn("w:pPr")) is not None else 0
    for offset, run in enumerate(start_runs):
        first.insert(position + offset, run)
    entries[-1].append(end)
    for entry in entries:
        field.addprevious(entry)
    field.getparent().remove(field)
    return len(entries)


def set_properties(document, agreement: Agreement) -> None:
    facts = agreement.facts
    properties = document.core_properties
    properties.title = facts.title
    properties.subject = " – ".join(part for part in (
        "Samarbeidsavtale", facts.helsefellesskap, facts.hospital_trust) if part)
    properties.author = facts.helsefellesskap or facts.hospital_trust or "agreement_builder"
    properties.keywords = "; ".join(part for part in (
        "samarbeidsavtale", "helse- og omsorgstjenesteloven § 6-2", facts.helsefellesskap) if part)
    properties.version = facts.version
    properties.content_status = facts.status.value if facts.status else ""
    properties.language = "nb-NO"
    properties.last_modified_by = "agreement_builder"
    properties.revision = 1
    properties.comments = "Laget med agreement_builder fra arbeidsboken."
    if facts.date:
        moment = dt.datetime.combine(facts.date, dt.time())
        properties.created = properties.modified = moment
    else:
        element = properties._element
        for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
            node = element.find(qn(tag))
            if node is not None:
                element.remove(node)


LARGE_PART = 32 * 1024  # a part at least this large is compressed once per template (the compiled template keeps it)


def package_bytes(document, compiled: CompiledTemplate | None = None) -> bytes:
    """The .docx of the python-docx ``document`` with fixed times, zipped once.

    python-docx's own writer lays out the parts ([Content_Types].xml, relationships, each part
    and its relationships, as ``document.save`` does) and :mod:`.package_zip` zips them; a large
    part of the template that rendering leaves alone (styles, theme) is compressed once and then
    copied from ``compiled`` as it was stored. Parts made from the workbook never go there.
    """
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    collected = _Parts()
    PackageWriter._write_content_types_stream(collected, parts)
    PackageWriter._write_pkg_rels(collected, package.rels)
    PackageWriter._write_parts(collected, parts)
    return write_zip(_entry(name, blob, compiled) for name, blob in collected.items)


class _Parts:
    """Stands in for python-docx's zip writer: keeps each (member name, bytes) in order."""

    def __init__(self) -> None:
        self.items: list[tuple[str, bytes]] = []

    def write(self, pack_uri, blob: bytes) -> None:
        self.items.append((pack_uri.membername, blob))


def _entry(name: str, blob: bytes, compiled: CompiledTemplate | None) -> Entry:
    if compiled is None or len(blob) < LARGE_PART or not compiled.holds_unrendered(name):
        return compressed(name, blob)

    def compress() -> tuple[int, int, bytes]:
        entry = compressed(name, blob)
        return entry.crc, entry.size, entry.stored

    crc, size, stored = compiled.compressed_part(name, blob, compress)
    return Entry(name, crc, size, stored)


def reproducible_zip(data: bytes, change: Callable[[str, bytes], bytes] | None = None,
                     touches: Callable[[str], bool] = lambda name: True) -> bytes:
    """The same package with fixed entry times, so equal content gives equal bytes.

    ``change(name, content)`` may rewrite the parts for which ``touches(name)`` is true (the
    batch fills in municipalities); every other part is copied still compressed
    (:mod:`.package_zip`), so the package is not compressed a second time.
    """
    entries = read_entries(data)
    if change is not None:
        entries = [_changed(entry, change) if touches(entry.name) else entry for entry in entries]
    return write_zip(entries)


def _changed(entry: Entry, change: Callable[[str, bytes], bytes]) -> Entry:
    """``entry`` rewritten by ``change``; the entry itself when its content stays the same."""
    old = content(entry)
    new = change(entry.name, old)
    return entry if new == old else compressed(entry.name, new)
