"""The layers hold: import-linter's contracts in pyproject.toml, and docs/architecture.md names every layer."""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "agreement_builder"


def _contracts() -> list[dict]:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["tool"]["importlinter"]["contracts"]


def _layer_names() -> list[str]:
    """Every module named in the layers contract, optional ones without their parentheses."""
    (layers,) = [contract for contract in _contracts() if contract["type"] == "layers"]
    names = []
    for line in layers["layers"]:
        for name in line.replace("|", ":").split(":"):
            names.append(name.strip().strip("()"))
    return names


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


def test_architecture_doc_names_every_layer():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    modules = {path.stem for path in PACKAGE.glob("*.py")}
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    missing = [name for name in _layer_names() if name in modules | packages and name not in text]
    assert not missing, f"docs/architecture.md does not mention {missing}"
