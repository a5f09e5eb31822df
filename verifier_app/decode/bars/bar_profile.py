"""Reading a Code 128 barcode from its profile ourselves, when no decoder's line scanner can.

When the far end's modules are about a pixel wide or less (60 degrees of tilt in a 640x480 picture), no
decoder separates them, but a profile averaged along the bars (every pixel of the code binned by where it
falls along the code, so the bars' slant across the pixel grid samples the profile at many phases) still
holds them blurred; each symbol is then the one of Code 128's patterns that, blurred alike, fits its
stretch of the profile best.  The checksum, the code sets and a margin between each symbol's best and
next best fit guard the result.  The code's outline, which gives the homography to the flat code, is
found in ``bar_outline``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import cv2
import numpy as np

from verifier_app.code128 import PATTERNS, START_A, START_B, START_C, STOP
from verifier_app.decode.bars.bar_geometry import levelling as levelling_map
from verifier_app.decode.bars.bar_outline import Outline, find_outline, rough_band

_STARTS = np.array([START_A, START_B, START_C])
_DATA = np.arange(103)


def _modules(values: Sequence[int]) -> list[int]:
    """The symbols' modules, 1 for bar, 0 for space."""
    out: list[int] = []
    for v in values:
        for i, width in enumerate(PATTERNS[v]):
            out += [1 - i % 2] * int(width)
    return out


def code128_text(values: Sequence[int]) -> str | None:
    """The text of a Code 128 symbol's values (start .. checksum, without the stop), or None when the
    checksum or the code sets do not add up.  Printable ASCII only (FNC codes and control characters:
    None)."""
    if len(values) < 3 or values[0] not in (START_A, START_B, START_C):
        return None
    data, check = values[1:-1], values[-1]
    if (values[0] + sum(i * v for i, v in enumerate(data, start=1))) % 103 != check:
        return None
    mode = {START_A: "A", START_B: "B", START_C: "C"}[values[0]]
    text = []
    for v in data:
        if v >= 103:
            return None
        if mode == "C":
            if v < 100:
                text.append(f"{v:02d}")
            elif v in (100, 101):
                mode = "B" if v == 100 else "A"
            else:
                return None
        elif v < 64 and mode == "A" or v < 96 and mode == "B":
            text.append(chr(v + 32))
        elif v == 99:
            mode = "C"
        elif v == 100 and mode == "A" or v == 101 and mode == "B":
            mode = "B" if v == 100 else "A"
        else:  # shift, FNC, control characters: not in a licence number
            return None
    return "".join(text) or None


def _blurred_rows(rows: np.ndarray, sigma: float) -> np.ndarray:
    """Each row blurred with a Gaussian of ``sigma`` (samples)."""
    radius = max(1, int(np.ceil(3 * sigma)))
    x = np.arange(-radius, radius + 1, dtype=np.float32)
    kernel = np.exp(-0.5 * (x / max(sigma, 0.3)) ** 2)
    return cv2.filter2D(rows.astype(np.float32), -1, (kernel / kernel.sum()).reshape(1, -1),
                        borderType=cv2.BORDER_REPLICATE)


def _best_fits(segments: np.ndarray, templates: np.ndarray) -> np.ndarray:
    """The correlation of each segment (a row, or one row) with each template (rows), bars dark in the
    profile and 1 in the templates: higher is better.  One segment: a vector; several: a matrix."""
    s = np.atleast_2d(segments).astype(np.float64)
    s = s - s.mean(axis=1, keepdims=True)
    t = templates - templates.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(s, axis=1)[:, None] * np.linalg.norm(t, axis=1)[None, :]
    out = -(s @ t.T) / np.maximum(norms, 1e-6)
    return np.asarray(out[0] if np.ndim(segments) == 1 else out)


# Each symbol's 11 modules (1: bar), values 0..105.
_SYMBOL_MODULES = np.array([_modules([v]) for v in range(106)], np.float32)

