"""agreement_builder: collaboration agreements (samarbeidsavtaler) from Excel workbooks.

The public API: read a workbook into the model, render the Word agreement.
"""

__version__ = "0.1.0"

_LAZY = {"Agreement": "model", "AgreementError": "errors", "OutputError": "errors", "WorkbookError": "errors"}


def __getattr__(name: str):
    """The public names, loaded when first used (``agreement --help`` needs none of them)."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")



def main(book=None):
    """The Excel ribbon button: ``agreement_builder.xlam`` runs ``import agreement_builder; agreement_builder.main()``.

    Imports xlwings only when called; see :mod:`agreement_builder.excel`.
    """
    from .excel import main as run

    return run(book)


__all__ = ["Agreement", "AgreementError", "OutputError", "WorkbookError", "__version__", "main"]
