"""The decoding pipeline: faster and more robust than any single decoder.

Measured in benchmarks/bench_decoders.py (results in docs/benchmarks.md).
For each frame, cheapest first, stopping as soon as a QR code is read:

1. grey once; find *code-like regions* on a 320-px-wide copy (gradient
   energy, closed into blobs): well under a millisecond, and frames without
   anything code-like stop here in live scanning (see ``LiveScanner``);
2. zxing-cpp on each region (a crop is much cheaper than the frame), the
   region where the last code was first;
3. zxing-cpp on the whole frame (a code the region finder missed); when
   there is no code-like region at all, only on a half-size copy, which
   still reads a code filling the view and costs a quarter as much;
4. pyzbar on the regions, then image variants on the regions for hard
   cases (``VARIANTS``: upscaled and sharpened for blur and distance,
   adaptive threshold for uneven light, median for noise and moiré, CLAHE
   for low light, Wiener deconvolution for defocus and hand motion), each
   tried with both decoders, within a time budget: 300 ms for a still
   image, 25 ms for a live frame — and successive live
   frames start at different variants, so a held-up code gets them all.

A Code 128 barcode alone never stops the search: the phone shows the QR
code and the barcode together, and the QR code is the one that proves
something.
"""

from __future__ import annotations

import time
from typing import Iterator

import cv2
import numpy as np

from .imaging import DecodedSymbol, Symbology, ZbarReader, ZxingReader, to_grey

Rect = tuple[int, int, int, int]  # x0, y0, x1, y1 in the full frame

_CLAHE = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8))


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


