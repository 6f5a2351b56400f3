"""Word-level differences between two texts, for highlighting rewordings."""

from __future__ import annotations

import difflib
import re

_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str, *, exact: bool = False) -> list[tuple[str, str]]:
    """Segments ``("equal" | "delete" | "insert", text)`` that turn ``old`` into ``new``, word by word.

    Whitespace runs are their own tokens, so the segments join back into the texts exactly. A
    change of whitespace alone counts as equal (the new text's spacing is kept), unless ``exact``
    (the tracked-changes document, where accepting must give the new text character for character).
    """
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    words_a = a if exact else [token if token.strip() else " " for token in a]
    words_b = b if exact else [token if token.strip() else " " for token in b]
    segments: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=words_a, b=words_b, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(("equal", "".join(b[j1:j2])))
        else:
            if i2 > i1:
                segments.append(("delete", "".join(a[i1:i2])))
            if j2 > j1:
                segments.append(("insert", "".join(b[j1:j2])))
    return [segment for segment in segments if segment[1]]
