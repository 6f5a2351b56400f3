"""Writing output files safely: temp file + rename, never over an existing file unless told."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path
from collections.abc import Iterator

from .errors import OutputError
from .paths import check_output


def input_problem(path: Path, what: str = "fil") -> str | None:
    """Why ``path`` cannot be read as an input file, found without opening it; ``None`` if it can.

    Only ``stat`` is used: opening a named pipe for reading would wait for a writer forever.
    """
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return "filen finnes ikke"
    except OSError as exc:
        return os_problem(exc, "kan ikke leses")
    kinds = (
        (stat.S_ISDIR, f"er en mappe, ikke en {what}"),
        (stat.S_ISFIFO, f"er et navngitt rør (FIFO), ikke en {what} – velg selve filen"),
        (stat.S_ISCHR, f"er en enhet, ikke en {what}"),
        (stat.S_ISBLK, f"er en enhet, ikke en {what}"),
        (stat.S_ISSOCK, f"er en sokkel, ikke en {what}"),
    )
    for test, problem in kinds:
        if test(mode):
            return problem
    if not stat.S_ISREG(mode):
        return f"er ikke en vanlig fil, og kan ikke brukes som {what}"
    if not os.access(path, os.R_OK):
        return "har ikke lesetilgang til filen"
    return None


def os_problem(exc: OSError, doing: str = "kan ikke skrives") -> str:
    """One bokmål phrase for an operating-system error, naming the cause when it is known."""
    causes = {
        errno.ENOSPC: "disken er full",
        errno.EDQUOT: "diskkvoten er brukt opp",
        errno.EACCES: "mangler tilgang",
        errno.EPERM: "mangler tilgang",
        errno.EROFS: "disken er skrivebeskyttet",
        errno.ENAMETOOLONG: "navnet er for langt",
        errno.ELOOP: "symbolske lenker peker i ring",
        errno.EISDIR: "er en mappe",
        errno.ENOTDIR: "en del av stien er ikke en mappe",
        errno.EIO: "lese- eller skrivefeil på disken",
        errno.EMFILE: "for mange åpne filer",
    }
    cause = causes.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    return f"{doing} ({cause})"


def check_target(path: Path, *, overwrite: bool) -> None:
    """Raise :class:`OutputError` when ``path`` may not or cannot be written."""
    try:
        _check_target(Path(path), overwrite=overwrite)
    except OSError as exc:  # a name too long, a loop of links, no access to a folder on the way
        raise OutputError(f"{path}: {os_problem(exc)}") from None


def _check_target(path: Path, *, overwrite: bool) -> None:
    if path.is_dir():
        raise OutputError(f"{path}: er en mappe – oppgi et filnavn")
    check_output(path)
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
    try:
        descriptor, name = tempfile.mkstemp(prefix=f".{path.stem[:40]}-", suffix=path.suffix[:20],
                                            dir=path.parent or ".")
    except OSError as exc:
        raise OutputError(f"{path}: {os_problem(exc)}") from None
    os.close(descriptor)
    temporary = Path(name)
    try:
        try:
            yield temporary
            os.chmod(temporary, _mode_for(path))
        except OSError as exc:  # writing the temporary file: disk full, quota, I/O error
            raise OutputError(f"{path}: {os_problem(exc)}") from None
        _replace(temporary, path, overwrite=overwrite)
    finally:
        with contextlib.suppress(OSError):
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
