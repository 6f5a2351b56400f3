"""Table-of-contents page numbers from LibreOffice's layout, checked until the layout is stable.

LibreOffice lays each document out and says on which page each heading's ``_Toc`` bookmark
lands; ``fill`` (render/toc_pages.py, passed in by the caller so pdf/ needs nothing from
render/) writes those numbers into the TOC. A number can in principle move a line, so the
filled document is laid out again, and filled again where a page changed. With a PDF folder
that checking pass also exports the PDFs, as the documents show them: a document's PDF is
always the layout of its final numbers.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ..files import atomic_output, check_target
from . import convert_to_pdf, run_libreoffice

MAX_PASSES = 4  # the first may start from another document's pages

Fill = Callable[[Path, Mapping[str, int]], None]


def unnumbered_notice(pdf: bool, many: bool) -> str:
    """What to tell when LibreOffice's Python module (uno) was missing, so no page numbers could be filled in."""
    where = ("PDF-ene og Word-filene" if many else "PDF-en og Word-filen") if pdf else \
        ("Word-filene" if many else "Word-filen")
    return f"fant ikke LibreOffices Python-modul (uno), så innholdsfortegnelsen i {where} har ikke sidetall."


def number_toc_pages(documents: Sequence[Path], fill: Fill, *, pdf_folder: Path | None = None, workers: int = 2,
                     progress: Callable[[int], None] | None = None) -> bool:
    """Fill the TOC page numbers of the .docx files ``documents`` (changed in place).

    With ``pdf_folder`` the PDFs (``<stem>.pdf``) are exported there from the numbered
    documents. ``progress(n)`` is called as documents are finished. Returns False, with the
    documents unchanged and no PDFs, when LibreOffice's Python (``uno``) is missing.

    Only the first document is laid out before it is numbered: the others (the same agreement
    for other municipalities) start from its pages, and the checking pass, which lays each out
    anyway, corrects those where a heading landed elsewhere. All passes share one office
    (session.py), so LibreOffice starts once.
    """
    from .session import office

    if not documents:
        return True
    with office(workers), tempfile.TemporaryDirectory(prefix="agreement-measure-") as scratch:
        first = run_libreoffice(documents[:1], Path(scratch), "measure", workers=workers)
        if first is None:
            return False
        pages = {document: first[documents[0]] for document in documents}
        pending = list(documents)
        for _ in range(MAX_PASSES):
            for document in pending:
                fill(document, pages[document])
            mode = "pdf" if pdf_folder else "measure"
            again = run_libreoffice(pending, pdf_folder or Path(scratch), mode, workers=workers)
            stable = [document for document in pending if again[document] == pages[document]]
            if progress:
                progress(len(stable))
            pending = [document for document in pending if document not in stable]
            if not pending:
                return True
            pages.update({document: again[document] for document in pending})
        for document in pending:  # never seen settle; keep the last layout's numbers
            fill(document, pages[document])
        if pdf_folder:
            run_libreoffice(pending, pdf_folder, "pdf", workers=workers)
        if progress:
            progress(len(pending))
        return True


def number_and_export(documents: Sequence[Path], fill: Fill, *, pdf: bool, workers: int = 2,
                      progress: Callable[[int], None] | None = None) -> bool:
    """Number the TOCs of ``documents`` (in one folder, changed in place); with ``pdf``, PDFs beside them.

    Returns whether the TOCs got page numbers (False without LibreOffice's ``uno``: the PDFs
    are then made by plain ``soffice --convert-to``, their TOC without numbers).
    """
    folder = documents[0].parent
    numbered = number_toc_pages(documents, fill, pdf_folder=folder if pdf else None, workers=workers,
                                progress=progress)
    if pdf and not numbered:
        convert_to_pdf(documents, folder, workers=workers, progress=progress)
    return numbered


def publish_numbered(render: Callable[[Path], None], target: Path, fill: Fill, *, pdf: bool,
                     overwrite: bool) -> bool:
    """Render one document with TOC page numbers onto ``target`` (and its PDF beside it, with ``pdf``).

    ``render(path)`` writes the .docx to a path in a temporary folder; the numbered document
    (and PDF) are then moved in place whole, or nothing is. Returns whether the TOC got numbers.
    """
    for path in (target, target.with_suffix(".pdf")) if pdf else (target,):
        check_target(path, overwrite=overwrite)
    with tempfile.TemporaryDirectory(prefix="agreement-pages-") as folder:
        staged = Path(folder) / f"{target.stem}.docx"
        render(staged)
        numbered = number_and_export([staged], fill, pdf=pdf, workers=1)
        outputs = {target: staged, target.with_suffix(".pdf"): staged.with_suffix(".pdf")} if pdf else {
            target: staged}
        for path, source in outputs.items():
            with atomic_output(path, overwrite=overwrite) as temporary:
                shutil.copyfile(source, temporary)
    return numbered
