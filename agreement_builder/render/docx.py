"""Rendering a template with docxtpl in a sandboxed, autoescaping, strict and bounded Jinja environment.

The built-in template renders in this process. A user's ``--template`` is someone else's code
(Jinja can loop for ever), so it renders in a child process within a :class:`~.child.Budget`
of time, output and memory; the child returns the finished document's bytes.
"""

from __future__ import annotations

import io
from functools import cache, partial
from pathlib import Path
from typing import Any
from collections.abc import Callable

from jinja2 import TemplateError, UndefinedError
from jinja2.sandbox import SecurityError
from lxml import etree

from ..files import atomic_output, check_target
from ..model import Agreement
from ..validation import Report
from .context import build_context
from .finish import package_bytes, prefill_toc, set_properties
from .links import attach_links_and_figures
from .sandbox import DEFAULT_BUDGET, OUTPUT_LIMIT, Budget, TemplateLimit, jinja_environment
from .styles_part import NotStyles, kept_facts, open_document
from .template_cache import CompiledTemplate
from .template_file import TemplateProblem, read_template

TEMPLATE_NAME = "samarbeidsavtale.docx"


def _default_template() -> Path:
    """The shipped template: inside the installed package, or templates/ in a checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates" / TEMPLATE_NAME
    return installed if installed.is_file() else package.parent / "templates" / TEMPLATE_NAME


DEFAULT_TEMPLATE = _default_template()


def open_template(data: bytes, name: str, compiled: CompiledTemplate | None = None):
    """A docxtpl template over the Word package ``data`` (already checked by :func:`read_template`).

    With ``compiled``, XML patched before is taken from it (and what is patched now kept in it).
    """
    template = _template_class()(io.BytesIO(data))
    template.compiled = compiled
    try:
        template.init_docx()
    except NotStyles as exc:
        raise TemplateProblem(f"{name}: malen kan ikke åpnes: delen {exc.part}, som dokumentet bruker som stiler, "
                              f"er ikke en stildel (innholdstype «{exc.content_type}»)") from None
    except Exception as exc:  # python-docx raises several types for damaged packages
        raise TemplateProblem(f"{name}: malen kan ikke åpnes ({type(exc).__name__})") from None
    return template


@cache
def _template_class():
    """docxtpl's template, taking patched XML from a :class:`CompiledTemplate` (docxtpl is imported when used)."""
    from docxtpl import DocxTemplate

    class CachedTemplate(DocxTemplate):
        compiled: CompiledTemplate | None = None

        def init_docx(self, reload: bool = True) -> None:
            """As docxtpl opens the template, with the styles part parsed only if something changes it."""
            if not self.docx or (self.is_rendered and reload):
                self.docx = open_document(self.template_file, partial(kept_facts, self.compiled))
                self.is_rendered = False

        def patch_xml(self, src_xml: str) -> str:
            if self.compiled is None:
                return super().patch_xml(src_xml)
            return self.compiled.patched_xml(src_xml, super().patch_xml)

    return CachedTemplate



def fill_template(data: bytes, name: str, context: dict[str, Any], output_limit: int = OUTPUT_LIMIT,
                  compiled: CompiledTemplate | None = None):
    """The python-docx document of template ``data`` rendered with ``context``: the Jinja step.

    The template's patched XML and Jinja code come from the user's cache folder when they
    were compiled before (:mod:`.template_cache`), and are kept there when not; ``compiled``
    is that cache when the caller has loaded it (and saves it when it is done).
    """
    environment = jinja_environment(output_limit)
    environment.compiled = compiled or CompiledTemplate.load(data, environment)  # a caller's own: it saves it
    template = open_template(data, name, environment.compiled)
    try:
        template.render(context, environment)
    except TemplateLimit as exc:
        raise TemplateProblem(f"{name}: {exc.message}") from None
    except SecurityError:
        raise TemplateProblem(f"{name}: malen prøver å bruke noe som ikke er tillatt i en mal (for eksempel "
                              "Pythons indre attributter), og ble stoppet") from None
    except UndefinedError as exc:
        raise TemplateProblem(f"{name}: malen bruker en ukjent variabel ({exc.message})") from None
    except TemplateError as exc:
        around = " ".join(part.strip() for part in getattr(exc, "docx_context", []) if part.strip())
        where = f" – ved «{around[:120]}»" if around else ""
        raise TemplateProblem(f"{name}: feil i malen: {exc.message}{where}") from None
    except etree.XMLSyntaxError as exc:
        raise TemplateProblem(f"{name}: malen gir ugyldig Word-XML etter flettingen ({exc.msg})") from None
    except RecursionError:
        raise TemplateProblem(f"{name}: malen kaller seg selv uten ende (en makro som kaller seg selv?)") from None
    except ArithmeticError:
        raise TemplateProblem(f"{name}: malen regner ut noe som ikke går (for eksempel deling med null)") from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        raise TemplateProblem(f"{name}: malen bruker en verdi på en måte som ikke går (feil type eller "
                              "manglende element)") from None
    if compiled is None:
        environment.compiled.save()
    return template.docx


def finished_document(data: bytes, name: str, context: dict[str, Any], agreement: Agreement,
                      transform: Callable[[Any], None] | None = None, output_limit: int = OUTPUT_LIMIT) -> bytes:
    """Template ``data`` rendered with ``context`` and finished: the .docx bytes (a child process's job).

    ``transform(document)`` may change the python-docx document after rendering, before the
    table of contents and properties are filled in (the tracked-changes diff uses it); for a
    child process it must pickle (a module-level function, or a ``functools.partial`` of one).
    """
    compiled = CompiledTemplate.load(data, jinja_environment(output_limit))
    document = fill_template(data, name, context, output_limit, compiled)
    attach_links_and_figures(document, agreement)
    if transform is not None:
        transform(document)
    prefill_toc(document)
    set_properties(document, agreement)
    finished = package_bytes(document, compiled)
    compiled.save()  # the large parts compressed the first time
    return finished


def render_document(template: Path | None, context: dict[str, Any], agreement: Agreement,
                    transform: Callable[[Any], None] | None = None, budget: Budget = DEFAULT_BUDGET) -> bytes:
    """Render ``context`` into ``template`` (None: the built-in one) and return the finished .docx as bytes.

    The built-in template renders in this process; a user's template in a child process
    within ``budget``, with the same steps, so both give the same bytes. See
    :func:`finished_document` for ``transform``.
    """
    if template is None:
        return finished_document(DEFAULT_TEMPLATE.read_bytes(), DEFAULT_TEMPLATE.name, context, agreement, transform)
    from .child import run_in_child  # only a user's template needs a child process

    job = {"data": read_template(template), "name": template.name, "context": context, "agreement": agreement,
           "transform": transform, "output_limit": budget.output_limit}
    return run_in_child("render", job, budget=budget, template=template.name)


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
    draft: bool = False,
) -> Path:
    """Write the Word agreement for ``agreement``, validated as ``report``, to ``output``.

    ``template`` None is the built-in template; a user's template renders within ``budget``.
    ``draft`` marks the document as a draft whatever the workbook's status (which marks it when
    it is «Utkast»); ``report`` never shows in the shipped template.
    """
    output = Path(output)
    check_target(output, overwrite=overwrite)
    data = render_document(Path(template) if template else None, build_context(agreement, report, draft=draft),
                           agreement, budget=budget)
    return write_bytes(data, output, overwrite=overwrite)


__all__ = ["DEFAULT_TEMPLATE", "TemplateProblem", "fill_template", "finished_document", "render_agreement",
           "render_document", "write_bytes"]
