"""agreement_builder: collaboration agreements (samarbeidsavtaler) from Excel workbooks.

The public API: read a workbook into the model, render the Word agreement.
"""

__version__ = "0.1.0"

from .errors import AgreementError, OutputError, WorkbookError  # noqa: E402
from .model import Agreement  # noqa: E402



def main(book=None):
    """The Excel ribbon button: ``agreement_builder.xlam`` runs ``import agreement_builder; agreement_builder.main()``.

    Imports xlwings only when called; see :mod:`agreement_builder.excel`.
    """
    from .excel import main as run

    return run(book)


__all__ = ["Agreement", "AgreementError", "OutputError", "WorkbookError", "__version__", "main"]
