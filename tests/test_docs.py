"""Generated documentation is up to date with the code."""

from pathlib import Path

import pytest

from agreement_builder.documentation import GENERATED

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_doc_is_current(name):
    assert (DOCS / name).read_text(encoding="utf-8") == GENERATED[name]() + "\n", (
        f"docs/{name} is stale: run python scripts/make_docs.py"
    )
