"""QTimers made in one line (PySide6's keyword constructor isn't in its type stubs)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer


def make_timer(parent: QObject, slot: Callable[[], object], *, interval_ms: int = 0,
               single_shot: bool = False) -> QTimer:
    timer = QTimer(parent)
    timer.setInterval(interval_ms)
    timer.setSingleShot(single_shot)
    timer.timeout.connect(slot)
    return timer
