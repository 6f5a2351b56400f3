"""Open Word documents in LibreOffice, accept or reject all tracked changes, and print their text as JSON.

Runs under a Python that can ``import uno`` (Debian's python3-uno for /usr/bin/python3), so it
imports nothing of ours:

    python3 lo_tracked.py SOFFICE OUT.json MODE=FILE.docx [MODE=FILE.docx ...]

MODE is ``accept``, ``reject`` or ``keep``. For each file it writes ``{"body": [...], "header": [...],
"redlines": N}``: the body's paragraphs in order (a table's cells row by row), each as
``[style, text]``, leaving out the table of contents; the headers' texts; and how many tracked
changes were left in the document after the step.
"""

import json
import os
import sys

import uno
from uno_office import office, props

COMMANDS = {"accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges"}


def _is_contents(paragraph):
    style = paragraph.ParaStyleName or ""
    return style.lower().startswith(("contents", "toc")) or "TOC \\o" in paragraph.getString()


def _paragraphs(text):
    """[style, text] for each paragraph of a text, a table's cells row by row."""
    lines = []
    enumeration = text.createEnumeration()
    while enumeration.hasMoreElements():
        element = enumeration.nextElement()
        if element.supportsService("com.sun.star.text.TextTable"):
            rows, columns = element.getRows().getCount(), element.getColumns().getCount()
            for name in _cell_names(element, rows, columns):
                lines += [["cell", line] for _, line in _paragraphs(element.getCellByName(name).getText())]
        elif not _is_contents(element):
            lines.append([element.ParaStyleName, element.getString()])
    return lines


def _cell_names(table, rows, columns):
    """The table's cell names in reading order (row by row), as LibreOffice names them (A1, B1, …)."""
    names = list(table.getCellNames())

    def position(name):
        letters = "".join(c for c in name.split(".")[0] if c.isalpha())
        digits = "".join(c for c in name.split(".")[0] if c.isdigit())
        column = 0
        for letter in letters:
            column = column * 26 + (ord(letter) - 64)
        return int(digits), column, name

    return [name for *_, name in sorted(map(position, names))]


def _headers(document):
    texts = []
    styles = document.getStyleFamilies().getByName("PageStyles")
    for name in sorted(styles.getElementNames()):
        style = styles.getByName(name)
        if style.HeaderIsOn:
            texts.append(style.HeaderText.getString())
    return texts


def _read(desktop, dispatcher, mode, source):
    url = uno.systemPathToFileUrl(os.path.abspath(source))
    document = desktop.loadComponentFromURL(url, "_blank", 0, props(Hidden=True))
    try:
        if mode in COMMANDS:
            frame = document.getCurrentController().getFrame()
            dispatcher.executeDispatch(frame, COMMANDS[mode], "", 0, ())
        return {"body": _paragraphs(document.getText()), "header": _headers(document),
                "redlines": document.getRedlines().getCount()}
    finally:
        document.close(True)


def main(argv):
    soffice, target, jobs = argv[1], argv[2], argv[3:]
    results = []
    with office(soffice) as context:
        manager = context.ServiceManager
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        for job in jobs:
            mode, source = job.split("=", 1)
            results.append(_read(desktop, dispatcher, mode, source))
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(results, handle, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv)
