"""A template compiled once: docxtpl's patched XML and Jinja's code, kept in the user's cache folder.

Rendering the agreement spends about a third of its time turning the same template into the
same Python code: docxtpl patches the Word XML (``patch_xml``), Jinja parses and compiles it;
and compressing the parts every document copies from it unchanged (styles, theme). All are
pure functions of the template and of the library versions, as is what rendering reads from
the template's styles (:mod:`.styles_part`), so the results are kept
in one file per template in the user's cache folder (never beside an output), named by a
digest of its key and loaded only when the key stored in it is exactly the key asked for:
the template's SHA-256, Python's bytecode tag, the Jinja, docxtpl and agreement_builder
versions (with a digest of the modules that render, for a checkout whose version stays), and the
environment's options that change the generated code. A file that is
damaged, or written by another version, is ignored and written again, atomically.

The code still runs in the same sandboxed environment, and a user's template still renders
in its child process (:mod:`.child`): the cache only skips compiling.

``AGREEMENT_BUILDER_CACHE`` names another cache folder; set to ``0`` it turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import marshal
import os
import re
import sys
import tempfile
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import CodeType
from typing import Any

from ..user_cache import cache_dir

_FORMAT = b"agreement_builder compiled template 3\n"
_KEEP = 32  # template files kept in the folder; the oldest go first
_PIECES = 512  # patched parts and compiled sources kept per template (a template has a few)
_RENDERED = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml|docProps/.*|.*\.rels|"
                       r"\[Content_Types\]\.xml")
_ENVIRONMENT_OPTIONS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                        "comment_start_string", "comment_end_string", "line_statement_prefix",
                        "line_comment_prefix", "trim_blocks", "lstrip_blocks", "newline_sequence",
                        "keep_trailing_newline", "optimized", "autoescape", "is_async", "sandboxed",
                        "intercepted_binops", "intercepted_unops")


def cache_folder() -> Path | None:
    """The folder compiled templates are kept in, or None when caching is off (:func:`~..user_cache.cache_dir`)."""
    folder = cache_dir("templates")
    return Path(folder) if folder else None


def template_key(data: bytes, environment: Any) -> bytes:
    """Everything the compiled form of template ``data`` in ``environment`` depends on, as one line."""
    import docxtpl
    import jinja2

    options = ";".join(f"{name}={_stable(getattr(environment, name, None))}" for name in _ENVIRONMENT_OPTIONS)
    parts = (hashlib.sha256(data).hexdigest(), sys.implementation.cache_tag, f"jinja2 {jinja2.__version__}",
             f"docxtpl {docxtpl.__version__}", f"agreement_builder {_package_version()} {_own_sources()}",
             f"{type(environment).__module__}.{type(environment).__qualname__}",
             f"finalize={environment.finalize is not None}", f"extensions={sorted(environment.extensions)}", options)
    return " | ".join(parts).encode("utf-8") + b"\n"


class CompiledTemplate:
    """Patched XML and Jinja code of one template, by a digest of their source; saved when something was added."""

    def __init__(self, key: bytes, path: Path | None) -> None:
        self.key, self.path = key, path
        self.patched: dict[str, str] = {}
        self.code: dict[str, CodeType] = {}
        # part name: digest of its content, CRC-32, size and deflated bytes (the latest only)
        self.parts: dict[str, tuple[str, int, int, bytes]] = {}
        # part name: digest of its content and what was read from it (the styles' names and lists)
        self.facts: dict[str, tuple[str, Any]] = {}
        self.template_parts: frozenset[str] = frozenset()
        self.changed = False

    @classmethod
    def load(cls, data: bytes, environment: Any) -> CompiledTemplate:
        """The compiled template for ``data`` from the cache folder; empty when there is none for exactly this key."""
        key = template_key(data, environment)
        folder = cache_folder()
        compiled = cls(key, folder / f"{hashlib.sha256(key).hexdigest()}.bin" if folder else None)
        compiled.template_parts = _part_names(data)
        if compiled.path is not None:
            compiled._read()
        return compiled

    def holds_unrendered(self, name: str) -> bool:
        """True for a part of the template that rendering does not write (styles, theme, settings, media).

        The body, headers, footers, notes and document properties are rendered from the
        workbook, and parts the template lacks come from it (pictures): none of those is kept.
        """
        return name in self.template_parts and not _RENDERED.fullmatch(name)

    def patched_xml(self, source: str, patch: Callable[[str], str]) -> str:
        """``patch(source)``, from the cache when it holds it."""
        digest = _digest(source)
        if digest in self.patched:
            return self.patched[digest]
        patched = patch(source)
        if len(self.patched) < _PIECES:
            self.patched[digest], self.changed = patched, True
        return patched

    def compiled_code(self, source: str, compile_: Callable[[], CodeType]) -> CodeType:
        """The code Jinja compiles ``source`` to (``compile_()``), from the cache when it holds it."""
        digest = _digest(source)
        if digest in self.code:
            return self.code[digest]
        code = compile_()
        if len(self.code) < _PIECES:
            self.code[digest], self.changed = code, True
        return code

    def compressed_part(self, name: str, content: bytes, compress: Callable[[], tuple[int, int, bytes]]
                        ) -> tuple[int, int, bytes]:
        """``compress()`` of the part ``name`` holding ``content``, from the cache when it holds that content.

        One version is kept per part name, so the file does not grow when a part changes.
        """
        digest = hashlib.blake2b(content, digest_size=32).hexdigest()
        kept = self.parts.get(name)
        if kept is not None and kept[0] == digest:
            return kept[1:]
        stored = compress()
        self.parts[name], self.changed = (digest, *stored), True
        return stored

    def part_facts(self, name: str, content: bytes, read: Callable[[bytes], Any]) -> Any:
        """``read(content)`` of the template's part ``name``, from the cache when it holds that content.

        ``read`` must give what :mod:`marshal` can keep; the caller checks the form of what comes back.
        """
        digest = hashlib.blake2b(content, digest_size=32).hexdigest()
        kept = self.facts.get(name)
        if kept is not None and kept[0] == digest:
            return kept[1]
        facts = read(content)
        self.facts[name], self.changed = (digest, facts), True
        return facts

    def save(self) -> None:
        """Write the file atomically when something was compiled; a folder that cannot be written is let be."""
        if not self.changed or self.path is None:
            return
        payload = marshal.dumps((self.patched, self.code, self.parts, self.facts))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, name = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(descriptor, "wb") as file:
                    file.write(_FORMAT + self.key + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
                os.replace(name, self.path)
            except BaseException:
                Path(name).unlink(missing_ok=True)
                raise
            _prune(self.path.parent)
        except OSError:
            return
        self.changed = False

    def _read(self) -> None:
        try:
            content = self.path.read_bytes()
        except OSError:
            return
        head = _FORMAT + self.key
        if not content.startswith(head):
            return
        digest, _, payload = content[len(head):].partition(b"\n")
        if hashlib.sha256(payload).hexdigest().encode() != digest:
            return
        try:
            patched, code, parts, facts = marshal.loads(payload)
        except (ValueError, EOFError, TypeError):
            return
        if isinstance(patched, dict) and isinstance(code, dict) and isinstance(parts, dict) and all(
                isinstance(value, CodeType) for value in code.values()) and isinstance(facts, dict) and all(
                isinstance(value, tuple) and len(value) == 2 for value in facts.values()):
            self.patched, self.code, self.parts, self.facts = patched, code, parts, facts


def _package_version() -> str:
    """agreement_builder's version (the package is loaded whenever this module is)."""
    return getattr(sys.modules.get(__name__.partition(".")[0]), "__version__", "")


