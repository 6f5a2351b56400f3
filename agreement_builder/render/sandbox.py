"""The Jinja environment templates render in: sandboxed, autoescaping, strict, and bounded.

Jinja's sandbox stops a template from reaching Python, but not from using time or memory:
``range`` is capped at 100,000 items, yet nested loops multiply, and ``'x' * 10**9`` is one
expression. This environment also bounds what one render can produce (every joined output,
including ``{% set %}`` blocks and macros) and refuses repetitions and powers that would be
larger than that. Time, and memory for what is still possible, are bounded by running a
user's template in a child process (:mod:`.child`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any, NamedTuple

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment, SecurityError

MB = 1024 * 1024
OUTPUT_LIMIT = 50 * MB  # characters of one rendered part (document.xml of a real agreement: about 1 MB)
_POWER_BITS = 4096  # an integer power larger than this is no number a template needs


class Budget(NamedTuple):
    """What rendering one user's template may use: seconds (wall clock), characters of output, memory.

    A user's template renders within it in a child process (:mod:`.child`).
    """

    seconds: float = 30
    output_limit: int = OUTPUT_LIMIT
    memory_bytes: int = 1024 * MB  # address space of the child (POSIX only)


DEFAULT_BUDGET = Budget()


class TemplateLimit(SecurityError):
    """A template went past a bound of this environment; the message is for the user (bokmål)."""


class OutputTooLarge(TemplateLimit):
    """A template produced more text than its output limit allows."""


def too_large_text(limit: int) -> str:
    return f"malen lager mer enn {limit // MB} MB tekst og ble stoppet"


class BoundedEnvironment(SandboxedEnvironment):
    """A sandboxed environment whose output, repetitions and powers stay below ``output_limit``."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, *, output_limit: int = OUTPUT_LIMIT, **options: Any):
        super().__init__(**options)
        self.output_limit = output_limit
        self.concat = self._bounded_concat  # compiled templates join through environment.concat
        self.compiled = None  # a template_cache.CompiledTemplate: code compiled before is taken from it

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        """Jinja's compile, with the code of a source compiled before taken from :attr:`compiled`."""
        if self.compiled is None or raw or name or filename or defer_init or not isinstance(source, str):
            return super().compile(source, name, filename, raw, defer_init)
        return self.compiled.compiled_code(source, partial(SandboxedEnvironment.compile, self, source))

    def _bounded_concat(self, pieces: Iterable[str]) -> str:
        parts, size = [], 0
        for piece in pieces:
            size += len(piece)
            if size > self.output_limit:
                raise OutputTooLarge(too_large_text(self.output_limit))
            parts.append(piece)
        return "".join(parts)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            self._check_repetition(left, right)
            self._check_repetition(right, left)
        elif operator == "**" and isinstance(left, int) and isinstance(right, int):
            if right > 0 and max(abs(left), 1).bit_length() * right > _POWER_BITS:
                raise TemplateLimit("malen regner ut et for stort tall (potens)")
        return super().call_binop(context, operator, left, right)

    def _check_repetition(self, sequence: Any, count: Any) -> None:
        if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) and not isinstance(count, bool):
            if len(sequence) * count > self.output_limit:
                raise OutputTooLarge(too_large_text(self.output_limit))


def jinja_environment(output_limit: int = OUTPUT_LIMIT) -> BoundedEnvironment:
    """The environment every template renders in (docxtpl is given it)."""
    return BoundedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True,
                              output_limit=output_limit)
