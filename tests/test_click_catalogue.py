"""click's own messages come out in bokmål, from the catalogue the package ships."""

from __future__ import annotations

import gettext
import importlib.util
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_builder.cli import agreement
from agreement_builder.cli_locale import DOMAIN, LANGUAGE, LOCALE_DIR

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("click_catalogue", ROOT / "scripts" / "click_catalogue.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def catalogue():
    return {message.id: message for message in _script().read_catalogue() if message.id}


@pytest.fixture(scope="module")
def click_messages():
    script = _script()
    return script.click_messages(script.installed_click_source())


def _msgid(message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def test_the_extractor_finds_clicks_messages(click_messages):
    assert "Usage:" in click_messages
    assert click_messages["Got unexpected extra argument ({args})"] == "Got unexpected extra arguments ({args})"
    assert len(click_messages) > 50


def test_every_message_click_marks_is_translated(catalogue, click_messages):
    by_singular = {_msgid(message): message for message in catalogue.values()}
    missing = sorted(set(click_messages) - set(by_singular))
    assert not missing, f"run python scripts/click_catalogue.py and translate: {missing}"
    for singular, plural in click_messages.items():
        message = by_singular[singular]
        assert message.pluralizable == (plural is not None), singular
        if plural is not None:  # gettext looks plurals up by the singular; click has reworded a plural
            assert len(message.string) == 2, singular
        assert all(text.strip() for text in _strings(message)), f"untranslated: {singular!r}"
        assert not message.fuzzy, singular


def _fields(text: str) -> set[str]:
    brace = {name.split("!")[0] for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    percent = set(re.findall(r"%\((\w+)\)s", text))
    return brace | percent


def test_translations_keep_clicks_placeholders(catalogue):
    for message in catalogue.values():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        expected = set().union(*(_fields(text) for text in ids))
        for text in _strings(message):
            assert _fields(text) <= expected, f"{text!r} names fields {ids!r} does not"
            if not message.pluralizable:
                assert _fields(text) == expected, f"{text!r} drops a field of {ids!r}"


def test_the_shipped_mo_matches_the_po(catalogue):
    compiled = gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[LANGUAGE])
    for message in catalogue.values():
        if message.pluralizable:
            singular, plural = message.id
            assert compiled.ngettext(singular, plural, 1) == message.string[0], "run python scripts/click_catalogue.py"
            assert compiled.ngettext(singular, plural, 2) == message.string[1], "run python scripts/click_catalogue.py"
        else:
            assert compiled.gettext(message.id) == message.string, "run python scripts/click_catalogue.py"
    assert len(compiled._catalog) - 1 == sum(2 if m.pluralizable else 1 for m in catalogue.values())


def _error(command, args) -> str:
    result = CliRunner().invoke(command, args)
    assert result.exit_code == 2, result.output
    return result.stderr


def test_a_value_given_to_a_flag_is_refused_in_bokmal(tmp_path):
    stderr = _error(agreement, ["init", str(tmp_path / "x.xlsx"), "--overwrite=1"])
    assert "Feil: Valget «--overwrite» tar ingen verdi." in stderr


def test_usage_errors_are_in_bokmal(tmp_path):
    missing = _error(agreement, ["init"])
    assert re.match(r"Bruk: agreement init \[VALG\] STI.xlsx\nPrøv «agreement init (-h|--help)» for hjelp.", missing)
    assert "Feil: Mangler argumentet 'STI.xlsx'." in missing
    unknown = _error(agreement, ["init", "x.xlsx", "--finnes-ikke"])
    assert re.search(r"Feil: Ukjent valg(: --finnes-ikke| «--finnes-ikke»\.)\n", unknown)  # click < 8.4: with a colon
    assert "Feil: Ukjent kommando «lag»." in _error(agreement, ["lag"])
    bad_choice = _error(agreement, ["validate", str(tmp_path / "x.xlsx"), "--format", "xml"])
    assert "Feil: Ugyldig verdi for '--format': «xml» er ikke blant 'text', 'json', 'junit'." in bad_choice
    extra = _error(agreement, ["validate", "a.xlsx", "b.xlsx"])  # build-agreement takes several
    assert "Feil: Uventet ekstra argument (b.xlsx)" in extra


def test_help_headings_are_in_bokmal():
    result = CliRunner().invoke(agreement, ["--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Bruk: agreement")
    for heading in ("Valg:", "Kommandoer:", "Vis denne hjelpen og avslutt.", "Vis versjonen og avslutt."):
        assert heading in result.output
    for english in ("Usage:", "Options:", "Commands:", "Show this message and exit."):
        assert english not in result.output
    assert "standard: text" in CliRunner().invoke(agreement, ["validate", "--help"]).output


def test_the_entry_point_speaks_bokmal_on_an_english_system(tmp_path):
    """As installed on a Norwegian Windows (no language variables) or an English Linux."""
    for language in ({}, {"LANG": "en_US.UTF-8"}, {"LANGUAGE": "en", "LC_ALL": "C"}):
        env = {key: value for key, value in os.environ.items()
               if key not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
        code = "from agreement_builder.console import agreement_main; agreement_main()"
        result = subprocess.run([sys.executable, "-c", code, "init", str(tmp_path / "x.xlsx"), "--overwrite=1"],
                                env={**env, **language}, capture_output=True, text=True, timeout=120)
        assert result.returncode == 2
        assert "Feil: Valget «--overwrite» tar ingen verdi." in result.stderr, (language, result.stderr)
