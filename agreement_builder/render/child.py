"""Running a user's template in a child process with a budget of time, output and memory.

Jinja's sandbox keeps a template away from Python, but not from looping for ever. So a
user's template is rendered (and checked) in ``python -m agreement_builder.render.child``:
the same on Windows, macOS and Linux (no fork), and a child past its time is killed without
harm to this process. On POSIX the child also caps its own address space (RLIMIT_AS).

The parent sends the job as a pickle on stdin (it trusts itself); the child answers on stdout
with a status line (``ok``, ``problem`` or ``memory``) and then the result bytes or a one-line
message, so the parent never unpickles anything the template could have shaped.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

from ..errors import AgreementError
from .sandbox import DEFAULT_BUDGET, MB, Budget  # the budget is defined beside the sandbox's bounds

# The jobs a child may run: name → "module:function" taking the job's keyword arguments, returning bytes.
JOBS = {
    "render": "agreement_builder.render.docx:finished_document",
    "check": "agreement_builder.render.check:checked_json",
}
_OK, _PROBLEM, _MEMORY = b"ok\n", b"problem\n", b"memory\n"


class BudgetExceeded(AgreementError):
    """A user's template used more time or memory than its budget allows."""


def run_in_child(job: str, arguments: dict[str, Any], *, budget: Budget, template: str) -> bytes:
    """Run ``JOBS[job](**arguments)`` in a child process within ``budget``; ``template`` names it in messages."""
    import pickle
    import subprocess  # loaded here: only a user's template needs a child process

    request = pickle.dumps((job, arguments, budget.memory_bytes), protocol=pickle.HIGHEST_PROTOCOL)
    with subprocess.Popen(
        _command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=_package_root(),
        creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # no console window when Excel runs us
    ) as process:
        try:
            answer, errors = process.communicate(request, timeout=budget.seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise BudgetExceeded(
                f"malen {template} brukte mer enn {budget.seconds:g} sekunder og ble stoppet (en løkke som ikke "
                "blir ferdig?); gi den mer tid med --template-timeout SEKUNDER") from None
        except BaseException:  # Ctrl+C or any other way out: never leave the child running
            process.kill()
            raise
    return _result(answer, errors, process.returncode, template, budget)


def _command() -> list[str]:
    if not sys.executable:
        raise AgreementError("finner ikke Python-tolken som skal flette malen (sys.executable er tom)")
    return [sys.executable, "-m", "agreement_builder.render.child"]


def _package_root() -> str:
    """The folder holding this copy of agreement_builder: the child's working folder.

    ``python -m`` puts its working folder first on the path, so the child runs there and finds
    this very package, never a ``docx.py`` or ``jinja2.py`` lying in the user's folder.
    """
    return str(Path(__file__).resolve().parent.parent.parent)


def _result(answer: bytes, errors: bytes, code: int, template: str, budget: Budget) -> bytes:
    if answer.startswith(_OK):
        return answer[len(_OK):]
    if answer.startswith(_PROBLEM):
        from .template_file import TemplateProblem

        raise TemplateProblem(answer[len(_PROBLEM):].decode("utf-8", "replace").strip())
    if answer.startswith(_MEMORY) or errors.rstrip().endswith(b"MemoryError"):
        raise BudgetExceeded(f"malen {template} brukte mer enn {budget.memory_bytes // MB} MB minne og ble stoppet")
    last = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"avslutningskode {code}"]
    raise AgreementError(f"flettingen av malen {template} stoppet uventet ({last[0][:200]})")


# --- in the child ------------------------------------------------------------------------------
def _limit_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the time budget and the sandbox's output bound still hold
        return
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ValueError, OSError):  # not supported here (macOS refuses some values)
        pass


def _run(job: str, arguments: dict[str, Any]) -> bytes:
    module, _, function = JOBS[job].partition(":")
    return getattr(importlib.import_module(module), function)(**arguments)


def main() -> int:
    """Read one job from stdin, run it, write the status line and the result to stdout."""
    import pickle

    output = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the answer
    job, arguments, memory = pickle.loads(sys.stdin.buffer.read())
    _limit_memory(memory)
    try:
        answer = _OK + _run(job, arguments)
    except MemoryError:
        answer = _MEMORY
    except AgreementError as exc:
        answer = _PROBLEM + str(exc).encode("utf-8")
    output.write(answer)
    output.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["DEFAULT_BUDGET", "Budget", "BudgetExceeded", "JOBS", "run_in_child"]
