"""The real app under a real window manager (openbox on Xvfb), as a user starts it: its frame (title
bar, borders) and the status bar at the bottom must lie inside the screen, at first start and after
a restart with the remembered size.  Offscreen Qt has no frames, so only this catches a window placed
as if it had none."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TITLE = "Driving Licence Verifier"
TOOLS = ("Xvfb", "openbox", "xwininfo", "xprop")  # scripts/setup.sh installs them (xvfb, openbox, x11-utils)

pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TOOLS),
    reason="needs " + ", ".join(t for t in TOOLS if shutil.which(t) is None) + " (scripts/setup.sh installs them)")


class Desktop:
    """Xvfb with one screen and openbox managing it."""

    def __init__(self, size: str) -> None:
        read, write = os.pipe()
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", size + "x24", "-nolisten",
                                      "tcp"], pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as lines:
            self.display = ":" + lines.readline().strip()
        self.env = {**os.environ, "DISPLAY": self.display}
        self.openbox = subprocess.Popen(["openbox"], env=self.env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        wait_for(lambda: "window id" in self.x("xprop", "-root", "_NET_SUPPORTING_WM_CHECK"), "openbox to start")

    def x(self, *command: str) -> str:
        return subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=10).stdout

    def close(self) -> None:
        for process in (self.openbox, self.xvfb):
            process.terminate()
            process.wait(10)

    def window_id(self) -> str | None:
        for line in self.x("xwininfo", "-root", "-tree").splitlines():
            match = re.match(r"\s*(0x[0-9a-f]+) \"" + TITLE, line)
            if match:
                return match.group(1)
        return None

    def frame(self, window: str) -> tuple[int, int, int, int] | None:
        """(left, top, right, bottom) of the window with the frame openbox drew round it."""
        info = self.x("xwininfo", "-id", window)
        extents = re.search(r"= (\d+), (\d+), (\d+), (\d+)", self.x("xprop", "-id", window, "_NET_FRAME_EXTENTS"))
        values = [re.search(rf"{name}:\s+(-?\d+)", info) for name in
                  ("Absolute upper-left X", "Absolute upper-left Y", "Width", "Height")]
        if extents is None or None in values:
            return None
        x, y, w, h = (int(v.group(1)) for v in values if v)
        left, right, top, bottom = (int(v) for v in extents.groups())
        return x - left, y - top, x + w + right, y + h + bottom


def wait_for(condition, what: str, timeout_s: float = 60):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def settled_frame(desktop: Desktop) -> tuple[int, int, int, int]:
    """The window's frame once the window manager and the app have stopped moving it (the same for 2 s)."""
    window = wait_for(desktop.window_id, "the window")
    seen: list[tuple[int, int, int, int] | None] = []

    def steady():
        seen.append(desktop.frame(window))
        return len(seen) >= 10 and seen[-1] is not None and len(set(seen[-10:])) == 1 and seen[-1]
    return wait_for(steady, "the window to settle")


def run_app(desktop: Desktop, tmp_path: Path, extra_env: dict[str, str]) -> tuple[int, int, int, int]:
    env = {**desktop.env, **extra_env, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT), "TZ": "Asia/Shanghai"}
    app = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--demo", "--data-dir", str(tmp_path / "data"),
                            "--settings", str(tmp_path / "ui.ini")], env=env, cwd=tmp_path,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        frame = settled_frame(desktop)
    finally:
        app.send_signal(signal.SIGTERM)  # the same clean close as Quit: the size is remembered
        _, err = app.communicate(timeout=30)
    assert app.returncode == 0, err.decode(errors="replace")[-2000:]
    return frame


@pytest.mark.parametrize("size, env", [("1366x768", {}), ("1920x1080", {"QT_SCALE_FACTOR": "1.5"})],
                         ids=["1366x768", "1920x1080 at 1.5x"])
def test_the_framed_window_stays_on_screen_after_a_restart(tmp_path, size, env):
    width, height = (int(v) for v in size.split("x"))
    desktop = Desktop(size)
    try:
        first = run_app(desktop, tmp_path, env)
        again = run_app(desktop, tmp_path, env)  # with the size remembered from the first run
    finally:
        desktop.close()
    for left, top, right, bottom in (first, again):
        assert 0 <= left and 0 <= top and right <= width and bottom <= height, (first, again, size)
    assert first[3] - first[1] > height * 0.9  # fitted, not shrunk to nothing: the default is taller than these screens
