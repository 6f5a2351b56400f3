"""One LibreOffice session: lay out .docx files, measure the pages of their headings, export accessible PDFs.

Runs under a Python that can ``import uno`` (LibreOffice's own, or Debian's python3-uno),
not necessarily the one running agreement_builder, so it imports nothing of ours but its
sibling lo_profile.py:

    python3 lo_convert.py SOFFICE PROFILES

starts LibreOffice once on a reused profile under PROFILES (lo_profile.py), prints
``{"starting": PID}`` and ``{"ready": true, "office": PID, "reused": BOOL, "seconds": S}`` (or
``{"error"}``), then
serves one request per line of standard input, ``{"file", "outdir", "mode"}``, with one JSON
line each: ``{"file", "pages", "pdf", "seconds"}`` where ``pages`` maps each ``_Toc`` bookmark
(one per heading) to the page it is laid out on, or ``{"file", "error"}``. MODE is ``measure``
(no PDF), ``pdf`` (export as the document shows it) or ``pdf-refresh`` (LibreOffice rebuilds
the tables of contents first, for documents without page numbers). At the end of standard
input (also when the process that started it dies) LibreOffice is shut down and waited for.
"""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
import zipfile
from xml.etree import ElementTree

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.lang import Locale

from lo_profile import take_slot

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


def _connect(pipe, process, deadline):
    """The office's component context, once LibreOffice listens on ``pipe``."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if time.monotonic() > deadline or process.poll() is not None:
                raise
            time.sleep(0.05)


# The pages of the headings, asked inside LibreOffice in one call (from Python each bookmark costs
# four calls across the pipe, ≈ 60 ms a document). A line per ``_Toc`` bookmark, «name TAB page»,
# after «ok»; on any error just «failed» (Basic would otherwise show a dialog nobody can close).
PAGES_BASIC = """
Function HeadingPages(doc As Object) As String
  On Error GoTo failed
  Dim marks As Object, cursor As Object, names, i As Long, out As String
  marks = doc.getBookmarks()
  names = marks.getElementNames()
  cursor = doc.getCurrentController().getViewCursor()
  out = "ok"
  For i = 0 To UBound(names)
    If Left(names(i), 4) = "_Toc" And InStr(names(i), Chr(9)) = 0 And InStr(names(i), Chr(10)) = 0 Then
      cursor.gotoRange(marks.getByName(names(i)).getAnchor(), False)
      out = out & Chr(10) & names(i) & Chr(9) & cursor.getPage()
    End If
  Next
  HeadingPages = out
  Exit Function
failed:
  HeadingPages = "failed"
End Function
"""
BASIC_LIBRARY, BASIC_MODULE = "AgreementBuilder", "Pages"


def page_script(context):
    """The Basic function above, installed in the session's profile; None where Basic cannot be used."""
    try:
        manager = context.ServiceManager
        libraries = manager.createInstanceWithContext("com.sun.star.script.ApplicationScriptLibraryContainer",
                                                      context)
        if not libraries.hasByName(BASIC_LIBRARY):
            libraries.createLibrary(BASIC_LIBRARY)
        libraries.loadLibrary(BASIC_LIBRARY)
        library = libraries.getByName(BASIC_LIBRARY)
        if library.hasByName(BASIC_MODULE):
            library.replaceByName(BASIC_MODULE, PAGES_BASIC)
        else:
            library.insertByName(BASIC_MODULE, PAGES_BASIC)
        factory = manager.createInstanceWithContext("com.sun.star.script.provider.MasterScriptProviderFactory",
                                                    context)
        return factory.createScriptProvider("").getScript(
            f"vnd.sun.star.script:{BASIC_LIBRARY}.{BASIC_MODULE}.HeadingPages?language=Basic&location=application")
    except Exception:
        return None


def heading_pages(document, script=None):
    """The page each ``_Toc`` bookmark starts on, as the layout puts it (physical page numbers)."""
    if script is not None:
        answer = script.invoke((document,), (), ())[0]
        if isinstance(answer, str) and answer.startswith("ok"):
            return {name: int(page) for name, page in (line.split("\t") for line in answer.splitlines()[1:])}
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


