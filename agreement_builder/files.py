"""Writing output files safely: temp file + rename, never over an existing file unless told."""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import os
import re
import stat
import sys
import tempfile
import time
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
        errno.EFBIG: "filen blir større enn filsystemet tillater",
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
    while not folder.exists() and folder != folder.parent:  # missing folders are made when writing
        folder = folder.parent
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
    created = _make_parents(path.parent if str(path.parent) else Path("."))
    temporary = None
    remove_stale_temporaries(path)
    try:
        try:
            descriptor, name = tempfile.mkstemp(prefix=_temporary_prefix(path) + f"{_host_tag()}.{os.getpid()}-",
                                                suffix=path.suffix[:20], dir=path.parent or ".")
            os.close(descriptor)
            temporary = Path(name)
            yield temporary
            os.chmod(temporary, _mode_for(path))
        except OSError as exc:  # writing the temporary file: disk full, quota, I/O error
            _let_go(exc)
            raise OutputError(f"{path}: {os_problem(exc)}") from None
        _replace(temporary, path, overwrite=overwrite)
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
        if not path.exists():
            _remove_folders(created)


def _temporary_prefix(path: Path) -> str:
    return f".{path.stem[:40]}-"


@functools.cache
def machine_name() -> str:
    """This machine's name, as staging markers and temporary-file names tell machines apart.

    ``os.uname`` (``COMPUTERNAME`` on Windows): loaded already, where ``socket`` would cost every
    build an import.
    """
    return os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")


@functools.cache
def _host_tag() -> str:
    """Six hex digits naming this machine in a temporary file's name (a shared folder may serve several)."""
    import zlib

    return f"{zlib.crc32(machine_name().encode('utf-8', 'replace')):08x}"[:6]


