"""Where the window opens: the size the user chose last time, always inside the screen's available area.

Inside means the window manager's frame too (title bar and borders), so the status bar at the bottom
is never cut off.  The frame's size is known only once the window manager has framed the shown window
(before that, ``frameGeometry()`` equals ``geometry()``): placing before ``show()`` uses the frame
measured in the last run, and a guard fits the window again as soon as the real frame is known.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

log = logging.getLogger("verifier_app.qt")
DEFAULT_SIZE = (1280, 760)
SETTLE_MS = 3000  # how long after show() the window manager's framing and placing is waited for


def fit_into(window: tuple[int, int, int, int], frame: tuple[int, int],
             area: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """(x, y, width, height) of a window moved and shrunk to lie inside ``area`` with its frame.

    ``x, y`` are the frame's top-left corner (what ``QWidget.move`` sets), ``width, height`` the
    window's inside (what ``resize`` sets); ``frame`` is what the frame adds to the width and height."""
    x, y, w, h = window
    ax, ay, aw, ah = area
    w, h = min(w, aw - frame[0]), min(h, ah - frame[1])
    x = max(ax, min(x, ax + aw - w - frame[0]))
    y = max(ay, min(y, ay + ah - h - frame[1]))
    return x, y, w, h


def place_on_screen(window: QWidget, state: QSettings | None) -> None:
    """Restore the remembered geometry (else the default size), then fit it into the screen
    (a 1366x768 laptop, or 1920x1080 at 1.5x scale, has less room than the default), and fit it
    again once it is shown and framed."""
    if state is not None and state.value("window/geometry") is not None:
        window.restoreGeometry(state.value("window/geometry"))
    else:
        window.resize(*DEFAULT_SIZE)
    fit_frame(window, _remembered_frame(state))
    KeepOnScreen(window)


def fit_frame(window: QWidget, frame: tuple[int, int] | None = None) -> bool:
    """Move and shrink ``window`` so that it lies inside its screen's available area with its frame
    (``frame``: what the frame adds to the width and height, measured from the window when None).
    True if the window had to change."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return False
    a = screen.availableGeometry()
    outer, inner = window.frameGeometry(), window.geometry()
    if frame is None:
        frame = (outer.width() - inner.width(), outer.height() - inner.height())
    # At a fractional scale (1.5x) Qt's sizes are rounded: a frame of 25 pixels reads as 16 (16.7), and
    # a window moved to y=9 reads back as y=10.  Leave room for that, and don't chase a pixel.
    fractional = not float(window.devicePixelRatio()).is_integer()
    slack = 2 if fractional else 0
    current = (outer.x(), outer.y(), inner.width(), inner.height())
    fitted = fit_into(current, (frame[0] + slack, frame[1] + slack), (a.x(), a.y(), a.width(), a.height()))
    if fitted[2:] == current[2:] and max(abs(fitted[0] - current[0]), abs(fitted[1] - current[1])) <= slack // 2:
        return False
    x, y, w, h = fitted
    log.info("window fitted into the screen's available area %s: %s -> %s (frame adds %s)",
             (a.x(), a.y(), a.width(), a.height()), current, fitted, frame)
    window.resize(w, h)
    window.move(x, y)
    return True


class KeepOnScreen(QObject):
    """Fits the shown window into the screen again whenever the window manager frames, moves or
    resizes it, for a few seconds after it is shown (afterwards the user places the window)."""

    def __init__(self, window: QWidget, settle_ms: int = SETTLE_MS) -> None:
        super().__init__(window)
        self.window = window
        self.settle_ms = settle_ms
        self.fits = 0  # how often the window had to be moved back (tests, the log)
        window.installEventFilter(self)
        if window.isVisible():
            self._shown()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        # getattr: a window garbage-collected unclosed loses this object's Python attributes before Qt
        # stops sending it the window's last events.
        if obj is getattr(self, "window", None):
            if event.type() == QEvent.Type.Show:
                self._shown()
            elif event.type() in (QEvent.Type.Move, QEvent.Type.Resize) and self.window.isVisible():
                # After Qt has taken in the new geometry and the frame's (they come in one batch).
                QTimer.singleShot(0, self, self.fit)
        return False

    def _shown(self) -> None:
        for delay in (0, 100, 500, 1500):  # where the window manager frames without moving the window
            QTimer.singleShot(delay, self, self.fit)
        QTimer.singleShot(self.settle_ms, self, self._settled)

    def fit(self) -> None:
        if self.window.isVisible() and not self.window.isMaximized() and not self.window.isFullScreen():
            self.fits += fit_frame(self.window)

    def _settled(self) -> None:
        self.window.removeEventFilter(self)


def _remembered_frame(state: QSettings | None) -> tuple[int, int]:
    value = state.value("window/frame") if state is not None else None
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        return 0, 0
    try:
        width, height = int(value[0]), int(value[1])
    except (TypeError, ValueError):
        return 0, 0
    return (width, height) if 0 <= width <= 200 and 0 <= height <= 200 else (0, 0)


def remember_geometry(window: QWidget, state: QSettings | None) -> None:
    if state is not None:
        state.setValue("window/geometry", window.saveGeometry())
        outer, inner = window.frameGeometry(), window.geometry()
        state.setValue("window/frame", [outer.width() - inner.width(), outer.height() - inner.height()])


__all__ = ["DEFAULT_SIZE", "KeepOnScreen", "fit_frame", "fit_into", "place_on_screen", "remember_geometry"]
