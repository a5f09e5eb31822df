"""How long and how much memory refusing a picture bomb takes (issue 19, point 3).

    .venv/bin/python benchmarks/picture_bombs.py [--tree DIR]

Writes a 10.5 KB SGI (16000 x 16000, 16-bit RGBA), a 5 KB TGA (run-length 32-bit) and a 4 KB
PCX, each as ``bomb.EXT`` and without a suffix, and runs them the way ``verifier verify FILE`` and
``verifier decode FILE`` do, each in a fresh child process: the video probe, then the frames.
Reported per file: the refusal's time (after imports) and the child's peak memory (VmHWM, its own
pages only), and the message.  ``--tree`` runs another checkout's code (e.g. the one before the
fix) on the same files.  Target: every file refused in under 1 s and 150 MB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.bombs import BOMBS  # noqa: E402

_CHILD = """
import json, sys, time
from verifier_app.decode.sources.frames import iter_file_frames
from verifier_app.errors import VerifierError
from verifier_app.scan import video_sampling
start = time.perf_counter()
try:
    video_sampling(sys.argv[1])  # what `verifier verify` and the window's Open do first
    list(iter_file_frames(sys.argv[1]))
    message = "not refused"
except VerifierError as exc:
    message = exc.message
seconds = time.perf_counter() - start
with open("/proc/self/status") as f:
    peak_kb = int(next(line.split()[1] for line in f if line.startswith("VmHWM:")))
print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "message": message}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose code runs")
    args = parser.parse_args()
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, (write, suffix) in sorted(BOMBS.items()):
            for name in (f"bomb{suffix}", f"bomb-{fmt.lower()}"):
                path = write(Path(tmp) / name)
                done = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True,
                                      cwd=args.tree, env={"PYTHONPATH": str(args.tree), "PATH": "/usr/bin:/bin"},
                                      timeout=600)
                if done.returncode != 0:
                    print(f"{name}: child failed: {done.stderr.strip()[-300:]}")
                    continue
                r = json.loads(done.stdout.strip().splitlines()[-1])
                worst = max(worst, r["peak_mb"])
                print(f"{name:10} {path.stat().st_size / 1024:5.1f} KB  {r['seconds'] * 1000:8.2f} ms  {r['peak_mb']:7.0f} MB  "
                      f"{r['message'][:90]}")
    print(f"worst peak: {worst:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
