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
        from verifier_app.decode.sources import frames

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


# --------------------------------------------- §5 a code the camera keeps seeing


def _read(qtbot, window, code_text: str, times: int = 1) -> None:
    """Wait until the camera has read ``code_text`` ``times`` more times (each read handled by the window
    first: its slot was connected before this wait's)."""
    from verifier_app.verify.engine import Verifier

    digest = Verifier(trust=window.verifier.trust).verify(code_text).credential_hash
    for _ in range(times):
        with qtbot.waitSignal(window.camera.candidate, timeout=20000,
                              check_params_cb=lambda c: c.result.credential_hash == digest):
            pass


def test_a_code_still_in_view_never_replaces_a_newer_inputs_verdict(qtbot, tmp_path, live, licence):  # noqa: F811
    from tests.qt.test_gui import code_video

    authority, store = live
    now = SystemClock().now()
    held, renewed, renewed_again = (authority.issue(licence, at=now) for _ in range(3))  # one licence, new texts
    videos = {name: code_video(tmp_path, text, f"{name}.avi", blank=0, with_code=20)
              for name, text in (("held", held), ("renewed", renewed), ("renewed_again", renewed_again))}
    clock = [1000.0]  # the camera's reads are timed by this clock: the phone never leaves until it moves
    camera = Cameras(videos["held"])
    window = make_window(qtbot, store, camera, monotonic=lambda: clock[0])
    with qtbot.waitSignal(window.verdict_shown, timeout=20000) as shown:
        pass
    assert shown.args[0].verdict is Verdict.VALID and window.last_event.source == "camera"

    # The holder's app renews the code while the phone stays in view: the camera's own verdict follows it.
    camera.items = [videos["renewed"]]
    window.start_camera()
    with qtbot.waitSignal(window.verdict_shown, timeout=20000):
        pass
    assert window.last_event.source == "camera" and len(_rows(store)) == 2

    # Another input: the phone still in view, read again and again, never replaces its verdict ...
    window.verify_text("DLN:BJ2026000099", "scanner")
    _read(qtbot, window, renewed, times=4)
    assert window.last_event.source == "scanner" and window.verdict.word.text() == "NOT VERIFIED"
    # ... nor does its app's next renewal (the same presentation), nor after Esc (privacy: it stays clear).
    camera.items = [videos["renewed_again"]]
    window.start_camera()
    _read(qtbot, window, renewed_again, times=2)
    assert window.last_event.source == "scanner"
    window.clear_result()
    _read(qtbot, window, renewed_again, times=2)
    assert window.verdict.result is None
    assert [source for source, _, _ in _rows(store)] == ["camera", "camera", "scanner"]

    # The phone taken away and shown again (no read for longer than a presentation's gap): a new verdict.
    clock[0] += window.in_view.leave_after_s + 1
    with qtbot.waitSignal(window.verdict_shown, timeout=20000) as shown:
        pass
    assert shown.args[0].verdict is Verdict.VALID and window.last_event.source == "camera"
    assert [source for source, _, _ in _rows(store)] == ["camera", "camera", "scanner", "camera"]


def test_the_demo_phone_does_not_replace_a_typed_verdict(qtbot, tmp_path):
    """The issue's case: in demo mode a typed code's verdict was replaced within a second by the
    simulated phone's, and at each of its renewals after that."""
    from verifier_app.qt.app import start_demo
    from verifier_app.station.settings import StationSettings

    settings = StationSettings(sound=False, camera_index=-1)
    demo, camera, keep = start_demo(tmp_path / "data", settings)
    window = make_window(qtbot, demo.station, camera, settings=settings, monotonic=lambda: 5.0,
                         demo_roots=frozenset({demo.root_fingerprint}), demo=True)
    display = keep[0]
    with qtbot.waitSignal(window.verdict_shown, timeout=20000):
        pass
    window.manual.setText("DLN:BJ2026000042")
    window.verify_button.click()
    _read(qtbot, window, display.text, times=3)
    display.refresh()  # the phone's 30-second renewal, now
    _read(qtbot, window, display.text, times=2)
    assert window.last_event.source == "text" and window.verdict.word.text() == "NOT VERIFIED"


# ------------------------------------- §7 guarded settings changed elsewhere


def _admin(store, *args: str) -> None:
    """``verifier admin …`` run in-process against the window's station, as an administrator would."""
    from verifier_app.cli import verifier as verifier_cli
    from verifier_app.cli._common import run

    assert run(verifier_cli.main, ["--data-dir", str(store.data_dir), "--operator", "admin 1", "admin", *args]) == 0


