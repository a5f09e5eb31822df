"""Fleet distribution benchmark (issue 22, Scale): ``trust sync`` when nothing changed, and bytes per station per day.

Run: .venv/bin/python benchmarks/fleet_sync.py [--runs 30] [--status-size 1000000]

A repository made with verifier-central's own code is served by http.server on 127.0.0.1 (a thread, port
0) and every byte it sends is counted, headers included.  One station subscribes and syncs.  Then:

- nothing changed: ``sync()`` in the process (the command's work beyond start-up), median and p95 over
  --runs, and the whole ``verifier trust sync`` command as a process (start-up included);
- a day: 24 hourly syncs, during which the authority publishes one new bundle and one status delta
  (--changes licences changed): the bytes the server sent this station.

Prints its numbers; it asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from verifier_app.central.repo import Repository  # noqa: E402
from verifier_app.fleet import subscription, sync  # noqa: E402
from verifier_app.issuer.authority import Authority  # noqa: E402
from verifier_app.issuer.status_lists import make_status_delta, make_status_list  # noqa: E402
from verifier_app.station import paths  # noqa: E402
from verifier_app.station.trust.store import StationStore  # noqa: E402

SENT: list[int] = [0]
REQUESTS: list[str] = []


class CountingHandler(SimpleHTTPRequestHandler):
    def __init__(self, request: Any, client_address: Any, server: Any) -> None:
        super().__init__(request, client_address, server, directory=str(server.root))

    def setup(self) -> None:
        super().setup()
        raw = self.wfile

        class Counter:
            def write(self, data: bytes) -> int:
                SENT[0] += len(data)
                return raw.write(data)

            def __getattr__(self, name: str) -> Any:
                return getattr(raw, name)

        self.wfile = Counter()  # type: ignore[assignment]

    def log_message(self, format: str, *args: Any) -> None:
        REQUESTS.append(str(args[0]) if args else format)


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    httpd.root = folder  # type: ignore[attr-defined]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def counted(fn: Any) -> tuple[int, Any]:
    before = SENT[0]
    result = fn()
    return SENT[0] - before, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--status-size", type=int, default=1_000_000, help="licences in the status list")
    parser.add_argument("--changes", type=int, default=200, help="licences changed by the day's delta")
    args = parser.parse_args()
    now = dt.datetime.now(dt.timezone.utc)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        paths.use_platform_dir(tmp / "no-system-folder")
        authority = Authority.create(tmp / "auth", code="CN-BJ", name="Beijing", now=now - dt.timedelta(days=30))
        repo = Repository.init(tmp / "repo")
        list1 = make_status_list(authority, size=args.status_size, entries=[(i * 97, 1) for i in range(1000)],
                                 now=now - dt.timedelta(hours=2))
        repo.publish([("b1", authority.make_bundle(now=now - dt.timedelta(hours=3), sequence=1)), ("l1", list1)])
        httpd, url = serve(repo.public)
        store = StationStore(tmp / "station")
        store.install_root((authority.directory / "root-cert.pem").read_bytes())
        subscription.subscribe(store, url, (repo.dir / "root.json").read_bytes())
        first, report = counted(lambda: sync.sync(store))
        print(f"status list: {args.status_size:,} licences, {len(list1):,} bytes signed; first sync "
              f"{first:,} bytes, {len(report.changes)} imports")

        times = []
        nothing = 0
        for _ in range(args.runs):
            start = time.perf_counter()
            nothing, report = counted(lambda: sync.sync(store))
            times.append((time.perf_counter() - start) * 1000)
            assert not report.changes
        times.sort()
        print(f"trust sync, nothing changed, in the process: median {statistics.median(times):.1f} ms, "
              f"p95 {times[int(0.95 * (len(times) - 1))]:.1f} ms ({args.runs} runs); {nothing} bytes sent")

        env = {**os.environ, "PYTHONPATH": str(ROOT), "VERIFIER_DATA_DIR": str(tmp / "station")}
        script = ("import sys; from verifier_app.station import paths; "
                  f"paths.use_platform_dir({str(tmp / 'no-system-folder')!r}); "
                  "from verifier_app.cli import verifier, _common; sys.exit(_common.run(verifier.main))")
        walls, bare = [], []
        for _ in range(5):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", script, "trust", "sync"], env=env, capture_output=True)
            walls.append((time.perf_counter() - start) * 1000)
            assert done.returncode == 0, done.stderr
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", script, "trust", "show"], env=env, capture_output=True, check=True)
            bare.append((time.perf_counter() - start) * 1000)
        print(f"verifier trust sync as a process, nothing changed: median {statistics.median(walls):.0f} ms "
              f"(verifier trust show, the same start-up without TUF: {statistics.median(bare):.0f} ms)")

        # A day: 24 hourly syncs; the authority publishes bundle 2 before the 9th and a delta before the 17th.
        day, per_hour = 0, []
        list2 = make_status_list(authority, size=args.status_size,
                                 entries=[(i * 97, 1) for i in range(1000)] + [(i * 89 + 1, 2) for i in range(args.changes)],
                                 now=now - dt.timedelta(minutes=30))
        delta = make_status_delta(authority, old=list1, new=list2, now=now - dt.timedelta(minutes=30))
        for hour in range(24):
            if hour == 8:
                repo.publish([("b2", authority.make_bundle(now=now - dt.timedelta(hours=1), sequence=2))])
            if hour == 16:
                repo.publish([("d12", delta)])
            sent, report = counted(lambda: sync.sync(store))
            day += sent
            per_hour.append(sent)
        bundle_len = len(authority.make_bundle(now=now, sequence=3))
        print(f"a day (24 syncs, one bundle of ~{bundle_len:,} bytes, one delta of {len(delta):,} bytes / "
              f"{args.changes} changes): {day:,} bytes sent to the station; quiet hour {min(per_hour):,} bytes, "
              f"bundle hour {per_hour[8]:,}, delta hour {per_hour[16]:,}")
        print(f"a new station's first sync (full list): {first:,} bytes")
        httpd.shutdown()


if __name__ == "__main__":
    main()
