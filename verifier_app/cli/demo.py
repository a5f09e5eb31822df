"""``verifier demo``: the whole chain in one go, for a new user.

The demo authority (``issuer/demo.py``) issues the sample holder's licence
code now; the code is rendered to PNG, read back from the image with the
real decoder and verified by the demo station, which trusts only the demo
authority — never the user's real station.
"""

from __future__ import annotations

import json

from verifier_app.scan import scan_frames
from verifier_app.services import Station, SystemClock, Verdict, Verifier, create_reader, load_image
from ..issuer.demo import prepare_demo, sample_holder_path
from ..issuer.holder import load_holder
from ..issuer.render import code128_image, qr_image, write_png
from .output import format_result


def run_demo(station: Station, *, lang: str = "en", as_json: bool = False) -> int:
    clock = SystemClock()
    demo = prepare_demo(station.data_dir, clock)
    licence = load_holder(sample_holder_path())
    text = demo.authority.issue(licence, at=clock.now())
    out = demo.station.data_dir.parent
    qr_path, barcode_path = out / "sample-qr.png", out / "sample-barcode.png"
    write_png(qr_path, qr_image(text))
    write_png(barcode_path, code128_image("DLN:" + licence.document_number))
    verifier = Verifier(trust=demo.station.load(), clock=clock, demo_roots={demo.root_fingerprint})
    outcome = scan_frames([load_image(qr_path)], reader=create_reader(), verifier=verifier)
    result = outcome.result or verifier.no_code(qr_path.name)
    if as_json:
        print(json.dumps({"results": [{"input": str(qr_path), **result.to_json(lang=lang)}]}, indent=2,
                         ensure_ascii=False))
    else:
        print(f"Demo authority {demo.authority.code} issued the sample holder's code: {qr_path}")
        print(f"(barcode: {barcode_path}; the demo trusts only its own demo authority)\n")
        print(format_result(str(qr_path), result, lang))
    return 0 if result.verdict is Verdict.VALID else 1
