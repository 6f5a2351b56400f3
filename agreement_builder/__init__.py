"""agreement_builder: collaboration agreements (samarbeidsavtaler) from Excel workbooks.

The public API: read a workbook into the model, render the Word agreement.
"""

__version__ = "0.1.0"

from .errors import AgreementError, OutputError, WorkbookError  # noqa: E402
from .model import Agreement  # noqa: E402

__all__ = ["Agreement", "AgreementError", "OutputError", "WorkbookError", "__version__"]
