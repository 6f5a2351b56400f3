"""Change a workbook where it lies, safely: a lock, a fresh backup, then an atomic replace.

- Two runs on the same workbook cannot interleave: an OS lock (``flock``/``msvcrt.locking``) on a
  lock file beside it, released by the OS if the process dies.
- Every run writes a new backup with a unique name, never over an older one and never through a
  symlink planted under its name, and flushes it to disk before the workbook is touched.
- The new workbook is written to a temporary file in the same folder, flushed, and renamed over
  the old one; on any failure the workbook is unchanged and the temporary file is removed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import OutputError
from ..files import os_problem
from ..paths import clean_file_name, shorten_middle

BACKUP_LABEL = "før validering"
NAME_BYTES = 240  # of the backup's and the lock's names, below the 255 most file systems allow


class WorkbookBusy(OutputError):
    """Another run is changing the same workbook."""


def update_in_place(path: Path, change: Callable[[bytes], bytes], *, now: dt.datetime | None = None,
                    label: str = BACKUP_LABEL) -> Path:
    """Replace the workbook at ``path`` by ``change(its bytes)``; return the backup's path (named with ``label``)."""
    real = Path(os.path.realpath(path))
    with _named(path, "kan ikke endres"), workbook_lock(real):
        with _named(path, "kan ikke leses"):
            data = real.read_bytes()
        result = change(data)
        backup = write_backup(real, data, now or dt.datetime.now(), label)
        with _named(path, "kan ikke skrives", f" – arbeidsboken er uendret, og sikkerhetskopien er {backup.name}"):
            replace_atomically(real, result)
    return backup


@contextlib.contextmanager
def _named(path: Path, doing: str, after: str = "") -> Iterator[None]:
    """Turn an operating-system error in the block into one line naming ``path`` and the cause."""
    try:
        yield
    except OSError as exc:
        raise OutputError(f"{path}: {os_problem(exc, doing)}{after}") from None


def backup_name(path: Path, now: dt.datetime, number: int, label: str = BACKUP_LABEL) -> Path:
    """The backup's path: the workbook's name with ``label`` and the time, shortened in the middle if too long."""
    stamp = now.strftime("%Y-%m-%d %H.%M.%S")
    suffix = f" {number}" if number > 1 else ""
    stem = clean_file_name(path.stem, fallback="arbeidsbok")  # no control character from the workbook's name
    return path.with_name(shorten_middle(f"{stem} ({label} {stamp}{suffix})", NAME_BYTES, NAME_BYTES) + path.suffix)


def write_backup(path: Path, data: bytes, now: dt.datetime, label: str = BACKUP_LABEL) -> Path:
    """Write ``data`` to a new file beside ``path``; never reuse a name, never follow a symlink."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for number in range(1, 1000):
        target = backup_name(path, now, number, label)
        try:
            descriptor = os.open(target, flags, 0o644)
        except FileExistsError:
            continue
        except OSError as exc:  # a planted link (ELOOP), no access to the folder, a name too long
            raise OutputError(f"{target}: {os_problem(exc, 'sikkerhetskopien kan ikke skrives')} – "
                              "arbeidsboken er ikke endret") from None
        try:
            _write_all(descriptor, data)
        except OSError as exc:
            os.close(descriptor)
            target.unlink(missing_ok=True)
            raise OutputError(f"{target}: {os_problem(exc, 'sikkerhetskopien kan ikke skrives')} – "
                              "arbeidsboken er ikke endret") from None
        os.close(descriptor)
        _sync_folder(path.parent)
        return target
    raise OutputError(f"{path}: fant ikke et ledig navn for sikkerhetskopien")


def replace_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` beside ``path`` and rename it over ``path``, keeping its permissions."""
    mode = path.stat().st_mode & 0o777
    stem = shorten_middle(path.stem, 100, 100)
    descriptor, name = tempfile.mkstemp(prefix=f".{stem}.", suffix=".tmp", dir=path.parent)
    try:
        _write_all(descriptor, data)
        os.close(descriptor)
        descriptor = -1
        os.chmod(name, mode)
        os.replace(name, path)
    except BaseException:
        if descriptor >= 0:
            os.close(descriptor)
        Path(name).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]
    os.fsync(descriptor)


def _sync_folder(folder: Path) -> None:
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def lock_path(path: Path) -> Path:
    """The lock file beside ``path`` (its name shortened in the middle when the workbook's is long)."""
    return path.with_name(shorten_middle(f".~{path.name}.agreement-lock", NAME_BYTES, NAME_BYTES))


@contextlib.contextmanager
def workbook_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` for the block; :class:`WorkbookBusy` if another run has it."""
    target = lock_path(path)
    for _attempt in range(10):
        descriptor = os.open(target, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        if not _try_lock(descriptor):
            os.close(descriptor)
            raise WorkbookBusy(f"{path}: arbeidsboken endres allerede av en annen kjøring; "
                               "prøv igjen når den er ferdig")
        if _same_file(descriptor, target):
            break
        os.close(descriptor)  # the lock file was removed by the run before us: lock the new one
    else:
        raise WorkbookBusy(f"{path}: fikk ikke låst arbeidsboken")
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            target.unlink()
        os.close(descriptor)


def _same_file(descriptor: int, path: Path) -> bool:
    try:
        here, there = os.fstat(descriptor), os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _try_lock(descriptor: int) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EAGAIN, errno.EDEADLK):
            return False
        raise
    return True
