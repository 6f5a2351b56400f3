"""Links and figures in the Word document: cell text as runs with real hyperlinks, figures as inline pictures.

A block's text goes into a template's ``{{ block.text }}``, which sits in a run's ``<w:t>``. Text
with links or a figure closes that run, adds ``<w:hyperlink>`` / ``<w:drawing>`` elements and opens
a new run, so any template that shows ``block.text`` shows links and figures too. The relationship
ids in that markup are placeholders named after the link's address or the image's digest;
:func:`attach_links_and_figures` (after rendering) relates them to the real targets, taking the
addresses and image bytes only from the agreement, so a template cannot point anywhere else.
Only http, https and mailto addresses ever become links (:mod:`agreement_builder.links`).
"""

from __future__ import annotations

import hashlib
import io

from markupsafe import Markup

from ..links import agreement_blocks, agreement_texts, spans, urls
from ..model import Agreement, Block, Figure
from .safe_text import safe

LINK_PREFIX = "abLink"
FIGURE_PREFIX = "abFigure"
MAX_WIDTH_EMU = 5_760_000  # 16 cm, the text width of an A4 page with 2.5 cm margins
_EMU_PER_PIXEL = 9_525  # at 96 dots per inch
_LINK_STYLE = '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>'
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CLOSE, _OPEN = "</w:t></w:r>", '<w:r><w:t xml:space="preserve">'


def link_id(url: str) -> str:
    return LINK_PREFIX + hashlib.sha256(url.encode("utf-8")).hexdigest()[:24]


def figure_id(figure: Figure) -> str:
    return FIGURE_PREFIX + hashlib.sha256(figure.data).hexdigest()[:24]


def text_markup(text: str) -> Markup:
    """Cell text for inside a run: escaped, with its links as ``<w:hyperlink>`` elements between runs."""
    parts = []
    for span in spans(text):
        if span.url:
            parts.append(f'{_CLOSE}<w:hyperlink r:id="{link_id(span.url)}" w:history="1"><w:r>{_LINK_STYLE}'
                         f'<w:t xml:space="preserve">{str(safe(span.text))}</w:t></w:r></w:hyperlink>{_OPEN}')
        else:
            parts.append(str(safe(span.text)))
    return Markup("".join(parts))


def shows(block: Block) -> bool:
    """Whether ``block`` has something to show: a figure block only when its image was accepted."""
    return block.figure is None or block.figure.problem is None


def block_markup(block: Block) -> Markup:
    """A block for ``{{ block.text }}``: its text with links, or its figure as an inline picture."""
    if block.figure is None:
        return text_markup(block.text)
    return Markup(f"{_CLOSE}<w:r>{_drawing(block.figure)}</w:r>{_OPEN}") if shows(block) else Markup("")


def _size(figure: Figure) -> tuple[int, int]:
    width, height = figure.width * _EMU_PER_PIXEL, figure.height * _EMU_PER_PIXEL
    if width > MAX_WIDTH_EMU:
        width, height = MAX_WIDTH_EMU, height * MAX_WIDTH_EMU // width
    return width, max(height, 1)


def _drawing(figure: Figure) -> str:
    """An inline picture whose image is the placeholder :func:`figure_id`, with its alt text as ``descr``."""
    cx, cy = _size(figure)
    alt, name = str(safe(figure.alt)), str(safe(figure.source))
    return (
        f'<w:drawing><wp:inline xmlns:wp="{_WP}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="1" name="{name}" descr="{alt}"/>'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{_A}" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        f'<a:graphic xmlns:a="{_A}"><a:graphicData uri="{_PIC}"><pic:pic xmlns:pic="{_PIC}">'
        f'<pic:nvPicPr><pic:cNvPr id="0" name="{name}" descr="{alt}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip xmlns:r="{_R}" r:embed="{figure_id(figure)}"/><a:stretch><a:fillRect/></a:stretch>'
        f'</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        f'</wp:inline></w:drawing>'
    )


def attach_links_and_figures(document, agreement: Agreement) -> None:
    """Relate the rendered placeholders to the agreement's addresses and images; drop any it does not know."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    addresses = {link_id(url): url for text, _ in agreement_texts(agreement) for url in urls(text)}
    figures = {figure_id(block.figure): block.figure for block in agreement_blocks(agreement)
               if block.figure is not None and shows(block)}
    body, part = document.element, document.part
    for link in list(body.iter(f"{{{_W}}}hyperlink")):
        rid = link.get(f"{{{_R}}}id", "")
        if rid.startswith(LINK_PREFIX):
            if rid in addresses:
                link.set(f"{{{_R}}}id", part.relate_to(addresses[rid], RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
            else:
                _unwrap(link)
    for blip in list(body.iter(f"{{{_A}}}blip")):
        rid = blip.get(f"{{{_R}}}embed", "")
        if rid.startswith(FIGURE_PREFIX):
            if rid in figures:
                blip.set(f"{{{_R}}}embed", part.get_or_add_image(io.BytesIO(figures[rid].data))[0])
            else:
                _remove_drawing(blip)
    for number, properties in enumerate(body.iter(f"{{{_WP}}}docPr"), start=1):
        properties.set("id", str(number))


def _unwrap(element) -> None:
    """Put ``element``'s children in its place (a link nobody may follow stays as text)."""
    parent = element.getparent()
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def _remove_drawing(blip) -> None:
    drawing = next(ancestor for ancestor in blip.iterancestors() if ancestor.tag == f"{{{_W}}}drawing")
    drawing.getparent().remove(drawing)
