"""Help pages kept from click itself, so ``agreement --help`` answers without loading click.

Importing click alone takes several times as long as starting Python, so a help request that
loads it cannot feel instant. The console scripts (:mod:`.console`) therefore keep what click
printed for an exact help request (:func:`help_request`) in the user's cache folder, one small
file per request and terminal width, and print it again, byte for byte, while nothing it
depends on has changed. The key, stored in the file and compared whole:

- this format, the package's version and folder, the Python interpreter (``sys.executable``,
  ``sys.prefix``, ``sys.version``) and the encoding of standard output;
- the program name and the request (``agreement validate --help``);
- the terminal's width as click reads it (:func:`terminal_columns`);
- the inode, size, modification and change time of every file the page came from: each module
  of agreement_builder and of click that was loaded when click printed it, the gettext catalogue
  under ``locale/`` (click's texts in bokmål; :mod:`.cli_locale` always chooses bokmål), and the
  folders holding them (a file added to one changes the folder).

A file that is missing, damaged, foreign, a symbolic link, or written for another key is
ignored: the command then runs as always and the file is written again, atomically (a new file
beside it, then renamed over it: a link in its place is replaced, never followed). Nothing here
raises: a cache that cannot be read or written only costs the time click takes.

``AGREEMENT_BUILDER_CACHE`` names another cache folder; set to ``0`` it turns the cache off
(:func:`.user_cache.cache_dir`). This module imports only ``os``, ``sys`` and ``binascii`` (for a CRC-32).
"""

import binascii
import os
import sys

from .user_cache import cache_dir

FORMAT = "agreement_builder help page 1"
HELP_OPTIONS = ("-h", "--help")
GROUPS = ("agreement",)  # console scripts whose commands have help pages of their own
_COMMAND_NAME = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
_SOURCES = ("agreement_builder", "click")  # packages whose loaded modules the page depends on
_CATALOGUE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")
_MAX_BYTES = 1 << 18  # a page with its key is a few kilobytes
_KEEP = 100  # pages kept in the folder (a few kilobytes each); the oldest go first
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def help_request(name: str, args: list[str]) -> tuple[str, ...] | None:
    """``args`` as a tuple when they are exactly a help request the cache may answer for console script ``name``.

    Accepted: ``-h`` or ``--help`` alone, and for ``agreement`` a command name followed by one of
    them. None for anything else, when a shell asks click for completions (``_AGREEMENT_COMPLETE``
    and the like), or when standard output is missing or not UTF-8 (click may then re-encode).
    """
    if not args or args[-1] not in HELP_OPTIONS or len(args) > 2 or not _utf8_stdout():
        return None
    if len(args) == 2 and (name not in GROUPS or not _is_command_name(args[0])):
        return None
    if any(variable.startswith("_") and variable.endswith("_COMPLETE") for variable in os.environ):
        return None
    return tuple(args)


def _is_command_name(text: str) -> bool:
    return text[:1].isalpha() and set(text) <= _COMMAND_NAME


def _utf8_stdout() -> bool:
    encoding = getattr(sys.stdout, "encoding", None) or ""
    return encoding.lower().replace("_", "-") in ("utf-8", "utf8")