def test_a_role_configured_elsewhere_applies_to_the_very_next_verdict(qtbot, live, licence):  # noqa: F811
    from verifier_app.station.roles import Role

    authority, store = live
    window = make_window(qtbot, store, Cameras(InputUnreadable("no camera")))
    window.verify_text(authority.issue(licence, at=SystemClock().now()))
    assert "1990-03-07" in window.verdict.holder.text()  # checkpoint: the birth date is shown
    _admin(store, "configure", "--role", "insurance")
    # No event-loop turn in between: the next verdict itself re-reads station.json.
    window.verify_text(authority.issue(licence, at=SystemClock().now()))
    holder = window.verdict.holder.text()
    # insurance: no birth date, the number masked as the log keeps it (one number per role), the status
    assert "1990-03-07" not in holder and "BJ2026000001" not in holder and "••••••••0001" in holder and "Status" in holder
    assert not window.verdict.portrait.isVisibleTo(window)
    assert [role for _, role, _ in _rows(store)] == ["checkpoint", "insurance"]
    assert window.settings.role is Role.INSURANCE and "Insurance" in window.role_label.text()

    # And without any scan, the status bar follows a change within moments (the folder is watched).
    _admin(store, "configure", "--role", "rental", "--category", "A2")
    qtbot.waitUntil(lambda: "Rental" in window.role_label.text() and "A2" in window.role_label.text(),
                    timeout=10000)
    result = window.verify_text(authority.issue(licence, at=SystemClock().now()))
    assert result.codes == ("category_missing",)  # the new policy, too
    assert _rows(store)[-1][1] == "rental"


def test_a_file_read_while_the_policy_changes_is_judged_by_the_new_one(qtbot, tmp_path, live, licence):  # noqa: F811
    import threading

    import cv2

    from verifier_app.issuer.render import qr_image

    authority, store = live
    window = make_window(qtbot, store, Cameras(InputUnreadable("no camera")))
    picture = cv2.cvtColor(qr_image(authority.issue(licence, at=SystemClock().now())), cv2.COLOR_GRAY2BGR)
    release = threading.Event()

    def slow_frames():
        yield picture  # read and judged (valid) under the old policy ...
        release.wait(20)

    with qtbot.waitSignal(window.verdict_shown, timeout=20000) as shown:
        window._scan_frames(slow_frames, "file", "code.png")
        _admin(store, "configure", "--category", "A2")  # ... while an administrator changes it
        release.set()
    assert shown.args[0].codes == ("category_missing",)


def test_a_refused_station_json_stops_verification_and_says_why(qtbot, live, licence):  # noqa: F811
    from verifier_app.station.config import config_path

    authority, store = live
    window = make_window(qtbot, store, Cameras(InputUnreadable("no camera")))
    window.verify_text(authority.issue(licence, at=SystemClock().now()))
    config_path(store.data_dir).write_text('{"role": "pilot"}')  # edited by hand, refused
    assert window.verify_text(authority.issue(licence, at=SystemClock().now())) is None
    assert window.verdict.word.text() == "NOT CHECKED" and window.verdict.result is None
    assert "station.json" in window.verdict.subtitle.text() and "repair" in window.verdict.subtitle.text()
    assert window.station_banner.isVisible() and "nothing is verified" in window.station_banner.text()
    assert len(_rows(store)) == 1  # nothing verified under the old settings
    _admin(store, "repair")
    result = window.verify_text(authority.issue(licence, at=SystemClock().now()))
    assert result.verdict is Verdict.VALID and not window.station_banner.isVisible()


def test_a_camera_read_judged_just_before_a_policy_change_is_judged_again(qtbot, live, licence):  # noqa: F811
    import cv2

    from verifier_app.decode.factory import create_reader
    from verifier_app.issuer.render import qr_image
    from verifier_app.qt.camera.workers import LiveCandidate
    from verifier_app.scan import verify_symbols

    authority, store = live
    window = make_window(qtbot, store, Cameras(InputUnreadable("no camera")))
    frame = cv2.cvtColor(qr_image(authority.issue(licence, at=SystemClock().now())), cv2.COLOR_GRAY2BGR)
    symbols = tuple(create_reader().decode(frame))
    before = window.verifier
    read = LiveCandidate(verify_symbols(symbols, before), symbols, 5.0, seen_at=1.0, judged_by=before)
    assert read.result.verdict is Verdict.VALID  # what the decoder thread judged ...
    _admin(store, "configure", "--category", "A2")
    with qtbot.waitSignal(window.verdict_shown, timeout=5000) as shown:
        window.camera.candidate.emit(read)  # ... arriving just after the administrator's change
    assert shown.args[0].codes == ("category_missing",) and window.verdict.word.text() == "INVALID"


def test_a_window_started_on_a_refused_station_json_verifies_nothing(qtbot, live, licence):  # noqa: F811
    from verifier_app.station.config import config_path

    authority, store = live
    config_path(store.data_dir).write_text("[]")
    window = make_window(qtbot, store, Cameras(InputUnreadable("no camera")))
    assert window.station_banner.isVisible()
    assert window.verify_text(authority.issue(licence, at=SystemClock().now())) is None
    assert window.verdict.word.text() == "NOT CHECKED" and _rows(store) == []
