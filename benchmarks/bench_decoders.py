"""Decoder benchmark: our pipeline against plain pyzbar, zxing-cpp and OpenCV, in one run.

    .venv/bin/python benchmarks/bench_decoders.py [--quick] [--only boofcv ...] [--json benchmarks/results/decoders.json]

Prints tables and writes JSON; asserts nothing (docs/benchmarks.md reads the numbers).
Measures: decode rates on the real photographs in ../shared/corpora/zxing-blackbox and
../shared/corpora/boofcv-qr-dev (per category; skipped with a note when absent) and on a synthetic
"phone screen seen by a webcam" set made from real DL1 codes; the verify path's time per still
against zxing-cpp (12-megapixel photos apart) and on pictures with only a barcode; Code 128 at an
angle by tilt; milliseconds per 640x480 / 1280x720 / 1920x1080 frame and on a hard live set of
different scenes; time from the first frame showing a code to the verdict; CPU with no code in view
at 30 frames/s; memory over 10,000 frames.  ``--only`` runs some parts and merges them into the JSON.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from pyzbar import pyzbar  # noqa: E402

from verifier_app.verify.clock import SystemClock  # noqa: E402
from verifier_app.verify.engine import Verifier  # noqa: E402
from verifier_app.decode.sources.frames import OpenCvSource, PacedSource, frames_of  # noqa: E402
from verifier_app.decode.factory import create_reader  # noqa: E402
from verifier_app.decode.readers import Symbology, ZxingReader  # noqa: E402
from verifier_app.decode.live_input.live import LiveScanner  # noqa: E402
from verifier_app.scan import best_result, looks_like_licence_code  # noqa: E402
from verifier_app.station.trust.store import StationStore  # noqa: E402
from verifier_app.issuer.authority import Authority  # noqa: E402
from verifier_app.issuer.holder import load_holder  # noqa: E402
from verifier_app.decode.sources.frames import load_image  # noqa: E402
from verifier_app.issuer.render import code128_image, qr_image  # noqa: E402
from scoring import pct, score, spellings, timed  # noqa: E402
from verifier_app.issuer.scenes import DISTORTIONS, UNSEEN_DISTORTIONS, oblique_barcode_scene, webcam_scene  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "zxing-blackbox"
BOOFCV = ROOT.parent / "shared" / "corpora" / "boofcv-qr-dev"
SETS = ("qrcode-1", "qrcode-2", "qrcode-3", "code128-1", "code128-2", "code128-3")


# ------------------------------------------------------------------ decoders


def plain_pyzbar(grey):
    return {s.data.decode("utf-8", "replace") for s in
            pyzbar.decode(grey, symbols=[pyzbar.ZBarSymbol.QRCODE, pyzbar.ZBarSymbol.CODE128])}


_ZX = ZxingReader()


def zxing_cpp(grey):
    return {s.text for s in _ZX.decode(grey)}


def zxing_cpp_all_formats(grey):
    import zxingcpp

    return {r.text for r in zxingcpp.read_barcodes(grey) if r.valid}


_QR = cv2.QRCodeDetector()
_BAR = cv2.barcode.BarcodeDetector() if hasattr(cv2, "barcode") else None


def opencv(grey):
    found = set()
    try:
        ok, texts, _, _ = _QR.detectAndDecodeMulti(grey)
        if ok:
            found |= {t for t in texts if t}
        if _BAR is not None:
            ok, texts, _, _ = _BAR.detectAndDecodeWithType(grey)
            if ok:
                found |= {t for t in texts if t}
    except (cv2.error, UnicodeDecodeError):  # OpenCV's Python binding can't return Shift-JIS bytes
        pass
    return found


_OURS = create_reader()


def ours(grey):
    _OURS.hint = None  # still images: no help from a previous frame
    return {s.text for s in _OURS.decode(grey)}


_OURS_300 = create_reader(budget=0.3)  # the verify path's budget before it was halved: what it read


_OURS_LIVE = create_reader()


def ours_live_frame(grey):
    """One camera frame, as the window's decoder thread decodes it (25 ms budget), no earlier frames."""
    _OURS_LIVE.hint = None
    return {s.text for s in _OURS_LIVE.decode_live(grey)}


