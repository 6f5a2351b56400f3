"""Checking images before they may reach a document: PNG, JPEG or GIF, bounded in bytes and pixels.

An image comes from inside the workbook's package (a picture placed on a sheet) or from a file the
workbook names in a cell; such a file must lie in the workbook's own folder or below it (no absolute
paths, no ``..``, no link that leads out), and is read at most :data:`IMAGE_BYTES` + 1 bytes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

from ..model import Figure, FigureProblem

IMAGE_BYTES = 10 * 1024 * 1024
MAX_SIDE = 10_000  # pixels along either side
MAX_PIXELS = 40_000_000
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def image_figure(data: bytes, source: str, alt: str) -> Figure:
    """A :class:`Figure` of ``data`` when it is a PNG, JPEG or GIF within the limits; else one with a problem."""
    if len(data) > IMAGE_BYTES:
        return Figure(source, alt, problem=FigureProblem.TOO_LARGE)
    media_type = next((kind for magic, kind in _MAGIC if data.startswith(magic)), "")
    size = _pixel_size(data) if media_type else None
    if size is None:
        return Figure(source, alt, problem=FigureProblem.NOT_IMAGE)
    width, height = size
    if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
        return Figure(source, alt, problem=FigureProblem.TOO_MANY_PIXELS)
    return Figure(source, alt, data, media_type, width, height)


def _pixel_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the image's header (python-docx's reader), None when it cannot be read."""
    from docx.image.image import Image

    try:
        image = Image.from_blob(data)
    except Exception:  # the header readers raise several types for damaged images
        return None
    if image.px_width <= 0 or image.px_height <= 0:
        return None
    return image.px_width, image.px_height


def safe_relative(target: str) -> PurePosixPath | None:
    """``target`` as a relative path without ``..``; None for absolute paths, drives, URLs and ``..``."""
    target = target.strip().replace("\\", "/")
    if not target or target.startswith("/") or ":" in target:
        return None
    path = PurePosixPath(target)
    if any(part in ("..", "") for part in path.parts):
        return None
    return path


def file_figure(folder: Path | None, target: str, alt: str) -> Figure:
    """The image file ``target`` (relative to ``folder``, the workbook's folder) as a checked :class:`Figure`.

    ``folder`` None (a workbook not saved to a folder) finds no file, but a path that would leave any
    folder is still called outside.
    """
    relative = safe_relative(target)
    if relative is None:
        return Figure(target, alt, problem=FigureProblem.OUTSIDE)
    if folder is None:
        return Figure(target, alt, problem=FigureProblem.MISSING)
    base = folder.resolve()
    try:
        resolved = (base / relative).resolve(strict=True)
    except (OSError, RuntimeError):
        return Figure(target, alt, problem=FigureProblem.MISSING)
    if not resolved.is_relative_to(base):
        return Figure(target, alt, problem=FigureProblem.OUTSIDE)
    data = _read_bounded(resolved)
    if data is None:
        return Figure(target, alt, problem=FigureProblem.MISSING)
    return image_figure(data, target, alt)


def _read_bounded(path: Path) -> bytes | None:
    """At most ``IMAGE_BYTES + 1`` bytes of the regular file ``path``; None for anything else."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            return handle.read(IMAGE_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(descriptor)
