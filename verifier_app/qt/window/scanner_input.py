"""A keyboard-wedge scanner types a whole code and Enter within milliseconds: catch that burst
anywhere in the window and hand it over as one scan."""

from __future__ import annotations

import re
import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from verifier_app.services import BARCODE_PREFIX, MAX_TEXT_CHARS, QR_PREFIX, ScannerBurstDetector

# How a scanned code's text starts: "DL1:" (the QR code), "DLN:" (the barcode of the licence number), or
# another format version's "DL<n>:" (which gets its own clear verdict, so it is a scan too).
CODE_START = re.compile(rf"{re.escape(QR_PREFIX)}|{re.escape(BARCODE_PREFIX)}|DL[0-9]{{1,4}}:")


class KeyboardScannerFilter(QObject):
    """Watches every key press in the app for a scanner's burst ending in Enter."""

    scanned = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.detector = ScannerBurstDetector(code_start=CODE_START, max_chars=MAX_TEXT_CHARS)
        # Only for key events without a time stamp (0: synthesized ones, some input methods); injectable,
        # so tests type at a scanner's pace whatever the machine's load.
        self.clock = time.monotonic

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        # An app-wide filter sees one key press several times (the QWindow, the
        # focus widget, then each parent it propagates to): count it once, at
        # the widget that has the focus (or the window, when nothing has it).
        if (isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and not event.isAutoRepeat()
                and self._first_receiver(obj)):
            now = self._pressed_ms(event)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                text = self.detector.enter(now)
                if text:
                    self.scanned.emit(text)
                    return True  # the scan is handled; the Enter must not also press a button
            elif event.text() and event.text().isprintable():
                self.detector.key(event.text(), now)
        return False

    def _pressed_ms(self, event: QKeyEvent) -> float:
        # When the key was pressed (the X server's or the platform's stamp), not when this busy event
        # loop got to it: a stall of 50 ms while the camera's frame is drawn would split a scan in two.
        stamp = event.timestamp()
        return float(stamp) if stamp else self.clock() * 1000

    def _first_receiver(self, obj: QObject) -> bool:
        if not isinstance(obj, QWidget) or obj.window() is not self.parent():
            return False  # dialogs (a passphrase prompt!) are never scanned
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit) and focus.echoMode() != QLineEdit.EchoMode.Normal:
            return False
        return obj is focus if focus is not None else obj.isWindow()
