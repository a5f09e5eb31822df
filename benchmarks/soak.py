"""A shift at the checkpoint, compressed: the demo window under Xvfb for a
long time, memory and CPU printed every minute.

    .venv/bin/python benchmarks/soak.py [--minutes 30] [--interval 60] [--no-demo]

``--no-demo`` runs a station with no camera at all (it retries the camera
every second, the other long-running path).  Exits 1 if the window died,
printed a fatal error, or did not close cleanly on SIGTERM.
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.windowproc import WindowProcess, Xvfb  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--interval", type=float, default=60, help="seconds between samples")
    parser.add_argument("--no-demo", action="store_true", help="a station whose camera is missing")
    args = parser.parse_args()
    display = Xvfb()
    with tempfile.TemporaryDirectory() as tmp:
        window_args = ["--demo"] if not args.no_demo else []
        window = WindowProcess(window_args, data_dir=Path(tmp) / "station", log_path=Path(tmp) / "window.log",
                               display=display.display)
        try:
            if not window.wait_for("window shown", 60):
                print(window.output())
                return 1
            print(f"{'minute':>7} {'RSS MB':>8} {'CPU % (last interval)':>22}")
            previous = window.sample()
            end = time.monotonic() + args.minutes * 60
            while time.monotonic() < end and window.alive():
                time.sleep(min(args.interval, max(0.0, end - time.monotonic())))
                if not window.alive():
                    break
                now = window.sample()
                cpu = 100 * (now.cpu_s - previous.cpu_s) / max(1e-6, now.elapsed_s - previous.elapsed_s)
                print(f"{now.elapsed_s / 60:7.1f} {now.rss_mb:8.1f} {cpu:22.1f}", flush=True)
                previous = now
            alive = window.alive()
            code = window.stop(signal.SIGTERM)
        finally:
            window.stop(signal.SIGKILL, timeout_s=5)
            display.close()
        fatal = window.fatal_lines()
        clean = "closed cleanly" in window.output()
        print(f"alive at the end: {alive}; exit code after SIGTERM: {code}; closed cleanly: {clean}; "
              f"fatal lines: {len(fatal)}")
        for line in fatal[:10]:
            print("  " + line)
        return 0 if alive and code == 0 and clean and not fatal else 1


if __name__ == "__main__":
    sys.exit(main())
