"""Opens the real window (under Xvfb) in several states and saves screenshots.

    bash scripts/screenshots.sh            # writes docs/screenshots/*.png

Each state is reached the way a user reaches it: the demo's simulated phone
scanned through the camera pipeline, codes typed or scanned, the language
switched in settings.  Only the demo authority (made in a temporary folder)
signs anything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from verifier_app.dl1.credential import LicenceStatus  # noqa: E402
from verifier_app.errors import InputUnreadable  # noqa: E402
from verifier_app.decode.factory import create_reader  # noqa: E402
from verifier_app.station.roles import Role  # noqa: E402
from verifier_app.station.settings import StationSettings  # noqa: E402
from verifier_app.issuer.demo import prepare_demo, sample_holder_path  # noqa: E402
from verifier_app.issuer.holder import load_holder  # noqa: E402
from verifier_app.qt.app import start_demo  # noqa: E402
from verifier_app.qt.i18n import Translations  # noqa: E402
from verifier_app.qt.window.main_window import MainWindow  # noqa: E402


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(predicate, timeout_ms: int = 20000) -> None:
    waited = 0
    while not predicate():
        if waited > timeout_ms:
            raise SystemExit("timed out waiting for the window")
        wait(50)
        waited += 50


def shoot(window, out: Path, name: str) -> None:
    wait(300)
    screen = QApplication.primaryScreen()
    pixmap = screen.grabWindow(0)
    geometry = window.frameGeometry().united(window.geometry())
    pixmap = pixmap.copy(geometry)
    path = out / f"{name}.png"
    pixmap.save(str(path))
    print(f"{path} ({pixmap.width()}x{pixmap.height()})")


def not_set_up(out: Path, name: str) -> None:
    """A station with no trust data, as it first opens on this screen (its own size and place)."""
    app = QApplication(sys.argv[:1])
    tmp = Path(tempfile.mkdtemp(prefix="verifier-shots-"))
    from verifier_app.station.trust.store import StationStore

    language = "zh" if "zh" in name else "en"
    translations = Translations(app)
    translations.apply(language)
    window = MainWindow(store=StationStore(tmp / "station"),
                        settings=StationSettings(sound=False, camera_index=-1, language=language),
                        reader=create_reader(), camera_factory=lambda s: (_ for _ in ()).throw(
                            InputUnreadable("no camera")), apply_language=lambda s: language)
    window.show()
    wait(1500)
    screen = app.primaryScreen()
    print(f"screen {screen.size().width()}x{screen.size().height()} at scale {screen.devicePixelRatio():g}, "
          f"available {screen.availableGeometry().width()}x{screen.availableGeometry().height()}; window "
          f"{window.frameGeometry().width()}x{window.frameGeometry().height()} at "
          f"{window.frameGeometry().x()},{window.frameGeometry().y()}")
    screen.grabWindow(0).save(str(out / f"{name}.png"))  # the whole screen: is everything on it?
    print(out / f"{name}.png")
    window.close()


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["--first-start"]:  # scripts/screenshots.sh runs this at other screen sizes and scales
        out = Path(args[2] if len(args) > 2 else ROOT / "docs" / "screenshots")
        out.mkdir(parents=True, exist_ok=True)
        not_set_up(out, args[1])
        return
    out = Path(args[0] if args else ROOT / "docs" / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    translations = Translations(app)
    tmp = Path(tempfile.mkdtemp(prefix="verifier-shots-"))
    settings = StationSettings(sound=False, camera_index=-1, language="en")
    demo, camera, keep = start_demo(tmp, settings)

    def apply_language(setting: str) -> str:
        translations.apply(setting or "en")
        return translations.language

    window = MainWindow(store=demo.station, settings=settings, reader=create_reader(), camera_factory=camera,
                        demo_roots=frozenset({demo.root_fingerprint}), apply_language=apply_language, demo=True)
    window.resize(1360, 820)
    window.move(0, 0)
    window.show()
    shown = []
    window.verdict_shown.connect(shown.append)

    # 1. The demo: the simulated phone through the camera pipeline.
    wait_for(lambda: shown and window.camera_view.frames_shown > 5)
    shoot(window, out, "1-demo-valid")
    window.stop_camera()

    authority = prepare_demo(tmp).authority  # the demo's own, made by start_demo above
    licence = load_holder(sample_holder_path())
    now = dt.datetime.now(dt.timezone.utc)

    # 2. Invalid with reasons: a suspended, expired licence at a desk that needs category A2; details open.
    bad = dataclasses.replace(licence, status=LicenceStatus.SUSPENDED, expiry_date=dt.date(2025, 6, 1))
    window.apply_settings(window.settings.with_changes(required_category="A2"))
    window.verify_text(authority.issue(bad, at=now), "scanner")
    window.verdict.details_button.setChecked(True)
    shoot(window, out, "2-invalid-reasons")
    window.verdict.details_button.setChecked(False)

    # 3. A screenshot of an old code: stale.
    window.apply_settings(window.settings.with_changes(required_category=""))
    window.verify_text(authority.issue(licence, at=now - dt.timedelta(minutes=7)), "scanner")
    shoot(window, out, "3-stale-qr")

    # 4. Barcode only, at a rental counter.
    window.apply_settings(window.settings.with_changes(role=Role.RENTAL))
    window.verify_text("DLN:" + licence.document_number, "scanner")
    shoot(window, out, "4-barcode-not-verified")
    window.apply_settings(window.settings.with_changes(role=Role.CHECKPOINT))

    # 5. Chinese UI, a valid scan.
    window.apply_settings(window.settings.with_changes(language="zh"))
    window.verify_text(authority.issue(licence, at=dt.datetime.now(dt.timezone.utc)), "scanner")
    shoot(window, out, "5-chinese-valid")
    window.apply_settings(window.settings.with_changes(language="en"))

    # 6. Camera unplugged: the banner, the window still working.
    window.camera._factory = lambda s: (_ for _ in ()).throw(InputUnreadable("OpenCV can't open camera 0."))
    window.apply_settings(window.settings.with_changes(camera_index=0))
    wait_for(lambda: window.camera_view.banner.isVisible())
    window.clear_result()
    shoot(window, out, "6-camera-missing")

    # 7. Settings and trust.
    dialog = window.open_settings()
    dialog.move(300, 120)
    wait(300)
    shoot(window, out, "7-settings")
    dialog.tabs.setCurrentIndex(1)
    shoot(window, out, "8-trust")
    dialog.reject()

    # 10. History, after the scans above, and a receipt of the stale scan rendered from its PDF.
    history = window.open_history()
    history.move(160, 80)
    history.resize(1040, 600)
    wait(300)
    shoot(window, out, "10-history")
    stale = next(e for e in history.entries if "qr_stale" in e.reasons)
    history.reject()
    pdf = tmp / "receipt.pdf"
    window.save_receipt(stale, path=str(pdf))
    from PySide6.QtCore import QSize
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    document.load(str(pdf))
    document.render(0, QSize(827, 1169)).save(str(out / "11-receipt.png"))
    print(out / "11-receipt.png")

    # 12. A photo with nothing readable: its own neutral state, not a verdict on a licence.
    import numpy as np

    from verifier_app.scan import InputSource

    window.apply_settings(window.settings.with_changes(camera_index=-1))
    shown.clear()
    window.scan_image(np.full((720, 1280, 3), 180, np.uint8), InputSource.PASTE.value)
    wait_for(lambda: shown)
    shoot(window, out, "12-no-code-read")

    # 13. A past verdict reopened from History: grey, and it says so.
    window.show_entry(stale)
    shoot(window, out, "13-past-verdict")

    # 14. A video being read: progress and Cancel (Esc).
    from tests.videos import phone_frame, write_video

    clip = write_video(tmp / "clip.avi", [phone_frame(None, (640, 360), seed=i % 5) for i in range(900)])
    window.clear_result()
    window.scan_file(clip)
    wait_for(lambda: "frame" in window.scan_label.text())
    shoot(window, out, "14-video-progress")
    window.cancel_file_scan()

    # 15. Chinese dialogs: the root preview before anything is pinned (Install / Cancel).
    window.apply_settings(window.settings.with_changes(language="zh"))
    dialog = window.open_settings()
    dialog.tabs.setCurrentIndex(1)
    dialog.move(200, 100)
    from PySide6.QtWidgets import QMessageBox

    from verifier_app.issuer.authority import Authority

    other = Authority.create(tmp / "sh", code="CN-SH", name="Shanghai Traffic Police", now=now)
    preview = demo.station.preview_root((other.directory / "root-cert.pem").read_bytes())

    def shoot_box() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        box.move(360, 240)
        wait(300)
        shoot(window, out, "15-chinese-root-preview")
        box.reject()

    QTimer.singleShot(600, shoot_box)
    dialog.confirm_root(preview)
    dialog.reject()
    window.apply_settings(window.settings.with_changes(language="en"))

    # 9. The holder display (verifier-present).
    display = keep[0]
    display.setWindowTitle("Holder display")
    display.resize(420, 860)
    display.move(0, 0)
    display.show()
    wait(300)
    pixmap = QApplication.primaryScreen().grabWindow(0).copy(display.geometry())
    pixmap.save(str(out / "9-holder-display.png"))
    print(out / "9-holder-display.png")
    window.close()


if __name__ == "__main__":
    main()
