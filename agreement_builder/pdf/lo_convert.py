"""Convert .docx files to PDF in LibreOffice, refreshing tables of contents and fields first.

Runs under a Python that can ``import uno`` (LibreOffice's own, or Debian's python3-uno),
not necessarily the one running agreement_builder, so it imports nothing of ours:

    python3 lo_convert.py SOFFICE OUTDIR FILE.docx [FILE.docx ...]

Prints one line per file: ``ok <pdf>`` or ``error <docx> <reason>``; exit code 1 if any failed.
"""

import os
import subprocess
import sys
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue


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


def _convert(desktop, source, outdir):
    url = uno.systemPathToFileUrl(os.path.abspath(source))
    document = desktop.loadComponentFromURL(url, "_blank", 0, _props(Hidden=True, ReadOnly=True))
    try:
        indexes = document.getDocumentIndexes()
        for index in range(indexes.getCount()):
            indexes.getByIndex(index).update()
        document.getTextFields().refresh()
        document.refresh()
        target = os.path.join(outdir, os.path.splitext(os.path.basename(source))[0] + ".pdf")
        document.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)),
                            _props(FilterName="writer_pdf_Export"))
        return target
    finally:
        document.close(True)


def main(argv):
    soffice, outdir, files = argv[1], argv[2], argv[3:]
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
                    print("ok", _convert(desktop, source, outdir), flush=True)
                except Exception as exc:  # report per file, go on with the rest
                    failed = True
                    print("error", source, type(exc).__name__, str(exc).replace("\n", " ")[:200], flush=True)
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
