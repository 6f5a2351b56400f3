"""The TOC page-number pass over a batch: one document laid out first, the others start from its pages.

LibreOffice is replaced by a layout given as data (which pages each document's headings land on),
so these tests say exactly which passes run and which numbers each document gets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agreement_builder.pdf import pages as layout


@pytest.fixture
def batch(tmp_path, monkeypatch):
    """Three documents; «c» has its last heading a page later than the others; every LibreOffice call recorded."""
    documents = [tmp_path / f"{name}.docx" for name in "abc"]
    for document in documents:
        document.write_bytes(b"")
    truth = {documents[0]: {"_Toc1": 3, "_Toc2": 4}, documents[1]: {"_Toc1": 3, "_Toc2": 4},
             documents[2]: {"_Toc1": 3, "_Toc2": 5}}
    calls: list[tuple[str, list[str]]] = []

    def laid_out(pending, outdir, mode, workers):
        calls.append((mode, [document.stem for document in pending]))
        return {document: truth[document] for document in pending}

    monkeypatch.setattr(layout, "run_libreoffice", laid_out)
    return documents, calls


def test_only_the_first_document_is_laid_out_before_it_is_numbered(batch, tmp_path):
    documents, calls = batch
    filled: dict[str, list[dict]] = {}
    numbered = layout.number_toc_pages(documents, lambda path, pages: filled.setdefault(path.stem, []).append(
        dict(pages)), pdf_folder=tmp_path)
    assert numbered is True
    assert calls == [("measure", ["a"]), ("pdf", ["a", "b", "c"]), ("pdf", ["c"])]
    assert filled["a"] == filled["b"] == [{"_Toc1": 3, "_Toc2": 4}]
    assert filled["c"] == [{"_Toc1": 3, "_Toc2": 4}, {"_Toc1": 3, "_Toc2": 5}], "corrected, and its PDF made again"


def test_progress_counts_every_document_once(batch, tmp_path):
    documents, _ = batch
    counted: list[int] = []
    layout.number_toc_pages(documents, lambda path, pages: None, pdf_folder=tmp_path, progress=counted.append)
    assert sum(counted) == len(documents)


def test_no_documents_need_no_libreoffice(batch):
    _, calls = batch
    assert layout.number_toc_pages([], lambda path, pages: None) is True
    assert calls == []


def test_missing_uno_leaves_every_document_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(layout, "run_libreoffice", lambda documents, outdir, mode, workers: None)
    filled: list[Path] = []
    assert layout.number_toc_pages([tmp_path / "a.docx"], lambda path, pages: filled.append(path)) is False
    assert filled == []
