"""Page numbers in a built agreement's table of contents, and PDFs, through LibreOffice (``--toc-pages``, ``--pdf``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .shared import echo, notice


def with_page_numbers(render, target: Path, pdf: bool, overwrite: bool) -> bool:
    """Publish ``target`` rendered by ``render`` with page numbers (and a PDF with ``pdf``); whether they were set."""
    from ..pdf.pages import publish_numbered
    from ..render.toc_pages import fill_toc_pages_file

    label = "Lager PDF med LibreOffice" if pdf else "Setter inn sidetall med LibreOffice"
    echo(f"{label} …", err=True)
    return publish_numbered(render, target, fill_toc_pages_file, pdf=pdf, overwrite=overwrite)


def say_numbered(numbered: bool, pdf: bool, many: bool = False) -> None:
    """A notice when LibreOffice could not set the page numbers (``many``: for several documents)."""
    if not numbered:
        from ..pdf.pages import unnumbered_notice

        notice(unnumbered_notice(pdf, many))


def number_pages(documents: list[Path], pdf: bool) -> bool:
    """Page numbers in the TOCs of ``documents`` (in a staging folder), and PDFs beside them with ``pdf``."""
    from ..pdf.pages import number_and_export
    from ..render.toc_pages import fill_toc_pages_file

    label = "Lager PDF med LibreOffice" if pdf else "Setter inn sidetall med LibreOffice"
    with click.progressbar(length=len(documents), label=label, file=sys.stderr) as bar:
        return number_and_export(documents, fill_toc_pages_file, pdf=pdf, progress=bar.update)
