"""Word starts found without a regex scan give what the regex ``(?<!\\w)word`` gave."""

from __future__ import annotations

import random
import re

from agreement_builder.validation.places import mentions

WORDS = ["rehab", "Kommune", "ø", "_x", "2", "helse", "", "sykehus"]
ALPHABET = ["rehab", "kommune", "KOMMUNE", "ø", "Ø", "_", "x", "2", "²", " ", "\n", "-", "helse", "é", "a", "ß", "ss"]


def by_regex(text: str, words: list[str]) -> list[str]:
    folded = text.casefold()
    return [word for word in words if re.search(r"(?<!\w)" + re.escape(word.casefold()), folded)]


def test_mentions_agree_with_the_regex_on_many_texts():
    rng = random.Random(13)
    for _ in range(3000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))
        assert mentions(text, WORDS) == by_regex(text, WORDS), text


def test_a_word_inside_another_is_not_a_mention_but_a_later_start_is():
    assert mentions("prehab og rehabilitering", ["rehab"]) == ["rehab"]
    assert mentions("prehab", ["rehab"]) == []
    assert mentions("x_rehab 2rehab ærehab", ["rehab"]) == []
    assert mentions("Strasse", ["STRASSE", "straße"]) == ["STRASSE", "straße"]  # casefold on both sides
