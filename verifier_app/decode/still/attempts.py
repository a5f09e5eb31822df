"""The hard cases: images made from a frame's regions that a decoder may read when the frame itself fails.

Each :class:`Attempt` is one unit of work, its image made only when its turn
comes: a deconvolution of the blur a region shows (``decode/still/deblur.py``), the
whole frame, the other decoder on a region, a colour channel, or one of the
``VARIANTS`` (upscaled and sharpened for distance, adaptive threshold for
uneven light, median for noise and moiré, CLAHE for low light).
:func:`plan_attempts` puts them in order of promise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

import cv2
import numpy as np

from verifier_app.decode.bars.barcodes import oblique_views
from verifier_app.decode.still.deblur import BlurEstimate, Deconvolver, defocus_psf, estimate_blur, motion_psf
from verifier_app.decode.geometry import Rect
from verifier_app.decode.readers import CodeReader
from verifier_app.decode.scaling import shrink, shrink_by

Make = Callable[[], np.ndarray]


def clahe(image: np.ndarray) -> np.ndarray:
    # A new object each time (microseconds): one shared between the camera's and a file's decoding
    # threads would share its buffers.
    return cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8)).apply(image)


def _sharpen(image: np.ndarray, amount: float, sigma: float) -> np.ndarray:
    return cv2.addWeighted(image, 1 + amount, cv2.GaussianBlur(image, (0, 0), sigma), -amount, 0)


def _adaptive(image: np.ndarray, sigma: float, block: int) -> np.ndarray:
    return cv2.adaptiveThreshold(cv2.GaussianBlur(image, (0, 0), sigma), 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C,
                                 cv2.THRESH_BINARY, block, 3)


def up(image: np.ndarray, factor: float) -> np.ndarray:
    return cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)


def _local_contrast(image: np.ndarray, sigma: float) -> np.ndarray:
    """Each pixel against its neighbourhood's mean and spread: a dim code beside a bright streak or
    under a glare spot gets the same contrast as one in even light."""
    f = image.astype(np.float32)
    mean = cv2.GaussianBlur(f, (0, 0), sigma)
    spread = np.sqrt(np.maximum(cv2.GaussianBlur(f * f, (0, 0), sigma) - mean * mean, 0)) + 2.0
    return np.clip(128 + 64 * (f - mean) / spread, 0, 255).astype(np.uint8)


def _median(image: np.ndarray) -> np.ndarray:
    return cv2.medianBlur(image, 3)


# Image variants for hard cases, in the order that rescued most codes in the benchmark's synthetic
# set: (name, needs the region to be at most this big, factor, make)
VARIANTS: tuple[tuple[str, int, int, Callable[[np.ndarray], np.ndarray]], ...] = (
    ("upscaled, sharpened", 1100, 2, lambda r: _sharpen(up(r, 2), 3.5, 2.0)),  # blur, far away
    ("adaptive threshold", 10_000, 1, lambda r: _adaptive(r, 0.8, 41)),  # uneven light, glare
    ("median", 10_000, 1, _median),  # noise, moiré
    ("CLAHE", 10_000, 1, clahe),  # low light
    ("upscaled, adaptive threshold", 1100, 2, lambda r: _adaptive(up(r, 2), 1.6, 83)),
    ("upscaled x3, sharpened", 600, 3, lambda r: _sharpen(up(r, 3), 4.0, 3.0)),  # small and blurred
    ("upscaled", 1100, 2, lambda r: up(r, 2)),
    ("local contrast", 10_000, 1, lambda r: _local_contrast(r, 24.0)),  # dim, with bright spots
)

# Deconvolution is only worth its cost with the right blur, so these come from the region's own
# blur estimate (decode/still/deblur.py) and go first when the region is blurred.
_MOTION_NOISE = 3e-3
_DEFOCUS_NOISE = (3e-5, 3e-4)

# Deconvolving costs about n^2 log n in the region's side: above this, the region is shrunk first
# (a 1000-px region would take 160 ms a try; one filling a 4K still, over a second).
# A live frame's deconvolution (its spectrum is taken anew each frame) gets a smaller side, so that it
# fits in a frame with the frame's other work: at 640 px the first one (spectrum, restoring, zxing-cpp)
# took 25-50 ms of CPU on the hard live frames, at 448 px 10-15 ms and read 34 of their smeared and
# defocused codes against 36 (384 px: 30).  A frame with less room cuts it smaller still (the pipeline
# passes ``deblur_side``), down to the last of LIVE_DEBLUR_SIDES.
_DEBLUR_SIDE = 800
LIVE_DEBLUR_SIDES = (448, 384, 320)
_LIVE_DEBLUR_FULL = 640


def deblurred(roi: np.ndarray, *, side: int = _DEBLUR_SIDE,
              blur: BlurEstimate | None = None) -> Iterator[tuple[str, float, Make]]:
    """Deconvolutions of the region's estimated blur (``blur`` when already estimated), most likely
    first: (name, factor, make).  The region is reduced to ``side`` when the first is made."""
    blur = estimate_blur(roi) if blur is None else blur
    if not (blur.is_motion or blur.is_defocus):
        return
    scale = min(1.0, side / max(roi.shape))
    deconvolver: list[Deconvolver] = []  # made on first use, then shared by the tries

    def restore(psf: np.ndarray, noise: float, factor: int = 1) -> np.ndarray:
        if not deconvolver:
            deconvolver.append(Deconvolver(roi if scale == 1.0 else shrink_by(roi, scale)))
        out = deconvolver[0].restore(psf, noise=noise)
        return up(out, factor) if factor > 1 else out

    def motion(length: int) -> Make:
        return lambda: restore(motion_psf(blur.angle_deg, round(length * scale)), _MOTION_NOISE)

    def defocus(sigma: float, noise: float, factor: int) -> Make:
        return lambda: restore(defocus_psf(sigma * scale), noise, factor)

    if blur.is_motion:
        for length in blur.motion_lengths():
            yield f"deblurred ({length}-px smear at {blur.angle_deg:.0f} degrees)", scale, motion(length)
    else:
        # A small blurred code is read better from a deconvolved copy upscaled twice.
        factor = 2 if max(round(n * scale) for n in roi.shape) <= 600 else 1
        for noise in _DEFOCUS_NOISE:
            for sigma in blur.defocus_widths():
                yield f"deblurred (defocus {sigma:.1f} px)", scale * factor, defocus(sigma, noise, factor)


def _deblur_kind(blur: BlurEstimate, live: bool) -> str:
    """A live frame's defocus deconvolutions are read upscaled twice (its regions are small): zxing-cpp on
    those took twice as long as on a motion deconvolution, so they are measured apart (one kind for
    both made a motion one look too dear to fit a frame)."""
    return "deblurred, defocus" if live and not blur.is_motion else "deblurred"


@dataclass(frozen=True)
class Attempt:
    """One unit of hard-case work: an image (made when its turn comes), where it sits, and who reads it.

    ``factor`` is the image's pixels per frame pixel, ``origin`` the part of the frame it shows.
    ``warped``: the image is not a scaled copy (a barcode rectified along its bars), so what is read in
    it is placed at ``origin`` as a whole.
    """

    make: Make
    origin: Rect
    factor: float
    decoders: tuple[CodeReader, ...]
    warped: bool = False
    kind: str = ""  # what sort of work it is (the pipeline learns how long each kind takes)
    pixels: int = 0  # the size of the picture it is made from (its cost grows with it)


@dataclass(frozen=True)
class Region:
    """A part of the frame worth the hard cases: its grey pixels (maybe reduced) and its colour ones."""

    rect: Rect
    grey: np.ndarray  # ``factor`` pixels per frame pixel
    factor: float
    colour: np.ndarray | None  # the same part of the frame in colour, at full size, when it has colour worth a look


def _fixed(image: np.ndarray) -> Make:
    return lambda: image


def _variant(make: Callable[[np.ndarray], np.ndarray], image: np.ndarray) -> Make:
    return lambda: make(image)


def channel_images(colour: np.ndarray, shape: tuple[int, ...]) -> Iterator[Make]:
    """Colour-blind grey throws away a coloured code's contrast: the darkest channel (any ink colour on
    white turns black in it), then the lightest (light modules on a coloured ground).

    ``colour`` is the region at full resolution (a view: nothing is copied until an attempt's turn
    comes), ``shape`` the size of the region's grey pixels, to which each channel image is reduced.
    """

    def extreme(pick: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> Make:
        def make() -> np.ndarray:
            b, g, r = cv2.split(colour)
            out = pick(pick(b, g), r)
            if out.shape != shape[:2]:
                out = shrink(out, (shape[1], shape[0]))
            return np.ascontiguousarray(out)
        return make

    yield extreme(cv2.min)
    yield extreme(cv2.max)


# A live frame's attempt must fit its 25 ms: zxing-cpp on a thresholded or noisy 850x700 region
# takes 40-60 ms on this project's 2-core machine, pyzbar as much.  So a live frame's variants are
# made from its regions reduced to this many pixels, and upscaled only when the result stays within it.
LIVE_PIXELS = 360_000


# A still's variants are no bigger than this: pyzbar on a region upscaled to 2200 px square takes
# most of 300 ms by itself, and an attempt begun just inside the budget would overrun it by that much.
STILL_PIXELS = 1_500_000


def plan_attempts(whole: Region | None, regions: Sequence[Region], decoders: Sequence[CodeReader], *,
                  live: bool, deblur_side: Callable[[str], int] | None = None) -> list[Attempt]:
    """The hard cases as a list, in order of promise.

    A region that looks like bars is a barcode, maybe at an angle: rectified along its bars
    (``decode/bars/barcodes.py``) first in a still, after the deconvolutions in a live frame.  The
    deconvolutions of the blur each region shows (none when it looks sharp): when a region is
    smeared or out of focus, nothing else is likely to read it.  The
    whole frame (a code the region finder missed; a live frame's).  For each region, the other
    decoders, its colour channels (a still's, when it has colour) and the ``VARIANTS``, taken
    breadth first across the regions.  Deconvolved images go to the first decoder only, and so do a live frame's
    variants: pyzbar costs several times as much (most of 100 ms on an upscaled region, when the
    next frame is 33 ms away); and a live frame's variants are made no bigger than
    :data:`LIVE_PIXELS`.  ``deblur_side``: the longest side a region is deconvolved at, by the kind of
    the deconvolution (else 800 px for a still, the first of :data:`LIVE_DEBLUR_SIDES` for a live frame).
    """
    first, others = tuple(decoders[:1]), tuple(decoders[1:])
    regions = [r for r in regions if r.grey.size]
    head = [Attempt(_fixed(whole.grey), whole.rect, whole.factor, first, kind="whole", pixels=whole.grey.size)
            ] if whole is not None else []
    default = LIVE_DEBLUR_SIDES[0] if live else _DEBLUR_SIDE
    estimates = [(r, blur, deblur_side(_deblur_kind(blur, live)) if deblur_side else default)
                 for r in regions for blur in (estimate_blur(r.grey),)]

    def deconvolutions(full: bool = False) -> list[Attempt]:
        return [Attempt(make, r.rect, r.factor * factor, first, kind=_deblur_kind(blur, live),
                        pixels=min(r.grey.size, side * side))
                for r, blur, small in estimates if not full or max(r.grey.shape) > small
                for side in (_LIVE_DEBLUR_FULL if full else small,)
                for _, factor, make in deblurred(r.grey, side=side, blur=blur)]

    blurs = deconvolutions()
    # A live frame's deconvolutions at a small side read the benchmark's codes in the frame's budget, but
    # not a dense one (a signed DL1 code, 1519 characters, 4-px modules): those come again at 640 px
    # after the whole frame, for an owed frame (see the pipeline) to make.
    blurs_full = deconvolutions(full=True) if live else []
    variant_readers = first if live else tuple(decoders)
    bar_passes = [(_live_bar_attempts(r, first), []) if live else _bar_attempts(r, variant_readers) for r in regions]
    bars = [a for by_first, _ in bar_passes for a in by_first]
    bars_by_others = [a for _, by_others in bar_passes for a in by_others]
    # A smeared QR code looks like bars too (its edges all one way): a live frame, where the QR code is
    # what is wanted and smears are common, tries the deconvolutions first; a still, the barcode.
    attempts = blurs + head + blurs_full + bars if live else head + bars + blurs + bars_by_others
    per_region = [_live_region_attempts(r, others, variant_readers) if live else
                  _region_attempts(r, others, variant_readers, live) for r in regions]
    # Breadth first: each kind of attempt for every region before the next kind, so that in a photo
    # with many regions the most promising variants reach them all within the budget.
    for rank in range(max((len(a) for a in per_region), default=0)):
        attempts += [a[rank] for a in per_region if rank < len(a)]
    return attempts


def _bar_attempts(r: Region, readers: tuple[CodeReader, ...]) -> tuple[list[Attempt], list[Attempt]]:
    """A region of bars rectified along them (``decode/bars/barcodes.py``): the plain and sharpened views by
    the first decoder and the code read from its profile; apart, the views by the other decoders (after
    the deconvolutions: a smeared QR code looks like bars too).  One attempt per decoder: pyzbar on a
    big rectified view costs 30-70 ms, more than zxing-cpp and the view together, and is needed only
    when zxing-cpp fails."""
    views = oblique_views(r.grey)
    if not views:
        return [], []
    plain, sharpened, profiled = views

    def attempt(make: Make, reader: CodeReader, kind: str = "bars") -> Attempt:
        return Attempt(make, r.rect, 1.0, (reader,), warped=True, kind=kind, pixels=r.grey.size)

    first, *others = readers
    return ([attempt(plain, first), attempt(sharpened, first), attempt(profiled, first, "bars profile")],
            [attempt(view, reader) for reader in others for view in (plain, sharpened)])


_NOTHING = np.full((8, 8), 255, np.uint8)  # what a live frame's bar attempts decode when the region has no bars


def _live_bar_attempts(r: Region, first: tuple[CodeReader, ...]) -> list[Attempt]:
    """A live frame's :func:`_bar_attempts` (by the first decoder), whether the region looks like bars found
    out when the first is made: that took 2-3 ms a region of the frame's planning, for attempts most live
    frames never reach.  A region without bars makes them in no time (an empty image)."""
    views: list[list[Make]] = []

    def view(n: int) -> Make:
        def make() -> np.ndarray:
            if not views:
                views.append(oblique_views(r.grey))
            return views[0][n]() if views[0] else _NOTHING
        return make

    kinds = ("bars", "bars", "bars profile")
    return [Attempt(view(n), r.rect, 1.0, first, warped=True, kind=kind, pixels=r.grey.size)
            for n, kind in enumerate(kinds)]


def _live_region_attempts(r: Region, others: tuple[CodeReader, ...],
                          readers: tuple[CodeReader, ...]) -> list[Attempt]:
    """A live frame's :func:`_region_attempts`, the region reduced to :data:`LIVE_PIXELS` only when the first
    of them is made: most live frames never get that far, and reducing took a millisecond or two of
    the frame's planning per region."""
    height, width = r.grey.shape
    scale = min(1.0, (LIVE_PIXELS / max(1, height * width)) ** 0.5)
    size = (max(1, round(width * scale)), max(1, round(height * scale))) if scale < 1 else (width, height)
    reduced: list[np.ndarray] = []

    def grey() -> np.ndarray:
        if not reduced:
            reduced.append(shrink(r.grey, size) if scale < 1 else r.grey)
        return reduced[0]

    pixels = size[0] * size[1]
    factor = r.factor * size[0] / max(1, width)
    attempts = [Attempt(grey, r.rect, factor, others, kind="other decoders", pixels=pixels)] if others else []
    for name, limit, up_by, make in VARIANTS:
        if max(size) <= limit and pixels * up_by * up_by <= LIVE_PIXELS:
            attempts.append(Attempt(_lazy_variant(make, grey), r.rect, factor * up_by, readers, kind=name,
                                    pixels=pixels * up_by * up_by))
    return attempts


def _lazy_variant(make: Callable[[np.ndarray], np.ndarray], grey: Make) -> Make:
    return lambda: make(grey())


def _region_attempts(r: Region, others: tuple[CodeReader, ...], variant_readers: tuple[CodeReader, ...],
                     live: bool) -> list[Attempt]:
    """One region's attempts: the other decoders, its colour channels, the ``VARIANTS``."""
    pixels = r.grey.size
    attempts = [Attempt(_fixed(r.grey), r.rect, r.factor, others, kind="other decoders", pixels=pixels)
                ] if others else []
    if r.colour is not None:
        colour_pixels = r.colour.shape[0] * r.colour.shape[1]  # made from the full-size crop
        attempts += [Attempt(make, r.rect, r.factor, variant_readers, kind="colour channel", pixels=colour_pixels)
                     for make in channel_images(r.colour, r.grey.shape)]
    for name, limit, factor, make in VARIANTS:
        too_big = r.grey.size * factor * factor > (LIVE_PIXELS if live else STILL_PIXELS)
        if max(r.grey.shape) <= limit and not too_big:
            # Its cost follows the image decoded: an upscaled variant's is factor squared times the region's
            # (so a kind never measured is predicted fairly from one that was).
            attempts.append(Attempt(_variant(make, r.grey), r.rect, r.factor * factor, variant_readers,
                                    kind=name, pixels=pixels * factor * factor))
    return attempts
