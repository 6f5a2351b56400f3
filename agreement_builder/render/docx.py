"""Rendering a template with docxtpl in a sandboxed, autoescaping, strict Jinja environment."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any
from collections.abc import Callable

from jinja2 import StrictUndefined, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from ..errors import AgreementError
from ..files import atomic_output, check_target
from ..model import Agreement
from ..validation import Report
from .context import build_context
from .finish import prefill_toc, reproducible_zip, set_properties

TEMPLATE_NAME = "samarbeidsavtale.docx"


def _default_template() -> Path:
    """The shipped template: inside the installed package, or templates/ in a checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates" / TEMPLATE_NAME
    return installed if installed.is_file() else package.parent / "templates" / TEMPLATE_NAME


DEFAULT_TEMPLATE = _default_template()


class TemplateProblem(AgreementError):
    """The template cannot be used: unreadable, bad Jinja syntax, unknown variable."""


def jinja_environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)


def load_template(path: Path):
    from docxtpl import DocxTemplate

    if not path.is_file():
        raise TemplateProblem(f"{path}: malen finnes ikke")
    if not zipfile.is_zipfile(path):
        raise TemplateProblem(f"{path}: er ikke et Word-dokument (.docx)")
    try:
        return DocxTemplate(str(path))
    except Exception as exc:  # python-docx raises several types for damaged packages
        raise TemplateProblem(f"{path}: malen kan ikke åpnes ({type(exc).__name__})") from None


def render_document(template_path: Path, context: dict[str, Any], agreement: Agreement,
                    transform: Callable[[Any], None] | None = None) -> bytes:
    """Render ``context`` into the template and return the finished .docx as bytes.

    ``transform(document)`` may change the python-docx document after rendering, before the
    table of contents and properties are filled in (the tracked-changes diff uses it).
    """
    template = load_template(template_path)
    try:
        template.render(context, jinja_environment())
    except UndefinedError as exc:
        raise TemplateProblem(f"{template_path.name}: malen bruker en ukjent variabel ({exc.message})") from None
    except TemplateError as exc:
        around = " ".join(part.strip() for part in getattr(exc, "docx_context", []) if part.strip())
        raise TemplateProblem(f"{template_path.name}: feil i malen: {exc.message} – ved «{around[:120]}»") from None
    document = template.docx
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
) -> Path:
    """Write the Word agreement for ``agreement``, validated as ``report``, to ``output``."""
    output = Path(output)
    check_target(output, overwrite=overwrite)
    data = render_document(Path(template) if template else DEFAULT_TEMPLATE, build_context(agreement, report),
                           agreement)
    return write_bytes(data, output, overwrite=overwrite)
