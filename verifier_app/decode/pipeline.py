"""The decoding pipeline: faster and more robust than any single decoder.

Measured in benchmarks/bench_decoders.py (results in docs/benchmarks.md).
For each frame, cheapest first, stopping as soon as a QR code is read:

1. grey once; find *code-like regions* on a 320-px-wide copy (gradient
   energy, closed into blobs): well under a millisecond, and frames without
   anything code-like stop here in live scanning (see ``LiveScanner``);
2. zxing-cpp on each region (a crop is much cheaper than the frame), the
   region where the last code was first;
3. when there is no code-like region at all: zxing-cpp on a half-size
   copy, which still reads a code filling the view and costs a quarter as
   much, and that is all;
4. the hard cases, most promising first (``_attempts``): when a region's own
   blur estimate (``core/deblur.py``) says a hand moved or the camera is out
   of focus, Wiener deconvolution of that blur; zxing-cpp on the whole frame
   (a code the region finder missed); pyzbar on the regions; ``VARIANTS``
   (upscaled and sharpened for distance, adaptive threshold for uneven
   light, median for noise and moiré, CLAHE for low light).  A still picture
   goes through them in order within 300 ms.  A live frame has 25 ms: it
   does at least one and the next frame carries on where it stopped, so a
   code held up for half a second gets them all; its variants go to
   zxing-cpp only.

A still picture with contrast everywhere but no separate code-like region (a
code filling the picture, an artistic QR code) is taken whole as one region;
a live frame like that gets one cheap look, since the next frame is 33 ms away.

A Code 128 barcode alone never stops the search: the phone shows the QR
code and the barcode together, and the QR code is the one that proves
something.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

import cv2
import numpy as np

from verifier_app.decode.deblur import Deconvolver, defocus_psf, estimate_blur, motion_psf
from verifier_app.decode.readers import CodeReader, DecodedSymbol, QuickLook, Symbology, ZbarReader, ZxingReader, to_grey

Rect = tuple[int, int, int, int]  # x0, y0, x1, y1 in the full frame

def _clahe(image: np.ndarray) -> np.ndarray:
    # A new object each time (microseconds): one shared between the camera's and a file's decoding
    # threads would share its buffers.
    return cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8)).apply(image)


def find_code_regions(grey: np.ndarray, *, work_width: int = 320, max_regions: int = 3) -> tuple[list[Rect], bool]:
    """Blobs of high local contrast, well above the sensor's noise, largest first.

    On a 320-px-wide copy: the local standard deviation (a code's modules
    swing between black and white) against a noise level estimated from the
    frame itself (median absolute high-pass), so a dark, noisy room finds no
    "code" while a dim phone screen still does.  Also says whether contrast is
    nearly everywhere (a textured scene, or a code filling the view).
    """
    h, w = grey.shape
    scale = work_width / w
    small = cv2.resize(grey, (work_width, max(1, int(h * scale))), interpolation=cv2.INTER_AREA)
    f = small.astype(np.float32)
    mean = cv2.blur(f, (9, 9))
    std = np.sqrt(np.maximum(cv2.blur(f * f, (9, 9)) - mean * mean, 0))
    noise = 1.4826 * float(np.median(np.abs(f - cv2.medianBlur(small, 3).astype(np.float32))))
    mask = (std > max(14.0, 5.0 * noise)).astype(np.uint8) * 255
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    regions = []
    busy = False  # contrast nearly everywhere: a textured scene, or a code filling the view
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:max_regions]:
        x, y, cw, ch = cv2.boundingRect(contour)
        if cw * ch > 0.8 * small.size:
            busy = True
            continue
        if cw * ch < 150:  # specks
            continue
        m = 0.1
        regions.append((max(0, int((x - m * cw) / scale)), max(0, int((y - m * ch) / scale)),
                        min(w, int((x + cw * (1 + m)) / scale)), min(h, int((y + ch * (1 + m)) / scale))))
    return regions, busy


def _sharpen(image: np.ndarray, amount: float, sigma: float) -> np.ndarray:
    return cv2.addWeighted(image, 1 + amount, cv2.GaussianBlur(image, (0, 0), sigma), -amount, 0)


def _adaptive(image: np.ndarray, sigma: float, block: int) -> np.ndarray:
    return cv2.adaptiveThreshold(cv2.GaussianBlur(image, (0, 0), sigma), 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C,
                                 cv2.THRESH_BINARY, block, 3)


def _up(image: np.ndarray, factor: int) -> np.ndarray:
    return cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)


# Image variants for hard cases, in the order that rescued most codes in the
# benchmark's synthetic set: (name, needs the region to be at most this big, factor, make)
VARIANTS = (
    ("upscaled, sharpened", 1100, 2, lambda r: _sharpen(_up(r, 2), 3.5, 2.0)),  # blur, far away
    ("adaptive threshold", 10_000, 1, lambda r: _adaptive(r, 0.8, 41)),  # uneven light, glare
    ("median", 10_000, 1, lambda r: cv2.medianBlur(r, 3)),  # noise, moiré
    ("CLAHE", 10_000, 1, _clahe),  # low light
    ("upscaled, adaptive threshold", 1100, 2, lambda r: _adaptive(_up(r, 2), 1.6, 83)),
    ("upscaled x3, sharpened", 600, 3, lambda r: _sharpen(_up(r, 3), 4.0, 3.0)),  # small and blurred
    ("upscaled", 1100, 2, lambda r: _up(r, 2)),
)

# Deconvolution is only worth its cost with the right blur, so these come from the region's own
# blur estimate (core/deblur.py) and go first when the region is blurred.
_MOTION_NOISE = 3e-3
_DEFOCUS_NOISE = (3e-5, 3e-4)


# Deconvolving costs about n^2 log n in the region's side: above this, the region is shrunk first
# (a 1000-px region would take 160 ms a try; one filling a 4K still, over a second).
_DEBLUR_SIDE = 800


def _deblurred(roi: np.ndarray) -> Iterator[tuple[str, float, Callable[[], np.ndarray]]]:
    """Deconvolutions of the region's estimated blur, most likely first: (name, factor, make)."""
    blur = estimate_blur(roi)
    if not (blur.is_motion or blur.is_defocus):
        return
    scale = min(1.0, _DEBLUR_SIDE / max(roi.shape))
    small = roi if scale == 1.0 else cv2.resize(roi, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    deconvolver: list[Deconvolver] = []  # made on first use, then shared by the tries

    def restore(psf: np.ndarray, noise: float, up: int = 1) -> np.ndarray:
        if not deconvolver:
            deconvolver.append(Deconvolver(small))
        out = deconvolver[0].restore(psf, noise=noise)
        return _up(out, up) if up > 1 else out

    if blur.is_motion:
        for length in blur.motion_lengths():
            yield (f"deblurred ({length}-px smear at {blur.angle_deg:.0f} degrees)", scale,
                   lambda length=length: restore(motion_psf(blur.angle_deg, round(length * scale)), _MOTION_NOISE))
    else:
        # A small blurred code is read better from a deconvolved copy upscaled twice.
        up = 2 if max(small.shape) <= 600 else 1
        for noise in _DEFOCUS_NOISE:
            for sigma in blur.defocus_widths():
                yield (f"deblurred (defocus {sigma:.1f} px)", scale * up,
                       lambda sigma=sigma, noise=noise: restore(defocus_psf(sigma * scale), noise, up))


@dataclass(frozen=True)
class _Attempt:
    """One unit of hard-case work: an image (made when its turn comes), where it sits, and who reads it."""

    make: Callable[[], np.ndarray]
    rect: Rect
    factor: float
    decoders: tuple


def _attempts(grey: np.ndarray, regions: list[Rect], decoders: list, *, whole_frame: bool,
              live: bool) -> list[_Attempt]:
    """Steps 3 and 4 as a list, in order of promise.

    The deconvolutions of the blur each region shows (none when it looks sharp): when a region
    is smeared or out of focus, nothing else is likely to read it.  The whole frame (a code the
    region finder missed; for a still picture it comes first, since it used to be tried before
    anything else and costs little).  For each region, the other decoder and the ``VARIANTS``.
    Deconvolved images go to the first decoder only, and so do a live frame's variants: pyzbar
    costs several times as much (most of 100 ms on an upscaled region, when the next frame is
    33 ms away).
    """
    h, w = grey.shape
    first, others = tuple(decoders[:1]), tuple(decoders[1:])
    rois = [(rect, grey[rect[1]:rect[3], rect[0]:rect[2]]) for rect in regions]
    rois = [(rect, roi) for rect, roi in rois if roi.size]
    whole = [_Attempt(lambda: grey, (0, 0, w, h), 1.0, first)] if whole_frame else []
    deblurred = [_Attempt(make, rect, float(factor), first) for rect, roi in rois for _, factor, make in _deblurred(roi)]
    attempts = deblurred + whole if live else whole + deblurred
    for rect, roi in rois:
        if others:
            attempts.append(_Attempt(lambda roi=roi: roi, rect, 1.0, others))
        for _, limit, factor, make in VARIANTS:
            if max(roi.shape) <= limit:
                attempts.append(_Attempt(lambda make=make, roi=roi: make(roi), rect, float(factor),
                                         first if live else tuple(decoders)))
    return attempts


def _shift(symbols: tuple[DecodedSymbol, ...], rect: Rect, factor: float = 1.0) -> list[DecodedSymbol]:
    x0, y0 = rect[0], rect[1]
    return [DecodedSymbol(s.symbology, s.text, (x0 + int(s.rect[0] / factor), y0 + int(s.rect[1] / factor),
                                                int(s.rect[2] / factor), int(s.rect[3] / factor)), s.inverted)
            for s in symbols]


class PipelineReader:
    """A CodeReader (and LiveReader) built from zxing-cpp and pyzbar; see the module docstring.

    The decoders come either as ``zbar``/``zxing`` (the station's: zxing-cpp
    first, it is the faster) or as ``decoders``, in order of preference: the
    first one does the cheap looks, the others join in on the hard cases.

    ``budget`` and ``live_budget`` are seconds per still picture and per
    camera frame, as measured by ``clock``.  The clock is injectable so that
    tests can drive the budget (a clock that advances a fixed step per call,
    or an infinite budget) and never depend on how busy the machine is.

    ``start_turn`` is where in the hard-case rotation the first live frame
    starts, as if earlier frames of something else had left it there.
    """

    def __init__(self, *, zbar: ZbarReader | None = None, zxing: ZxingReader | None = None,
                 decoders: Sequence[CodeReader] | None = None, budget: float = 0.3, live_budget: float = 0.025,
                 clock: Callable[[], float] = time.perf_counter, exhaustive: bool = False,
                 start_turn: int = 0) -> None:
        if decoders is None:
            decoders = [d for d in (zxing, zbar) if d is not None]
        elif zbar is not None or zxing is not None:
            raise TypeError("give either decoders or zbar/zxing, not both")
        if not decoders:
            raise ValueError("the pipeline needs at least one decoder")
        self.decoders: tuple[CodeReader, ...] = tuple(decoders)
        self.budget_s = budget
        self.live_budget_s = live_budget
        self._clock = clock
        if start_turn < 0:
            raise ValueError("start_turn must not be negative")
        self._turn = start_turn  # where in the hard-case work the next live frame starts
        # exhaustive: list every code (``verifier decode``) instead of stopping at the first QR code
        self.exhaustive = exhaustive
        # Where the last QR code was, and the size of the frame it was in; one tuple, so that the
        # camera's thread and a file's never see the place of one with the size of the other.
        self.hint: tuple[Rect, tuple[int, int]] | None = None

    def decode_quick(self, image: np.ndarray) -> QuickLook:
        """Steps 1-2 only, and whether anything code-like was in view (live scanning while idle)."""
        symbols, code_like = self._decode(image, quick=True, budget_s=self.budget_s, live=True)
        return QuickLook(symbols, code_like)

    def decode_live(self, image: np.ndarray) -> tuple[DecodedSymbol, ...]:
        """One camera frame: a frame period's budget, and successive frames take turns at the variants."""
        return self.decode(image, budget_s=self.live_budget_s, live=True)

    def decode(self, image: np.ndarray, *, quick: bool = False, budget_s: float | None = None,
               live: bool = False) -> tuple[DecodedSymbol, ...]:
        """``quick``: only the first decoder on the code-like regions (see ``decode_quick``).

        ``live``: a camera frame, with a frame period's budget; a frame with nothing code-like gets
        one cheap look, since the next frame comes soon.  A still picture gets 300 ms, and when
        contrast is everywhere but nothing stands out as code-like, the whole picture is searched.
        """
        return self._decode(image, quick=quick, budget_s=self.budget_s if budget_s is None else budget_s,
                            live=live)[0]

    def _decode(self, image: np.ndarray, *, quick: bool, budget_s: float,
                live: bool) -> tuple[tuple[DecodedSymbol, ...], bool]:
        """The codes found, and whether anything code-like was in view."""
        budget = budget_s
        grey = np.ascontiguousarray(to_grey(image))
        h, w = grey.shape
        start = self._clock()
        found: dict[tuple[Symbology, str], DecodedSymbol] = {}

        def take(symbols) -> bool:
            for s in symbols:
                found.setdefault((s.symbology, s.text), s)
            return not self.exhaustive and any(s.symbology is Symbology.QR for s in found.values())

        code_like, busy = find_code_regions(grey)
        regions = self._hint_within(w, h) + code_like
        decoders = list(self.decoders)
        first = decoders[0]
        for rect in regions:  # 2. the first decoder on each region
            if take(_shift(first.decode(grey[rect[1]:rect[3], rect[0]:rect[2]]), rect)):
                return self._done(found, w, h), bool(code_like)
        if quick:
            return self._done(found, w, h), bool(code_like)
        if not regions and not self.exhaustive and (live or not busy):
            # 3a. no separate code-like region: if contrast is everywhere, a code may fill the view,
            #     so the whole frame; otherwise one look at a half-size copy, at a quarter of the cost.
            small = cv2.resize(grey, (w // 2, max(1, h // 2)), interpolation=cv2.INTER_AREA) if w > 800 and not busy else grey
            factor = small.shape[1] / w
            take([DecodedSymbol(s.symbology, s.text, tuple(int(v / factor) for v in s.rect), s.inverted)
                  for s in first.decode(small)])
            return self._done(found, w, h), bool(code_like)
        # Where the hard cases are tried: the code-like regions (the last code's place is one of them
        # when the code is still there); else that place, and in a still picture with contrast
        # everywhere, the whole of it first (a code filling it, an artistic QR code).  A picture with
        # nothing code-like at all (an empty room, a video's frames before the phone comes up) got
        # its one look above: it is not worth 300 ms of variants.
        if code_like:
            regions = code_like
        elif busy and not live:
            regions = [(0, 0, w, h)] + regions
        whole_frame = True
        if self.exhaustive:  # every decoder on the whole picture; variants only if that finds nothing
            for decoder in decoders:
                take(decoder.decode(grey))
            if found:
                return self._done(found, w, h), bool(code_like)
            whole_frame = False
        # 3-4. the hard cases (see _attempts), while time allows.  A still picture goes through them
        # in order; a live frame starts where the last frame stopped, so a code held up for a few
        # frames gets them all.
        attempts = _attempts(grey, regions, decoders, whole_frame=whole_frame, live=live)
        first_attempt = self._turn % len(attempts) if live and attempts else 0
        for n in range(len(attempts)):
            # A still picture stops at its budget; a live frame does at least one attempt.
            if (n > 0 or not live) and self._clock() - start > budget:
                break
            attempt = attempts[(first_attempt + n) % len(attempts)]
            if live:
                self._turn += 1
            image = attempt.make()
            for decoder in attempt.decoders:
                if take(_shift(decoder.decode(image), attempt.rect, attempt.factor)):
                    return self._done(found, w, h), bool(code_like)
        return self._done(found, w, h), bool(code_like)

    def _hint_within(self, w: int, h: int) -> list[Rect]:
        """The last code's place, if it was found in a frame of this size (not some other picture)."""
        hint = self.hint
        return [hint[0]] if hint is not None and hint[1] == (w, h) else []

    def _done(self, found: dict, w: int, h: int) -> tuple[DecodedSymbol, ...]:
        qr = [s for s in found.values() if s.symbology is Symbology.QR]
        if qr:
            x, y, rw, rh = qr[0].rect
            mx, my = rw // 3 + 8, rh // 3 + 8
            self.hint = ((max(0, x - mx), max(0, y - my), min(w, x + rw + mx), min(h, y + rh + my)), (w, h))
            self._turn = 0  # the next code starts at the most promising attempt
        else:
            self.hint = None
        return tuple(found.values())