_OURS_LIST = create_reader(exhaustive=True)


def ours_listing(image):
    """Every code in a still picture, as ``verifier decode`` lists them."""
    _OURS_LIST.hint = None
    return {s.text for s in _OURS_LIST.decode(image)}


_ARUCO_QR = None
try:  # OpenCV 5 has a second QR detector in its objdetect module (the Aruco-based one)
    _ARUCO_QR = cv2.QRCodeDetectorAruco()
except AttributeError:
    pass


def opencv_aruco(grey):
    if _ARUCO_QR is None:
        return set()
    try:
        ok, texts, _, _ = _ARUCO_QR.detectAndDecodeMulti(grey)
    except (cv2.error, UnicodeDecodeError):
        return set()
    return {t for t in texts if t} if ok else set()


DECODERS = {"ours": ours, "zxing-cpp": zxing_cpp, "pyzbar": plain_pyzbar, "opencv": opencv}


# --------------------------------------------------------------------- parts


def corpus_rates():
    if not CORPUS.is_dir():
        print(f"(corpus not found at {CORPUS}: skipped)")
        return None
    table = {}
    for name in SETS + ("falsepositives-2",):
        row = {k: {"correct": 0, "wrong": 0} for k in DECODERS}
        images = [p for p in sorted((CORPUS / name).iterdir()) if p.suffix.lower() in (".png", ".jpg", ".jpeg", ".gif")]
        for path in images:
            grey = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
            expected = path.with_suffix(".txt").read_text("utf-8") if path.with_suffix(".txt").exists() else None
            for key, fn in DECODERS.items():
                # Line endings: the expected files use \n where some codes hold \r\n.
                got = {t.replace("\r\n", "\n") for t in fn(grey)}
                if expected is not None and expected in got:
                    row[key]["correct"] += 1
                elif got:
                    row[key]["wrong"] += 1
        table[name] = {"images": len(images), **row}
    print("\nReal photographs (ZXing black-box corpus): correct / wrong reads")
    print(f"{'set':18s}{'n':>4s}" + "".join(f"{k:>14s}" for k in DECODERS))
    totals = {k: 0 for k in DECODERS}
    for name, row in table.items():
        cells = "".join(f"{row[k]['correct']:>8d} / {row[k]['wrong']:<3d}" for k in DECODERS)
        print(f"{name:18s}{row['images']:>4d}{cells}")
        if name != "falsepositives-2":
            for k in DECODERS:
                totals[k] += row[k]["correct"]
    n = sum(table[s]["images"] for s in SETS)
    print(f"{'all code sets':18s}{n:>4d}" + "".join(f"{totals[k]:>8d} ({100 * totals[k] / n:3.0f}%)" for k in DECODERS))
    return {"sets": table, "correct_total": totals, "images_total": n}


def dl1_codes():
    now = SystemClock().now()
    tmp = Path(tempfile.mkdtemp())
    authority = Authority.create(tmp / "a", code="CN-BJ", name="bench", now=now - dt.timedelta(days=1))
    licence = load_holder(ROOT / "resources" / "sample-holder.json")
    store = StationStore(tmp / "s")
    store.install_root((authority.directory / "root-cert.pem").read_bytes())
    store.import_bundle(authority.make_bundle(now=now - dt.timedelta(hours=1)))
    return authority, licence, store


SYNTHETIC_CODES = ROOT / "benchmarks" / "synthetic-codes.json"


def synthetic_texts(authority, licence):
    """Two real DL1 codes (with the portrait: QR version 23; without: version 13), kept in a file
    so that every run draws the very same images."""
    if SYNTHETIC_CODES.exists():
        return json.loads(SYNTHETIC_CODES.read_text())["texts"]
    texts = [authority.issue(licence, at=SystemClock().now()),
             authority.issue(dataclasses.replace(licence, portrait=None), at=SystemClock().now())]
    SYNTHETIC_CODES.write_text(json.dumps({"texts": texts}, indent=2) + "\n")
    return texts


