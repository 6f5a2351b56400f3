"""Run the toolbox from a checkout without installing: ``python cli.py build WORKBOOK``.

The real code lives in agreement_builder/cli.py; installed, use ``agreement`` and
``build-agreement``.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from agreement_builder.cli import agreement_main  # noqa: E402

if __name__ == "__main__":
    agreement_main()
