"""The yardstick of issue 13: what a user would write by hand instead of agreement_builder.

openpyxl loads the whole workbook (not read-only), docxtpl renders a one-page template with
a few facts and a table of every sheet's rows, no validation. Run:
``python benchmarks/reference_script.py WORKBOOK.xlsx OUT.docx``.
The template, ``benchmarks/reference_template.docx``, is made by ``make_template`` with python-docx
when it is missing (``python benchmarks/reference_script.py --make-template``).
"""

from __future__ import annotations

import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "reference_template.docx"


def make_template(path: Path = TEMPLATE) -> Path:
    """A one-page Word template with Jinja tags: a title, a paragraph per fact and a table loop."""
    import docx

    document = docx.Document()
    document.add_heading("Samarbeidsavtale: {{ title }}", level=1)
    document.add_paragraph("{% for key, value in facts %}{{ key }}: {{ value }}\n{% endfor %}")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Ark", "Rader"
    table.cell(1, 0).text = "{%tr for name, rows in sheets %}"
    table.cell(2, 0).text, table.cell(2, 1).text = "{{ name }}", "{{ rows }}"
    table.add_row().cells[0].text = "{%tr endfor %}"
    document.save(path)
    return path


def main(workbook: str, output: str) -> None:
    import openpyxl
    from docxtpl import DocxTemplate

    book = openpyxl.load_workbook(workbook)  # the full load a hand-written script does
    first = book["Avtale"] if "Avtale" in book.sheetnames else book.worksheets[0]
    facts = [(str(row[0]), str(row[1])) for row in first.iter_rows(min_row=1, max_row=12, max_col=2,
                                                                         values_only=True) if row[0]]
    sheets = [(sheet.title, sum(1 for _ in sheet.iter_rows(values_only=True))) for sheet in book.worksheets]
    template = DocxTemplate(TEMPLATE)
    template.render({"title": Path(workbook).stem, "facts": facts, "sheets": sheets})
    template.save(output)


if __name__ == "__main__":
    if sys.argv[1:] == ["--make-template"]:
        print(make_template())
    else:
        main(*sys.argv[1:3])
