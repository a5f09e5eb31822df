"""SIGTERM and SIGINT close the window the way its Quit action does.

Python runs a signal handler only when the interpreter gets control, and
Qt's event loop may sit in C++ for as long as nothing happens.  So the
handler's wake-up byte goes through a socket pair that a QSocketNotifier
watches: the loop wakes at once, without a polling timer, and the window is
closed from the GUI thread (camera released, scans stopped), after which the
caller closes the audit log.
"""

from __future__ import annotations

import logging
import signal
import socket
from typing import Callable

from PySide6.QtCore import QObject, QSocketNotifier

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
