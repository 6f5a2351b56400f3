"""LibreOffice user profiles kept in the user's cache folder, one per running session, made once.

A profile folder cannot serve two LibreOffice processes at once (the second one hands its work
to the first), so the cache holds numbered slots, ``slot-0``, ``slot-1``, …, each guarded by an
OS file lock (``slot-N.lock``) that its session holds while it runs; a lock dies with its
process, so a killed run never leaves a slot taken. A slot's profile is marked ``ready`` only
after LibreOffice has shut down cleanly on it; the mark is removed while a session runs, so a
profile that a killed session may have left half-written is made afresh by the next run.

Runs inside lo_convert.py (under LibreOffice's Python) and imports nothing of ours.
"""

import os
import shutil
import sys

READY = "agreement-builder-ready"
MAX_SLOTS = 64


class Slot:
    """A profile folder held by this process until :meth:`release` (or the process ends)."""

    def __init__(self, folder, handle):
        self.folder = folder
        self._handle = handle
        self.reused = os.path.exists(os.path.join(folder, READY))
        if self.reused:
            os.remove(os.path.join(folder, READY))  # in use: not known good until a clean shutdown
        else:
            self.wipe()

    def wipe(self):
        """Throw away whatever profile the slot holds (LibreOffice makes a new one on start)."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self.reused = False

    def mark_ready(self):
        """LibreOffice shut down cleanly: the profile may be reused."""
        if os.path.isdir(self.folder):
            with open(os.path.join(self.folder, READY), "w", encoding="ascii") as mark:
                mark.write("ok\n")

    def release(self):
        self._handle.close()  # closing the file releases the lock


def _locked(path):
    """The lock file at ``path`` opened and locked without waiting, or None when another process holds it."""
    handle = open(path, "a+b")  # noqa: SIM115 - held open as the lock
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


def take_slot(root):
    """The first free profile slot under ``root`` (created if need be), locked for this process."""
    os.makedirs(root, exist_ok=True)
    for number in range(MAX_SLOTS):
        folder = os.path.join(root, f"slot-{number}")
        handle = _locked(folder + ".lock")
        if handle is not None:
            return Slot(folder, handle)
    raise RuntimeError(f"all {MAX_SLOTS} LibreOffice profiles in {root} are in use")