def _process(desktop, script, source, outdir, mode):
    """Open ``source``, measure its headings' pages and (unless ``mode`` is ``measure``) export its PDF.

    The result's ``steps`` says how long each step took inside LibreOffice (benchmarks/bench_pdf.py).
    """
    steps = {}
    clock = time.monotonic()

    def step(name):
        nonlocal clock
        now = time.monotonic()
        steps[name], clock = round(now - clock, 4), now

    url = uno.systemPathToFileUrl(os.path.abspath(source))
    word = {"FilterName": "MS Word 2007 XML"} if source.lower().endswith(".docx") else {}  # no type detection
    document = desktop.loadComponentFromURL(url, "_blank", 0, _props(Hidden=True, ReadOnly=True, **word))
    step("load")
    try:
        if mode == "pdf-refresh":  # LibreOffice's own TOC and fields; ours (PAGEREF) already show the pages
            indexes = document.getDocumentIndexes()
            for index in range(indexes.getCount()):
                indexes.getByIndex(index).update()
            document.getTextFields().refresh()
            document.refresh()
            step("fields")
        result = {"file": source, "pages": heading_pages(document, script), "steps": steps}
        step("pages")
        if mode != "measure":
            result["pdf"] = _export(document, source, outdir)
            step("export")
        return result
    finally:
        document.close(True)
        step("close")


# --- the session -------------------------------------------------------------------------------
def _start(soffice, profile):
    """LibreOffice listening on a fresh pipe, in its own process group (a Ctrl-C is for its owner to handle)."""
    pipe = f"agreement_builder_{uuid.uuid4().hex}"
    command = [soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}", f"--accept=pipe,name={pipe};urp;"]
    group = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if sys.platform == "win32" else {
        "start_new_session": True}
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, **group)
    try:
        _say({"starting": process.pid})  # the caller can stop it even if this script hangs
        context = _connect(pipe, process, time.monotonic() + 60)
    except Exception:
        _kill(process)
        raise
    return process, context


def _kill(process):
    """LibreOffice and whatever it started (its process group), at once."""
    try:
        if sys.platform == "win32":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    process.wait()


def _stop(process, context):
    """Ask LibreOffice to quit and wait for it; True if it quit cleanly (its profile may be reused)."""
    try:
        context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context).terminate()
    except Exception:  # the bridge goes away as the office quits
        pass
    try:
        clean = process.wait(timeout=30) == 0
    except subprocess.TimeoutExpired:
        clean = False
    _kill(process)  # a helper LibreOffice left behind in its group goes too
    return clean


def _say(message):
    """One JSON line to the caller (an OSError when the caller is gone)."""
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _serve(context):
    """Answer each request on standard input until it ends; True if every document went through."""
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    script = page_script(context)
    failed = False
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        started = time.monotonic()
        try:
            result = _process(desktop, script, request["file"], request["outdir"], request["mode"])
        except Exception as exc:  # report per file, go on with the rest
            failed = True
            result = {"file": request["file"], "error": f"{type(exc).__name__} {exc}".replace("\n", " ")[:200]}
        result["seconds"] = round(time.monotonic() - started, 4)
        _say(result)
    return not failed


def _stop_on_sigterm(signum, frame):
    raise SystemExit(1)  # unwinds through main's finally blocks: LibreOffice is shut down


def main(argv):
    soffice, profiles = argv[1], argv[2]
    if sys.platform != "win32":
        signal.signal(signal.SIGTERM, _stop_on_sigterm)
    slot = take_slot(profiles)
    started = time.monotonic()
    try:
        try:
            process, context = _start(soffice, slot.folder)
        except Exception as exc:
            if not slot.reused or isinstance(exc, OSError):  # OSError: the caller is gone
                raise
            slot.wipe()  # a reused profile LibreOffice would not start on: make it afresh
            process, context = _start(soffice, slot.folder)
        try:  # from here on LibreOffice is shut down however this ends (also when the caller is gone)
            _say({"ready": True, "office": process.pid, "reused": slot.reused,
                  "seconds": round(time.monotonic() - started, 4)})
            ok = _serve(context)
        finally:
            if _stop(process, context):
                slot.mark_ready()
    except Exception as exc:
        try:
            _say({"error": f"{type(exc).__name__} {exc}".replace("\n", " ")[:200]})
        except OSError:  # nobody is listening any more
            pass
        return 1
    finally:
        slot.release()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
