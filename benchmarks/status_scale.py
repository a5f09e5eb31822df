"""A whole country's licence statuses on one laptop: build, import, look up, update by delta.

    .venv/bin/python benchmarks/status_scale.py [--size 500000000] [--listed 10000000] [--changes 50000]

Generated data (issue 23): ``--size`` licences, ``--listed`` of them not in good standing at random
positions (revoked, suspended, cancelled), then a day's ``--changes``.  Prints each goal beside its
number: snapshot <= 14.4 MB and built in <= 90 s; delta <= 120 kB and applied in <= 300 ms; import
(signature, inflate, write) <= 3 s; lookup <= 5 us; the verifier process's resident memory grows by
<= 50 MB with the list installed (``verifier verify`` run as a child, its peak RSS with and without).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from verifier_app.dl1 import status_delta as sd  # noqa: E402
from verifier_app.dl1 import status_list as sl  # noqa: E402
from verifier_app.dl1.credential import StatusReference  # noqa: E402
from verifier_app.issuer.authority import Authority  # noqa: E402
from verifier_app.issuer.holder import load_holder  # noqa: E402
from verifier_app.issuer.status_lists import list_uri, status_signer  # noqa: E402
from verifier_app.station.trust.store import StationStore  # noqa: E402

UTC = dt.timezone.utc


def line(name: str, value: str, goal: str = "") -> None:
    print(f"{name:<44} {value:>16}   {goal}", flush=True)


def child_peak_rss_mb(args: list[str], stdin: str, env: dict[str, str]) -> tuple[float, bool]:
    """Peak RSS of one `verifier` run (a fresh child per call: RUSAGE_CHILDREN keeps the max of all children)."""
    probe = ("import resource, subprocess, sys; "
             "r = subprocess.run(sys.argv[1:], input=sys.stdin.read(), text=True, capture_output=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode, r.stdout.count('status_listed'))")
    out = subprocess.run([sys.executable, "-c", probe, *args], input=stdin, text=True, capture_output=True,
                         env=env, check=True).stdout.split()
    return int(out[0]) / 1024, out[2] != "0"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=500_000_000)
    parser.add_argument("--listed", type=int, default=10_000_000)
    parser.add_argument("--changes", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=23)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    now = dt.datetime.now(UTC).replace(microsecond=0)
    print(f"status lists at scale: {args.size:,} licences, {args.listed:,} listed, {args.changes:,} changes a day; "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        authority = Authority.create(base / "auth", code="CN", name="National licence authority",
                                     now=now - dt.timedelta(days=2))
        key, cert = status_signer(authority, now=now - dt.timedelta(days=1))
        uri = list_uri(authority)

        t = time.perf_counter()
        listed = dict.fromkeys(rng.sample(range(args.size), args.listed))
        statuses = rng.choices((1, 2, 3), weights=(6, 3, 1), k=args.listed)
        entries = dict(zip(listed, statuses))
        line("generating the entries", f"{time.perf_counter() - t:.1f} s")

        t = time.perf_counter()
        packed = sl.pack(args.size, 2, entries.items())
        t_pack = time.perf_counter() - t
        t = time.perf_counter()
        issued = int((now - dt.timedelta(hours=1)).timestamp())
        token = sl.sign_status_list(packed=bytes(packed), size=args.size, bits=2, authority="CN", uri=uri, version=1,
                                    issued_at=issued, expires_at=issued + 7 * 86400, ttl_s=86400, key=key, cert=cert)
        t_sign = time.perf_counter() - t
        entropy_free = len(zlib.compress(bytes(packed), 9))
        line("snapshot size", f"{len(token) / 1e6:.2f} MB", f"goal <= 14.4 MB (zlib 9 of the array: {entropy_free / 1e6:.2f} MB)")
        line("building it (pack + zlib 9 on 2 threads + sign)", f"{t_pack + t_sign:.1f} s",
             f"goal <= 90 s (pack {t_pack:.1f} s, compress and sign {t_sign:.1f} s)")

        station = StationStore(base / "station")
        station.install_root((authority.directory / "root-cert.pem").read_bytes())
        station.import_bundle(authority.make_bundle(now=now - dt.timedelta(hours=2)), now=now)
        t = time.perf_counter()
        station.import_status(token, now=now)
        line("import (signature, inflate, write)", f"{time.perf_counter() - t:.2f} s", "goal <= 3 s")

        installed = station.load().status_lists["CN"]
        probes = [rng.randrange(args.size) for _ in range(200_000)]
        t = time.perf_counter()
        hits = sum(1 for i in probes if installed.status_at(i))
        per = (time.perf_counter() - t) / len(probes) * 1e6
        line("lookup in the memory-mapped list", f"{per:.2f} us", f"goal <= 5 us ({hits:,} of {len(probes):,} listed)")
        assert all(installed.status_at(i) == entries.get(i, 0) for i in probes[:20_000])

        changed = rng.sample(range(args.size), args.changes)
        day = {i: (0 if i in entries else rng.choice((1, 2, 3))) for i in changed}
        new_packed = bytearray(packed)
        sl.set_entries(new_packed, 2, day.items(), size=args.size)
        t = time.perf_counter()
        found = sd.diff(bytes(packed), bytes(new_packed), 2, args.size)
        t_diff = time.perf_counter() - t
        assert len(found) == args.changes
        delta = sd.sign_status_delta(changes=found, size=args.size, bits=2, authority="CN", uri=uri, from_version=1,
                                     issued_at=issued + 60, expires_at=issued + 8 * 86400, ttl_s=86400,
                                     key=key, cert=cert)
        line("delta size", f"{len(delta) / 1e3:.1f} kB", f"goal <= 120 kB (finding the changes: {t_diff:.1f} s)")
        t = time.perf_counter()
        station.import_status(delta, now=now)
        line("applying it (signature, changes file, record)", f"{(time.perf_counter() - t) * 1e3:.0f} ms", "goal <= 300 ms")
        installed = station.load().status_lists["CN"]
        assert installed.version == 2 and all(installed.status_at(i) == s for i, s in list(day.items())[:5000])

        # The verifier process with and without the national list: one code that points into it.
        listed_idx = next(i for i in changed if day[i])
        text = authority.issue(load_holder(ROOT / "resources" / "sample-holder.json"), at=now,
                               status_ref=StatusReference(listed_idx, uri))
        bare = StationStore(base / "bare")
        bare.install_root((authority.directory / "root-cert.pem").read_bytes())
        bare.import_bundle(authority.make_bundle(now=now - dt.timedelta(hours=2)), now=now)
        env = {**os.environ, "DL_VERIFIER_SYSTEM_DIR": ""}
        verifier = str(Path(sys.executable).with_name("verifier"))
        without, seen_without = child_peak_rss_mb([verifier, "--data-dir", str(base / "bare"), "verify", "--json", "-"],
                                                  text + "\n", env)
        with_list, seen_with = child_peak_rss_mb([verifier, "--data-dir", str(base / "station"), "verify", "--json", "-"],
                                                 text + "\n", env)
        assert seen_with and not seen_without, "the listed code must be INVALID with the list and only then"
        line("verifier verify peak RSS without the list", f"{without:.1f} MB")
        line("verifier verify peak RSS with the national list", f"{with_list:.1f} MB",
             f"goal: grows <= 50 MB (grew {with_list - without:.1f} MB; the listed code read as status_listed)")
        line("this benchmark's own peak RSS", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
