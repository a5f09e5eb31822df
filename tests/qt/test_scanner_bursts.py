"""A keyboard-wedge scanner's burst, judged whole however busy the window is: the keys' own time stamps
measure the gaps, and a burst is judged only from where a code starts."""

from __future__ import annotations

import time

import pytest

from verifier_app.errors import InputUnreadable
from verifier_app.verify.clock import SystemClock
from verifier_app.verify.engine import Verdict

from tests.qt.test_gui import Cameras, live, make_window  # noqa: F401  (live: the fixture)

pytest.importorskip("pytestqt")


class Staller:
    """Blocks the GUI thread when its posted event comes up, as drawing a camera frame or a slow slot does."""

    def __init__(self, seconds: float):
        from PySide6.QtCore import QEvent, QObject

        self.kind = QEvent.Type(QEvent.registerEventType())
        self.stalls = 0
        staller = self

        class Target(QObject):
            def event(self, event):  # noqa: N802
                if event.type() == staller.kind:
                    staller.stalls += 1
                    time.sleep(seconds)
                    return True
                return super().event(event)

        self.target = Target()

    def post(self) -> None:
        from PySide6.QtCore import QEvent
        from PySide6.QtWidgets import QApplication

        QApplication.postEvent(self.target, QEvent(self.kind))


def post_scanner_burst(widget, text: str, *, start_ms: int, stall_every: int, staller: Staller) -> None:
    """A scanner's keys as the platform queues them: stamped 5-10 ms apart when pressed, while the event
    loop is blocked for longer than a key gap every few keys (the keys wait in the queue meanwhile)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    at = start_ms
    for i, ch in enumerate(text + "\r"):
        key = Qt.Key.Key_Return if ch == "\r" else Qt.Key(ord(ch.upper()))
        event = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, ch)
        event.setTimestamp(at)
        QApplication.postEvent(widget, event)
        at += 5 if i % 2 else 10
        if i % stall_every == stall_every - 1:
            staller.post()


@pytest.mark.parametrize("focus", ["verdict", "manual"])
def test_a_scanner_burst_is_judged_whole_while_the_event_loop_stalls(qtbot, live, licence, focus):  # noqa: F811
    authority, store = live
    window = make_window(qtbot, store, Cameras(InputUnreadable("no camera")))
    widget = getattr(window, focus)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    shown = []
    window.verdict_shown.connect(shown.append)
    text = authority.issue(licence, at=SystemClock().now())
    staller = Staller(0.06)  # longer than the 50 ms a scanner's keys are apart at most
    with qtbot.waitSignal(window.verdict_shown, timeout=5000):
        post_scanner_burst(widget, text, start_ms=5_000_000, stall_every=len(text) // 4, staller=staller)
    qtbot.wait(50)  # anything else the keys would have set off
    assert staller.stalls >= 3
    assert [r.verdict for r in shown] == [Verdict.VALID]
    assert window.last_event.source == "scanner"
    assert window.manual.text() == ""  # the text box keeps no head of the scan


def test_a_burst_that_does_not_start_like_a_code_is_not_judged(qtbot, live):  # noqa: F811
    _, store = live
    window = make_window(qtbot, store, Cameras(InputUnreadable("no camera")))
    window.verdict.setFocus()
    shown = []
    window.verdict_shown.connect(shown.append)
    staller = Staller(0.0)
    post_scanner_burst(window.verdict, "BJ2026000001ABCDEF", start_ms=7_000_000, stall_every=100, staller=staller)
    qtbot.wait(200)
    assert shown == []