def remove_stale_temporaries(path: Path, *, now: float | None = None) -> list[Path]:
    """Remove the temporary files beside ``path`` that a killed run of ours left; return them.

    Only a regular file of this user named as :func:`atomic_output` names them
    («.STEM-HOST.PID-….SUFFIX») is considered, and only when its process is gone from this machine
    or the file is older than :data:`STALE_AFTER`. Anything else, however it is named, is left alone.
    """
    now = time.time() if now is None else now
    name = r"([0-9a-f]{6})\.(\d+)-[^.]+"  # host tag, process id, mkstemp's random part
    pattern = re.compile(re.escape(_temporary_prefix(path)) + name + re.escape(path.suffix[:20]) + "$")
    removed = []
    try:
        entries = [(entry, pattern.match(entry.name)) for entry in os.scandir(path.parent or ".")]
    except OSError:
        return removed
    for entry, match in entries:
        if match is None:
            continue
        with contextlib.suppress(OSError, ValueError):
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or not _ours(info):
                continue
            pid = int(match.group(2))
            gone = match.group(1) == _host_tag() and pid != os.getpid() and not _process_alive(pid)
            if gone or now - info.st_mtime > STALE_AFTER:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _let_go(exc: BaseException) -> None:
    """Close, quietly, what a writer that failed left open, before the temporary file is removed.

    A library that fails half-way through saving (openpyxl, python-docx) can leave its zip file
    open in the failed frames; closed later by the garbage collector, it tries to write again and
    prints «Exception ignored … No space left on device» after our one line. The error is already
    told, so those frames are let go here and anything they raise while closing is not printed.
    """
    import traceback

    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        traceback.clear_frames(exc.__traceback__)
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _mode_for(path: Path) -> int:
    """The permissions a plain new file would get (mkstemp's are owner-only), or the old file's."""
    if path.exists():
        return path.stat().st_mode & 0o7777
    return 0o666 & ~_umask()


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _replace(temporary: Path, path: Path, *, overwrite: bool) -> None:
    try:
        if overwrite:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if someone created ``path`` meanwhile
    except FileExistsError:
        raise OutputError(f"{path}: finnes allerede – bruk --overwrite for å erstatte den") from None
    except OSError as exc:
        if not overwrite and exc.errno in (errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
            _replace_without_links(temporary, path)  # no hard links (FAT and exFAT say EPERM, some shares)
        elif isinstance(exc, PermissionError):
            raise OutputError(f"{path}: kan ikke skrives – er filen åpen i Word eller et annet program? Lukk den "
                              "og prøv igjen") from None
        else:
            raise OutputError(f"{path}: kan ikke skrives ({exc.strerror or exc})") from None


def _replace_without_links(temporary: Path, path: Path) -> None:
    """Move ``temporary`` onto a ``path`` that must not exist, where the file system has no hard links.

    The name is claimed first with an exclusive create (``O_EXCL``, atomic on local file systems and
    on SMB/NFSv3+), so a file that appeared at ``path`` since it was checked is never replaced; the
    rename then lands on our own empty placeholder. What remains: another program that replaces the
    placeholder in the instant between the create and the rename loses its file, as it would have
    had it written a moment earlier; and on the rare network file system without exclusive create
    the check is only as good as the server's.
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        raise OutputError(f"{path}: finnes allerede – bruk --overwrite for å erstatte den") from None
    except OSError as exc:
        raise OutputError(f"{path}: {os_problem(exc)}") from None
    os.close(descriptor)
    try:
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            path.unlink()  # our empty placeholder, never the user's file
        raise OutputError(f"{path}: {os_problem(exc)}") from None


@contextlib.contextmanager
def atomic_folder(folder: Path, *, overwrite: bool = False) -> Iterator[Path]:
    """Yield an empty staging folder beside ``folder``; on success its files are moved into ``folder``.

    A whole set appears or none: on any error the staging folder and every folder created on
    the way to ``folder`` are removed, and ``folder`` is left as it was. Before anything is
    moved, every name is checked, so an existing file (without ``overwrite``) stops the move.
    """
    import shutil  # here and below: loaded when a folder is written, not for every command

    folder = Path(folder)
    check_output(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: er en fil, ikke en mappe")
    created = _make_parents(folder.parent if str(folder.parent) else Path("."))
    prefix = _staging_prefix(folder)
    remove_stale_staging(folder.parent if str(folder.parent) else Path("."), prefix)
    staging = None
    try:
        staging = Path(tempfile.mkdtemp(prefix=prefix, dir=folder.parent or "."))
        _mark_staging(staging)
    except BaseException as exc:  # also an interruption between making the folder and marking it
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        _remove_folders(created)
        if isinstance(exc, OSError):
            raise OutputError(f"{folder}: {os_problem(exc)}") from None
        raise
    try:
        yield staging
        _move_set(staging, folder, overwrite=overwrite)
    except OutputError as exc:  # name the file the user will look for, not the staging copy
        raise OutputError(str(exc).replace(str(staging), str(folder))) from None
    except OSError as exc:
        _let_go(exc)
        raise OutputError(f"{folder}: {os_problem(exc)}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if not folder.exists():
            _remove_folders(created)


def _make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and missing parents; return the ones created, deepest first."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        try:
            path.mkdir()
        except OSError as exc:
            _remove_folders([p for p in missing if p.exists()])
            raise OutputError(f"{path}: mappen kan ikke opprettes ({os_problem(exc, '').strip(' ()')})") from None
    return missing


def _remove_folders(folders: list[Path]) -> None:
    for path in folders:  # deepest first; only empty ones (rmdir refuses others)
        with contextlib.suppress(OSError):
            path.rmdir()


def _move_set(staging: Path, folder: Path, *, overwrite: bool) -> None:
    """Move the finished files from ``staging`` into ``folder``: one rename when it is new."""
    (staging / STAGING_MARKER).unlink()
    files = sorted(staging.iterdir())
    if not folder.exists():
        os.chmod(staging, 0o777 & ~_umask())
        os.rename(staging, folder)
        return
    for path in files:
        target = folder / path.name
        if target.exists() or target.is_symlink():
            if not overwrite:
                raise OutputError(f"{target}: finnes allerede – bruk --overwrite for å erstatte den")
            check_target(target, overwrite=True)
    for path in files:
        _replace(path, folder / path.name, overwrite=overwrite)


# --- staging folders left behind by a run that was killed ------------------------------------------------
STAGING_MARKER = ".agreement-builder-staging"
STALE_AFTER = 24 * 3600  # seconds; no run takes this long, so a staging folder this old is abandoned


def _staging_prefix(folder: Path) -> str:
    return f".{folder.name[:40]}-"


def _mark_staging(staging: Path) -> None:
    """Write the marker that says whose staging folder this is: our process, on this machine, since when."""
    import json

    marker = {"tool": "agreement_builder", "pid": os.getpid(), "host": machine_name(), "created": time.time()}
    descriptor = os.open(staging / STAGING_MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(marker, handle)


def remove_stale_staging(parent: Path, prefix: str, *, now: float | None = None) -> list[Path]:
    """Remove the staging folders in ``parent`` that a killed run of ours left behind; return them.

    Only a real folder (not a link) named ``prefix…``, owned by this user and holding our marker is
    considered, and only when the marker's process is gone from this machine or the marker is older
    than :data:`STALE_AFTER`. Anything else, however it is named, is left alone.
    """
    import shutil

    now = time.time() if now is None else now
    removed = []
    try:
        entries = [entry for entry in os.scandir(parent) if entry.name.startswith(prefix)]
    except OSError:
        return removed
    for entry in entries:
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False) and _is_abandoned(Path(entry.path), now):
                shutil.rmtree(entry.path)
                removed.append(Path(entry.path))
    return removed


def _is_abandoned(staging: Path, now: float) -> bool:
    import json

    marker_path = staging / STAGING_MARKER
    info = os.lstat(marker_path)
    if not stat.S_ISREG(info.st_mode) or not _ours(info) or not _ours(os.lstat(staging)):
        return False
    try:
        marker = json.loads(marker_path.read_text(encoding="utf-8"))
        pid, host, created = int(marker["pid"]), str(marker["host"]), float(marker["created"])
    except (ValueError, KeyError, TypeError):
        return False
    if marker.get("tool") != "agreement_builder":
        return False
    if now - created > STALE_AFTER:
        return True
    return host == machine_name() and pid != os.getpid() and not _process_alive(pid)


def _ours(info: os.stat_result) -> bool:
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def _process_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine; when unsure, it does (nothing is removed)."""
    if os.name == "nt":  # os.kill(pid, 0) would end the process on Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.windll.kernel32.GetLastError() == 5  # access denied: it exists
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process (EPERM): alive
    return True
