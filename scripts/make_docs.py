"""Regenerate the reference documentation in docs/ from the code.

Run from the repository root:  python scripts/make_docs.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agreement_builder.documentation import GENERATED  # noqa: E402


def main() -> None:
    for name, generate in GENERATED.items():
        target = ROOT / "docs" / name
        target.write_text(generate() + "\n", encoding="utf-8")
        print(target)


if __name__ == "__main__":
    main()
