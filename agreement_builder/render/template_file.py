"""Reading a user's Word template: a regular file, a Word package, no zip bomb.

The shared package pre-scan (:func:`package_limits.check_word_file`) checks the file, each
part and the content type before anything parses it. python-docx then holds every part in
memory at once, so the parts together are bounded here as well, on the bytes read once. A Word
template (.dotx) is accepted and given the content type of a document, as Word does when it
makes a document from a template.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from ..errors import AgreementError
from ..package_limits import LIMITS, check_word_file

MB = 1024 * 1024
FILE_LIMIT = LIMITS.part_bytes  # the template file itself
PACKAGE_LIMIT = 200 * MB  # all parts together, uncompressed (python-docx holds them all)

_TYPES = "[Content_Types].xml"
_DOCUMENT = b"wordprocessingml.document.main+xml"
_TEMPLATE = b"wordprocessingml.template.main+xml"


class TemplateProblem(AgreementError):
    """The template cannot be used: unreadable, not Word, bad Jinja syntax, unknown variable, past a budget."""


def read_template(path: Path) -> bytes:
    """The bytes of the Word package at ``path``, checked; raises :class:`~..errors.AgreementError`."""
    check_word_file(path, "Word-mal")  # a regular file, never opened when it is not one
    try:
        if path.stat().st_size > FILE_LIMIT:
            raise TemplateProblem(f"{path}: malen er for stor (grensen er {FILE_LIMIT // MB} MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateProblem(f"{path}: malen kan ikke leses ({exc.strerror or type(exc).__name__})") from None
    return word_package(data, path)


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

        try:
            return reproducible_zip(data, lambda name, content: content.replace(_TEMPLATE, _DOCUMENT),
                                    touches=lambda name: name == _TYPES)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError):
            raise TemplateProblem(f"{path}: malen er skadet og kan ikke leses") from None
    kind = ""
    if b"spreadsheetml" in types:
        kind = " – det er et regneark"
    elif b"ms-word.document.macroEnabled.main" in types or b"ms-word.template.macroEnabledTemplate.main" in types:
        kind = " – det er et dokument med makroer (.docm); lagre malen som .docx"
    raise TemplateProblem(f"{path}: er ikke et Word-dokument (.docx){kind}")


def _check_sizes(package: zipfile.ZipFile, path: Path) -> None:
    total = sum(entry.file_size for entry in package.infolist())
    if total > PACKAGE_LIMIT:
        raise TemplateProblem(f"{path}: malen er for stor utpakket ({total // MB} MB; grensen er "
                              f"{PACKAGE_LIMIT // MB} MB)")
