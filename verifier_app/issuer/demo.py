"""The demo authority: made on first use in the data folder, never shipped.

``python main.py --demo`` and ``verifier demo`` use it so a new user sees a
real issue -> scan -> verify cycle with no real keys.  It lives under
``<data>/demo`` with its own station, so the demo never touches the trust
of the real station.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from verifier_app.dl1 import certs
from verifier_app.verify.clock import Clock, SystemClock
from verifier_app.station.paths import keep_local
from verifier_app.station.trust.store import StationStore
from verifier_app.resources_path import resource_path
from verifier_app.verify.trust import TrustState
from .authority import Authority

DEMO_CODE = "DEMO-CN"
DEMO_NAME = "DEMO Licence Authority (not real)"


def sample_holder_path() -> Path:
    # Through resource_path, so an installed wheel (no source tree) finds it too.
    return resource_path("sample-holder.json")


@dataclass(frozen=True)
class DemoSetup:
    authority: Authority
    station: StationStore

    @property
    def root_fingerprint(self) -> str:
        return certs.fingerprint(self.authority.root_cert)


def prepare_demo(data_dir: Path, clock: Clock | None = None) -> DemoSetup:
    """The demo authority and demo station under ``data_dir/demo``, made if missing."""
    base = Path(data_dir) / "demo"
    now = (clock or SystemClock()).now()
    if (base / "authority" / "authority.json").exists():
        authority = Authority.load(base / "authority")
    else:
        authority = Authority.create(base / "authority", code=DEMO_CODE, name=DEMO_NAME, now=now)
    # The demo station is its own, even on a machine whose real station lives in /etc/dl-verifier.
    (base / "station").mkdir(parents=True, exist_ok=True)
    keep_local(base / "station")
    station = StationStore(base / "station")
    # Installed once: every install writes two audit rows, and the demo starts often.  Again only when
    # the pinned file is missing or not this authority's root (damaged, or a new demo authority).
    root_pem = (base / "authority" / "root-cert.pem").read_bytes()
    pinned = station.roots_dir / f"{certs.fingerprint(authority.root_cert)}.pem"
    if not pinned.is_file() or pinned.read_bytes() != root_pem:
        station.install_root(root_pem)
    if station.load().state(now) is not TrustState.CURRENT:
        station.import_bundle(authority.make_bundle(now=now))
    return DemoSetup(authority, station)
