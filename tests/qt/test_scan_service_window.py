"""The window hands every input to the one scan service; the newest input wins."""

from __future__ import annotations

import sqlite3
import threading

import numpy as np
import pytest

from verifier_app.decode.factory import create_reader
from verifier_app.verify.clock import SystemClock
from verifier_app.verify.engine import Verdict

from tests.qt.test_gui import Cameras, live, make_window, type_at_pace  # noqa: F401 - fixtures

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

    from verifier_app.qt.verdict.verdict_panel import COLOURS

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
    from verifier_app.station.trust.store import StationStore

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

    type_at_pace(window, 0.002)  # each key 2 ms after the last, as a scanner types
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
    from verifier_app.qt.window.main_window import fit_into

    x, y, w, h = fit_into((0, 0, 1280, 760), (0, 30), area)
    ax, ay, aw, ah = area
    assert ax <= x and x + w <= ax + aw and ay <= y and y + h + 30 <= ay + ah
    assert (w, h) == (min(1280, aw), min(760, ah - 30))


def test_a_missing_camera_prints_no_opencv_warning(capfd):
    from verifier_app.qt.window.main_window import open_camera
    from verifier_app.station.settings import StationSettings

    for _ in range(3):  # the window retries every second
        with pytest.raises(Exception):
            open_camera(StationSettings(camera_index=57))
    assert "WARN" not in capfd.readouterr().err


def test_one_passphrase_opens_administration_for_a_few_minutes(qtbot, tmp_path):
    import datetime as dt

    from PySide6.QtWidgets import QMessageBox, QWidget

    from verifier_app.qt.settings.admin_gate import AdminGate
    from verifier_app.station.admin_lock import AdminLock

    lock = AdminLock(tmp_path)
    lock.set_passphrase("station passphrase 1")
    parent = QWidget()
    qtbot.addWidget(parent)
    now = [dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.timezone.utc)]
    asked: list[str] = []

    def ask(what: str) -> str | None:
        asked.append(what)
        return "station passphrase 1"

    gate = AdminGate(lock, parent, ask=ask, unlock_s=300, now=lambda: now[0])
    assert gate.authorize("Installing a root") and asked == ["Installing a root"]
    now[0] += dt.timedelta(seconds=299)
    assert gate.authorize("Importing a trust bundle") and len(asked) == 1  # still open
    now[0] += dt.timedelta(seconds=2)
    assert gate.authorize("Changing the role") and len(asked) == 2  # closed by itself, asked again
    gate.relock()
    gate.ask = lambda what: None  # Cancel
    assert not gate.authorize("Changing the role")
    assert not parent.findChildren(QMessageBox)  # Cancel is not an error


def test_a_deleted_passphrase_file_keeps_administration_locked(qtbot, tmp_path):
    from PySide6.QtWidgets import QMessageBox, QWidget

    from verifier_app.qt.settings.admin_gate import AdminGate
    from verifier_app.station.admin_lock import AdminLock

    lock = AdminLock(tmp_path)
    lock.set_passphrase("station passphrase 1")
    lock.path.unlink()  # someone at the desk removes it
    parent = QWidget()
    qtbot.addWidget(parent)
    asked: list[str] = []
    gate = AdminGate(lock, parent, ask=lambda what: asked.append(what) or "anything")
    assert not gate.authorize("Changing the role")
    assert asked == []  # no prompt in vain
    [box] = parent.findChildren(QMessageBox)
    assert "missing" in box.text() and "restore" in box.informativeText().lower()


def test_the_required_category_is_a_guarded_station_setting(qtbot, tmp_path, live):  # noqa: F811
    from verifier_app.qt.settings.store import load_settings, open_settings, save_settings
    from verifier_app.station.admin_lock import AdminLock
    from verifier_app.station.config import load_config

    _, store = live
    AdminLock(store.data_dir).set_passphrase("station passphrase 1")
    qs = open_settings(str(tmp_path / "prefs.ini"))
    answers: list[str | None] = [None]  # the operator has no passphrase: Cancel
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")), ask_passphrase=lambda w: answers.pop(0),
                         save_settings=lambda s: save_settings(qs, s))
    window.apply_settings(window.settings.with_changes(required_category="C1"))
    assert window.settings.required_category == "" and load_config(store.data_dir).required_category in ("", None)
    answers.append("station passphrase 1")
    window.apply_settings(window.settings.with_changes(required_category="C1"))
    assert load_config(store.data_dir).required_category == "C1"
    assert "C1" in window.role_label.text()
    qs.setValue("policy/required_category", "A1")  # a preference file edited by hand changes nothing
    assert load_settings(qs, load_config(store.data_dir)).required_category == "C1"


def test_a_root_is_shown_before_it_is_pinned_and_cancel_pins_nothing(qtbot, tmp_path, live):  # noqa: F811
    from verifier_app.issuer.authority import Authority

    _, store = live
    other = Authority.create(tmp_path / "sh", code="CN-SH", name="Shanghai", now=SystemClock().now())
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")))
    dialog = window.open_settings()
    shown = []
    dialog.confirm_root = lambda preview: shown.append(preview) or False  # Cancel
    root = other.directory / "root-cert.pem"
    dialog.install_root(root)
    [preview] = shown
    assert "CN-SH" in preview.subject and len(preview.sha256) == 64
    from verifier_app.qt.settings.settings_dialog import root_summary

    summary = root_summary(preview)  # what the Install / Cancel box says
    assert "Shanghai" in summary and "2.5.4.97" not in summary and preview.sha256[:4] in summary
    assert preview.sha256 not in {r.sha256 for r in store.installed_roots()}
    dialog.confirm_root = lambda preview: True  # Install
    dialog.install_root(root)
    assert preview.sha256 in {r.sha256 for r in store.installed_roots()}
    dialog.remove_root(preview.sha256)
    assert preview.sha256 not in {r.sha256 for r in store.installed_roots()}
    assert dialog.trust_changed


