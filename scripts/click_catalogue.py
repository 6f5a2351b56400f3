"""Keep the bokmål catalogue for click's own messages in step with click.

click marks every text it prints (help headings, usage errors) for gettext. This script extracts
those messages from click's source with Babel, adds any new ones to
``agreement_builder/locale/nb/LC_MESSAGES/click.po`` (keeping the translations already there),
and compiles the catalogue to ``click.mo`` beside it, which the package ships.

    python scripts/click_catalogue.py [CLICK_SOURCE_OR_WHEEL ...]

Without arguments it reads the installed click; pass unpacked click folders or click wheels to
cover several click versions at once (the catalogue must cover every version pyproject allows).
Babel is a test dependency: ``pip install -e '.[test]'``.
"""

from __future__ import annotations

import ast
import sys
import tempfile
import zipfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "agreement_builder" / "locale" / "nb" / "LC_MESSAGES" / "click.po"


def click_messages(source: Path) -> dict[str, str | None]:
    """Return click's messages marked for translation in ``source``: msgid → plural msgid (or None).

    Babel's extractor does the work; on Python < 3.12 it cannot see into f-strings, where click
    before 8.5 marks ``Usage:`` (``f"{_('Usage:')} "``, missed by xgettext too), so calls inside
    f-strings are added from the syntax tree.
    """
    messages: dict[str, str | None] = {}
    for path in sorted(source.glob("*.py")):
        found = extract_from_file("python", path, keywords=DEFAULT_KEYWORDS)
        for message in [message for _lineno, message, _comments, _context in found] + _in_fstrings(path):
            if isinstance(message, tuple):
                messages.setdefault(message[0], message[1])
            else:
                messages.setdefault(message, None)
    return messages


def _in_fstrings(path: Path) -> list[str | tuple[str, str]]:
    """Return the messages marked by ``_()``/``gettext()``/``ngettext()`` calls inside f-strings."""
    found: list[str | tuple[str, str]] = []
    for fstring in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(fstring, ast.JoinedStr):
            continue
        for call in ast.walk(fstring):
            if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name):
                continue
            texts = [arg.value for arg in call.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
            if call.func.id in ("_", "gettext") and len(texts) == 1:
                found.append(texts[0])
            elif call.func.id == "ngettext" and len(texts) == 2:
                found.append((texts[0], texts[1]))
    return found


def installed_click_source() -> Path:
    """Return the folder of the installed click package."""
    import click

    return Path(click.__file__).parent


def read_catalogue(path: Path = CATALOGUE) -> Catalog:
    """Read the bokmål .po catalogue."""
    with path.open("rb") as handle:
        return read_po(handle, locale="nb")


def _sources(arguments: list[str], scratch: Path) -> list[Path]:
    if not arguments:
        return [installed_click_source()]
    sources = []
    for number, argument in enumerate(arguments):
        path = Path(argument)
        if path.suffix == ".whl":
            with zipfile.ZipFile(path) as wheel:
                wheel.extractall(scratch / str(number))
            path = scratch / str(number) / "click"
        sources.append(path)
    return sources


def update(sources: list[Path]) -> list[str]:
    """Add the messages of ``sources`` to the catalogue, compile it; return the untranslated msgids."""
    catalogue = read_catalogue()
    for source in sources:
        for message, plural in click_messages(source).items():
            if message not in catalogue:
                catalogue.add((message, plural) if plural else message, ("", "") if plural else "")
    catalogue.fuzzy = False
    with CATALOGUE.open("wb") as handle:
        write_po(handle, catalogue, width=100, omit_header=False, sort_output=True)
    with CATALOGUE.with_suffix(".mo").open("wb") as handle:
        write_mo(handle, catalogue)
    return [message.id for message in catalogue if message.id and not all(_strings(message))]


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def main(arguments: list[str]) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        untranslated = update(_sources(arguments, Path(scratch)))
    for message in untranslated:
        print(f"mangler oversettelse: {message!r}")
    return 1 if untranslated else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