def terminal_columns() -> int:
    """The columns ``shutil.get_terminal_size()`` gives click's help formatter, read as it reads them.

    ``COLUMNS`` when it is a positive whole number, else the terminal standard output is on, else 80
    (a pipe or a file). Written out here because ``shutil`` loads more than the whole fast path.
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
    except (AttributeError, ValueError, OSError):
        columns = 0
    return columns or 80


def read(name: str, request: tuple[str, ...]) -> str | None:
    """The kept page for ``name`` and ``request`` in this terminal, or None when there is none for exactly this key."""
    columns = terminal_columns()
    path = _path(name, request, columns)
    if path is None:
        return None
    try:
        descriptor = os.open(path, os.O_RDONLY | _NO_FOLLOW | _BINARY)
        try:
            data = _read_all(descriptor)
        finally:
            os.close(descriptor)
        return _page(data.decode("utf-8"), _key(name, request, columns))
    except (OSError, ValueError):  # UnicodeDecodeError is a ValueError
        return None


def _read_all(descriptor: int) -> bytes:
    chunks, size = [], 0
    while chunk := os.read(descriptor, _MAX_BYTES + 1 - size):
        chunks.append(chunk)
        size += len(chunk)
        if size > _MAX_BYTES:
            raise ValueError("not a help page")
    return b"".join(chunks)


def _page(content: str, key: str) -> str | None:
    """The page in ``content`` when its key is ``key`` and every file it came from is as it was."""
    fields = content.split("\0")
    if len(fields) < 5 or fields[0] != FORMAT or fields[1] != key or not fields[2].isdigit():
        return None
    count = int(fields[2])
    if len(fields) != count + 5 or fields[-2] != _check(fields[-1]):  # a damaged page
        return None
    for entry in fields[3:3 + count]:
        path = entry.split(" ", 4)[-1]
        if entry != _stamped(path):
            return None
    return fields[-1]


def write(name: str, request: tuple[str, ...], page: str, columns: int) -> None:
    """Keep ``page``, what click printed for ``request`` in a terminal of ``columns``; nothing when it cannot.

    Called after the command ran, with click and the modules it used loaded: those are the files
    the page depends on. Nothing is kept when caching is off, when ``columns`` is not what
    :func:`terminal_columns` reads here (so the fast path would not find the same width), or when a
    file cannot be stat'ed or written.
    """
    path = _path(name, request, columns)
    if path is None or columns != terminal_columns() or "\0" in page:
        return
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)  # first: the folder may sit in one the page depends on
        entries = [_stamped(source) for source in _dependencies()]
        content = "\0".join((FORMAT, _key(name, request, columns), str(len(entries)), *entries,
                             _check(page), page))
        _replace(path, content.encode("utf-8"))
        _prune(os.path.dirname(path))
    except (OSError, ValueError):
        return


def _prune(folder: str) -> None:
    """Keep the :data:`_KEEP` most recently written pages (each width and version has its own).

    Only files named exactly as :func:`_path` names pages are counted or removed: the folder may be
    one the user chose (``AGREEMENT_BUILDER_CACHE``) and hold files of their own.
    """
    pages = [entry for entry in os.scandir(folder)
             if _is_page_name(entry.name) and entry.is_file(follow_symlinks=False)]
    if len(pages) > _KEEP:
        pages.sort(key=lambda entry: entry.stat(follow_symlinks=False).st_mtime_ns, reverse=True)
        for entry in pages[_KEEP:]:
            os.unlink(entry.path)


def _is_page_name(name: str) -> bool:
    """Whether ``name`` is one :func:`_path` gives: ``help_PROGRAM_REQUEST_COLUMNS_CRC.txt``."""
    stem, dot, suffix = name.rpartition(".")
    parts = stem.split("_")
    return (dot == "." and suffix == "txt" and len(parts) >= 5 and parts[0] == "help"
            and parts[1] in ("agreement", "build-agreement") and parts[-2].isdigit() and len(parts[-1]) == 8
            and all(char in "0123456789abcdef" for char in parts[-1]))


def _replace(path: str, data: bytes) -> None:
    """Write ``data`` to a new file beside ``path`` and rename it over ``path`` (a link there is replaced)."""
    folder = os.path.dirname(path)
    temporary = os.path.join(folder, f".{os.path.basename(path)}.{os.urandom(6).hex()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW | _BINARY, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _path(name: str, request: tuple[str, ...], columns: int) -> str | None:
    """The file for one key (apart from the files' stamps) in the cache folder, or None when caching is off.

    The name shows the request and width, and ends with a CRC-32 of the whole key, so two
    interpreters or versions each keep their own file instead of writing one in turn.
    """
    folder = cache_dir("help")
    if folder is None:
        return None
    tag = binascii.crc32(_key(name, request, columns).encode("utf-8", "surrogateescape"))
    return os.path.join(folder, f"help_{name}_{'_'.join(request)}_{columns}_{tag:08x}.txt")


def _key(name: str, request: tuple[str, ...], columns: int) -> str:
    """What the page depends on apart from its files, as one line."""
    package = os.path.dirname(os.path.abspath(__file__))
    version = getattr(sys.modules.get(__name__.partition(".")[0]), "__version__", "")  # loaded with this module
    stdout = f"{getattr(sys.stdout, 'encoding', None)}/{getattr(sys.stdout, 'errors', None)}"
    fields = (FORMAT, f"agreement_builder {version} {package}", sys.executable, sys.prefix, sys.version,
              f"{name} {' '.join(request)}", f"columns {columns}", f"stdout {stdout}")
    return "\x1f".join(fields)


def _dependencies() -> list[str]:
    """The files and folders the page came from: loaded modules of agreement_builder and click, the catalogue."""
    files = set()
    for module_name, module in list(sys.modules.items()):
        source = getattr(module, "__file__", None)
        if module_name.partition(".")[0] in _SOURCES and source:
            files.add(os.path.abspath(source))
    if not any(os.path.basename(os.path.dirname(path)) == "click" for path in files):
        raise ValueError("click is not loaded: the page did not come from it")
    for folder, _, names in os.walk(_CATALOGUE):
        files.add(folder)
        files.update(os.path.join(folder, name) for name in names)
    files.update({os.path.dirname(path) for path in files})
    return sorted(files)


def _check(page: str) -> str:
    """The page's length and CRC-32, so a damaged file is told from a whole one."""
    data = page.encode("utf-8")
    return f"{len(data)} {binascii.crc32(data)}"


def _stamped(path: str) -> str:
    """``path`` with its inode, size, modification and change time in front (raises OSError when it is gone)."""
    status = os.stat(path)
    return f"{status.st_ino} {status.st_size} {status.st_mtime_ns} {status.st_ctime_ns} {path}"