def synthetic_rates(authority, licence, seeds, *, seed_base=0, title="Synthetic phone screens seen by a webcam",
                    distortions=DISTORTIONS):
    texts = synthetic_texts(authority, licence)
    per = {d: {k: 0 for k in DECODERS} for d in distortions}
    times = {k: [] for k in DECODERS}
    n = 0
    for ti, text in enumerate(texts):
        code = qr_image(text, module_px=4)
        for di, distortion in enumerate(distortions):
            for s in range(seeds):
                grey = webcam_scene(code, distortion, seed=seed_base + 1000 * ti + 10 * di + s)
                n += 1
                for key, fn in DECODERS.items():
                    got, ms = timed(fn, grey)
                    times[key].append(ms)
                    per[distortion][key] += text in got
    totals = {k: sum(per[d][k] for d in distortions) for k in DECODERS}
    print(f"\n{title} (1280x720, {n} images, decoded / {n // len(distortions)} each)")
    print(f"{'distortion':22s}" + "".join(f"{k:>11s}" for k in DECODERS))
    for d in distortions:
        print(f"{d:22s}" + "".join(f"{per[d][k]:>11d}" for k in DECODERS))
    print(f"{'total':22s}" + "".join(f"{totals[k]:>6d} {100 * totals[k] / n:3.0f}%" for k in DECODERS))
    print(f"{'median ms':22s}" + "".join(f"{statistics.median(times[k]):>11.1f}" for k in DECODERS))
    print(f"{'p95 ms':22s}" + "".join(f"{pct(times[k], 0.95):>11.1f}" for k in DECODERS))
    print(f"{'max ms':22s}" + "".join(f"{max(times[k]):>11.1f}" for k in DECODERS))
    return {"images": n, "per_distortion": per, "decoded": totals,
            "median_ms": {k: statistics.median(v) for k, v in times.items()},
            "p95_ms": {k: pct(v, 0.95) for k, v in times.items()},
            "max_ms": {k: max(v) for k, v in times.items()}}


def frame_times(authority, licence, reps):
    text = authority.issue(licence, at=SystemClock().now())
    code = qr_image(text, module_px=4)
    out = {}
    print("\nMilliseconds per frame, median / p95 (a noisy phone screen with a code; without one). "
          "ours: a live camera frame (decode_live); ours-still: the same as a still picture")
    fns = {"ours": ours_live_frame, "ours-still": ours,
           **{k: v for k, v in DECODERS.items() if k != "ours"}, "zxing-all-fmts": zxing_cpp_all_formats}
    print(f"{'frame':22s}" + "".join(f"{k:>16s}" for k in fns))
    for size in ((640, 480), (1280, 720), (1920, 1080)):
        for label, distortion in (("code", "noise"), ("no code", None)):
            frames = [webcam_scene(code, distortion, size=size, seed=s) if distortion else
                      np.clip(np.random.default_rng(s).normal(100, 22, (size[1], size[0])), 0, 255).astype(np.uint8)
                      for s in range(4)]
            row = {}
            for key, fn in fns.items():
                ms = [timed(fn, frames[i % len(frames)])[1] for i in range(reps)]
                row[key] = {"median": statistics.median(ms), "p95": pct(ms, 0.95)}
            name = f"{size[0]}x{size[1]} {label}"
            out[name] = row
            print(f"{name:22s}" + "".join(f"{row[k]['median']:>8.1f} /{row[k]['p95']:>6.1f}" for k in fns))
    return out


