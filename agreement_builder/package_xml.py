"""Parse one XML part of an Office package safely: no entities, no network, no huge trees."""

from __future__ import annotations

from lxml import etree

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                          remove_blank_text=False)


def parse_part(data: bytes, name: str, error: type[Exception]):
    """The root element of ``data``; ``error`` (with a bokmål message) if it is not plain, safe XML."""
    if not data:
        raise error(f"pakken mangler delen «{name}»")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as problem:
        raise error(f"delen «{name}» i pakken er ikke gyldig XML") from problem
    if root.getroottree().docinfo.internalDTD is not None:
        raise error(f"delen «{name}» i pakken har en dokumenttypedefinisjon, som ikke er tillatt")
    return root