_BINS = 8  # profile samples per module
_FINE = 4096  # bins of the profile along the code (u from -0.1 to 1.1)
_BLURS = (0.6, 0.8, 1.0, 1.2)  # the blurs (px, lens and pixel together) tried
# How far (modules) the outline's ends may be from the bars' true ends: its first bar's edge is found
# where the row first darkens a little, so it falls outside the bar by about a module at the far end.
_SHIFTS = np.arange(-2.4, 1.01, 0.1)
_GRID = np.linspace(-0.1, 1.1, _FINE)
_PROFILE_SIDE = 480  # px: a bigger region is reduced to this
_MOST_SYMBOLS = 40  # a licence number's barcode has about 16


@dataclass(frozen=True)
class _Profile:
    values: np.ndarray  # mean grey along the code, at _FINE steps of u in [-0.1, 1.1]
    px_per_u: np.ndarray  # pixels along the code per unit of u, at the same steps

    def at(self, u: np.ndarray) -> np.ndarray:
        return np.interp(u, _GRID, self.values)

    def scale_at(self, u: np.ndarray) -> np.ndarray:
        return np.interp(u, _GRID, self.px_per_u)


def _code_profile(grey: np.ndarray, levelling: np.ndarray, quad: Outline) -> _Profile | None:
    """Every pixel of the code's middle 60 % binned by where it falls along the code (u from 0 at the
    first bar's outer edge to 1 at the last's), through the outline's homography."""
    unit = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], np.float32)
    to_level = cv2.getPerspectiveTransform(unit, quad.corners().astype(np.float32))
    to_roi = np.linalg.inv(levelling) @ to_level
    corners = cv2.perspectiveTransform(np.array([[[-0.1, 0.2], [1.1, 0.2], [1.1, 0.8], [-0.1, 0.8]]], np.float64),
                                       to_roi)[0]
    h, w = grey.shape
    x0, y0 = np.clip(np.floor(corners.min(axis=0)).astype(int), 0, [w - 1, h - 1])
    x1, y1 = np.clip(np.ceil(corners.max(axis=0)).astype(int) + 1, 1, [w, h])
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    ys, xs = np.mgrid[y0:y1, x0:x1]
    to_unit = np.linalg.inv(to_roi)
    d = to_unit[2, 0] * xs + to_unit[2, 1] * ys + to_unit[2, 2]
    u = (to_unit[0, 0] * xs + to_unit[0, 1] * ys + to_unit[0, 2]) / d
    v = (to_unit[1, 0] * xs + to_unit[1, 1] * ys + to_unit[1, 2]) / d
    keep = (v > 0.2) & (v < 0.8) & (u > -0.1) & (u < 1.1)
    if keep.sum() < 100:
        return None
    bins = np.clip(((u[keep] + 0.1) / 1.2 * _FINE).astype(int), 0, _FINE - 1)
    sums = np.bincount(bins, grey[y0:y1, x0:x1][keep].astype(np.float64), _FINE)
    counts = np.bincount(bins, None, _FINE)
    filled = counts > 0
    grid = np.arange(_FINE)
    values = np.interp(grid, grid[filled], sums[filled] / counts[filled])
    us = np.linspace(-0.1, 1.1, _FINE)
    step = 1.2 / _FINE
    ends = cv2.perspectiveTransform(np.stack([np.stack([us - step, np.full_like(us, 0.5)], 1),
                                              np.stack([us + step, np.full_like(us, 0.5)], 1)]), to_roi)
    px_per_u = np.linalg.norm(ends[1] - ends[0], axis=1) / (2 * step)
    return _Profile(values, px_per_u)


