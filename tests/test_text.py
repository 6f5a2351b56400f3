from agreement_builder.model import BlockKind
from agreement_builder.text import (
    clean_text, comparison_key, drop_xml_forbidden, join_items, list_marker, normalise, shortened, split_items,
)


def test_clean_text_folds_spaces_and_non_breaking_spaces():
    assert clean_text("  Kommunal\u00a0\u00a0døgnenhet \t") == "Kommunal døgnenhet"


def test_clean_text_keeps_line_breaks_and_normalises_their_kind():
    assert clean_text("Linje én \r\nlinje to\rlinje tre") == "Linje én\nlinje to\nlinje tre"


def test_clean_text_of_numbers_and_none():
    assert clean_text(None) == ""
    assert clean_text(3405.0) == "3405"


def test_clean_text_drops_xml_forbidden_characters():
    assert clean_text("A\x00B\x07C\x1f") == "ABC"
    assert drop_xml_forbidden("A\x00B\x07C") == "ABC"
    assert drop_xml_forbidden("vanlig\ntekst") == "vanlig\ntekst"


def test_split_items_turns_pasted_bullets_into_items():
    items = split_items("• Pasientforløp\n– Pakkeforløp\n- Hjemmerehabilitering\n▪Koordinator")
    assert [item.text for item in items] == ["Pasientforløp", "Pakkeforløp", "Hjemmerehabilitering", "Koordinator"]
    assert {item.kind for item in items} == {BlockKind.BULLET}


def test_split_items_keeps_alt_enter_line_break_inside_one_item():
    items = split_items("Utredning og kartlegging,\nherunder kognitive vansker")
    assert [item.text for item in items] == ["Utredning og kartlegging,\nherunder kognitive vansker"]


def test_split_items_continuation_lines_stay_with_their_bullet():
    items = split_items("• Første punkt\nfortsetter her\n• Andre punkt")
    assert [item.text for item in items] == ["Første punkt\nfortsetter her", "Andre punkt"]


def test_split_items_blank_lines_separate_items_and_numbers_are_recognised():
    items = split_items("Avsnitt én\n\nAvsnitt to\n1. Nummerert")
    assert [(item.text, item.kind) for item in items] == [
        ("Avsnitt én", BlockKind.PARAGRAPH),
        ("Avsnitt to", BlockKind.PARAGRAPH),
        ("Nummerert", BlockKind.NUMBERED),
    ]


def test_a_dash_inside_text_is_not_a_bullet():
    assert [item.text for item in split_items("Muskel-skjelett")] == ["Muskel-skjelett"]
    assert [item.text for item in split_items("-20 grader")] == ["-20 grader"]


def test_normalise_folds_line_breaks():
    assert normalise(" a\n b  c ") == "a b c"


def test_join_items_writes_a_cell_that_splits_into_the_same_items():
    cell = "Avsnitt én\nmed linjeskift\n\n• Punkt\n– Punkt to\n\nAvsnitt to\n1. Første\n2) Andre\n\nSlutt"
    items = split_items(cell)
    assert [item.kind for item in items] == [BlockKind.PARAGRAPH, BlockKind.BULLET, BlockKind.BULLET,
                                             BlockKind.PARAGRAPH, BlockKind.NUMBERED, BlockKind.NUMBERED,
                                             BlockKind.PARAGRAPH]
    joined = join_items(items)
    assert joined == ("Avsnitt én\nmed linjeskift\n\n• Punkt\n• Punkt to\n\nAvsnitt to\n\n1. Første\n2. Andre"
                      "\n\nSlutt")
    assert split_items(joined) == items
    assert join_items([]) == ""


def test_comparison_key_ignores_spacing_case_and_a_final_full_stop():
    assert comparison_key("  Kontroll\u00a0hos\nFastlege. ") == comparison_key("kontroll hos fastlege")
    assert comparison_key("Kontroll") != comparison_key("Kontroller")


def test_drop_xml_forbidden_keeps_line_breaks_and_tabs():
    assert drop_xml_forbidden("a\x00b\x1f\tc\nd\ufffe") == "ab\tc\nd"


# --- the common case is cleaned without substitutions, as the full cleaning would -----------------------
_PIECES = ["a", "æ", "Å", "a\u030a", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u2007", "\u202f", "\u3000", "\r\n",
           "\r", "\u2028", "\x0b", "_x000D_", "\x1b", "\x85", "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff",
           "\u1680", "👩", "م", "-", "•", "\ud800", "x"]


def test_clean_text_gives_what_the_full_cleaning_gives():
    import random
    import re

    from agreement_builder.text import _clean_unusual_text, clean_text, control_characters

    controls = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
    line_breaks = re.compile(r"\r\n|\r|\u2028|\u2029|\x0b|_x000D_\n?")
    rng = random.Random(5)
    for _ in range(20000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 10)))
        assert clean_text(text) == _clean_unusual_text(text), repr(text)
        assert control_characters(text) == len(controls.findall(line_breaks.sub("\n", text))), repr(text)


def test_list_marker_tells_the_kind_and_the_text_after_it():
    assert list_marker("• Oppfølging") == (BlockKind.BULLET, "Oppfølging")
    assert list_marker("•Oppfølging") == (BlockKind.BULLET, "Oppfølging")  # a symbol needs no space
    assert list_marker("- Oppfølging") == (BlockKind.BULLET, "Oppfølging")
    assert list_marker("-Oppfølging") is None  # a dash does: «-3 grader» is no list item
    assert list_marker("2) Oppfølging") == (BlockKind.NUMBERED, "Oppfølging")
    assert list_marker("2024. Oppfølging") is None and list_marker("Oppfølging") is None


def test_shortened_keeps_short_text_and_ends_long_text_in_an_ellipsis():
    assert shortened("Hjerneslag", 10) == "Hjerneslag"
    assert shortened("Hjerneslag og KOLS", 10) == "Hjernesla…"
    assert len(shortened("x" * 500, 200)) == 200
