"""The example's documents stay the same: every part's normalised XML against a recording.

The recording (tests/fixtures/example_outputs.json) was made before the speed work of issue 13
and holds, for the example built as one agreement, the same with the shipped template given as a
user's ``--template`` (the sandboxed child process), and the 42-municipality batch, a SHA-256 of
each part: canonical XML (C14N) for XML parts, the bytes for the rest. The zip's layout (order,
compression, headers) may change; what a reader of the parts sees may not.

When the documents are meant to change, record again and review the diff of the recording:
``.venv/bin/python tests/test_output_unchanged.py --record``.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "workbooks" / "innlandet-rehabilitering.xlsx"
TEMPLATE = ROOT / "templates" / "samarbeidsavtale.docx"
RECORDING = Path(__file__).resolve().parent / "fixtures" / "example_outputs.json"


def part_digest(name: str, data: bytes) -> str:
    """SHA-256 of the part's canonical XML (C14N, so attribute order and quoting do not count), or of its bytes."""
    if name.endswith((".xml", ".rels")):
        data = etree.tostring(etree.fromstring(data), method="c14n")
    return hashlib.sha256(data).hexdigest()


def package_digests(path: Path) -> dict[str, str]:
    """{part name: digest} of the Word package at ``path``, sorted by name."""
    with zipfile.ZipFile(path) as package:
        return {name: part_digest(name, package.read(name)) for name in sorted(package.namelist())}


def build_outputs(folder: Path) -> dict[str, dict[str, str]]:
    """Build the example three ways into ``folder``; {document label: part digests}."""
    from agreement_builder.cli import build_agreement

    runs = {
        "agreement": [str(EXAMPLE), "-o", str(folder / "avtale.docx")],
        "user template": [str(EXAMPLE), "--template", str(TEMPLATE), "-o", str(folder / "mal.docx")],
        "batch": [str(EXAMPLE), "--per-municipality", "-o", str(folder / "kommuner")],
    }
    for label, arguments in runs.items():
        result = CliRunner().invoke(build_agreement, arguments)
        assert result.exit_code == 0, f"{label}: {result.output}"
    outputs = {"agreement": package_digests(folder / "avtale.docx"),
               "user template": package_digests(folder / "mal.docx")}
    for path in sorted((folder / "kommuner").glob("*.docx")):
        outputs[f"batch/{path.name}"] = package_digests(path)
    return outputs


def differences(recorded: dict[str, dict[str, str]], built: dict[str, dict[str, str]]) -> list[str]:
    """One line per document or part that is missing, new or different."""
    lines = [f"{label}: dokumentet mangler" for label in recorded.keys() - built.keys()]
    lines += [f"{label}: nytt dokument" for label in built.keys() - recorded.keys()]
    for label in sorted(recorded.keys() & built.keys()):
        old, new = recorded[label], built[label]
        lines += [f"{label}: {name} " + ("mangler" if name not in new else "er ny" if name not in old else "endret")
                  for name in sorted(old.keys() | new.keys()) if old.get(name) != new.get(name)]
    return lines


@pytest.mark.skipif(not RECORDING.exists(), reason="no recording yet: run this file with --record")
def test_the_example_builds_to_the_recorded_parts(tmp_path):
    recorded = json.loads(RECORDING.read_text(encoding="utf-8"))
    built = build_outputs(tmp_path)
    assert len(built) == 2 + 42
    assert differences(recorded, built) == []


def test_a_changed_part_is_reported():
    recorded = {"agreement": {"word/document.xml": "a", "word/styles.xml": "b"}}
    built = {"agreement": {"word/document.xml": "a", "word/styles.xml": "c", "word/new.xml": "d"}}
    assert differences(recorded, built) == ["agreement: word/new.xml er ny", "agreement: word/styles.xml endret"]


def test_canonical_xml_ignores_attribute_order_and_quotes():
    first = b'<a xmlns="urn:x" b="1" c="2"><d/></a>'
    second = b"<?xml version='1.0'?>\n<a xmlns=\"urn:x\" c='2' b='1'><d></d></a>"
    assert part_digest("x.xml", first) == part_digest("x.xml", second)
    assert part_digest("x.xml", first) != part_digest("x.xml", first.replace(b'"2"', b'"3"'))


def record() -> None:
    """Write the recording from the current code."""
    with tempfile.TemporaryDirectory() as folder:
        outputs = build_outputs(Path(folder))
    RECORDING.write_text(json.dumps(outputs, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{RECORDING}: {len(outputs)} documents")


if __name__ == "__main__":
    if sys.argv[1:] != ["--record"]:
        raise SystemExit("usage: python tests/test_output_unchanged.py --record")
    sys.path.insert(0, str(ROOT))
    record()
