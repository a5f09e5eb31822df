"""The real window as a separate process, the way a station runs it.

Used by the soak test (minutes, in the test command) and benchmarks/soak.py
(half an hour or more): Xvfb on a free display, ``python main.py`` with its
own data folder, samples of memory and CPU from /proc, and a signal to end.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FATAL_MARKERS = ("Fatal Python error", "Traceback (most recent call last)", "Segmentation fault", "Aborted")


@dataclass(frozen=True)
class Sample:
    elapsed_s: float
    rss_mb: float
    cpu_s: float  # user + system time used so far


class Xvfb:
    """A virtual X display on the first free number (Xvfb picks it: -displayfd)."""

    def __init__(self, size: str = "1366x768x24", dpi: int = 96) -> None:
        if shutil.which("Xvfb") is None:
            raise RuntimeError("Xvfb is not installed: run scripts/setup.sh (it installs xvfb)")
        read_fd, write_fd = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", size, "-dpi", str(dpi), "-nolisten", "tcp"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            self.process.kill()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class WindowProcess:
    """``python main.py ARGS`` on a display, output to a log file."""

    def __init__(self, args: list[str], *, data_dir: Path, log_path: Path, display: str | None = None,
                 env: dict[str, str] | None = None) -> None:
        full_env = {**os.environ, "VERIFIER_LOG": "INFO", "PYTHONFAULTHANDLER": "1", **(env or {})}
        if display is None:
            full_env["QT_QPA_PLATFORM"] = "offscreen"
        else:
            full_env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
        self.log_path = log_path
        self._log = open(log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir),
             "--settings", str(data_dir.parent / f"{data_dir.name}-settings.ini"), *args],
            stdout=self._log, stderr=subprocess.STDOUT, env=full_env, cwd=ROOT)
        self.started = time.monotonic()

    def output(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(errors="replace")

    def wait_for(self, text: str, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if text in self.output():
                return True
            if self.process.poll() is not None:
                return False
            time.sleep(0.2)
        return False

    def sample(self) -> Sample:
        pid = self.process.pid
        status = Path(f"/proc/{pid}/status").read_text()
        rss_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        cpu_s = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        return Sample(time.monotonic() - self.started, rss_kb / 1024, cpu_s)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout_s: float = 30) -> int:
        if self.process.returncode is not None:
            return self.process.returncode
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return -9
        finally:
            if not self._log.closed:
                self._log.close()

    def fatal_lines(self) -> list[str]:
        return [line for line in self.output().splitlines() if any(m in line for m in FATAL_MARKERS)]
