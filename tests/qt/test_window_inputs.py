"""Every input of the window, as the officer meets them (issue 20 §5, §6, §7, §10).

A newer input is never shown with an older verdict (§6), a code the camera keeps
seeing never replaces a newer input's verdict (§5), a guarded setting changed
elsewhere applies to the very next verdict (§7), and the log names each input
as it was (§10).  The real window, real codes, real decoding and SQLite.
"""

from __future__ import annotations

import sqlite3

import pytest

from verifier_app.errors import InputUnreadable
from verifier_app.verify.clock import SystemClock
from verifier_app.verify.engine import Verdict

from tests.qt.test_gui import Cameras, live, make_window  # noqa: F401 - fixtures

pytest.importorskip("pytestqt")


def _rows(store) -> list[tuple[str, str, str]]:
    with sqlite3.connect(store.data_dir / "audit.sqlite3") as db:
        return db.execute("SELECT source, role, verdict FROM entries WHERE kind='verification' ORDER BY id").fetchall()


def test_pasted_text_is_logged_as_pasted_text_not_a_picture(qtbot, live, licence):  # noqa: F811
    from PySide6.QtGui import QGuiApplication

    from verifier_app.qt.words import input_name

    authority, store = live
    window = make_window(qtbot, store, Cameras(InputUnreadable("no camera")))
    window.verdict.setFocus()  # not the text box: the window verifies what the clipboard holds
    QGuiApplication.clipboard().setText(authority.issue(licence, at=SystemClock().now()))
    with qtbot.waitSignal(window.verdict_shown, timeout=5000) as shown:
        window.paste()
    assert shown.args[0].verdict is Verdict.VALID
    assert window.last_event.source == "paste-text"
    assert _rows(store) == [("paste-text", "checkpoint", "valid")]
    assert input_name(window.last_entry.source) == "pasted text"  # History's and the past verdict's word


# ------------------------------------------------------------ §6 a failing input


def _failing_inputs(tmp_path, monkeypatch):
    """Each input kind, started in a way that gives no verdict (or, for text, its own verdict)."""
    import cv2
    import numpy as np
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent, QGuiApplication

    from tests.videos import write_video

    junk = tmp_path / "junk.png"
    junk.write_bytes(b"not an image")
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    # A video longer than the verifier reads: it is read for a while (its progress shows), then refused.
    long_clip = write_video(tmp_path / "long.avi", [np.full((240, 320, 3), 40 + i, np.uint8) for i in range(40)])

    def too_long(window):
        from verifier_app.decode import frames

        monkeypatch.setattr(frames, "MAX_VIDEO_FRAMES", 25)
        window.scan_file(long_clip)

    def drop(window):
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(junk))])
        window.dropEvent(QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                    Qt.KeyboardModifier.NoModifier))

    def empty_clipboard(window):
        QGuiApplication.clipboard().clear()
        window.verdict.setFocus()
        window.paste()

    def typed(window):
        window.manual.setText("hello")
        window.verify_button.click()

    assert cv2.imread(str(junk)) is None
    return {
        "open a file that is not a picture": lambda w: w.scan_file(junk),
        "open an empty file": lambda w: w.scan_file(empty),
        "a video read, then refused": too_long,
        "drop a file that is not a picture": drop,
        "paste with nothing in the clipboard": empty_clipboard,
        "typed text that is not a code": typed,
        "a scanner burst that is not a code": lambda w: w._scanner_burst("HELLO-1234"),
    }


KINDS = ["open a file that is not a picture", "open an empty file", "a video read, then refused",
         "drop a file that is not a picture", "paste with nothing in the clipboard",
         "typed text that is not a code", "a scanner burst that is not a code"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_newer_input_that_fails_never_shows_the_old_verdict_as_its_own(qtbot, tmp_path, monkeypatch, live,
                                                                         licence, kind):  # noqa: F811
    from PySide6.QtWidgets import QMessageBox

    authority, store = live
    window = make_window(qtbot, store, Cameras(InputUnreadable("no camera")))
    window.verify_text(authority.issue(licence, at=SystemClock().now()), "scanner")
    assert window.verdict.word.text() == "VALID" and "王" in window.verdict.holder.text()
    start = _failing_inputs(tmp_path, monkeypatch)[kind]
    start(window)
    # At once, while a file is still being read: the last holder's VALID and details are gone.
    assert window.verdict.word.text() != "VALID" and "王" not in window.verdict.holder.text()
    if kind.startswith(("typed", "a scanner")):
        assert window.verdict.result is not None and window.verdict.result.verdict is not Verdict.VALID
        assert window.last_event.source == ("text" if kind.startswith("typed") else "scanner")
        return  # text always gets a verdict of its own
    qtbot.waitUntil(lambda: window.verdict.word.text() == "NO RESULT", timeout=20000)
    assert window.verdict.result is None and window.last_entry is None  # no receipt of the old one either
    assert "nothing was verified" in window.verdict.subtitle.text() or "clipboard" in window.verdict.subtitle.text()
    if not kind.startswith("paste"):
        box = window.findChildren(QMessageBox)[-1]  # and the dialog says why, as before
        assert "OpenCV" not in box.text()
    assert [r[0] for r in _rows(store)] == ["scanner"]  # a failed input is not a verdict in the log


def test_a_file_still_being_read_shows_that_it_is_read_not_the_last_verdict(qtbot, live, licence):  # noqa: F811
    import threading

    import numpy as np

    authority, store = live
    window = make_window(qtbot, store, Cameras(InputUnreadable("no camera")))
    window.verify_text(authority.issue(licence, at=SystemClock().now()), "scanner")
    release = threading.Event()

    def slow_frames():
        release.wait(20)
        yield np.full((48, 64, 3), 255, np.uint8)

    window._scan_frames(slow_frames, "file", "clip.mp4")
    assert window.verdict.word.text() == "READING…" and "clip.mp4" in window.verdict.subtitle.text()
    assert window.last_entry is None  # Save receipt can't print the last holder's verdict meanwhile
    window.cancel_or_clear()  # Esc: the scan stops, and nothing claims to be reading any more
    assert window.verdict.word.text() == "Ready to scan"
    release.set()
