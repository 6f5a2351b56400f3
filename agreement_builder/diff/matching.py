"""Pairing old and new texts: exact matches first, then similar ones through a token index.

Fuzzy candidates come from an inverted index of word tokens (and 4-letter word starts, for
inflected forms), so each text is scored against a handful of candidates instead of every
other text: matching grows with the number of texts, not with its square.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import TypeVar
from collections.abc import Callable, Hashable, Sequence

from ..text import comparison_key

T = TypeVar("T")
U = TypeVar("U")

SIMILARITY_THRESHOLD = 70  # 0–100: rapidfuzz ratio / token_sort_ratio; below this, removed + added
CANDIDATES = 8  # best candidates per text from the token index that are scored
_COMMON_TOKEN = 50  # a token shared by more texts than this says nothing (like a stop word)
_WORD = re.compile(r"\w+")


def similarity(old: str, new: str) -> float:
    """0–100: the best of rapidfuzz's ratio, token_sort_ratio and (for texts of 6 characters or more)
    token_set_ratio, so that "Pasientforløp" → "Pasientforløp for hjerneslag" is a rewording."""
    from rapidfuzz import fuzz

    a, b = comparison_key(old), comparison_key(new)
    scores = [fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)]
    if min(len(a), len(b)) >= 6:
        scores.append(fuzz.token_set_ratio(a, b))
    return max(scores)


def _tokens(text: str) -> set[str]:
    words = _WORD.findall(comparison_key(text))
    return set(words) | {word[:4] for word in words if len(word) >= 6}


def pair_exact(old: Sequence[T], new: Sequence[U], by: Callable[[object], Hashable]) -> tuple[
        list[tuple[T, U]], list[T], list[U]]:
    """Pairs with equal keys (as a multiset, in order), and what is left on each side."""
    waiting: dict[Hashable, list[U]] = defaultdict(list)
    for item in new:
        waiting[by(item)].append(item)
    pairs, left_old = [], []
    for item in old:
        bucket = waiting.get(by(item))
        if bucket:
            pairs.append((item, bucket.pop(0)))
        else:
            left_old.append(item)
    paired_new = {id(b) for _, b in pairs}
    return pairs, left_old, [item for item in new if id(item) not in paired_new]


def pair_similar(old: Sequence[T], new: Sequence[U], text: Callable[[object], str],
                 threshold: float = SIMILARITY_THRESHOLD) -> tuple[list[tuple[T, U, float]], list[T], list[U]]:
    """Pairs of similar texts (best first, each used once), and what is left on each side."""
    index: dict[str, list[int]] = defaultdict(list)
    for position, item in enumerate(new):
        for token in _tokens(text(item)):
            index[token].append(position)
    scored = []
    for old_position, item in enumerate(old):
        shared: Counter[int] = Counter()
        tokens = [index[token] for token in _tokens(text(item)) if token in index]
        for postings in tokens:
            if len(postings) <= _COMMON_TOKEN:
                shared.update(postings)
        if not shared and tokens:  # only common words: look among the texts sharing the rarest one
            shared.update(min(tokens, key=len)[: _COMMON_TOKEN])
        for new_position, _ in shared.most_common(CANDIDATES):
            score = similarity(text(item), text(new[new_position]))
            if score >= threshold:
                scored.append((score, old_position, new_position))
    scored.sort(key=lambda entry: (-entry[0], entry[1], entry[2]))
    used_old, used_new, chosen = set(), set(), []
    for score, old_position, new_position in scored:
        if old_position not in used_old and new_position not in used_new:
            used_old.add(old_position)
            used_new.add(new_position)
            chosen.append((old_position, new_position, score))
    pairs = [(old[o], new[n], score) for o, n, score in sorted(chosen)]
    return (pairs, [item for i, item in enumerate(old) if i not in used_old],
            [item for i, item in enumerate(new) if i not in used_new])
