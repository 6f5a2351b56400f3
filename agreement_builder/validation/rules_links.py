"""Links and figures in the workbook's text: what cannot go into the document, and figures without alt text."""

from __future__ import annotations

from ..links import agreement_blocks, agreement_texts, refused_links
from ..model import FigureProblem
from .findings import Severity
from .registry import Check, Hit, rule

AREA = "Lenker og figurer"


@rule(
    "link-target-refused", Severity.WARNING, area=AREA,
    title="En lenke peker til noe annet enn en nettadresse (http, https) eller e-post (mailto).",
    nb="Lenken «{text}» peker til «{target}», som ikke tas med i dokumentet – bare adresser som begynner med "
       "https://, http:// eller mailto: blir lenker",
    en="The link «{text}» points to «{target}», which is left out of the document – only https://, http:// and "
       "mailto: addresses become links",
)
def link_target_refused(check: Check):
    for text, ref in agreement_texts(check.agreement):
        for label, target in refused_links(text):
            yield Hit(ref, {"text": label, "target": target[:80]})


def _figures_with(check: Check, *problems: FigureProblem):
    for block in agreement_blocks(check.agreement):
        if block.figure is not None and block.figure.problem in problems:
            yield Hit(block.ref, {"file": block.figure.source})


@rule(
    "figure-file-missing", Severity.WARNING, area=AREA,
    title="En figur viser til en bildefil som ikke finnes i arbeidsbokens mappe.",
    nb="Fant ikke bildefilen «{file}» i mappen til arbeidsboken – figuren er utelatt",
    en="The image file «{file}» was not found in the workbook's folder – the figure is left out",
)
def figure_file_missing(check: Check):
    yield from _figures_with(check, FigureProblem.MISSING)


@rule(
    "figure-outside-folder", Severity.WARNING, area=AREA,
    title="En figur viser til en fil utenfor arbeidsbokens mappe (full sti, «..» eller snarvei ut av mappen).",
    nb="Bildefilen «{file}» ligger ikke i mappen til arbeidsboken eller under den – figuren er utelatt; legg "
       "bildet i samme mappe som arbeidsboken og skriv bare filnavnet",
    en="The image file «{file}» is not in the workbook's folder or below it – the figure is left out",
)
def figure_outside_folder(check: Check):
    yield from _figures_with(check, FigureProblem.OUTSIDE)


@rule(
    "figure-not-image", Severity.WARNING, area=AREA,
    title="En figur er ikke et PNG-, JPEG- eller GIF-bilde.",
    nb="«{file}» er ikke et PNG-, JPEG- eller GIF-bilde – figuren er utelatt",
    en="«{file}» is not a PNG, JPEG or GIF image – the figure is left out",
)
def figure_not_image(check: Check):
    yield from _figures_with(check, FigureProblem.NOT_IMAGE)


@rule(
    "figure-too-large", Severity.WARNING, area=AREA,
    title="En figur er større enn 10 MB eller 10 000 punkter på en side (40 millioner punkter i alt).",
    nb="Bildet «{file}» er for stort (over 10 MB, eller over 10 000 punkter på en side) – figuren er utelatt; "
       "lagre det i mindre størrelse",
    en="The image «{file}» is too large (over 10 MB, or over 10,000 pixels along a side) – the figure is left out",
)
def figure_too_large(check: Check):
    yield from _figures_with(check, FigureProblem.TOO_LARGE, FigureProblem.TOO_MANY_PIXELS)


@rule(
    "figure-alt-missing", Severity.WARNING, area=AREA,
    title="En figur mangler alternativ tekst (det skjermlesere leser opp; krav om universell utforming).",
    nb="Figuren «{file}» mangler alternativ tekst – skriv en kort beskrivelse mellom hakeparentesene: "
       "![beskrivelse]({file}), eller i bildets beskrivelse (alternativ tekst) i Excel",
    en="The figure «{file}» has no alternative text – describe it between the square brackets, or in the "
       "picture's description in Excel",
)
def figure_alt_missing(check: Check):
    for block in agreement_blocks(check.agreement):
        figure = block.figure
        if figure is not None and figure.problem is None and not figure.alt.strip():
            yield Hit(block.ref, {"file": figure.source})
