"""Writing output files safely: temp file + rename, never over an existing file unless told."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from collections.abc import Iterator

from .errors import OutputError


def check_target(path: Path, *, overwrite: bool) -> None:
    """Raise :class:`OutputError` when ``path`` may not or cannot be written."""
    if path.is_dir():
        raise OutputError(f"{path}: er en mappe – oppgi et filnavn")
    if path.exists() and not overwrite:
        raise OutputError(f"{path}: finnes allerede – bruk --overwrite for å erstatte den")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.exists():
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise OutputError(f"{path}: mappen {folder} kan ikke opprettes ({exc.strerror or exc})") from None
    if not folder.is_dir():
        raise OutputError(f"{path}: {folder} er ikke en mappe")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"{path}: har ikke skrivetilgang til mappen {folder}")


@contextlib.contextmanager
def atomic_output(path: Path, *, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it is renamed onto ``path``.

    On any error the temporary file is removed and ``path`` is left as it was.
    """
    path = Path(path)
    check_target(path, overwrite=overwrite)
    descriptor, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent or ".")
    os.close(descriptor)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, _mode_for(path))
        _replace(temporary, path, overwrite=overwrite)
    finally:
        temporary.unlink(missing_ok=True)


def _mode_for(path: Path) -> int:
    """The permissions a plain new file would get (mkstemp's are owner-only), or the old file's."""
    if path.exists():
        return path.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _replace(temporary: Path, path: Path, *, overwrite: bool) -> None:
    try:
        if overwrite:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if someone created ``path`` meanwhile
    except FileExistsError:
        raise OutputError(f"{path}: finnes allerede – bruk --overwrite for å erstatte den") from None
    except PermissionError:
        raise OutputError(
            f"{path}: kan ikke skrives – er filen åpen i Word eller et annet program? Lukk den og prøv igjen"
        ) from None
    except OSError as exc:
        if exc.errno in (errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
            os.replace(temporary, path)  # file systems without hard links
        else:
            raise OutputError(f"{path}: kan ikke skrives ({exc.strerror or exc})") from None
