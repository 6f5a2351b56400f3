"""Bokmål for the texts click itself prints (help headings, usage errors).

click looks its messages up through ``gettext``; this swaps in a small catalogue. Texts
it does not know stay in English, so a newer click degrades gracefully.
"""

from __future__ import annotations

import importlib

BOKMAL = {
    "Usage:": "Bruk:",
    "Options": "Valg",
    "Commands": "Kommandoer",
    "Show this message and exit.": "Vis denne hjelpen og avslutt.",
    "Show the version and exit.": "Vis versjonen og avslutt.",
    "%(prog)s, version %(version)s": "%(prog)s, versjon %(version)s",
    "Error: {message}": "Feil: {message}",
    "Try '{command} {option}' for help.": "Prøv «{command} {option}» for hjelp.",
    "Missing argument": "Mangler argument",
    "Missing option": "Mangler valg",
    "Missing parameter": "Mangler parameter",
    "Missing command.": "Mangler kommando.",
    "No such command {name!r}.": "Ukjent kommando {name!r}.",
    "No such option {name!r}.": "Ukjent valg {name!r}.",
    "Invalid value for {param_hint}: {message}": "Ugyldig verdi for {param_hint}: {message}",
    "Invalid value: {message}": "Ugyldig verdi: {message}",
    "Missing {param_type}": "Mangler {param_type}",
    "Aborted!": "Avbrutt.",
    "default: {default}": "standard: {default}",
    "{value!r} is not one of {choices}.": "{value!r} er ikke blant {choices}.",
    "{value!r} is not {choice}.": "{value!r} er ikke {choice}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} finnes ikke.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} er en mappe.",
    "{name} {filename!r} is a file.": "{name} {filename!r} er en fil.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} kan ikke leses.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} kan ikke skrives.",
    "file": "fil",
    "directory": "mappe",
    "path": "sti",
    "{value!r} is not a valid {number_type}.": "{value!r} er ikke et gyldig {number_type}.",
    "Got unexpected extra argument ({args})": "Uventet ekstra argument ({args})",
    "Got unexpected extra arguments ({args})": "Uventede ekstra argumenter ({args})",
    "Option {name!r} requires an argument.": "Valget {name!r} krever en verdi.",
    "Option {name!r} requires {nargs} arguments.": "Valget {name!r} krever {nargs} verdier.",
    "Did you mean {possibility}?": "Mente du {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Mente du en av: {possibilities}?)",
}

_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "utils", "termui")


def _gettext(message: str) -> str:
    return BOKMAL.get(message, message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return _gettext(singular if count == 1 else plural)


def install() -> None:
    """Make click print its own texts in bokmål."""
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _gettext
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext
