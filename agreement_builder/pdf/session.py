"""LibreOffice sessions that stay open: started once, fed one document after another through UNO.

A :class:`Session` is one lo_convert.py process (under a Python that can ``import uno``) and the
LibreOffice it started on a reused profile (lo_profile.py). An :class:`Office` holds up to
``workers`` sessions, started when first needed, and spreads documents over them. The sessions
live until :meth:`Office.close`, or, in a pool worker, until the worker ends (:func:`keep_open`).

LibreOffice is always shut down: closing a session ends lo_convert.py's standard input, and
lo_convert.py then stops LibreOffice and waits for it; the same happens when this process dies
(Ctrl-C, a killed pool worker), since the pipe's end closes with it. Sessions run in their own
process group, so a Ctrl-C in the terminal reaches this process alone, which closes them in order.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..errors import AgreementError
from ..paths import user_cache_folder

SCRIPT = Path(__file__).with_name("lo_convert.py")
START_TIMEOUT = 90  # seconds for LibreOffice to start and listen
DOCUMENT_TIMEOUT = 120  # seconds for one document


def profiles_folder(soffice: str) -> Path:
    """Where this LibreOffice's profiles are kept: one folder per installation and version."""
    program = Path(soffice).resolve()
    try:
        stamp = f"{program}|{program.stat().st_mtime_ns}|{program.stat().st_size}"
    except OSError:
        stamp = str(program)
    return user_cache_folder() / f"libreoffice-{hashlib.sha256(stamp.encode()).hexdigest()[:16]}"


class Session:
    """One LibreOffice, started on a reused profile, converting documents until closed."""

    def __init__(self, soffice: str, uno_python: str):
        group = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if sys.platform == "win32" else {
            "start_new_session": True}
        self._scratch: str | None = None
        profiles = profiles_folder(soffice)
        try:
            profiles.mkdir(parents=True, exist_ok=True)
        except OSError:  # no writable cache folder: a profile made for this session alone
            profiles = Path(tempfile.mkdtemp(prefix="agreement-lo-"))
            self._scratch = str(profiles)
        self.process = subprocess.Popen(
            [uno_python, str(SCRIPT), soffice, str(profiles)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8", errors="replace",
            **group)
        self.office_pid: int | None = None
        self.reused = False
        self._ready = False

    def _answer(self, timeout: float) -> dict:
        """The next JSON line lo_convert.py prints; the session is killed if none comes in ``timeout`` seconds."""
        timer = threading.Timer(timeout, self.kill)
        timer.start()
        try:
            while True:
                line = self.process.stdout.readline()
                if not line:
                    raise AgreementError("LibreOffice stoppet underveis eller svarte ikke innen tidsfristen; "
                                         "PDF ble ikke laget")
                if line.startswith("{"):
                    return json.loads(line)
        finally:
            timer.cancel()

    def _wait_ready(self) -> None:
        if self._ready:
            return
        answer = self._answer(START_TIMEOUT)
        while "starting" in answer:  # LibreOffice's process group, to stop it should the session hang
            self.office_pid = answer["starting"]
            answer = self._answer(START_TIMEOUT)
        if "error" in answer:
            raise AgreementError(f"LibreOffice kunne ikke startes ({answer['error']})")
        self.office_pid, self.reused, self._ready = answer.get("office"), bool(answer.get("reused")), True

    def convert(self, document: Path, outdir: Path, mode: str) -> dict:
        """Lay ``document`` out (``measure``), and export its PDF into ``outdir`` (``pdf``, ``pdf-refresh``)."""
        self._wait_ready()
        request = {"file": str(document), "outdir": str(outdir), "mode": mode}
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except OSError:
            raise AgreementError("LibreOffice stoppet underveis; PDF ble ikke laget") from None
        return self._answer(DOCUMENT_TIMEOUT)

    def close(self, timeout: float = 60) -> None:
        """End the session: LibreOffice is asked to quit and waited for, or killed."""
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        self.process.stdout.close()
        if self._scratch:
            shutil.rmtree(self._scratch, ignore_errors=True)

    def kill(self) -> None:
        """Stop lo_convert.py and LibreOffice at once (their process groups)."""
        for group in (self.process.pid, self.office_pid):
            if group and sys.platform != "win32":
                with contextlib.suppress(OSError):
                    os.killpg(group, signal.SIGKILL)
        with contextlib.suppress(OSError):
            self.process.kill()
        self.process.wait()


class Office:
    """Up to ``workers`` LibreOffice sessions, started when first needed and reused until :meth:`close`."""

    def __init__(self, workers: int = 1):
        self.workers = max(1, workers)
        self.sessions: list[Session] = []
        self._closing = False  # set by close(): no further document is handed out

    def _sessions(self, soffice: str, uno_python: str, wanted: int) -> list[Session]:
        while len(self.sessions) < min(self.workers, wanted):
            self.sessions.append(Session(soffice, uno_python))  # they start side by side
        return self.sessions[:max(1, min(self.workers, wanted))]

    def run(self, soffice: str, uno_python: str, documents: Sequence[Path], outdir: Path, mode: str,
            done: Callable[[Path], None] | None = None) -> list[dict]:
        """Each document through one of the sessions, as each comes free; the answers in any order."""
        work: queue.SimpleQueue[Path] = queue.SimpleQueue()
        for document in documents:
            work.put(document)
        results: list[dict] = []
        failures: list[BaseException] = []

        def serve(session: Session) -> None:
            try:
                while not failures and not self._closing:
                    try:
                        document = work.get_nowait()
                    except queue.Empty:
                        return
                    results.append(session.convert(document, outdir, mode))
                    if done:
                        done(document)
            except BaseException as exc:  # handed to the calling thread
                failures.append(exc)

        threads = [threading.Thread(target=serve, args=(session,), daemon=True)
                   for session in self._sessions(soffice, uno_python, len(documents))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            self.close()  # a session that failed is in an unknown state
            raise failures[0]
        return results

    def close(self) -> None:
        """Shut every session's LibreOffice down (side by side) and wait for them."""
        self._closing = True
        sessions, self.sessions = self.sessions, []
        for session in sessions:
            with contextlib.suppress(OSError):
                session.process.stdin.close()
        for session in sessions:
            session.close()
        self._closing = False  # a kept office may start new sessions later


_current: Office | None = None


@contextlib.contextmanager
def office(workers: int = 1) -> Iterator[Office]:
    """The office this process keeps open, or a new one for the block, closed at its end (also on Ctrl-C)."""
    global _current
    if _current is not None:
        yield _current
        return
    _current = Office(workers)
    try:
        yield _current
    finally:
        opened, _current = _current, None
        opened.close()


def keep_open(workers: int = 1) -> None:
    """Keep one office open in this process until it exits (a pool worker's: its sessions serve every job)."""
    global _current
    if _current is None:
        _current = Office(workers)
        atexit.register(_current.close)
