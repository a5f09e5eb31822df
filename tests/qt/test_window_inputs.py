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
