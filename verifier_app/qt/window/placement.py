"""Where the window opens: the size the user chose last time, always inside the screen's available area."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

DEFAULT_SIZE = (1280, 760)


def fit_into(window: tuple[int, int, int, int], frame: tuple[int, int],
             area: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """(x, y, width, height) of a window moved and shrunk to lie inside ``area`` with its frame."""
    x, y, w, h = window
    ax, ay, aw, ah = area
    w, h = min(w, aw - frame[0]), min(h, ah - frame[1])
    x = max(ax, min(x, ax + aw - w - frame[0]))
    y = max(ay, min(y, ay + ah - h - frame[1]))
    return x, y, w, h


def place_on_screen(window: QWidget, state: QSettings | None) -> None:
    """Restore the remembered geometry (else the default size), then fit it into the screen
    (a 1366x768 laptop, or 1920x1080 at 1.5x scale, has less room than the default)."""
    if state is not None and state.value("window/geometry") is not None:
        window.restoreGeometry(state.value("window/geometry"))
    else:
        window.resize(*DEFAULT_SIZE)
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    a = screen.availableGeometry()
    extra = window.frameGeometry().size() - window.geometry().size()
    x, y, w, h = fit_into((window.x(), window.y(), window.width(), window.height()), (extra.width(), extra.height()),
                          (a.x(), a.y(), a.width(), a.height()))
    window.resize(w, h)
    window.move(x, y)


def remember_geometry(window: QWidget, state: QSettings | None) -> None:
    if state is not None:
        state.setValue("window/geometry", window.saveGeometry())
