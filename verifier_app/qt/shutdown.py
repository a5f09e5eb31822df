"""Ending cleanly: SIGTERM and SIGINT close the window the way its Quit action does, and no worker
thread outlives the QThread object that runs it.

Python runs a signal handler only when the interpreter gets control, and
Qt's event loop may sit in C++ for as long as nothing happens.  So the
handler's wake-up byte goes through a socket pair that a QSocketNotifier
watches: the loop wakes at once, without a polling timer, and the window is
closed from the GUI thread (camera released, scans stopped), after which the
caller closes the audit log.

Qt aborts the whole process ("QThread: Destroyed while thread is still
running") when a QThread object is deleted while its thread runs.  The
window stops its camera and scans in closeEvent, but a window can be
destroyed without one: garbage-collected when its last reference goes (a
test's window, an exception during start-up), or left open when the
application quits.  So a started worker is kept by ``keep_running`` rather
than by the widget that started it: asked to stop when that widget is
destroyed, stopped and waited for when the application quits or Python
exits, and let go only once it has finished and been waited for.
"""

from __future__ import annotations

import atexit
import logging
import signal
import socket
from typing import Callable

from PySide6.QtCore import QCoreApplication, QMetaObject, QObject, QSocketNotifier, QThread

log = logging.getLogger("verifier_app.qt")


class SignalCloser(QObject):
    """Calls ``close`` on the GUI thread when SIGTERM or SIGINT arrives."""

    def __init__(self, close: Callable[[], object], parent: QObject | None = None,
                 signals: tuple[signal.Signals, ...] = (signal.SIGTERM, signal.SIGINT)) -> None:
        super().__init__(parent)
        self._close = close
        self.received: signal.Signals | None = None
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._wake)
        self._previous = {sig: signal.signal(sig, self._handler) for sig in signals}

    def _handler(self, signum: int, frame: object) -> None:
        # Runs in the main thread between bytecodes: only note it; _wake does the work.
        self.received = signal.Signals(signum)

    def _wake(self) -> None:
        try:
            self._reader.recv(64)
        except BlockingIOError:
            pass
        if self.received is not None:
            log.info("%s received: closing the window", self.received.name)
            self._close()

    def uninstall(self) -> None:
        for sig, previous in self._previous.items():
            signal.signal(sig, previous)
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()


class _Keeper(QObject):
    """Holds every started worker thread until it has finished and been waited for."""

    WAIT_MS = 10_000  # a camera driver opening a device is the slowest step a stop waits for

    def __init__(self) -> None:
        super().__init__()
        self.threads: dict[QThread, Callable[[], object]] = {}  # thread -> how to ask it to stop
        self._owner_links: dict[QThread, QMetaObject.Connection] = {}
        self._quit_hooked = False

    def keep(self, thread: QThread, stop: Callable[[], object], owner: QObject) -> None:
        self.threads[thread] = stop
        # Queued (the thread emits it, this object lives in the GUI thread): the slot runs after the thread
        # has left run(), on the GUI thread, never inside the thread's own last steps.
        thread.finished.connect(self._finished)
        # Not a method of the owner: when it is destroyed its Python side may already be gone.  Undone
        # once the thread has finished, or every scan a window ran would stay referenced by the window.
        self._owner_links[thread] = owner.destroyed.connect(lambda *_: stop())
        app = QCoreApplication.instance()
        if app is not None and not self._quit_hooked:
            app.aboutToQuit.connect(self.stop_all)
            self._quit_hooked = True

    def _finished(self) -> None:
        thread = self.sender()
        if isinstance(thread, QThread) and thread in self.threads:
            thread.wait()  # finished is emitted just before the thread really ends: a moment at most
            self._forget(thread)

    def _forget(self, thread: QThread) -> None:
        self.threads.pop(thread, None)
        link = self._owner_links.pop(thread, None)
        if link is not None:
            QObject.disconnect(link)  # False when the owner is already gone: nothing left to undo

    def stop_all(self) -> None:
        threads = list(self.threads.items())
        for _, stop in threads:
            stop()
        for thread, _ in threads:
            if not thread.wait(self.WAIT_MS):
                log.error("a worker thread did not stop within %d ms", self.WAIT_MS)
                continue
            self._forget(thread)


_keeper: _Keeper | None = None


def keep_running(thread: QThread, stop: Callable[[], object], owner: QObject) -> None:
    """Start ``thread`` (on the GUI thread) and keep its QThread object alive until it has finished.

    ``stop`` asks the thread to end without waiting; it is called when ``owner`` is destroyed, and on
    quit or exit, after which the thread is waited for.  The owner still stops its threads itself in
    the ordinary path (closeEvent, a camera restarted)."""
    global _keeper
    if _keeper is None:
        _keeper = _Keeper()
        atexit.register(stop_all_threads)  # before Python's finalization deletes what is left
    _keeper.keep(thread, stop, owner)
    thread.start()


def running_threads() -> list[QThread]:
    """The started workers not yet finished and waited for (tests, the exit log)."""
    return list(_keeper.threads) if _keeper is not None else []


def stop_all_threads() -> None:
    """Stop every kept worker and wait for it (quit, exit; idempotent)."""
    if _keeper is not None:
        _keeper.stop_all()
