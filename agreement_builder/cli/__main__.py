"""``python -m agreement_builder.cli``: the toolbox, as the ``agreement`` console script runs it."""

import sys

from .scripts import run

sys.exit(run("agreement"))