def live_latency(authority, licence, store, runs, distortion="noise"):
    """A synthetic video (MJPG, 30 frames/s): 2 s of an empty room, then a phone screen with a code.

    Played through OpenCV's VideoCapture at the camera's pace (``PacedSource``) into the live
    scanner, as the window's decoder thread does; timed from the moment the first frame showing
    the code is read to the verified result.
    """
    verifier = Verifier(trust=store.load())
    empty = [np.clip(np.random.default_rng(s).normal(100, 12, (720, 1280)), 0, 255).astype(np.uint8) for s in range(3)]
    latencies = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            code = qr_image(authority.issue(licence, at=SystemClock().now()), module_px=4)
            frames = [empty[i % 3] for i in range(60)] + [webcam_scene(code, distortion, seed=run)] * 30
            path = Path(tmp) / f"run{run}.avi"
            writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30, (1280, 720))
            for frame in frames:
                writer.write(cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR))
            writer.release()
            scanner = LiveScanner(create_reader())
            source = PacedSource(OpenCvSource(str(path)), fps=30)
            try:
                for i, frame in enumerate(frames_of(source)):
                    if i == 60:
                        first_shown = time.perf_counter()
                    symbols = scanner.scan(frame)
                    if i >= 60 and symbols:
                        results = [verifier.verify(s.text) for s in symbols if looks_like_licence_code(s.text)]
                        if best_result(results) is not None:
                            latencies.append((time.perf_counter() - first_shown) * 1000)
                            break
            finally:
                source.close()
    median = statistics.median(latencies) if latencies else None
    worst = max(latencies) if latencies else None
    print(f"\nFirst frame showing a code ({distortion}) -> verdict (synthetic MJPG video through VideoCapture "
          f"at 30 frames/s, after 2 s idle, {runs} runs): "
          + (f"median {median:.0f} ms, worst {worst:.0f} ms" if latencies else "no verdict")
          + (f"; {runs - len(latencies)} runs never reached a verdict" if len(latencies) < runs else ""))
    return {"distortion": distortion, "runs": runs, "verdicts": len(latencies), "median_ms": median, "max_ms": worst,
            "source": "MJPG video file through cv2.VideoCapture, paced at 30 frames/s"}


def idle_cpu(seconds):
    """CPU share of the decoding side with no code in view, frames arriving at 30/s.

    Two empty scenes: a plain noisy room (nothing code-like) and, when the corpus is there,
    real photographs without codes (textured: the region finder does find candidates).
    Capturing frames from a camera costs extra and is not counted here.
    """
    scenes = {"plain room": [np.clip(np.random.default_rng(s).normal(100, 12, (720, 1280)), 0, 255).astype(np.uint8)
                             for s in range(5)]}
    photos = sorted((CORPUS / "falsepositives-2").glob("*.png")) + sorted((CORPUS / "falsepositives-2").glob("*.jpg"))
    if photos:
        scenes["photographs without codes"] = [cv2.resize(cv2.imread(str(p), cv2.IMREAD_GRAYSCALE), (1280, 720))
                                               for p in photos[:10]]
    out = {}
    for scene, frames in scenes.items():
        for label, backoff in (("with backoff", True), ("decoding every frame", False)):
            scanner = LiveScanner(create_reader(), idle_after_s=1.0 if backoff else 1e9)
            period, n = 1 / 30, int(seconds * 30)
            cpu0, wall0 = time.process_time(), time.perf_counter()
            next_t = wall0
            for i in range(n):
                scanner.scan(frames[i % len(frames)])
                next_t += period
                time.sleep(max(0.0, next_t - time.perf_counter()))
            share = (time.process_time() - cpu0) / (time.perf_counter() - wall0)
            out[f"{scene}, {label}"] = {"core_share": share, "decoded": scanner.decoded, "frames": scanner.frames}
            print(f"CPU, no code in view, 30 frames/s, {scene}, {label}: {100 * share:.1f}% of one core "
                  f"({scanner.decoded} of {scanner.frames} frames through the full pipeline)")
    return out


def rss_mb():
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def memory(authority, licence, frames_total):
    code = qr_image(authority.issue(licence, at=SystemClock().now()), module_px=4)
    frames = [webcam_scene(code, "noise", seed=1)] + [
        np.clip(np.random.default_rng(s).normal(100, 12, (720, 1280)), 0, 255).astype(np.uint8) for s in range(9)]
    scanner = LiveScanner(create_reader())
    for i in range(300):
        scanner.scan(frames[i % 10])
    before = rss_mb()
    start = time.perf_counter()
    for i in range(frames_total):
        scanner.scan(frames[i % 10])
    after = rss_mb()
    print(f"\nMemory over {frames_total} frames (1 in 10 with a code): RSS {before:.1f} -> {after:.1f} MB "
          f"({after - before:+.1f} MB) in {time.perf_counter() - start:.0f} s")
    return {"frames": frames_total, "rss_before_mb": before, "rss_after_mb": after, "growth_mb": after - before}


# ------------------------------------------------------------- BoofCV photos


def _boofcv_rows():
    rows = [json.loads(line) for line in (BOOFCV / "manifest.jsonl").read_text("utf-8").splitlines() if line.strip()]
    return rows