def _deconvolve(image: np.ndarray, psf: np.ndarray, noise: float) -> np.ndarray:
    """Wiener deconvolution: undoes a known blur (defocus, hand motion) as far as the noise allows."""
    f = image.astype(np.float32) / 255.0
    h, w = f.shape
    kh, kw = psf.shape
    if h < 4 * kh or w < 4 * kw:  # too small to hold a code worth deblurring
        return image
    kernel = np.zeros((h, w), np.float32)
    kernel[:kh, :kw] = psf / psf.sum()
    kernel = np.roll(kernel, (-(kh // 2), -(kw // 2)), axis=(0, 1))
    blur = np.fft.rfft2(kernel)
    restored = np.fft.irfft2(np.fft.rfft2(f) * np.conj(blur) / (np.abs(blur) ** 2 + noise), s=(h, w))
    return cv2.normalize(restored, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)


def _defocus(sigma: float) -> np.ndarray:
    g = cv2.getGaussianKernel(int(sigma * 6) | 1, sigma)
    return (g @ g.T).astype(np.float32)


def _motion(length: int, vertical: bool = False) -> np.ndarray:
    line = np.full((1, length), 1.0 / length, np.float32)
    return line.T.copy() if vertical else line


def _up(image: np.ndarray, factor: int) -> np.ndarray:
    return cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)


# Image variants for hard cases, in the order that rescued most codes in the
# benchmark's synthetic set: (name, needs the region to be at most this big, factor, make)
VARIANTS = (
    ("upscaled, sharpened", 1100, 2, lambda r: _sharpen(_up(r, 2), 3.5, 2.0)),  # blur, far away
    ("adaptive threshold", 10_000, 1, lambda r: _adaptive(r, 0.8, 41)),  # uneven light, glare
    ("median", 10_000, 1, lambda r: cv2.medianBlur(r, 3)),  # noise, moiré
    ("CLAHE", 10_000, 1, lambda r: _CLAHE.apply(r)),  # low light
    ("upscaled, adaptive threshold", 1100, 2, lambda r: _adaptive(_up(r, 2), 1.6, 83)),
    ("upscaled x3, sharpened", 600, 3, lambda r: _sharpen(_up(r, 3), 4.0, 3.0)),  # small and blurred
    ("upscaled", 1100, 2, lambda r: _up(r, 2)),
    # Wiener deconvolution for the blurs a desk produces: defocus and a moving hand.
    ("deblurred (defocus)", 1400, 1, lambda r: _deconvolve(r, _defocus(1.8), 0.005)),
    ("deblurred (horizontal motion)", 1400, 1, lambda r: _deconvolve(r, _motion(7), 0.005)),
    ("deblurred (strong horizontal motion)", 1400, 1, lambda r: _deconvolve(r, _motion(11), 0.02)),
    ("deblurred (defocus, noisy)", 1400, 1, lambda r: _deconvolve(r, _defocus(1.8), 0.02)),
    ("deblurred (slight defocus)", 1400, 1, lambda r: _deconvolve(r, _defocus(1.4), 0.005)),
    ("deblurred (vertical motion)", 1400, 1, lambda r: _deconvolve(r, _motion(9, vertical=True), 0.01)),
)


def _variants(roi: np.ndarray, start: int = 0) -> Iterator[tuple[np.ndarray, float]]:
    """The variants that fit this region, beginning at ``start`` (live frames take turns)."""
    usable = [v for v in VARIANTS if max(roi.shape) <= v[1]]
    for i in range(len(usable)):
        _, _, factor, make = usable[(start + i) % len(usable)]
        yield make(roi), float(factor)


def _shift(symbols: tuple[DecodedSymbol, ...], rect: Rect, factor: float = 1.0) -> list[DecodedSymbol]:
    x0, y0 = rect[0], rect[1]
    return [DecodedSymbol(s.symbology, s.text, (x0 + int(s.rect[0] / factor), y0 + int(s.rect[1] / factor),
                                                int(s.rect[2] / factor), int(s.rect[3] / factor)), s.inverted)
            for s in symbols]


class PipelineReader:
    """A CodeReader built from zxing-cpp and pyzbar; see the module docstring."""

    def __init__(self, *, zbar: ZbarReader, zxing: ZxingReader | None, budget_ms: float = 300.0,
                 live_budget_ms: float = 25.0, exhaustive: bool = False) -> None:
        self.zbar, self.zxing = zbar, zxing
        self.live_budget_s = live_budget_ms / 1000
        self._turn = 0  # which hard-case variant a live frame starts with
        # exhaustive: list every code (``verifier decode``) instead of stopping at the first QR code
        self.exhaustive = exhaustive
        self.budget_s = budget_ms / 1000
        self.hint: Rect | None = None  # where the last code was

    def decode_quick(self, image: np.ndarray) -> tuple[DecodedSymbol, ...]:
        return self.decode(image, quick=True)

    def decode_live(self, image: np.ndarray) -> tuple[DecodedSymbol, ...]:
        """One camera frame: a frame period's budget, and successive frames take turns at the variants."""
        self._turn += 1
        return self.decode(image, budget_s=self.live_budget_s, start_variant=self._turn)

    def decode(self, image: np.ndarray, *, quick: bool = False, budget_s: float | None = None,
               start_variant: int = 0) -> tuple[DecodedSymbol, ...]:
        """``quick``: only the first decoder on the code-like regions (live scanning while idle)."""
        budget = self.budget_s if budget_s is None else budget_s
        grey = np.ascontiguousarray(to_grey(image))
        h, w = grey.shape
        start = time.perf_counter()
        found: dict[tuple[Symbology, str], DecodedSymbol] = {}

        def take(symbols) -> bool:
            for s in symbols:
                found.setdefault((s.symbology, s.text), s)
            return not self.exhaustive and any(s.symbology is Symbology.QR for s in found.values())

        regions, busy = find_code_regions(grey)
        if self.hint is not None:
            regions.insert(0, self.hint)
        decoders = [d for d in (self.zxing, self.zbar) if d is not None]
        first = decoders[0]
        for rect in regions:  # 2. the first decoder on each region
            if take(_shift(first.decode(grey[rect[1]:rect[3], rect[0]:rect[2]]), rect)):
                return self._done(found, w, h)
        if quick:
            return self._done(found, w, h)
        if not regions and not self.exhaustive:
            # 3a. no separate code-like region: if contrast is everywhere, a code may fill the view,
            #     so the whole frame; otherwise one look at a half-size copy, at a quarter of the cost.
            small = cv2.resize(grey, (w // 2, h // 2), interpolation=cv2.INTER_AREA) if w > 800 and not busy else grey
            factor = small.shape[1] / w
            take([DecodedSymbol(s.symbology, s.text, tuple(int(v / factor) for v in s.rect), s.inverted)
                  for s in first.decode(small)])
            return self._done(found, w, h)
        if take(first.decode(grey)):  # 3. the whole frame
            return self._done(found, w, h)
        if self.exhaustive:
            for decoder in decoders[1:]:
                take(decoder.decode(grey))
            if found:
                return self._done(found, w, h)
        for rect in regions:  # 4. the other decoder, then variants, while time allows
            roi = grey[rect[1]:rect[3], rect[0]:rect[2]]
            if roi.size == 0:
                continue
            for decoder in decoders[1:]:
                if take(_shift(decoder.decode(roi), rect)):
                    return self._done(found, w, h)
            for variant, factor in _variants(roi, start_variant):
                if time.perf_counter() - start > budget:
                    return self._done(found, w, h)
                for decoder in decoders:
                    if take(_shift(decoder.decode(variant), rect, factor)):
                        return self._done(found, w, h)
        return self._done(found, w, h)

    def _done(self, found: dict, w: int, h: int) -> tuple[DecodedSymbol, ...]:
        qr = [s for s in found.values() if s.symbology is Symbology.QR]
        if qr:
            x, y, rw, rh = qr[0].rect
            mx, my = rw // 3 + 8, rh // 3 + 8
            self.hint = (max(0, x - mx), max(0, y - my), min(w, x + rw + mx), min(h, y + rh + my))
        else:
            self.hint = None
        return tuple(found.values())
