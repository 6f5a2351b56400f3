"""Run the checkout's code without installing it: ``python cli.py build WORKBOOK``.

The real code lives in agreement_builder/cli/; installed, use ``agreement`` and
``build-agreement``. The dependencies in pyproject.toml must be installed (for example in
the virtual environment from the README's quick start); missing ones are named in one line.
"""

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def missing_dependencies() -> list[str]:
    """The distributions pyproject.toml requires that are not installed (ones with markers are not checked)."""
    with open(ROOT / "pyproject.toml", "rb") as file:
        requirements = tomllib.load(file)["project"]["dependencies"]
    missing = []
    for requirement in requirements:
        if ";" in requirement:
            continue
        name = re.match(r"[A-Za-z0-9._-]+", requirement).group()
        try:
            metadata.version(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
    return missing


if __name__ == "__main__":
    if missing := missing_dependencies():
        print(f"cli.py: mangler Python-pakkene {', '.join(missing)} (fra pyproject.toml). Installer dem, for "
              "eksempel med «python3 -m pip install -e .» i et venv (se README.md).", file=sys.stderr)
        sys.exit(2)
    sys.path.insert(0, str(ROOT))
    from agreement_builder.console import agreement_main

    agreement_main()