def boofcv_rates(quick=False):
    """Every code in the BoofCV QR benchmark's development half, per category, ours and peers in one run.

    ours lists every code (``verifier decode``); the verify path (stop at the first QR code) is
    timed on the same pictures against zxing-cpp, and a 12-megapixel subset is reported apart.
    """
    if not (BOOFCV / "manifest.jsonl").exists():
        print(f"(BoofCV corpus not found at {BOOFCV}: skipped)")
        return None
    peers = {"ours": ours_listing, "zxing-cpp": zxing_cpp, "pyzbar": plain_pyzbar, "opencv": opencv,
             "opencv-aruco": opencv_aruco}
    rows = _boofcv_rows()
    same = spellings(rows)
    if quick:
        rows = rows[::3]
    cats: dict = {}
    verify_ms, zxing_ms, verify_12mp, zxing_12mp, zxing_photo_ms = [], [], [], [], []
    verify_read = verify_read_300 = 0  # photos in which the verify path read a QR code (150 ms; 300 ms)
    for row in rows:
        image = load_image(BOOFCV / row["image"])
        grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        cat = cats.setdefault(row["category"], {k: {"codes": 0, "read": 0, "images": 0, "full": 0, "wrong": 0}
                                                for k in peers})
        for key, fn in peers.items():
            got, ms = timed(fn, image if key == "ours" else grey)
            if key == "zxing-cpp":
                zxing_ms.append(ms)
                if image.shape[0] * image.shape[1] >= 10e6:
                    zxing_12mp.append(ms)
            known, read, wrong = score(row["codes"], got, same)
            cell = cat[key]
            cell["codes"] += known
            cell["read"] += read
            cell["wrong"] += wrong
            if known:
                cell["images"] += 1
                cell["full"] += read == known
        _OURS.hint = None
        got, ms = timed(lambda im: _OURS.decode(im), image)
        verify_ms.append(ms)
        verify_read += any(s.symbology is Symbology.QR for s in got)
        _OURS_300.hint = None
        verify_read_300 += any(s.symbology is Symbology.QR for s in _OURS_300.decode(image))
        # zxing-cpp given the photo as we are (its grey conversion timed too)
        zxing_photo_ms.append(timed(lambda im: zxing_cpp(cv2.cvtColor(im, cv2.COLOR_BGR2GRAY)), image)[1])
        if image.shape[0] * image.shape[1] >= 10e6:
            verify_12mp.append(ms)
    print(f"\nBoofCV QR benchmark v3, development half ({len(rows)} photos): codes read / known, "
          "images fully read / images with a known code, wrong reads")
    print(f"{'category':14s}" + "".join(f"{k:>24s}" for k in peers))
    totals = {k: {"codes": 0, "read": 0, "images": 0, "full": 0, "wrong": 0} for k in peers}
    for name in sorted(cats):
        line = f"{name:14s}"
        for k in peers:
            c = cats[name][k]
            line += f"{c['read']:>5d}/{c['codes']:<3d} {c['full']:>4d}/{c['images']:<3d} w{c['wrong']:<3d}"
            for f in totals[k]:
                totals[k][f] += c[f]
        print(line)
    print(f"{'all':14s}" + "".join(f"{t['read']:>5d}/{t['codes']:<3d} {t['full']:>4d}/{t['images']:<3d} w{t['wrong']:<3d}"
                                     for t in totals.values()))
    print(f"{'codes read %':14s}" + "".join(f"{100 * t['read'] / max(1, t['codes']):>23.1f}%" for t in totals.values()))
    print(f"{'images full %':14s}" + "".join(f"{100 * t['full'] / max(1, t['images']):>23.1f}%" for t in totals.values()))
    timing = {"verify_path": _spread(verify_ms), "zxing-cpp": _spread(zxing_ms),
              "zxing-cpp_from_photo": _spread(zxing_photo_ms),
              "verify_path_12mp": _spread(verify_12mp), "zxing-cpp_12mp": _spread(zxing_12mp)}
    print("\nVerify path per still (stop at the first QR code), ms median / p95 / max, same photos "
          "(zxing-cpp given the grey photo; from_photo: its grey conversion timed too, as ours is):")
    for key, v in timing.items():
        if v:
            print(f"  {key:22s} {v['median']:7.1f} / {v['p95']:7.1f} / {v['max']:7.1f}   ({v['n']} photos)")
    print(f"  photos in which the verify path read a QR code: {verify_read} of {len(rows)} "
          f"(with a 300 ms budget instead: {verify_read_300})")
    return {"categories": cats, "totals": totals, "timing": timing, "verify_read": verify_read,
            "verify_read_300ms": verify_read_300, "photos": len(rows)}


