"""Lay out .docx files in LibreOffice: measure the pages of their headings, export accessible PDFs.

Runs under a Python that can ``import uno`` (LibreOffice's own, or Debian's python3-uno),
not necessarily the one running agreement_builder, so it imports nothing of ours:

    python3 lo_convert.py SOFFICE OUTDIR MODE FILE.docx [FILE.docx ...]

MODE is ``measure`` (no PDF), ``pdf`` (export as the document shows it) or ``pdf-refresh``
(LibreOffice rebuilds the tables of contents first, for documents without page numbers).
Prints one JSON line per file: ``{"file", "pages", "pdf"}`` where ``pages`` maps each
``_Toc`` bookmark (one per heading) to the page it is laid out on, or ``{"file", "error"}``;
exit code 1 if any failed.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from xml.etree import ElementTree

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.lang import Locale

# writer_pdf_Export's FilterData: a tagged PDF (PDF/UA) with bookmarks and the title in the window.
PDF_OPTIONS = {
    "UseTaggedPDF": True,
    "PDFUACompliance": True,
    "ExportBookmarks": True,
    "DisplayPDFDocTitle": True,
    "OpenBookmarkLevels": -1,
    "ExportNotes": False,
}
LANGUAGE = Locale("nb", "NO", "")
CORE_KEYWORDS = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords"


def _props(**values):
    result = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        result.append(prop)
    return tuple(result)


def _connect(pipe, deadline):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def heading_pages(document):
    """The page each ``_Toc`` bookmark starts on, as the layout puts it (physical page numbers)."""
    cursor = document.getCurrentController().getViewCursor()
    bookmarks = document.getBookmarks()
    pages = {}
    for name in bookmarks.getElementNames():
        if name.startswith("_Toc"):
            cursor.gotoRange(bookmarks.getByName(name).getAnchor(), False)
            pages[name] = cursor.getPage()
    return pages


def _mark_language(document):
    """Documents without a language get nb-NO, which the PDF's /Lang is taken from."""
    defaults = document.getStyleFamilies().getByName("ParagraphStyles").getByName("Standard")
    if not defaults.getPropertyValue("CharLocale").Language:
        defaults.setPropertyValue("CharLocale", LANGUAGE)


def _keep_keywords(document, source):
    """The keywords as the Word file lists them («a; b; c»): LibreOffice's import splits them at every space."""
    try:
        with zipfile.ZipFile(source) as package:
            node = ElementTree.fromstring(package.read("docProps/core.xml")).find(CORE_KEYWORDS)
    except (KeyError, OSError, zipfile.BadZipFile, ElementTree.ParseError):
        return
    if node is not None and node.text and ";" in node.text:
        keywords = tuple(part.strip() for part in node.text.split(";") if part.strip())
        document.getDocumentProperties().Keywords = keywords


def _export(document, source, outdir):
    _mark_language(document)
    _keep_keywords(document, source)
    target = os.path.join(outdir, os.path.splitext(os.path.basename(source))[0] + ".pdf")
    options = uno.Any("[]com.sun.star.beans.PropertyValue", _props(**PDF_OPTIONS))
    document.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)),
                        _props(FilterName="writer_pdf_Export", FilterData=options))
    return target


def _process(desktop, source, outdir, mode):
    url = uno.systemPathToFileUrl(os.path.abspath(source))
    document = desktop.loadComponentFromURL(url, "_blank", 0, _props(Hidden=True, ReadOnly=True))
    try:
        if mode == "pdf-refresh":
            indexes = document.getDocumentIndexes()
            for index in range(indexes.getCount()):
                indexes.getByIndex(index).update()
        document.getTextFields().refresh()
        document.refresh()
        result = {"file": source, "pages": heading_pages(document)}
        if mode != "measure":
            result["pdf"] = _export(document, source, outdir)
        return result
    finally:
        document.close(True)


def main(argv):
    soffice, outdir, mode, files = argv[1], argv[2], argv[3], argv[4:]
    pipe = f"agreement_builder_{uuid.uuid4().hex}"
    with tempfile.TemporaryDirectory() as profile:
        process = subprocess.Popen(
            [soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
             f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}", f"--accept=pipe,name={pipe};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        failed = False
        try:
            context = _connect(pipe, time.monotonic() + 60)
            desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
            for source in files:
                try:
                    result = _process(desktop, source, outdir, mode)
                except Exception as exc:  # report per file, go on with the rest
                    failed = True
                    result = {"file": source, "error": f"{type(exc).__name__} {exc}".replace("\n", " ")[:200]}
                print(json.dumps(result), flush=True)
            try:
                desktop.terminate()
            except Exception:
                pass
        finally:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
