"""Where outputs may go: file names from cell text, the output folder, and never onto an input.

Every command that writes asks :func:`check_output` (through :func:`agreement_builder.files.check_target`)
before it writes. Names built from cell text go through :func:`clean_file_name` and
:func:`names_in_folder`, so a municipality number such as ``/../../tmp/x`` stays a name.
Inputs are noted as they are read (:func:`note_input`) while a command runs
(:func:`guarding_inputs`); an output that is the same file as a noted input (the same path,
a symbolic link or a hard link to it) is refused whatever ``--overwrite`` says.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OutputError
from .user_cache import user_cache_dir

MAX_NAME_CHARS = 150
MAX_NAME_BYTES = 240  # most file systems allow 255 bytes per name
_SEPARATORS = re.compile(r'[\\/:*?"<>|]+')
_SPACES = re.compile(r"\s+")
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?", re.IGNORECASE)


def clean_file_name(text: str, *, fallback: str = "uten navn") -> str:
    """``text`` as a safe single file name on Windows, macOS and Linux.

    Control, format (bidi overrides, zero-width) and unassigned characters go; path separators
    and the characters Windows forbids become «-»; leading dots, trailing dots and spaces go;
    Windows device names (CON, NUL, COM1 …) get a «_» in front; the result is at most
    :data:`MAX_NAME_CHARS` characters and :data:`MAX_NAME_BYTES` bytes in UTF-8.
    """
    text = unicodedata.normalize("NFC", str(text))
    text = "".join(" " if char.isspace() else char for char in text if unicodedata.category(char)[0] != "C"
                   or char.isspace())
    text = _SPACES.sub(" ", _SEPARATORS.sub("-", text))
    text = shorten_middle(text.strip().lstrip(".").strip().rstrip(". ")).rstrip(". ")
    if _RESERVED.fullmatch(text):
        text = f"_{text}"
    return text or fallback


def file_name(stem: str, suffix: str) -> str:
    """A cleaned name ``stem + suffix``, shortened in the middle of the stem so its end and the suffix survive.

    Names are built as «workbook - 3401 Kongsvinger»: what tells the files apart is at the end,
    so a long workbook name must not push it out.
    """
    stem = clean_file_name(stem, fallback="")
    room = MAX_NAME_CHARS - len(suffix)
    return f"{shorten_middle(stem, room, MAX_NAME_BYTES - len(suffix.encode('utf-8'))) or 'uten navn'}{suffix}"


def shorten_middle(text: str, chars: int = MAX_NAME_CHARS, size: int = MAX_NAME_BYTES) -> str:
    """``text`` within ``chars`` characters and ``size`` UTF-8 bytes, cut in the middle («…») when it is longer."""
    if len(text) <= chars and len(text.encode("utf-8")) <= size:
        return text
    head, tail = text[:chars // 2], text[len(text) - (chars - chars // 2 - 1):]
    while len(f"{head}…{tail}".encode()) > size:
        head, tail = (head[:-1], tail) if len(head) >= len(tail) else (head, tail[1:])
    return f"{head.rstrip()}…{tail.lstrip()}"


def unique_names(names: Sequence[str]) -> list[str]:
    """``names`` made distinct ignoring case (as Windows and macOS compare): «a.docx», «a (2).docx»."""
    taken: set[str] = set()
    result = []
    for name in names:
        stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
        candidate, number = name, 1
        while _fold(candidate) in taken:
            number += 1
            candidate = f"{stem} ({number}){dot}{suffix}"
        taken.add(_fold(candidate))
        result.append(candidate)
    return result


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def names_in_folder(folder: Path, names: Iterable[str]) -> list[Path]:
    """Paths for ``names`` (cleaned already) inside ``folder``; refuses any that would land outside it."""
    base = Path(os.path.abspath(folder)).resolve()
    paths = []
    for name in unique_names(list(names)):
        path = Path(folder) / name
        if Path(name).name != name or not _inside(base, path.resolve()):
            raise OutputError(f"{folder}: filnavnet «{name}» ville havnet utenfor mappen – ingenting er skrevet")
        paths.append(path)
    return paths


def _inside(base: Path, path: Path) -> bool:
    return path.parent == base


# --- outputs are never inputs ---------------------------------------------------------------
@dataclass
class _Guard:
    inputs: dict[tuple[int, int], Path] = field(default_factory=dict)  # (device, inode) → path read
    in_place: set[tuple[int, int]] = field(default_factory=set)  # inputs the user asked to change


_GUARD: contextvars.ContextVar[_Guard | None] = contextvars.ContextVar("guard", default=None)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None  # nothing there (or not reachable): it cannot be an input
    return status.st_dev, status.st_ino


def same_file(first: Path, second: Path) -> bool:
    """Whether two paths are (or would become) one file, erring towards «yes».

    One file when both exist and have the same device and inode (links, case, short names); or
    when their resolved paths are equal without regard to case (``os.path.normcase`` and
    ``casefold``): on the case-insensitive file systems of Windows and macOS they are one file,
    and elsewhere refusing a pair that differs only in case costs only another name.
    """
    one, other = _identity(first), _identity(second)
    if one is not None and other is not None:
        return one == other
    resolved = [os.path.normcase(str(Path(path).resolve())) for path in (first, second)]
    return resolved[0] == resolved[1] or resolved[0].casefold() == resolved[1].casefold()


@contextlib.contextmanager
def guarding_inputs() -> Iterator[None]:
    """While a command runs: remember what it reads, so nothing is written onto it."""
    token = _GUARD.set(_Guard())
    try:
        yield
    finally:
        _GUARD.reset(token)


def note_input(path: Path) -> None:
    """Remember ``path`` (if it exists) as an input of the running command."""
    guard, identity = _GUARD.get(), _identity(path)
    if guard is not None and identity is not None:
        guard.inputs.setdefault(identity, Path(path))


@contextlib.contextmanager
def changing_in_place(path: Path) -> Iterator[None]:
    """Allow writing onto input ``path`` (only ``--in-place`` asks for this)."""
    guard, identity = _GUARD.get(), _identity(path)
    if guard is None or identity is None:
        yield
        return
    guard.in_place.add(identity)
    try:
        yield
    finally:
        guard.in_place.discard(identity)


def check_output(path: Path) -> None:
    """Refuse ``path`` if it is (or links to) a file the running command reads."""
    guard, identity = _GUARD.get(), _identity(path)
    if guard is None or identity is None or identity in guard.in_place:
        return
    source = guard.inputs.get(identity)
    if source is not None:
        same = "" if Path(source) == Path(path) else f" (samme fil som {source})"
        raise OutputError(f"{path}: er en av filene som leses{same} – velg et annet navn for utfilen; "
                          "bare validate --in-place kan endre arbeidsboken")


# --- a folder named in a cell ------------------------------------------------------------------
_FILE_SUFFIXES = frozenset({".docx", ".docm", ".doc", ".dotx", ".xlsx", ".xlsm", ".xls", ".pdf", ".odt", ".ods"})


def folder_from_text(text: str, base: Path | None) -> Path:
    """The folder that cell ``text`` names; a relative one is taken from ``base``.

    Raises :class:`ValueError` with a bokmål reason when the text cannot be a folder on this
    machine: control, format (bidi, zero-width) or unassigned characters, a web address, a
    file name rather than a folder, a relative path when there is no ``base``, or an existing
    file. The text is not otherwise interpreted (no environment variables); only «~» is the
    user's home folder.
    """
    text = unicodedata.normalize("NFC", str(text)).strip()
    if any(unicodedata.category(char)[0] == "C" for char in text):
        raise ValueError("inneholder usynlige tegn eller kontrolltegn – skriv mappen inn på nytt")
    if "://" in text:
        raise ValueError("er en nettadresse – skriv en mappe på maskinen, f.eks. C:\\Avtaler")
    folder = Path(os.path.expanduser(text))
    if folder.suffix.lower() in _FILE_SUFFIXES:
        raise ValueError("ser ut som et filnavn – skriv bare mappen; filnavnet lager verktøyet")
    if not folder.is_absolute():
        if base is None:
            raise ValueError("er en relativ sti, og arbeidsboken ligger ikke i en mappe på maskinen – skriv hele "
                             "stien, f.eks. C:\\Avtaler")
        folder = Path(base) / folder
    try:
        is_file = folder.exists() and not folder.is_dir()
    except OSError:
        is_file = False  # unreachable or a name too long: writing names the cause
    if is_file:
        raise ValueError(f"{folder} er en fil, ikke en mappe")
    return folder


def user_cache_folder() -> Path:
    """The user's cache folder for agreement_builder (see :func:`.user_cache.user_cache_dir`).

    What is kept there (compiled templates, LibreOffice profiles, help pages) is only ever reused, never an output.
    """
    return Path(user_cache_dir())