def _symbol_count(profile: _Profile) -> int:
    """How many symbols (start and checksum included) the code has, from the number of bars and
    spaces in its near half: 6 elements in every 11 modules, and modules evenly spread in u."""
    lo, hi = 0.5, 0.98
    px = float(profile.scale_at(np.array([0.75]))[0]) * (hi - lo)
    samples = profile.at(np.linspace(lo, hi, max(16, int(4 * px))))
    trend = cv2.blur(samples.reshape(1, -1).astype(np.float32), (max(3, len(samples) // 20), 1)).ravel()
    detail = samples - trend
    swing = 0.15 * float(np.std(detail))
    state, elements = 0, 0
    for value in detail:
        now = 1 if value > swing else -1 if value < -swing else state
        if now != state:
            elements += state != 0
            state = now
    modules = (elements + 1) * 11 / 6 / (hi - lo)
    return max(3, round((modules - 13) / 11))


@dataclass(frozen=True)
class _Fit:
    score: float
    left: float  # the shift of the first bar's edge (modules)
    right: float
    blur: float  # px
    bend: float = 1.0  # a projective correction along the code (1: none), see :func:`_sampled`


def _sampled(profile: _Profile, modules: int, left: float, right: float, m: np.ndarray,
             bend: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """The profile at module positions ``m`` (0: the first bar's outer edge, ``modules``: the last
    bar's), and the module's width in pixels there.  ``bend`` corrects the outline's perspective along
    the code: the modules' spacing in u grows by that factor from one end to the other."""
    span = modules + right - left
    t = (m - left) / span
    u = t / (bend + (1 - bend) * t)
    return profile.at(u), profile.scale_at(u) / span * bend / (bend + (1 - bend) * t) ** 2


_BENDS = np.exp(np.linspace(-0.06, 0.06, 25))


def _bent(profile: _Profile, modules: int, fit: _Fit) -> _Fit:
    """``fit`` with the bend under which the profile's edges fall most on the module grid."""
    m = np.arange(0, modules * _BINS) / _BINS
    best, score = fit.bend, -np.inf
    for bend in _BENDS:
        values = _sampled(profile, modules, fit.left, fit.right, m, float(bend))[0]
        slope = np.diff(values, append=values[-1])
        # The slope between samples j and j+1 sits at m + 1/(2 _BINS): edges at whole modules.
        energy = slope * slope
        coherence = float((energy * np.cos(2 * np.pi * (m + 0.5 / _BINS))).sum() / max(energy.sum(), 1e-6))
        if coherence > score:
            best, score = float(bend), coherence
    return _Fit(fit.score, fit.left, fit.right, fit.blur, best)


def _align(profile: _Profile, modules: int) -> _Fit:
    """The ends' shifts and the blur that fit the start pattern (any of the three) and the stop
    pattern best."""
    head = np.arange(-3 * _BINS, 12 * _BINS) / _BINS + 0.5 / _BINS
    tail = np.arange((modules - 14) * _BINS, (modules + 3) * _BINS) / _BINS + 0.5 / _BINS
    shifts = _SHIFTS[:, None]
    heads = profile.at((head[None, :] - shifts) / (modules - shifts))
    tails = profile.at(tail[None, :] / (modules + shifts))
    head_px = float(np.mean(_sampled(profile, modules, 0.0, 0.0, head)[1]))
    tail_px = float(np.mean(_sampled(profile, modules, 0.0, 0.0, tail)[1]))
    starts = np.array([np.repeat([0, 0, 0] + _modules([s]) + [1], _BINS) for s in (START_A, START_B, START_C)],
                      np.float32)
    stop = np.repeat([0] + _modules([STOP]) + [0, 0, 0], _BINS).astype(np.float32)[None, :]
    best = _Fit(-np.inf, 0.0, 0.0, 0.0)
    for blur in _BLURS:
        head_scores = _best_fits(heads, _blurred_rows(starts, blur / head_px * _BINS)).max(axis=1)
        tail_scores = _best_fits(tails, _blurred_rows(stop, blur / tail_px * _BINS))[:, 0]
        h, t = int(np.argmax(head_scores)), int(np.argmax(tail_scores))
        fit = _Fit(float(head_scores[h] + tail_scores[t]), float(_SHIFTS[h]), float(_SHIFTS[t]), blur)
        if fit.score > best.score:
            best = fit
    return best


# A read is taken only when its patterns fit the profile well: the start and stop patterns (their
# correlations added), each symbol, and the symbols on average.  Barcodes read right, at 45-65 degrees
# in 640x480: at least 1.86, 0.73 and 0.90; a QR code's region whose noise happened to add up: 0.52,
# 0.17 and 0.41.
_GOOD_ENDS, _GOOD_SYMBOL, _GOOD_MEAN = 1.6, 0.5, 0.8

# A symbol whose best pattern fits its stretch of the profile less than this much better than the
# next best is an uncertain one; a read with more than one of them is refused.
_MARGIN = 0.02


def _decode_symbols(profile: _Profile, symbols: int, fit: _Fit) -> tuple[list[int], np.ndarray] | None:
    """Each symbol, from the stop backwards (the near end first: its context is then known), the
    pattern that fits best, and how well (correlation); None when more than one symbol is a near tie."""
    modules = 11 * symbols + 13
    values = [0] * symbols
    fits = np.zeros(symbols)
    right = [1.0, 1.0]  # the stop's first modules
    uncertain = 0
    for i in range(symbols - 1, -1, -1):
        first = 11 * i
        m = np.arange((first - 1) * _BINS, (first + 13) * _BINS) / _BINS + 0.5 / _BINS
        seg, px = _sampled(profile, modules, fit.left, fit.right, m, fit.bend)
        choices = _STARTS if i == 0 else _DATA
        rows = np.concatenate([np.zeros((len(choices), 1), np.float32), _SYMBOL_MODULES[choices],
                               np.tile(np.array(right, np.float32), (len(choices), 1))], axis=1)
        scores = _best_fits(seg, _blurred_rows(np.repeat(rows, _BINS, axis=1), fit.blur / float(px.mean()) * _BINS))
        order = np.argsort(scores)[::-1]
        if scores[order[0]] - scores[order[1]] < _MARGIN:
            uncertain += 1
        values[i] = int(choices[order[0]])
        fits[i] = scores[order[0]]
        right = [1.0, float(_SYMBOL_MODULES[values[i], 1])]
    return (values, fits) if uncertain <= 1 else None


def read_profile_values(grey: np.ndarray, across_deg: float) -> list[int] | None:
    """The values (start .. checksum) of a Code 128 barcode in ``grey`` (bars across ``across_deg``),
    read from its profile along the code (see above), or None; only a read whose checksum and code sets
    add up."""
    # Made for codes whose modules are a few pixels wide or less (wider ones are read by the decoders
    # from the rectified views); a bigger region is reduced, which bounds the cost too.
    scale = _PROFILE_SIDE / max(grey.shape)
    if scale < 1:
        grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    levelling, size = levelling_map(grey, across_deg)
    level = cv2.warpAffine(grey, levelling[:2], size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    valid = cv2.warpAffine(np.ones(grey.shape, np.float32), levelling[:2], size, flags=cv2.INTER_NEAREST)
    band = rough_band(level, cv2.erode(valid, np.ones((9, 9), np.uint8)))
    if band is None:
        return None
    quad = find_outline(level, band)
    if quad is None:
        return None
    profile = _code_profile(grey, levelling, quad)
    if profile is None:
        return None
    guess = _symbol_count(profile)
    counts = [k for k in (guess - 1, guess, guess + 1) if 3 <= k <= _MOST_SYMBOLS]
    fits = sorted(((_align(profile, 11 * k + 13), k) for k in counts), key=lambda f: -f[0].score)
    for fit, k in fits[:2]:
        bent = _bent(profile, 11 * k + 13, fit)
        read = _decode_symbols(profile, k, bent)
        if read is None or fit.score < _GOOD_ENDS or read[1].min() < _GOOD_SYMBOL or read[1].mean() < _GOOD_MEAN:
            continue
        if code128_text(read[0]) is not None:
            return read[0]
    return None


def read_profile_code128(grey: np.ndarray, across_deg: float) -> str | None:
    """The text of :func:`read_profile_values`."""
    values = read_profile_values(grey, across_deg)
    return code128_text(values) if values is not None else None


def drawn_code128(values: Sequence[int], *, module_px: int = 3, height_px: int = 60) -> np.ndarray:
    """A clean image of the Code 128 symbol ``values`` (start .. checksum; the stop is added)."""
    modules = np.array([0] * 10 + _modules([*values, STOP]) + [0] * 10, np.uint8)
    row = np.repeat(np.where(modules == 1, 0, 255).astype(np.uint8), module_px)
    return np.tile(row, (height_px, 1))
