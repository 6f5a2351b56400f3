"""A LibreOffice for the UNO scripts the tests run (lo_tracked.py, fixtures/libreoffice_writer.py).

Runs under a Python that can ``import uno`` (LibreOffice's own or Debian's python3-uno), so it
imports nothing of ours. :func:`office` starts ``soffice`` headless on a throwaway profile, yields
the component context, and always stops it.
"""

import contextlib
import subprocess
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue


def props(**values):
    """UNO's PropertyValue tuple from keyword arguments."""
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


@contextlib.contextmanager
def office(soffice):
    """The component context of a headless LibreOffice on a fresh profile; it is shut down afterwards."""
    pipe = f"agreement_builder_tests_{uuid.uuid4().hex}"
    with tempfile.TemporaryDirectory() as profile:
        process = subprocess.Popen(
            [soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
             f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}", f"--accept=pipe,name={pipe};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            context = _connect(pipe, time.monotonic() + 60)
            yield context
            desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
            with contextlib.suppress(Exception):  # the bridge closes as LibreOffice quits
                desktop.terminate()
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