def test_a_bundle_before_its_root_points_to_the_install_button(qtbot, tmp_path, live):  # noqa: F811
    from PySide6.QtWidgets import QMessageBox

    from verifier_app.issuer.authority import Authority

    _, store = live
    other = Authority.create(tmp_path / "sh", code="CN-SH", name="Shanghai", now=SystemClock().now())
    bundle = tmp_path / "sh.dltrust"
    bundle.write_bytes(other.make_bundle(now=SystemClock().now()))
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")))
    dialog = window.open_settings()
    dialog.import_bundle(bundle)
    box = dialog.findChildren(QMessageBox)[-1]
    assert "Install root certificate" in box.informativeText() and "verifier trust" not in box.informativeText()


def test_an_unwritable_audit_log_shows_no_verdict_as_if_recorded(qtbot, live, licence):  # noqa: F811
    from PySide6.QtWidgets import QMessageBox

    from verifier_app.errors import AuditWriteFailed

    authority, store = live
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")))

    def full(*args, **kwargs):
        raise AuditWriteFailed("the disk holding the audit log is full: this verdict was NOT recorded",
                               "Free space on the disk, then scan again.", "disk_full")

    window.scan.audit.record = full  # the log the scan service writes into
    window.verify_text(authority.issue(licence, at=SystemClock().now()))
    assert window.verdict.word.text() == "NOT RECORDED" and window.last_entry is None
    box = window.findChildren(QMessageBox)[-1]
    assert "disk" in box.text() and "full" in box.text()


def test_the_about_box_names_the_versions_in_use(qtbot, live):  # noqa: F811
    import cv2
    from PySide6.QtCore import qVersion

    from verifier_app import __version__

    _, store = live
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")))
    about = window.about_text()
    assert __version__ in about and cv2.__version__ in about and qVersion() in about
    assert "zbar" in about and "zxing-cpp" in about


def test_no_state_makes_the_window_wider_than_a_laptop_screen(qtbot, live, licence):  # noqa: F811
    """A 1366-pixel screen: a past verdict's long banner or a running scan must not push the
    verdict off the edge (they did, through the banner's and the status bar's minimum widths)."""
    import threading

    authority, store = live
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")))
    window.resize(1280, 700)

    def width() -> int:
        qtbot.wait(50)  # layouts settle (and a too-wide one grows the window) on the event loop
        return max(window.minimumSizeHint().width(), window.width())

    window.verify_text(authority.issue(licence, at=SystemClock().now()))
    widths = {"live verdict": width()}
    window.show_entry(window.last_entry)
    widths["past verdict"] = width()
    release = threading.Event()

    def slow_frames():
        release.wait(20)
        yield np.full((48, 64, 3), 255, np.uint8)

    window._scan_frames(slow_frames, "file", "a-long-file-name-from-a-phone-IMG_20261203_204205.mp4")
    window._scan_progress(__import__("verifier_app.qt.camera.workers", fromlist=["ScanProgress"]).ScanProgress(
        "a-long-file-name-from-a-phone-IMG_20261203_204205.mp4", 1234, 5400))
    widths["scan running"] = width()
    release.set()
    assert max(widths.values()) <= 1300, widths


def test_the_camera_eases_off_with_nothing_in_view_and_with_a_code_held_up(qtbot, tmp_path, live, licence,
                                                                             monkeypatch):  # noqa: F811
    from verifier_app.qt.camera.workers import DecodeWorker

    from tests.qt.test_gui import code_video

    monkeypatch.setattr(DecodeWorker, "STANDBY_AFTER_S", 0.5)
    authority, store = live
    empty = code_video(tmp_path, None, "empty.avi", blank=150, with_code=0)
    window = make_window(qtbot, store, Cameras(empty))
    qtbot.waitUntil(lambda: window.camera.decoder is not None and window.camera.decoder.live_pace.standby,
                    timeout=15000)
    assert window.camera.capture.pace is window.camera.decoder.live_pace  # the capture thread reads it
    window.stop_camera()

    held = code_video(tmp_path, authority.issue(licence, at=SystemClock().now()), "held.avi", blank=0,
                      with_code=150)
    window.camera._factory = Cameras(held)
    window.start_camera()
    with qtbot.waitSignal(window.verdict_shown, timeout=15000):
        pass
    decoder = window.camera.decoder
    qtbot.waitUntil(lambda: decoder.live_pace.relaxed, timeout=15000)  # the same code held: fewer reads
    assert not decoder.live_pace.standby


def test_a_code_held_up_during_standby_is_still_read(qtbot, tmp_path, live, licence, monkeypatch):  # noqa: F811
    from verifier_app.qt.camera.workers import DecodeWorker

    from tests.qt.test_gui import code_video

    monkeypatch.setattr(DecodeWorker, "STANDBY_AFTER_S", 0.2)
    authority, store = live
    clip = code_video(tmp_path, authority.issue(licence, at=SystemClock().now()), "later.avi", blank=45,
                      with_code=150)
    shown: list = []
    window = make_window(qtbot, store, Cameras(clip))
    window.verdict_shown.connect(shown.append)
    qtbot.waitUntil(lambda: window.camera.decoder is not None and window.camera.decoder.live_pace.standby,
                    timeout=15000)
    assert not shown  # standby came before the code
    qtbot.waitUntil(lambda: bool(shown), timeout=40000)
    assert shown[0].verdict is Verdict.VALID and not window.camera.decoder.live_pace.standby