@cache
def _own_sources() -> str:
    """A digest of the modules that decide how a template compiles, so a changed checkout gets new files."""
    digest = hashlib.sha256()
    for name in ("docx.py", "sandbox.py", "styles_part.py", "template_cache.py"):
        with contextlib.suppress(OSError):
            digest.update((Path(__file__).with_name(name)).read_bytes())
    return digest.hexdigest()[:16]


def _part_names(data: bytes) -> frozenset[str]:
    """The part names of the Word package ``data`` (empty when it cannot be read: nothing is then kept)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return frozenset(package.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return frozenset()


def _stable(value: Any) -> str:
    """``repr(value)``, with sets sorted (their order changes from one process to the next)."""
    return repr(sorted(value)) if isinstance(value, (set, frozenset)) else repr(value)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


_FILE_NAME = re.compile(r"[0-9a-f]{64}\.bin")  # as CompiledTemplate.load names them


def _prune(folder: Path) -> None:
    """Keep the :data:`_KEEP` most recently written files.

    Only files named as compiled templates are named are counted or removed: the folder may be
    one the user chose (``AGREEMENT_BUILDER_CACHE``) and hold files of their own.
    """
    files = sorted((path for path in folder.iterdir() if _FILE_NAME.fullmatch(path.name) and path.is_file()
                    and not path.is_symlink()), key=lambda path: path.stat().st_mtime, reverse=True)
    for path in files[_KEEP:]:
        path.unlink(missing_ok=True)
