"""No path that destroys the window leaves a running camera or scan thread behind.

Qt aborts the process ("QThread: Destroyed while thread is still running")
when a QThread object is deleted while its thread runs.  The window stops its
threads in closeEvent, but a window can also be garbage-collected unclosed
(a test's window, an exception during start-up) or left open when the
application quits.  Each case runs in its own process: the failure is an
abort, which must fail one test, not end the test run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytest.importorskip("pytestqt")

PRELUDE = """
import gc, sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from verifier_app.errors import InputUnreadable
from verifier_app.decode.factory import create_reader
from verifier_app.station.settings import StationSettings
from verifier_app.station.trust.store import StationStore
from verifier_app.services import Station
from verifier_app.qt.shutdown import running_threads
from verifier_app.qt.window.main_window import MainWindow

app = QApplication([])

def no_camera(settings):
    raise InputUnreadable("no camera")

def make_window():
    window = MainWindow(station=Station(StationStore(Path(sys.argv[1]) / "station")), settings=StationSettings(sound=False),
                        reader=create_reader(), camera_factory=no_camera, camera_retry_s=0.2)
    window.show()
    app.processEvents()
    return window

def settle(seconds=20.0):
    # Until the kept threads have finished (the keeper lets go of them on the GUI thread).
    deadline = time.monotonic() + seconds
    while running_threads() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
"""


def run_window_script(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "window_script.py"
    script.write_text(PRELUDE + textwrap.dedent(body), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, str(script), str(tmp_path)], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)


def assert_clean_exit(done: subprocess.CompletedProcess[str]) -> None:
    assert "QThread: Destroyed" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 0, done.stderr[-2000:]


def test_a_window_garbage_collected_unclosed_stops_its_camera_threads(tmp_path):
    done = run_window_script(tmp_path, """
        window = make_window()
        assert len(running_threads()) == 2, running_threads()  # the camera's capture and decoder threads
        del window
        gc.collect()  # the window's reference cycles: destroyed now, closeEvent never ran
        settle()
        print("left running:", len(running_threads()))
    """)
    assert_clean_exit(done)
    assert "left running: 0" in done.stdout  # stopped when the window went, not only at exit


def test_a_window_garbage_collected_during_a_file_scan_stops_the_scan(tmp_path):
    done = run_window_script(tmp_path, """
        import numpy as np

        def endless_video():  # a long video being read: frames until the scan is cancelled
            while True:
                time.sleep(0.01)
                yield np.zeros((120, 160, 3), np.uint8)

        window = make_window()
        window.file_scans.start(endless_video, source="file", label="long.avi", input_seq=1)
        assert len(running_threads()) == 3, running_threads()
        del window
        gc.collect()
        settle()
        print("left running:", len(running_threads()))
    """)
    assert_clean_exit(done)
    assert "left running: 0" in done.stdout


def test_a_finished_scan_is_let_go(tmp_path):
    done = run_window_script(tmp_path, """
        import weakref
        import numpy as np

        window = make_window()
        worker = window.file_scans.start(lambda: iter([np.zeros((120, 160, 3), np.uint8)] * 3), source="file",
                                         label="short.avi", input_seq=1)
        gone = weakref.ref(worker)
        del worker
        deadline = time.monotonic() + 20
        while (window.file_scans.workers or len(running_threads()) > 2) and time.monotonic() < deadline:
            app.processEvents()  # until the scan has ended and the keeper has let go of it (the camera's two stay)
            time.sleep(0.01)
        gc.collect()
        print("scan object freed:", gone() is None, "kept:", len(running_threads()) - 2)
        window.close()
    """)
    assert_clean_exit(done)
    assert "scan object freed: True kept: 0" in done.stdout, done.stdout  # nothing holds a finished scan


def test_a_test_run_that_pasted_ends_without_a_crash(tmp_path):
    # The pasted picture stays on the (in-process, offscreen) clipboard: without the conftest fixture that
    # empties it, pytest exits with a segfault after reporting the test passed.
    test = "tests/qt/test_bombs_in_window.py::test_pasted_picture_bytes_in_a_format_we_dont_size_are_refused"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "pytest", test, "-q", "-p", "no:cacheprovider", "--basetemp",
                           str(tmp_path / "inner")], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, (done.returncode, done.stdout[-1000:], done.stderr[-1000:])