def _spread(values):
    if not values:
        return None
    return {"n": len(values), "median": statistics.median(values), "p95": pct(values, 0.95), "max": max(values)}


def barcode_only_times(reps):
    """A picture with only a Code 128 barcode (no QR code to stop at): the ZXing corpus's barcode photos
    and a phone screen showing only the licence barcode, on the verify path."""
    pictures = []
    for name in ("code128-1", "code128-2", "code128-3"):
        folder = CORPUS / name
        if folder.is_dir():
            pictures += [load_image(p) for p in sorted(folder.iterdir()) if p.suffix.lower() in (".png", ".jpg", ".gif")]
    bar = code128_image("DLN:110101199001011234")
    pictures += [oblique_barcode_scene(bar, tilt_deg=0, roll_deg=r, size=(1280, 720), seed=r) for r in (0, 5, 10)]
    ours_ms, zx_ms = [], []
    for _ in range(reps):
        for picture in pictures:
            _OURS.hint = None
            ours_ms.append(timed(lambda im: _OURS.decode(im), picture)[1])
            zx_ms.append(timed(zxing_cpp, picture)[1])
    out = {"pictures": len(pictures), "ours": _spread(ours_ms), "zxing-cpp": _spread(zx_ms)}
    print(f"\nA picture with only a barcode ({len(pictures)} pictures), verify path, ms median / p95 / max: "
          f"ours {out['ours']['median']:.1f} / {out['ours']['p95']:.1f} / {out['ours']['max']:.1f}, "
          f"zxing-cpp {out['zxing-cpp']['median']:.1f} / {out['zxing-cpp']['p95']:.1f} / {out['zxing-cpp']['max']:.1f}")
    return out


OBLIQUE_TILTS = (0, 15, 30, 45, 60)
OBLIQUE_ROLLS = (-30, -15, 0, 15, 30)


def oblique_barcodes(seeds):
    """A licence barcode on a phone screen photographed at 0-60 degrees of tilt and up to 30 of roll
    (``issuer/scenes.py:oblique_barcode_scene``), at 640x480 and 1280x720, read as a still picture."""
    text = "DLN:110101199001011234"
    bar = code128_image(text)
    fns = {"ours": ours, "zxing-cpp": zxing_cpp, "pyzbar": plain_pyzbar, "opencv": opencv}
    table = {}
    print("\nCode 128 at an angle (a licence barcode on a phone screen): read / images, by tilt")
    print(f"{'size':10s}{'tilt':>6s}{'n':>5s}" + "".join(f"{k:>11s}" for k in fns) + f"{'ours ms median':>16s}")
    for size in ((640, 480), (1280, 720)):
        for tilt in OBLIQUE_TILTS:
            counts = {k: 0 for k in fns}
            times, n = [], 0
            for roll in OBLIQUE_ROLLS:
                for seed in range(seeds):
                    scene = oblique_barcode_scene(bar, tilt_deg=tilt, roll_deg=roll, size=size,
                                                  seed=1000 * tilt + 10 * (roll + 30) + seed)
                    n += 1
                    for key, fn in fns.items():
                        got, ms = timed(fn, scene)
                        counts[key] += text in got
                        if key == "ours":
                            times.append(ms)
            name = f"{size[0]}x{size[1]}"
            table[f"{name} {tilt}"] = {"images": n, **counts, "ours_median_ms": statistics.median(times)}
            print(f"{name:10s}{tilt:>6d}{n:>5d}" + "".join(f"{counts[k]:>11d}" for k in fns)
                  + f"{statistics.median(times):>16.1f}")
    return table


