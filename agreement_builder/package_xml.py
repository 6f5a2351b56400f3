"""Parse one XML part of an Office package safely: no entities, no network, no huge trees."""

from __future__ import annotations

from lxml import etree

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                          remove_blank_text=False)
MAX_DEPTH = 256  # libxml2's nesting limit when huge_tree is off; no real Office part comes near it


def parse_part(data: bytes, name: str, error: type[Exception]):
    """The root element of ``data``; ``error`` (with a bokmål message) if it is not plain, safe XML."""
    if not data:
        raise error(f"pakken mangler delen «{name}»")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as problem:
        if "Excessive depth" in str(problem):  # libxml2 stops past 256 levels without huge_tree
            raise error(f"delen «{name}» i pakken er nøstet for dypt (mer enn {MAX_DEPTH} nivåer inne i hverandre, "
                        "for eksempel tabeller inne i tabeller)") from None
        raise error(f"delen «{name}» i pakken er ikke gyldig XML") from problem
    if root.getroottree().docinfo.internalDTD is not None:
        raise error(f"delen «{name}» i pakken har en dokumenttypedefinisjon, som ikke er tillatt")
    return root
