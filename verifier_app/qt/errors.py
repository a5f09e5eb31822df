"""The one place where exceptions become dialogs (after Anki's aqt/errors.py).

Expected errors (``VerifierError``) show their message and the action that
fixes them.  Anything else is logged and shown as a plain apology: a user
never sees a traceback, and the window keeps running.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from verifier_app.errors import VerifierError

log = logging.getLogger("verifier_app")


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or QCoreApplication.translate("errors", "Problem"))
    if isinstance(exc, VerifierError):
        box.setText(exc.message)
        if exc.action:
            box.setInformativeText(exc.action)
    else:
        box.setText(QCoreApplication.translate("errors", "Something went wrong, but the verifier is still running."))
        box.setInformativeText(QCoreApplication.translate(
            "errors", "If it happens again, restart the verifier and tell your administrator."))
    box.setAccessibleName(box.windowTitle())
    box.open()  # non-blocking: scanning goes on behind it


def install_excepthook() -> None:
    """Unexpected exceptions in slots are logged, not fatal, and never shown raw."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error: %s", "".join(traceback.format_exception(kind, value, tb)))
        from PySide6.QtCore import QThread
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        # Widgets belong to the GUI thread: from a worker, logging is all that is safe.
        if app is not None and QThread.currentThread() is app.thread():
            show_error(QApplication.activeWindow(), value)

    sys.excepthook = hook
