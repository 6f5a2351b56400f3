"""The hand-written zip writer: packages read back by zipfile and LibreOffice, compressed parts copied as they are."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile

import pytest

from agreement_builder.render import package_zip
from agreement_builder.render.finish import reproducible_zip
from agreement_builder.pdf import find_soffice

PARTS = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document>" + b"tekst " * 5000 + b"</w:document>",
         "word/m\u00e5l.xml": "<a>æøå</a>".encode(), "docProps/thumbnail.jpeg": bytes(range(256)) * 10}


def zipfile_package(method: int = zipfile.ZIP_DEFLATED, times=(2024, 5, 17, 12, 30, 4)) -> bytes:
    """A package written by zipfile, the way python-docx saves one."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in PARTS.items():
            archive.writestr(zipfile.ZipInfo(name, times), data, compress_type=method)
    return buffer.getvalue()


def test_written_package_reads_back_whole_with_fixed_times():
    data = package_zip.write_zip(package_zip.compressed(name, content) for name, content in PARTS.items())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == list(PARTS)
        for info in archive.infolist():
            assert archive.read(info) == PARTS[info.filename]
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.external_attr >> 16 == 0o644


def test_stored_parts_are_copied_without_recompressing():
    source = zipfile_package()
    entries = package_zip.read_entries(source)
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        for entry, info in zip(entries, archive.infolist()):
            start = source.index(entry.stored)
            assert len(entry.stored) == info.compress_size and start > info.header_offset
            assert package_zip.content(entry) == PARTS[entry.name]


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2])
def test_any_package_is_rewritten_with_the_same_parts(method):
    rewritten = reproducible_zip(zipfile_package(method))
    with zipfile.ZipFile(io.BytesIO(rewritten)) as archive:
        assert archive.testzip() is None
        assert {name: archive.read(name) for name in archive.namelist()} == PARTS
        assert {info.compress_type for info in archive.infolist()} <= {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}


def test_rewriting_gives_the_bytes_zipfile_gave_with_fixed_times():
    # What reproducible_zip wrote before it had its own writer: every part recompressed by zipfile.
    expected = io.BytesIO()
    with zipfile.ZipFile(expected, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in PARTS.items():
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            archive.writestr(info, data)
    assert reproducible_zip(zipfile_package()) == expected.getvalue()


def test_only_touched_parts_are_changed():
    seen = []

    def change(name: str, data: bytes) -> bytes:
        seen.append(name)
        return data.replace(b"tekst", b"TEKST")

    rewritten = reproducible_zip(zipfile_package(), change, touches=lambda name: name.startswith("word/d"))
    assert seen == ["word/document.xml"]
    with zipfile.ZipFile(io.BytesIO(rewritten)) as archive:
        assert archive.read("word/document.xml").count(b"TEKST") == 5000
        assert archive.read("word/m\u00e5l.xml") == PARTS["word/m\u00e5l.xml"]


def test_a_local_header_that_disagrees_with_the_directory_is_refused():
    source = bytearray(zipfile_package())
    start = source.index(b"word/document.xml")  # the first occurrence is the local header's name
    source[start:start + 4] = b"WORD"
    with pytest.raises(zipfile.BadZipFile):
        package_zip.read_entries(bytes(source))


@pytest.mark.skipif(not find_soffice() and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_a_batch_document(example_path, tmp_path):
    from click.testing import CliRunner

    from agreement_builder.cli import build_agreement

    result = CliRunner().invoke(build_agreement, [str(example_path), "--per-municipality", "-o", str(tmp_path / "k")])
    assert result.exit_code == 0, result.output
    document = next((tmp_path / "k").glob("* - 3405 Lillehammer.docx"))
    shutil.copy(document, tmp_path / "lillehammer.docx")
    subprocess.run([find_soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path}/profil", "--convert-to",
                    "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(tmp_path / "lillehammer.docx")],
                   check=True, capture_output=True, timeout=120)
    text = (tmp_path / "lillehammer.txt").read_text(encoding="utf-8-sig")
    assert "Partene i avtalen er Sykehuset Innlandet HF og Lillehammer kommune (kommunenummer 3405)." in text


def test_a_document_is_zipped_once_as_python_docx_would_save_it(tmp_path):
    from agreement_builder.render.docx import DEFAULT_TEMPLATE, fill_template
    from agreement_builder.render.finish import package_bytes

    document = fill_template(DEFAULT_TEMPLATE.read_bytes(), "mal.docx", _sample_context())
    saved = io.BytesIO()
    document.save(saved)
    assert package_bytes(document) == reproducible_zip(saved.getvalue())


def test_large_parts_compressed_once_are_copied_from_the_compiled_template(tmp_path, monkeypatch):
    from agreement_builder.render import finish
    from agreement_builder.render.docx import DEFAULT_TEMPLATE, fill_template
    from agreement_builder.render.sandbox import jinja_environment
    from agreement_builder.render.template_cache import CompiledTemplate

    monkeypatch.setenv("AGREEMENT_BUILDER_CACHE", str(tmp_path))
    data = DEFAULT_TEMPLATE.read_bytes()
    compiled = CompiledTemplate.load(data, jinja_environment())
    first = finish.package_bytes(fill_template(data, "mal.docx", _sample_context(), compiled=compiled), compiled)
    assert compiled.parts  # styles and the like, at least LARGE_PART each
    compiled.save()
    again = CompiledTemplate.load(data, jinja_environment())
    calls = []
    monkeypatch.setattr(finish, "compressed", lambda *args: calls.append(args[0]) or package_zip.compressed(*args))
    second = finish.package_bytes(fill_template(data, "mal.docx", _sample_context(), compiled=again), again)
    assert second == first
    with zipfile.ZipFile(io.BytesIO(second)) as archive:
        large = {info.filename for info in archive.infolist() if info.file_size >= finish.LARGE_PART}
    assert large - {"word/document.xml"} and not large & set(calls) - {"word/document.xml"}
    assert "word/document.xml" in calls and "word/document.xml" not in again.parts  # made from the workbook


def _sample_context() -> dict:
    from agreement_builder.render.context import build_context
    from agreement_builder.validation import validate
    from agreement_builder.workbook import read_workbook

    from conftest import EXAMPLE

    agreement = read_workbook(EXAMPLE).agreement
    return build_context(agreement, validate(agreement))
