"""Starting the window: ``--help`` loads no OpenCV, and a failure after the window exists stops its camera.

Each case runs in its own process: which modules a start loads, and whether a
running camera thread is left behind, are properties of a whole process.
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


def run_python(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "start_script.py"
    script.write_text(textwrap.dedent(body), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), VERIFIER_DATA_DIR=str(tmp_path / "data"))
    return subprocess.run([sys.executable, str(script), str(tmp_path)], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)


def test_help_loads_neither_opencv_nor_numpy_nor_qt(tmp_path):
    done = run_python(tmp_path, """
        import sys
        from verifier_app.qt.app import main
        try:
            main(["--help"])
        except SystemExit as exc:
            assert exc.code == 0
        print("loaded:", sorted(m for m in ("cv2", "numpy", "PySide6.QtCore") if m in sys.modules))
    """)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "--demo" in done.stdout
    assert "loaded: []" in done.stdout  # `verifier-gui --help` answers at once, without the heavy libraries


def test_a_failure_after_the_window_is_built_still_closes_it(tmp_path):
    done = run_python(tmp_path, """
        import gc, sys
        from pathlib import Path
        import verifier_app.qt.errors as errors
        from verifier_app.qt.app import main
        from verifier_app.qt.shutdown import running_threads

        data = Path(sys.argv[1]) / "data"
        data.mkdir()
        (data / "station.json").write_text("{ damaged")  # the window starts, then shows the problem
        shown = []

        def failing_dialog(window, problem, *args, **kwargs):
            shown.append(window)
            raise RuntimeError("the dialog failed")  # any exception between building and running the window

        errors.show_error = failing_dialog
        try:
            main(["--data-dir", str(data)])
        except RuntimeError:
            pass
        window = shown[0]
        print("closed:", not window.isVisible(), "camera:", window.camera.capture, "kept:", len(running_threads()))
    """)
    assert "QThread: Destroyed" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 0, done.stderr[-2000:]
    assert "closed: True camera: None kept: 0" in done.stdout, done.stdout
