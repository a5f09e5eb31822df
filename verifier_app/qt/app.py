"""Starting the window: ``python main.py [--demo] [--data-dir DIR]``.

Builds the real parts (the station, code reader, camera or the demo's
simulated phone) and hands them to the window; owns nothing else.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from verifier_app.errors import VerifierError

if TYPE_CHECKING:  # imported in main(): the facade loads OpenCV and numpy, which --help doesn't need
    from verifier_app.services import FrameSource, Station, StationSettings

log = logging.getLogger("verifier_app")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="verifier-gui", description="Driving licence verifier (window).")
    parser.add_argument("--demo", action="store_true",
                        help="no webcam needed: a simulated phone shows live codes from a local demo authority")
    parser.add_argument("--data-dir", help="station data folder (default: per-user folder, or $VERIFIER_DATA_DIR)")
    parser.add_argument("--settings", help="settings file (INI) instead of the user's settings")
    parser.add_argument("--lang", choices=("en", "zh"), help="language for this run")
    parser.add_argument("--camera-video", metavar="FILE",
                        help="play a video file in a loop as the camera (training, demonstrations, benchmarks)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from verifier_app.services import Station, create_reader
    from verifier_app.qt.errors import install_excepthook, show_error
    from verifier_app.qt.i18n import Translations, resolve_language
    from verifier_app.qt.window.main_window import MainWindow
    from verifier_app.qt.settings.store import load_settings, open_settings, save_settings

    logging.basicConfig(level=os.environ.get("VERIFIER_LOG", "WARNING"))
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("DL Verifier")
    install_excepthook()
    qsettings = open_settings(args.settings)
    station = Station.open(args.data_dir)
    config_problem: VerifierError | None = None
    try:
        config = station.config()
    except VerifierError as exc:
        config = None
        config_problem = exc
    settings = load_settings(qsettings, config)
    if args.lang:
        settings = settings.with_changes(language=args.lang)
    translations = Translations(app)

    def apply_language(setting: str) -> str:
        translations.apply(resolve_language(setting))
        return translations.language

    try:
        reader = create_reader()
    except VerifierError as exc:  # libzbar missing: say so in a dialog, not a traceback
        apply_language(settings.language)
        return _cannot_start(exc)

    station, settings, camera_factory, demo_roots, keep = _camera_and_station(args, station, settings)

    try:
        history = station.open_history()
    except VerifierError as exc:  # a damaged log: say so in a window, never start without evidence
        return _cannot_start(exc)

    window = MainWindow(station=station, settings=settings, reader=reader, camera_factory=camera_factory,
                        demo_roots=demo_roots, save_settings=lambda s: save_settings(qsettings, s),
                        apply_language=apply_language, demo=args.demo, history=history, reader_factory=create_reader,
                        window_state=qsettings)
    from verifier_app.qt.shutdown import SignalCloser, stop_all_threads

    closer: SignalCloser | None = None
    try:  # from here on the camera runs: whatever happens, it is stopped before the log closes
        closer = SignalCloser(window.close)  # SIGTERM/SIGINT: the same clean close as Quit
        window.show()
        log.info("window shown")
        if config_problem is not None:
            show_error(window, config_problem)
        if window.trust_problems:
            show_error(window, VerifierError(
                "\n".join(str(p) for p in window.trust_problems),
                QCoreApplication.translate("MainWindow", "The damaged files are ignored; import the trust data again to replace them.")))
        code = app.exec()
    finally:
        window.close()  # idempotent: cameras and scans stopped before the log closes
        stop_all_threads()  # and any worker a close did not reach
        if closer is not None:
            closer.uninstall()
        history.close()
        keep.clear()  # the demo's display and publisher lived until here
    log.info("closed cleanly: camera released, audit log closed")
    return code


def _cannot_start(exc: VerifierError) -> int:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, "DL Verifier", f"{exc.message}\n\n{exc.action}")
    return 2


def _camera_and_station(args: argparse.Namespace, station: Station, settings: StationSettings) -> tuple[
        Station, StationSettings, Callable[[StationSettings], FrameSource], frozenset[str], list[object]]:
    """The real webcam and station; or the demo's simulated phone and its own station; or a video
    played as the camera.  Returns what the window needs, and the demo parts to keep alive."""
    from verifier_app.services import Station
    from verifier_app.qt.window.main_window import open_camera

    camera_factory: Callable[[StationSettings], FrameSource] = open_camera
    demo_roots: frozenset[str] = frozenset()
    keep: list[object] = []
    if args.demo:
        demo_setup, camera_factory, keep = start_demo(station.data_dir, settings)
        station = Station(demo_setup.station)
        settings = settings.with_station_config(station.config()).with_changes(camera_index=-1)
        demo_roots = frozenset({demo_setup.root_fingerprint})
    if args.camera_video:
        from verifier_app.services import looping_video

        video = args.camera_video

        def play_video(s: StationSettings) -> FrameSource:
            return looping_video(video)

        camera_factory = play_video
    return station, settings, camera_factory, demo_roots, keep


def start_demo(data_dir: Path, settings):
    """The demo authority, its station, and a simulated phone camera filming the holder page."""
    from verifier_app.demo.holder_page import demo_station
    from verifier_app.qt.holder.holder_display import HolderDisplay, PagePublisher, PageSlot, PhoneCamera
    from verifier_app.qt.window.main_window import open_camera

    demo = demo_station(data_dir)
    display = HolderDisplay(demo.page.licence, demo.page.issue, demo=demo.page.demo)
    slot = PageSlot()
    publisher = PagePublisher(display, slot)

    def camera(s):
        if s.camera_index == -1:
            return PhoneCamera(slot, size=s.resolution)
        return open_camera(s)

    return demo, camera, [display, publisher]


def entry_point() -> None:
    try:
        code = main()
    except VerifierError as exc:  # before the window exists: one line, no traceback
        print(f"error: {exc}", file=sys.stderr)
        code = 2
    sys.exit(code)
