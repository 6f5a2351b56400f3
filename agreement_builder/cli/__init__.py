"""Command line: ``build-agreement`` (the main job) and ``agreement`` (the toolbox).

Thin by design: parse arguments, call the library, print. :class:`AgreementError` becomes
one line on stderr and exit code 2, in one place (:class:`.shared.Command`).

One small module per job, and a run loads only the one it needs:

- :mod:`.shared`: the command classes, output that cannot steer the terminal, common options;
- :mod:`.build`: ``build-agreement`` and ``agreement build`` (with :mod:`.build_findings`; several
  workbooks, one document per municipality, group workbooks and page numbers in
  :mod:`.build_many`, :mod:`.build_per_municipality`, :mod:`.build_extract`, :mod:`.page_numbers`);
- :mod:`.toolbox`: the group ``agreement``, which imports a command's module when it is used:
  :mod:`.validate` (validate, regler), :mod:`.workbooks` (init, split, join, import),
  :mod:`.template_check`, :mod:`.diff` (diff, textconv), :mod:`.merge` (merge, merge-driver),
  :mod:`.excel`;
- :mod:`.scripts`: the console scripts as whole processes, and their help pages (help cache).

The names below are imported from those modules when first asked for (PEP 562), so
``from agreement_builder.cli import build_agreement`` does not load the toolbox.
"""

from importlib import import_module

# name → (module of this package, name there)
_LAZY = {
    "build_agreement": ("build", "build_agreement"),
    "agreement": ("toolbox", "agreement"),
    "run": ("scripts", "run"),
    "help_page": ("scripts", "help_page"),
    "CONTEXT": ("shared", "CONTEXT"),
}

__all__ = ["COMMANDS", *_LAZY]


def __getattr__(name: str):
    """``COMMANDS`` (both console scripts' commands by name) and the names of :data:`_LAZY`, imported now."""
    if name == "COMMANDS":
        value = import_module(f"{__name__}.scripts").commands()
    elif name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(import_module(f"{__name__}.{module}"), attribute)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