def hard_live_frames(count):
    """Live frames of many different scenes (every frame a new draw: blur, distance, tilt, glare, noise,
    low light, and none at all), 1280x720, each decoded once with ``decode_live`` by one reader whose
    hard-case turn carries over from frame to frame, as in the window; zxing-cpp on the same frames."""
    texts = json.loads(SYNTHETIC_CODES.read_text())["texts"] if SYNTHETIC_CODES.exists() else None
    if texts is None:
        print("(synthetic codes missing: hard live set skipped)")
        return None
    codes = [qr_image(t, module_px=4) for t in texts]
    kinds = [d for d in DISTORTIONS if d != "clean"] + list(UNSEEN_DISTORTIONS)
    reader = create_reader()
    ours_ms, zx_ms, read_ours, read_zx = [], [], 0, 0
    for i in range(count):
        text, code = texts[i % 2], codes[i % 2]
        frame = webcam_scene(code, kinds[i % len(kinds)], seed=70_000 + i)
        got, ms = timed(lambda im: {s.text for s in reader.decode_live(im)}, frame)
        ours_ms.append(ms)
        read_ours += text in got
        got, ms = timed(zxing_cpp, frame)
        zx_ms.append(ms)
        read_zx += text in got
    out = {"frames": count, "ours": _spread(ours_ms), "zxing-cpp": _spread(zx_ms), "read_ours": read_ours,
           "read_zxing": read_zx}
    print(f"\nHard live frames ({count} different scenes at 1280x720, decode_live), ms median / p95 / max: "
          f"ours {out['ours']['median']:.1f} / {out['ours']['p95']:.1f} / {out['ours']['max']:.1f} "
          f"(read {read_ours}), zxing-cpp {out['zxing-cpp']['median']:.1f} / {out['zxing-cpp']['p95']:.1f} / "
          f"{out['zxing-cpp']['max']:.1f} (read {read_zx})")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer images and repetitions")
    parser.add_argument("--json", default=str(ROOT / "benchmarks" / "results" / "decoders.json"))
    parser.add_argument("--only", nargs="*", help="run only these parts (the JSON keys, e.g. boofcv oblique_code128)")
    args = parser.parse_args()
    quick = args.quick
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"OpenCV {cv2.__version__}")
    authority, licence, store = dl1_codes()
    parts = {
        "corpus": corpus_rates,
        "boofcv": lambda: boofcv_rates(quick),
        "barcode_only": lambda: barcode_only_times(reps=1 if quick else 3),
        "oblique_code128": lambda: oblique_barcodes(seeds=1 if quick else 2),
        "hard_live_frames": lambda: hard_live_frames(60 if quick else 300),
        "synthetic": lambda: synthetic_rates(authority, licence, seeds=2 if quick else 4),
        # The pipeline's variants were chosen on the set above; this one, drawn with other seeds,
        # checks that they were not merely fitted to it.
        "synthetic_holdout": lambda: synthetic_rates(authority, licence, seeds=2 if quick else 4, seed_base=50_000,
                                                     title="Hold-out set: same distortions, other random draws"),
        # Blurs no part of the pipeline was tuned on: a slanted hand movement, a lens's disc-shaped defocus.
        "synthetic_unseen_blurs": lambda: synthetic_rates(authority, licence, seeds=2 if quick else 4,
                                                          seed_base=90_000, distortions=UNSEEN_DISTORTIONS,
                                                          title="Unseen blurs: kinds the pipeline was not tuned on"),
        "frame_ms": lambda: frame_times(authority, licence, reps=8 if quick else 30),
        "latency": lambda: live_latency(authority, licence, store, runs=2 if quick else 5),
        # A hand moving sideways: the backed-off scanner gives a code-like region a full look every
        # fourth frame, where deconvolving the measured smear is the first hard-case attempt.
        "latency_motion_blur": lambda: live_latency(authority, licence, store, runs=2 if quick else 5,
                                                    distortion="motion"),
        "idle_cpu": lambda: idle_cpu(seconds=3 if quick else 10),
        "memory": lambda: memory(authority, licence, frames_total=1000 if quick else 10_000),
    }
    results = {"machine": {"arch": platform.machine(), "cores": os.cpu_count(), "python": platform.python_version(),
                           "opencv": cv2.__version__}}
    for key, run in parts.items():
        if args.only and key not in args.only:
            continue
        results[key] = run()
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    if args.only and path.exists():
        results = {**json.loads(path.read_text()), **results}
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
