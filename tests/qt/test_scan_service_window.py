"""The window hands every input to the one scan service; the newest input wins."""

from __future__ import annotations

import sqlite3
import threading

import numpy as np
import pytest

from verifier_app.decode.factory import create_reader
from verifier_app.verify.clock import SystemClock
from verifier_app.verify.engine import Verdict

from tests.qt.test_gui import Cameras, live, make_window  # noqa: F401 - fixtures

pytest.importorskip("pytestqt")


def _rows(store) -> list[tuple[str, str]]:
    with sqlite3.connect(store.data_dir / "audit.sqlite3") as db:
        return db.execute("SELECT source, verdict FROM entries WHERE kind='verification' ORDER BY id").fetchall()


def test_a_slow_file_scan_never_replaces_a_later_scanners_verdict(qtbot, tmp_path, live, licence):  # noqa: F811
    authority, store = live
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")))
    release = threading.Event()

    def slow_frames():  # a long video still being read when the holder's code is scanned
        release.wait(20)
        yield np.full((480, 640, 3), 255, np.uint8)

    window._scan_frames(slow_frames, "file", "clip.mp4")
    worker = window.file_scans.workers[0]
    text = authority.issue(licence, at=SystemClock().now())
    with qtbot.waitSignal(window.verdict_shown, timeout=5000) as shown:
        window.verify_text(text, "scanner")
    assert shown.args[0].verdict is Verdict.VALID
    release.set()
    qtbot.waitUntil(lambda: worker.isFinished(), timeout=20000)
    qtbot.wait(200)  # let the worker's queued signal arrive
    assert window.verdict.word.text() == "VALID"  # the file's "no code" did not replace it
    assert _rows(store) == [("scanner", "valid")]  # the superseded scan left no verdict in the log


def test_each_stream_gets_its_own_reader(qtbot, live):  # noqa: F811
    authority, store = live
    made = []

    def factory():
        made.append(create_reader())
        return made[-1]

    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")), reader_factory=factory)
    window._scan_frames(lambda: [np.zeros((10, 10, 3), np.uint8)], "file", "a.png")
    qtbot.waitUntil(lambda: not window.file_scans.workers, timeout=10000)
    assert len(made) == 2  # the camera's decoder thread and the file scan: no shared decoder state
    assert made[0] is not made[1]


def test_a_picture_without_a_code_is_not_a_verdict_on_a_licence(qtbot, tmp_path, live):  # noqa: F811
    import cv2

    from verifier_app.qt.verdict_panel import COLOURS

    authority, store = live
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")))
    blank = tmp_path / "holiday.png"
    cv2.imwrite(str(blank), np.full((300, 400, 3), 200, np.uint8))
    with qtbot.waitSignal(window.verdict_shown, timeout=10000) as shown:
        window.scan_file(blank)
    assert shown.args[0].verdict is Verdict.NO_CODE
    assert window.verdict.word.text() == "NO CODE READ"
    assert COLOURS[Verdict.NO_CODE] not in (COLOURS[Verdict.INVALID], COLOURS[Verdict.VALID])
    assert "camera" in window.verdict.subtitle.text() or "picture" in window.verdict.subtitle.text()
    assert _rows(store) == [("file", "no_code")]


def test_a_station_without_trust_data_says_it_is_not_set_up(qtbot, tmp_path, live, licence):  # noqa: F811
    from verifier_app.station.store import StationStore

    authority, _ = live
    empty = StationStore(tmp_path / "new-station")
    window = make_window(qtbot, empty, Cameras(RuntimeError("no camera")))
    assert window.setup_banner.isVisible()  # before any scan
    assert "not set up" in window.setup_text.text()
    dialog = window.open_trust_settings()
    assert dialog.tabs.currentIndex() == 1
    dialog.reject()
    result = window.verify_text(authority.issue(licence, at=SystemClock().now()), "scanner")
    assert result.verdict is Verdict.UNVERIFIED and result.codes == ("no_trust_installed",)
    assert window.verdict.word.text() == "NOT VERIFIED"
    assert window.verdict.holder.text() == ""  # nothing from an unchecked code is shown


def test_a_set_up_station_shows_no_setup_banner(qtbot, live):  # noqa: F811
    _, store = live
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")))
    assert not window.setup_banner.isVisible()


