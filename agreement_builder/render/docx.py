"""Rendering a template with docxtpl in a sandboxed, autoescaping, strict and bounded Jinja environment.

The built-in template renders in this process. A user's ``--template`` is someone else's code
(Jinja can loop for ever), so its Jinja step runs in a child process within a
:class:`~.child.Budget` of time, output and memory; the steps after it (tracked changes, table
of contents, properties) run here on the package the child returns.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from collections.abc import Callable

from jinja2 import TemplateError, UndefinedError
from lxml import etree

from ..files import atomic_output, check_target
from ..model import Agreement
from ..validation import Report
from .child import DEFAULT_BUDGET, Budget, run_in_child
from .context import build_context
from .finish import prefill_toc, reproducible_zip, set_properties
from .sandbox import OUTPUT_LIMIT, TemplateLimit, jinja_environment
from .template_file import TemplateProblem, read_template

TEMPLATE_NAME = "samarbeidsavtale.docx"


def _default_template() -> Path:
    """The shipped template: inside the installed package, or templates/ in a checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates" / TEMPLATE_NAME
    return installed if installed.is_file() else package.parent / "templates" / TEMPLATE_NAME


DEFAULT_TEMPLATE = _default_template()


def open_template(data: bytes, name: str):
    """A docxtpl template over the Word package ``data`` (already checked by :func:`read_template`)."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(io.BytesIO(data))
    try:
        template.init_docx()
    except Exception as exc:  # python-docx raises several types for damaged packages
        raise TemplateProblem(f"{name}: malen kan ikke åpnes ({type(exc).__name__})") from None
    return template


def fill_template(data: bytes, name: str, context: dict[str, Any], output_limit: int = OUTPUT_LIMIT):
    """The python-docx document of template ``data`` rendered with ``context``: the Jinja step."""
    template = open_template(data, name)
    try:
        template.render(context, jinja_environment(output_limit))
    except TemplateLimit as exc:
        raise TemplateProblem(f"{name}: {exc.message}") from None
    except UndefinedError as exc:
        raise TemplateProblem(f"{name}: malen bruker en ukjent variabel ({exc.message})") from None
    except TemplateError as exc:
        around = " ".join(part.strip() for part in getattr(exc, "docx_context", []) if part.strip())
        where = f" – ved «{around[:120]}»" if around else ""
        raise TemplateProblem(f"{name}: feil i malen: {exc.message}{where}") from None
    except etree.XMLSyntaxError as exc:
        raise TemplateProblem(f"{name}: malen gir ugyldig Word-XML etter flettingen ({exc.msg})") from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, ArithmeticError, RecursionError) as exc:
        raise TemplateProblem(f"{name}: flettingen av malen feilet ({type(exc).__name__}: {exc})") from None
    return template.docx


def rendered_package(data: bytes, name: str, context: dict[str, Any], output_limit: int = OUTPUT_LIMIT) -> bytes:
    """The Word package of template ``data`` after the Jinja step (the job a child process runs)."""
    buffer = io.BytesIO()
    fill_template(data, name, context, output_limit).save(buffer)
    return buffer.getvalue()


def _filled_document(template: Path | None, context: dict[str, Any], budget: Budget):
    if template is None:
        return fill_template(DEFAULT_TEMPLATE.read_bytes(), DEFAULT_TEMPLATE.name, context)
    import docx

    data = read_template(template)
    job = {"data": data, "name": template.name, "context": context, "output_limit": budget.output_limit}
    return docx.Document(io.BytesIO(run_in_child("render", job, budget=budget, template=template.name)))


def render_document(template: Path | None, context: dict[str, Any], agreement: Agreement,
                    transform: Callable[[Any], None] | None = None, budget: Budget = DEFAULT_BUDGET) -> bytes:
    """Render ``context`` into ``template`` (None: the built-in one) and return the finished .docx as bytes.

    A user's template renders in a child process within ``budget``. ``transform(document)`` may
    change the python-docx document after rendering, before the table of contents and
    properties are filled in (the tracked-changes diff uses it).
    """
    document = _filled_document(template, context, budget)
    if transform is not None:
        transform(document)
    prefill_toc(document)
    set_properties(document, agreement)
    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible_zip(buffer.getvalue())


def write_bytes(data: bytes, output: Path, *, overwrite: bool = False) -> Path:
    with atomic_output(output, overwrite=overwrite) as temporary:
        temporary.write_bytes(data)
    return output


def render_agreement(
    agreement: Agreement,
    output: str | Path,
    *,
    template: str | Path | None = None,
    overwrite: bool = False,
    report: Report,
    budget: Budget = DEFAULT_BUDGET,
) -> Path:
    """Write the Word agreement for ``agreement``, validated as ``report``, to ``output``.

    ``template`` None is the built-in template; a user's template renders within ``budget``.
    """
    output = Path(output)
    check_target(output, overwrite=overwrite)
    data = render_document(Path(template) if template else None, build_context(agreement, report), agreement,
                           budget=budget)
    return write_bytes(data, output, overwrite=overwrite)


__all__ = ["DEFAULT_TEMPLATE", "TemplateProblem", "fill_template", "render_agreement", "render_document",
           "rendered_package", "write_bytes"]
