"""Document adapter: the model → a Word agreement through a docxtpl template."""

from .context import build_context
from .docx import DEFAULT_TEMPLATE, render_agreement

__all__ = ["DEFAULT_TEMPLATE", "build_context", "render_agreement"]
