"""Reading a user's Word template: a regular file, a Word package, no zip bomb.

The template is read once into memory and checked before any library parses it: the size of
the file and of each part (declared sizes bound what zipfile will inflate), the compression
ratio, and the content type of the main part. A Word template (.dotx) is accepted and given
the content type of a document, as Word does when it makes a document from a template.

A minimal stand-in for the shared package pre-scan (``package_limits``); the limits match it.
"""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

from ..errors import AgreementError

MB = 1024 * 1024
FILE_LIMIT = 50 * MB
PART_LIMIT = 50 * MB
PACKAGE_LIMIT = 200 * MB  # all parts together, uncompressed
RATIO_LIMIT = 200  # uncompressed / compressed, for parts larger than RATIO_FROM
RATIO_FROM = 5 * MB
PARTS_LIMIT = 10_000

_TYPES = "[Content_Types].xml"
_DOCUMENT = b"wordprocessingml.document.main+xml"
_TEMPLATE = b"wordprocessingml.template.main+xml"


class TemplateProblem(AgreementError):
    """The template cannot be used: unreadable, not Word, bad Jinja syntax, unknown variable, past a budget."""


def read_template(path: Path) -> bytes:
    """The bytes of the Word package at ``path``, checked; raises :class:`TemplateProblem`."""
    status = _status(path)
    if stat.S_ISDIR(status.st_mode):
        raise TemplateProblem(f"{path}: er en mappe, ikke en Word-mal (.docx)")
    if not stat.S_ISREG(status.st_mode):  # a FIFO or a device: never opened
        raise TemplateProblem(f"{path}: er ikke en vanlig fil, så den brukes ikke som Word-mal")
    if status.st_size > FILE_LIMIT:
        raise TemplateProblem(f"{path}: malen er for stor ({status.st_size // MB} MB, grensen er "
                              f"{FILE_LIMIT // MB} MB)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateProblem(f"{path}: malen kan ikke leses ({exc.strerror or type(exc).__name__})") from None
    return word_package(data, path)


def _status(path: Path):
    try:
        return path.stat()
    except FileNotFoundError:
        raise TemplateProblem(f"{path}: malen finnes ikke") from None
    except OSError as exc:
        raise TemplateProblem(f"{path}: malen kan ikke leses ({exc.strerror or type(exc).__name__})") from None


def word_package(data: bytes, path: Path) -> bytes:
    """``data`` if it is a Word document within the limits; a .dotx comes back as a document."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise TemplateProblem(f"{path}: er ikke et Word-dokument (.docx)") from None
    with package:
        _check_sizes(package, path)
        try:
            types = package.read(_TYPES) if _TYPES in package.namelist() else b""
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
            raise TemplateProblem(f"{path}: malen er skadet og kan ikke leses") from None
    if _DOCUMENT in types:
        return data
    if _TEMPLATE in types:
        from .finish import reproducible_zip

        return reproducible_zip(data, lambda name, content: content.replace(_TEMPLATE, _DOCUMENT)
                                if name == _TYPES else content)
    kind = ""
    if b"spreadsheetml" in types:
        kind = " – det er et regneark"
    elif b"ms-word.document.macroEnabled.main" in types or b"ms-word.template.macroEnabledTemplate.main" in types:
        kind = " – det er et dokument med makroer (.docm); lagre malen som .docx"
    raise TemplateProblem(f"{path}: er ikke et Word-dokument (.docx){kind}")


def _check_sizes(package: zipfile.ZipFile, path: Path) -> None:
    entries = package.infolist()
    if len(entries) > PARTS_LIMIT:
        raise TemplateProblem(f"{path}: malen har for mange deler ({len(entries)}, grensen er {PARTS_LIMIT})")
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > PART_LIMIT or total > PACKAGE_LIMIT:
            raise TemplateProblem(f"{path}: malen er for stor utpakket (delen {entry.filename}; grensen er "
                                  f"{PART_LIMIT // MB} MB per del og {PACKAGE_LIMIT // MB} MB i alt)")
        if entry.file_size > RATIO_FROM and entry.file_size > RATIO_LIMIT * max(entry.compress_size, 1):
            raise TemplateProblem(f"{path}: malen er mistenkelig sterkt komprimert (delen {entry.filename}), "
                                  "som en zip-bombe")
