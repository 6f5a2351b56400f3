"""The user's cache folder, found with ``os`` and ``sys`` alone: the help cache reads it before anything else loads.

What is kept there (compiled templates, LibreOffice profiles, help pages) is only ever reused, never an output.
``AGREEMENT_BUILDER_CACHE`` names another folder; set to ``0`` (or empty) it turns caching off.
"""

import os
import sys

CACHE_VARIABLE = "AGREEMENT_BUILDER_CACHE"


def user_cache_dir() -> str:
    """The user's cache folder for agreement_builder: XDG on Linux, Library/Caches on macOS, LOCALAPPDATA."""
    home = os.path.expanduser("~")
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(home, "AppData", "Local")
    elif sys.platform == "darwin":
        base = os.path.join(home, "Library", "Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache")
    return os.path.join(base, "agreement_builder")


def cache_dir(kind: str) -> str | None:
    """The folder for cached ``kind`` (a subfolder of the user's cache), the chosen one, or None when caching is off.

    As for compiled templates (:mod:`.render.template_cache`): ``AGREEMENT_BUILDER_CACHE`` is used as the
    folder itself; ``0`` or an empty value turns caching off.
    """
    chosen = os.environ.get(CACHE_VARIABLE)
    if chosen is not None:
        return None if chosen.strip() in ("", "0") else os.path.expanduser(chosen)
    return os.path.join(user_cache_dir(), kind)
