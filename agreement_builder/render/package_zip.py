"""A Word package's zip written by hand: fixed times, and compressed parts copied as they are.

Python's :mod:`zipfile` can only add a part by compressing it, so rewriting a package (fixed
times, one part changed) decompresses and compresses every part again, and a batch of 42
documents compressed the same 790 KB of styles 42 times. Here a part is an :class:`Entry` that
holds its compressed bytes: read out of an existing package without decompressing
(:func:`read_entries`), or compressed once (:func:`compressed`), and :func:`write_zip` lays
them out with local headers and a central directory. The output is a plain zip (no zip64, no
data descriptors, UTF-8 names flagged), with the same fields :mod:`zipfile` writes, so a
package that went through :mod:`zipfile` before gives the same bytes now.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable
from typing import NamedTuple

_LOCAL = struct.Struct("<4s2B4HL2L2H")  # as zipfile.structFileHeader
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # as zipfile.structCentralDir
_END = struct.Struct("<4s4H2LH")  # as zipfile.structEndArchive
_VERSION = 20  # zip 2.0: deflate
_UNIX = 3  # "made by" system: permissions in the high bits of the external attributes
_UTF8 = 0x800
_FIXED_DATE = (1 << 5) | 1  # 1980-01-01 in MS-DOS form, time 00:00:00
_FILE_MODE = 0o644 << 16
_LIMIT = 0xFFFFFFFF  # beyond this a zip needs zip64, which no Word package here comes near


class Entry(NamedTuple):
    """One part of a package as it is stored: name, CRC-32 and size of the content, stored bytes, method."""

    name: str
    crc: int
    size: int
    stored: bytes
    method: int = zipfile.ZIP_DEFLATED


def compressed(name: str, content: bytes) -> Entry:
    """The part ``name`` with ``content`` deflated at zipfile's default level."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return Entry(name, zlib.crc32(content), len(content), compressor.compress(content) + compressor.flush())


def read_entries(package: bytes) -> list[Entry]:
    """The parts of the zip ``package`` in its order, stored bytes sliced out without decompressing.

    A part stored with another method than deflate or none is decompressed and deflated again;
    raises :class:`zipfile.BadZipFile` for a package whose headers do not agree.
    """
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return [_entry(archive, package, info) for info in archive.infolist()]


def content(entry: Entry) -> bytes:
    """The uncompressed content of ``entry``."""
    if entry.method == zipfile.ZIP_STORED:
        return entry.stored
    return zlib.decompress(entry.stored, -15)


def write_zip(entries: Iterable[Entry]) -> bytes:
    """A zip of ``entries`` in order, every entry dated 1980-01-01 00:00 with mode 0644."""
    chunks: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for entry in entries:
        name = entry.name.encode("utf-8")
        flags = 0 if entry.name.isascii() else _UTF8
        if max(entry.size, len(entry.stored), offset) > _LIMIT:
            raise ValueError(f"{entry.name}: too large for a zip without zip64")
        local = _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, flags, entry.method, 0, _FIXED_DATE, entry.crc,
                            len(entry.stored), entry.size, len(name), 0)
        directory.append(_CENTRAL.pack(b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, flags, entry.method, 0,
                                       _FIXED_DATE, entry.crc, len(entry.stored), entry.size, len(name), 0, 0, 0,
                                       0, _FILE_MODE, offset) + name)
        chunks += (local, name, entry.stored)
        offset += len(local) + len(name) + len(entry.stored)
    central = b"".join(directory)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(directory), len(directory), len(central), offset, 0)
    return b"".join(chunks) + central + end


def _entry(archive: zipfile.ZipFile, package: bytes, info: zipfile.ZipInfo) -> Entry:
    if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
        return compressed(info.filename, archive.read(info))  # encrypted fails here, as zipfile reads it
    start = info.header_offset
    header = _LOCAL.unpack_from(package, start)
    if header[0] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"{info.filename}: bad local header")
    name_length, extra_length = header[-2], header[-1]
    begin = start + _LOCAL.size + name_length + extra_length
    if package[start + _LOCAL.size:start + _LOCAL.size + name_length] != info.orig_filename.encode(
            "utf-8" if info.flag_bits & _UTF8 else "cp437"):
        raise zipfile.BadZipFile(f"{info.filename}: local header names another file")
    stored = package[begin:begin + info.compress_size]
    if len(stored) != info.compress_size:
        raise zipfile.BadZipFile(f"{info.filename}: truncated")
    return Entry(info.filename, info.CRC, info.file_size, stored, info.compress_type)

