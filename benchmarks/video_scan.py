"""How long a video scan takes: a 30-second phone clip with no code, and one whose code appears at the end.

    .venv/bin/python benchmarks/video_scan.py [--seconds 30] [--size 1280x720]

The clip is a real MJPG file read through OpenCV, the same path as
``verifier verify clip.avi`` and the window's "Open image or video".
Target (issue 9 §3): a 30-second clip in at most 15 s (it took 70–87 s
when every frame got the full still decode).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.videos import phone_frame, write_video  # noqa: E402
from verifier_app.decode.factory import create_reader  # noqa: E402
from verifier_app.decode.sources.frames import iter_file_frames  # noqa: E402
from verifier_app.issuer.demo import prepare_demo, sample_holder_path  # noqa: E402
from verifier_app.issuer.holder import load_holder  # noqa: E402
from verifier_app.issuer.render import qr_image  # noqa: E402
from verifier_app.scan import scan_frames, video_sampling  # noqa: E402
from verifier_app.verify.clock import SystemClock  # noqa: E402
from verifier_app.verify.engine import Verifier  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--size", default="1280x720")
    args = parser.parse_args()
    size = tuple(int(v) for v in args.size.split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        demo = prepare_demo(base / "station")
        code = qr_image(demo.authority.issue(load_holder(sample_holder_path()), at=SystemClock().now()), module_px=4)
        empty = [phone_frame(None, size, seed=i) for i in range(10)]
        n = args.seconds * 30
        clips = {
            "no code": write_video(base / "empty.avi", [empty[i % 10] for i in range(n)]),
            "code in the last 2 s": write_video(base / "late.avi", [empty[i % 10] for i in range(n - 60)]
                                                + [phone_frame(code, size, seed=i) for i in range(60)]),
        }
        verifier = Verifier(trust=demo.station.load(), clock=SystemClock())
        print(f"{args.seconds}-s clip at {size[0]}x{size[1]}, 30 frames/s")
        print(f"{'clip':<22} {'seconds':>8} {'frames read':>12}  verdict")
        for name, path in clips.items():
            sampling, _ = video_sampling(path)
            start = time.perf_counter()
            outcome = scan_frames(iter_file_frames(path), reader=create_reader(), verifier=verifier, sampling=sampling)
            took = time.perf_counter() - start
            verdict = outcome.result.verdict.value if outcome.result else "no code"
            print(f"{name:<22} {took:8.1f} {outcome.frames_read:12d}  {verdict}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