def test_scanner_bursts_into_the_focused_text_box_do_not_pile_up(qtbot, live, licence):  # noqa: F811
    from PySide6.QtCore import Qt

    authority, store = live
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")))
    from PySide6.QtWidgets import QApplication

    ticks = iter(range(10**6))
    window.scanner_filter.clock = lambda: next(ticks) * 0.002  # each key 2 ms after the last, as a scanner types
    window.manual.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.manual, timeout=3000)
    for _ in range(2):
        text = authority.issue(licence, at=SystemClock().now())
        with qtbot.waitSignal(window.verdict_shown, timeout=3000) as shown:
            qtbot.keyClicks(window.manual, text)  # a scanner types it in a few milliseconds
            qtbot.keyClick(window.manual, Qt.Key.Key_Return)
        assert shown.args[0].verdict is Verdict.VALID
        assert window.last_event.source == "scanner"
        assert window.manual.text() == ""  # handled as a scan, not left in (or appended to) the box


def test_the_window_fits_the_screen_and_remembers_its_size(qtbot, tmp_path, live):  # noqa: F811
    from PySide6.QtCore import QSettings

    _, store = live
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")), window_state=state)
    window.resize(1150, 600)
    window.close()
    again = make_window(qtbot, store, Cameras(RuntimeError("no camera")), window_state=state)
    assert again.height() == 600  # not the default 760 (the offscreen screen is narrower than any width to remember)


@pytest.mark.parametrize("area", [(0, 0, 1366, 740), (0, 27, 1280, 693), (1920, 0, 1280, 720)],
                         ids=["1366x768 laptop with a panel", "1920x1080 at 1.5x", "second screen at 1.5x"])
def test_the_window_is_placed_inside_the_available_area(area):
    from verifier_app.qt.main_window import fit_into

    x, y, w, h = fit_into((0, 0, 1280, 760), (0, 30), area)
    ax, ay, aw, ah = area
    assert ax <= x and x + w <= ax + aw and ay <= y and y + h + 30 <= ay + ah
    assert (w, h) == (min(1280, aw), min(760, ah - 30))


def test_a_missing_camera_prints_no_opencv_warning(capfd):
    from verifier_app.qt.main_window import open_camera
    from verifier_app.station.settings import StationSettings

    for _ in range(3):  # the window retries every second
        with pytest.raises(Exception):
            open_camera(StationSettings(camera_index=57))
    assert "WARN" not in capfd.readouterr().err


def test_one_passphrase_opens_administration_for_a_few_minutes(qtbot, tmp_path):
    from PySide6.QtWidgets import QWidget

    from verifier_app.qt.admin_gate import AdminGate
    from verifier_app.station.admin_lock import AdminLock

    lock = AdminLock(tmp_path)
    lock.set_passphrase("station passphrase 1")
    parent = QWidget()
    qtbot.addWidget(parent)
    now = [1000.0]
    asked: list[str] = []

    def ask(what: str) -> str | None:
        asked.append(what)
        return "station passphrase 1"

    gate = AdminGate(lock, parent, ask=ask, unlock_s=300, monotonic=lambda: now[0])
    assert gate.authorize("Installing a root") and asked == ["Installing a root"]
    now[0] += 299
    assert gate.authorize("Importing a trust bundle") and len(asked) == 1  # still open
    now[0] += 2
    assert gate.authorize("Changing the role") and len(asked) == 2  # closed by itself, asked again
    gate.relock()
    gate.ask = lambda what: None  # Cancel
    assert not gate.authorize("Changing the role")


def test_a_video_scan_shows_progress_and_esc_cancels_it(qtbot, tmp_path, live):  # noqa: F811
    from PySide6.QtCore import Qt

    from tests.videos import write_video

    authority, store = live
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")))
    rng = np.random.default_rng(7)
    frames = [rng.integers(0, 255, (240, 320, 3), dtype=np.uint8) for _ in range(30)]
    video = write_video(tmp_path / "clip.avi", frames * 40, fps=30)  # 40 s of video, no code in it
    window.scan_file(video)
    qtbot.waitUntil(lambda: window.cancel_button.isVisible(), timeout=5000)
    with qtbot.waitSignal(window.file_scans.progress, timeout=10000) as progress:
        pass
    assert progress.args[0].total == 1200 and 0 < progress.args[0].frames_read <= 1200
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.cancel_button.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: not window.file_scans.workers, timeout=10000)
    qtbot.wait(100)
    assert window.verdict.result is None  # cancelled: no verdict shown
    assert _rows(store) == []  # and none logged


def test_a_video_with_no_code_ends_in_no_code_read(qtbot, tmp_path, live):  # noqa: F811
    from tests.videos import write_video

    authority, store = live
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")))
    frame = np.full((240, 320, 3), 200, np.uint8)
    video = write_video(tmp_path / "empty.avi", [frame] * 90, fps=30)
    with qtbot.waitSignal(window.verdict_shown, timeout=30000) as shown:
        window.scan_file(video)
    assert shown.args[0].verdict is Verdict.NO_CODE
    assert not window.cancel_button.isVisible()
    assert _rows(store) == [("file", "no_code")]
