"""``verifier demo``: the whole chain in one go, for a new user.

A demo authority (made on first run in the data folder, never shipped)
issues the sample holder's licence code now; the code is rendered to PNG,
read back from the image with the real decoder and verified by a demo
station that trusts only the demo authority — never the user's real station.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..core.clock import SystemClock
from ..core.engine import Verifier, Verdict
from ..core.frames import load_image
from ..core.imaging import create_reader
from ..core.scan import scan_frames
from ..core.station import StationStore
from ..issuer.authority import Authority
from ..issuer.holder import load_holder
from ..issuer.render import code128_image, qr_image, write_png
from .output import format_result

RESOURCES = Path(__file__).resolve().parent.parent.parent / "resources"
DEMO_CODE = "DEMO-CN"


def sample_holder_path() -> Path:
    return RESOURCES / "sample-holder.json"


def prepare_demo(store: StationStore) -> tuple[Authority, StationStore]:
    """The demo authority and demo station under ``<data>/demo``, made if missing."""
    base = store.data_dir / "demo"
    now = SystemClock().now()
    if (base / "authority" / "authority.json").exists():
        authority = Authority.load(base / "authority")
    else:
        authority = Authority.create(base / "authority", code=DEMO_CODE, name="DEMO Licence Authority (not real)", now=now)
    station = StationStore(base / "station")
    station.install_root((base / "authority" / "root-cert.pem").read_bytes())
    snapshot = station.load()
    if snapshot.state(now).value != "current":
        station.import_bundle(authority.make_bundle(now=now))
    return authority, station


def run_demo(store: StationStore, *, lang: str = "en", as_json: bool = False) -> int:
    authority, station = prepare_demo(store)
    licence = load_holder(sample_holder_path())
    clock = SystemClock()
    text = authority.issue(licence, at=clock.now())
    out = station.data_dir.parent
    qr_path, barcode_path = out / "sample-qr.png", out / "sample-barcode.png"
    write_png(qr_path, qr_image(text))
    write_png(barcode_path, code128_image("DLN:" + licence.document_number))
    verifier = Verifier(trust=station.load(), clock=clock)
    outcome = scan_frames([load_image(qr_path)], reader=create_reader(), verifier=verifier)
    result = outcome.result or verifier.no_code(qr_path.name)
    if as_json:
        print(json.dumps({"results": [{"input": str(qr_path), **result.to_json(lang=lang)}]}, indent=2, ensure_ascii=False))
    else:
        print(f"Demo authority {authority.code} issued the sample holder's code: {qr_path}")
        print(f"(barcode: {barcode_path}; the demo trusts only its own demo authority)\n")
        print(format_result(str(qr_path), result, lang))
    return 0 if result.verdict is Verdict.VALID else 1
