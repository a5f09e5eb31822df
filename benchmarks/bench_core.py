"""Core benchmark: payloads verified per second, milliseconds per 1280x720 frame.

Run: .venv/bin/python benchmarks/bench_core.py [--seconds 3]
Prints its numbers; it asserts nothing (targets are judged by reading them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from verifier_app.verify.clock import FixedClock  # noqa: E402
from verifier_app.verify.engine import Verdict, Verifier  # noqa: E402
from verifier_app.decode.factory import create_reader  # noqa: E402
from verifier_app.station.trust.store import StationStore  # noqa: E402
from verifier_app.issuer.authority import Authority  # noqa: E402
from verifier_app.issuer.holder import load_holder  # noqa: E402
from verifier_app.issuer.render import qr_image  # noqa: E402
from verifier_app.issuer.scenes import phone_frame  # noqa: E402

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def timed_loop(fn, seconds: float) -> list[float]:
    samples = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or len(samples) < 5:
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    args = parser.parse_args()
    now = dt.datetime.now(dt.timezone.utc)
    licence = load_holder(RESOURCES / "sample-holder.json")
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        for algorithm in ("es256", "ed25519"):
            authority = Authority.create(Path(tmp) / algorithm, code="CN-BJ", name="bench", algorithm=algorithm,
                                         now=now - dt.timedelta(days=1))
            store = StationStore(Path(tmp) / f"station-{algorithm}")
            store.install_root((authority.directory / "root-cert.pem").read_bytes())
            store.import_bundle(authority.make_bundle(now=now - dt.timedelta(hours=1)))
            verifier = Verifier(trust=store.load(), clock=FixedClock(now))
            text = authority.issue(licence, at=now)
            assert verifier.verify(text).verdict is Verdict.VALID
            samples = timed_loop(lambda: verifier.verify(text), args.seconds)
            print(f"verify {algorithm:8s}: {len(samples) / sum(samples):8.0f} payloads/s "
                  f"(median {statistics.median(samples) * 1000:.2f} ms, {len(text)}-character code)")

        reader = create_reader()
        code = qr_image(text)
        scenes = {
            "1280x720 with code": phone_frame(code, (1280, 720)),
            "1280x720 dark mode": phone_frame(code, (1280, 720), dark_mode=True),
            "1280x720 no code": phone_frame(None, (1280, 720)),
        }
        for name, frame in scenes.items():
            found = reader.decode(frame)
            samples = timed_loop(lambda f=frame: reader.decode(f), args.seconds)
            ms = [s * 1000 for s in samples]
            print(f"decode {name:20s}: median {statistics.median(ms):6.1f} ms, p95 {percentile(ms, 0.95):6.1f} ms "
                  f"({len(found)} code(s) found, {len(ms)} runs)")


if __name__ == "__main__":
    main()
