"""A keyboard-wedge scanner types a whole code and Enter within milliseconds: catch that burst
anywhere in the window and hand it over as one scan."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from verifier_app.decode.live_input.keyboard import ScannerBurstDetector


class KeyboardScannerFilter(QObject):
    """Watches every key press in the app for a scanner's burst ending in Enter."""

    scanned = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.detector = ScannerBurstDetector()
        self.clock = time.monotonic  # injectable: tests type at a scanner's pace whatever the machine's load

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        # An app-wide filter sees one key press several times (the QWindow, the
        # focus widget, then each parent it propagates to): count it once, at
        # the widget that has the focus (or the window, when nothing has it).
        if (isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and not event.isAutoRepeat()
                and self._first_receiver(obj)):
            now = self.clock() * 1000
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                text = self.detector.enter(now)
                if text:
                    self.scanned.emit(text)
                    return True  # the scan is handled; the Enter must not also press a button
            elif event.text() and event.text().isprintable():
                self.detector.key(event.text(), now)
        return False

    def _first_receiver(self, obj: QObject) -> bool:
        if not isinstance(obj, QWidget) or obj.window() is not self.parent():
            return False  # dialogs (a passphrase prompt!) are never scanned
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit) and focus.echoMode() != QLineEdit.EchoMode.Normal:
            return False
        return obj is focus if focus is not None else obj.isWindow()
