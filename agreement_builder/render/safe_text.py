"""Cell text made inert for a Word template: escaped, forbidden characters dropped, docxtpl markers defused."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..text import drop_xml_forbidden


def safe(text: str) -> Markup:
    """Cell text as inert XML: escaped, forbidden characters dropped, docxtpl's markers defused.

    docxtpl turns ``{_{`` into ``{{`` after rendering; writing the underscore as a character
    reference keeps such text literal too.
    """
    escaped = str(escape(drop_xml_forbidden(text)))
    return Markup(escaped.replace("{_", "{&#95;").replace("_}", "&#95;}"))
