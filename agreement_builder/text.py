"""Cleaning text as people really type and paste it into Excel cells."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from .model import BlockKind

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2000-\u200a\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_JOINERS = "\u200c\u200d"  # ZWNJ and ZWJ: part of emoji sequences and of Persian, Arabic and Indic words
# XML 1.0 forbids these; Word cannot hold them.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# What steers a terminal or the order text is shown in, rather than being text: C0 controls but tab and
# line breaks, DEL, C1 controls, bidi embeddings, overrides and isolates; and what XML cannot hold.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                       "\ud800-\udfff\ufffe\uffff]")
# The same, and every line break, for text shown on a terminal.
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                                "\ud800-\udfff\ufffe\uffff]")
# The same, and tabs and line feeds too, for a message that must stay one line.
_LINE_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                            "\ud800-\udfff\ufffe\uffff]")
# Bullets pasted from Word: symbol bullets need no space after them, dashes do.
_BULLET = re.compile(r"^(?:[•·▪▫◦●○■□►▶➢✓✔\uf0b7\uf0a7]\s*|[-–—*]\s+)")
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+")
_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\x0b|_x000D_\n?")
# Anything of the above but plain spaces and line feeds: a cell without any (most) is cleaned without a substitution.
_UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u00a0\u2000-\u200d\u2028-\u202f\u2060\u2066-\u2069\u3000"
                      "\ufeff\ud800-\udfff\ufffe\uffff]|_x000D_")


class Item(NamedTuple):
    """One piece of a cell: text (may contain ``\\n``) and how it was marked."""

    text: str
    kind: BlockKind


def drop_xml_forbidden(value: str) -> str:
    """``value`` without the characters XML 1.0 (and so Word) cannot hold."""
    return _XML_FORBIDDEN.sub("", value)


def control_characters(value: str) -> int:
    """How many control characters (C0, C1, DEL, bidi overrides and isolates) cleaning drops from ``value``."""
    if not _UNUSUAL.search(value):
        return 0
    return len(_CONTROLS.findall(_LINE_BREAKS.sub("\n", value)))


def drop_controls(value: str) -> str:
    """``value`` without control characters (see :func:`control_characters`); tab and line feed kept."""
    return _CONTROLS.sub("", value)


def _needs_joiner(char: str) -> bool:
    """Whether a zero-width (non-)joiner next to ``char`` can belong to the text: emoji, marks, joining scripts."""
    category = unicodedata.category(char)
    if category in ("So", "Sk", "Mn", "Mc", "Me"):
        return True
    code = ord(char)
    return category[0] == "L" and code >= 0x0590 and not 0x1E00 <= code <= 0x1EFF


def _joins(before: str, after: str) -> bool:
    if not before or not after or before.isspace() or after.isspace():
        return False
    return _needs_joiner(before) or _needs_joiner(after)


def drop_stray_zero_width(value: str) -> str:
    """``value`` without zero-width spaces, word joiners and BOMs, and without joiners that join nothing.

    A ZWJ or ZWNJ stays between two characters of an emoji sequence (👩‍💻) or of a script that joins
    letters (Persian «می‌خواهم», Hindi), where it changes what is shown.
    """
    def replace(match: re.Match) -> str:
        start, end = match.span()
        before = value[start - 1] if start else ""
        after = value[end] if end < len(value) else ""
        return match.group() if match.group() in _JOINERS and _joins(before, after) else ""

    return _ZERO_WIDTH.sub(replace, value)


def clean_line(value: str) -> str:
    """Fold runs of (non-breaking) spaces and strip; drop controls and stray zero-width characters; NFC."""
    value = drop_controls(value)
    if not value.isascii():
        value = drop_stray_zero_width(unicodedata.normalize("NFC", value))
    return _SPACES.sub(" ", value).strip()


def clean_text(value: object) -> str:
    """A cell value as clean text in NFC; line breaks kept, blank lines at the ends dropped.

    Decomposed letters (``a`` + ring, as macOS and some web forms write «å») are composed, so the
    same word is always the same text.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if _UNUSUAL.search(text):
        return _clean_unusual_text(text)
    # The common case, with one scan and no substitution: only NFC, runs of plain spaces and the ends.
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    lines = [(_SPACES.sub(" ", line) if "  " in line else line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def _clean_unusual_text(text: str) -> str:
    """:func:`clean_text` for text with other line breaks, controls, tabs, special or zero-width spaces."""
    text = drop_controls(_LINE_BREAKS.sub("\n", text))
    if not text.isascii():  # ASCII is NFC and holds no zero-width characters
        text = drop_stray_zero_width(unicodedata.normalize("NFC", text))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def clean_name(value: str) -> str:
    """A name (of a sheet) without controls and stray zero-width characters, on one line, in NFC.

    Spaces are kept as they are, so a clean name is still the sheet's own name.
    """
    text = _LINE_BREAKS.sub("\n", str(value)).replace("\n", " ")
    return unicodedata.normalize("NFC", drop_stray_zero_width(drop_controls(text)))


def terminal_text(value: str) -> str:
    """``value`` safe to print: controls, line breaks and bidi overrides shown as escapes such as ``\\x1b``.

    Only the line feeds between lines may be structure; a line feed inside data is the caller's to
    replace first (see :func:`one_line`).
    """
    return _TERMINAL_CONTROLS.sub(lambda match: _escape(match.group()), value)


def terminal_line(value: str) -> str:
    """``value`` safe to print on one line: like :func:`terminal_text`, and line breaks and tabs escaped too.

    For messages that hold paths and names (a file may be called «ny\\nlinje.xlsx»): the message
    stays one line, and the name is shown as it is, with ``\\x0a`` where the line feed is.
    """
    return _LINE_CONTROLS.sub(lambda match: _escape(match.group()), value)


def json_controls_escaped(json_text: str) -> str:
    """JSON text with the controls :func:`json.dumps` leaves raw (C1, bidi, line separators) as ``\\u`` escapes.

    They can only stand inside strings, where the escape means the same character; so the JSON is
    unchanged in meaning and safe to print.
    """
    return _TERMINAL_CONTROLS.sub(lambda match: f"\\u{ord(match.group()):04x}", json_text)


def one_line(value: str) -> str:
    """``value`` on one line: line breaks shown as « ¶ »."""
    return _LINE_BREAKS.sub("\n", value).replace("\n", " ¶ ")


def shortened(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in «…» when it was longer (a cell quoted in a message)."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def normalise(value: str) -> str:
    """Text for comparison: all whitespace folded to single spaces, case kept."""
    return " ".join(value.split())


def comparison_key(text: str) -> str:
    """The key two texts are compared by: NFC, whitespace folded, case ignored, a trailing full stop dropped."""
    return normalise(unicodedata.normalize("NFC", text)).casefold().rstrip(".")


def split_items(value: object) -> list[Item]:
    """Split a cell into items: bullet/numbered lines start new items, blank lines separate.

    A line break that is neither (Alt+Enter inside one item) is kept as ``\\n``.
    """
    items: list[Item] = []
    current: list[str] = []
    kind = BlockKind.PARAGRAPH

    def flush() -> None:
        if current:
            items.append(Item("\n".join(current), kind))
            current.clear()

    for line in clean_text(value).split("\n"):
        if not line:
            flush()
            kind = BlockKind.PARAGRAPH
            continue
        marked = list_marker(line)
        if marked:
            flush()
            kind, line = marked
            if not line:
                continue
        current.append(line)
    flush()
    return items


def list_marker(line: str) -> tuple[BlockKind, str] | None:
    """The list kind a typed marker at the start of ``line`` gives («•», «- », «1.») and the text after it.

    None when the line has no marker. Symbol bullets need no space after them; dashes and numbers do.
    """
    bullet = _BULLET.match(line)
    marker = bullet or _NUMBERED.match(line)
    if marker is None:
        return None
    return (BlockKind.BULLET if bullet else BlockKind.NUMBERED), line[marker.end():].strip()


_LIST_KINDS = (BlockKind.BULLET, BlockKind.NUMBERED)


def join_items(items) -> str:
    """Items (or blocks) as the text of one cell, which :func:`split_items` splits into the same items.

    Paragraphs are set apart by blank lines; bullets start with «• », numbered items with «1. », «2. » ….
    """
    parts: list[str] = []
    number, previous = 0, None
    for item in items:
        number = number + 1 if item.kind is BlockKind.NUMBERED and previous is BlockKind.NUMBERED else 1
        if parts:
            parts.append("\n" if item.kind in _LIST_KINDS and previous in _LIST_KINDS else "\n\n")
        marker = {BlockKind.BULLET: "• ", BlockKind.NUMBERED: f"{number}. "}.get(item.kind, "")
        parts.append(marker + item.text)
        previous = item.kind
    return "".join(parts)
