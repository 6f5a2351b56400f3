"""The layers hold: import-linter's contracts in pyproject.toml, drawn in docs/architecture.md."""

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _contracts() -> list[dict]:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["tool"]["importlinter"]["contracts"]


def test_import_contracts_hold():
    """`lint-imports` (the venv's own) keeps every contract; its report is the failure message."""
    executable = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert executable, "lint-imports is missing: install the test extra (pip install -e '.[test]')"
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    result = subprocess.run([executable, "--no-cache"], cwd=ROOT, env=environment, capture_output=True,
                            text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_core_may_not_import_the_outside_libraries():
    """The forbidden list is the one docs/architecture.md promises; shrinking it must be a visible decision."""
    (core,) = [contract for contract in _contracts() if contract.get("id") == "core-without-adapters"]
    assert {"xlwings", "click", "docx", "lxml", "openpyxl", "python_calamine", "docxtpl"} <= set(
        core["forbidden_modules"])
    assert {f"agreement_builder.{name}" for name in ("model", "schema", "text", "law", "reference", "validation",
                                                       "diff")} <= set(core["source_modules"])


def test_architecture_doc_draws_the_layers_of_the_contract():
    """The picture in docs/architecture.md is the layers contract, line for line (left column)."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    picture = text.split("## Lagene", 1)[1].split("```", 2)[1]
    drawn = [re.split(r"\s{2,}", line.strip())[0] for line in picture.splitlines()[1:] if line.strip()]
    (layers,) = [contract for contract in _contracts() if contract["type"] == "layers"]
    assert drawn == layers["layers"]
