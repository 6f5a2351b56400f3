"""Bokmål for the texts click itself prints (help headings, usage errors).

click marks its messages for gettext and looks them up in gettext's global domain, in the
language named by the environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG). The package ships a
catalogue of them (``locale/nb/LC_MESSAGES/click.po``, compiled to ``click.mo`` by
``scripts/click_catalogue.py``); :func:`use_bokmal` points gettext at it.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "click"
LANGUAGE = "nb"


def use_bokmal() -> None:
    """Make click print its own texts in bokmål, whatever language the user's system names.

    Norwegian Windows sets none of the variables gettext reads, and a Linux user may have an
    English locale, so the tool chooses the language itself. gettext reads the language only
    from the environment, so this sets LANGUAGE in this process (child processes inherit it).
    """
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = LANGUAGE
