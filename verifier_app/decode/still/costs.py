"""What each kind of decoding work costs here: no work is begun that its measured cost says would overrun.

Used by the pipeline (``decode/still/pipeline.py``) for every step after a still's first look: region reads,
the finder-pattern search, planning the hard cases, and each attempt.
"""

from __future__ import annotations

import statistics

from verifier_app.decode.still.attempts import Attempt


class Costs:
    """How long each kind of work took in this reader's recent pictures, per pixel: what the next will take.

    A reader belongs to one stream (the camera's, or files'), so what it measured on the last
    pictures predicts the next piece of work of the same kind.  Work is begun only when its
    predicted cost still fits the budget: an attempt begun just before the end of a still's budget
    could otherwise run 200 ms past it (a deconvolution, pyzbar on a large region).  The prediction
    is the largest of the last :attr:`KEEP` measurements of the kind on pictures of about the same
    size (seconds per pixel of the image the work decodes or searches, counting at least
    :attr:`MIN_PIXELS`; sizes within a factor of four of each other: a decoder's cost per pixel
    on a big noisy region ran twice that on small ones, and a fixed cost makes small pictures dearer
    per pixel than big ones), with a margin (:attr:`MARGIN`); a size not measured yet, at the rate
    of the closest size measured (the dearest would keep big pictures from ever being measured);
    a kind not measured yet, at its :data:`STARTING_RATES` entry (measured on this project's 2-core
    machine), else at the rate of the cheapest kind of attempt measured with the same decoders.
    Seconds come from the pipeline's clock, so a test's fake clock drives this too.
    """

    KEEP = 8
    MIN_PIXELS = 40_000
    MARGIN = 1.5  # a picture's content changes the cost too: the same kind and size ran up to this much dearer
    FORGET_AFTER = 32  # times work is passed over before its oldest measurement is dropped (see passed_over)

    def __init__(self, starting_rates: dict[tuple[str, int], float], *, margin: float = MARGIN,
                 typical: bool = False) -> None:
        self._rates: dict[tuple[str, int], dict[int, list[float]]] = {}
        self._starting = starting_rates
        self.margin = margin
        self._passed: dict[tuple[str, int, int], int] = {}
        # ``typical``: predicted from the median of the last measurements, not the largest (a live frame's:
        # see the pipeline's LIVE_MARGIN).
        self._pick = statistics.median_high if typical else max

    @classmethod
    def _size_class(cls, pixels: int) -> int:
        return (max(pixels, cls.MIN_PIXELS) // cls.MIN_PIXELS).bit_length() // 2  # a class per factor of 4

    def predict(self, kind: str, decoders: int, pixels: int) -> float:
        key = (kind, decoders)
        by_size = self._rates.get(key)
        if by_size:
            size = self._size_class(pixels)
            nearest = min(by_size, key=lambda c: (abs(c - size), -c))  # this size if measured, else the closest
            rate = self._pick(by_size[nearest])
        elif key in self._starting:
            rate = self._starting[key]
        else:  # never measured: at least what the cheapest kind of attempt measured costs with the same decoders
            known = [max(max(r) for r in b.values()) for (k, n), b in self._rates.items()
                     if n == decoders and b and k not in STEPS]
            rate = min(known, default=0.0)
        return max(self.margin * rate * max(pixels, self.MIN_PIXELS), FIXED_COSTS.get(kind, 0.0))

    def measured_attempt(self, attempt: Attempt, seconds: float) -> None:
        self.measured(attempt.kind, len(attempt.decoders), attempt.pixels, seconds)

    def passed_over(self, kind: str, decoders: int, pixels: int) -> None:
        """Work of this kind and size was not begun, predicted too dear for a live frame: it is not measured
        again, so after :attr:`FORGET_AFTER` such times its oldest measurement is dropped (a cost measured
        during a hiccup would otherwise keep it out for good; one truly too dear is tried again that rarely)."""
        key = (kind, decoders, self._size_class(pixels))
        self._passed[key] = self._passed.get(key, 0) + 1
        by_size = self._rates.get((kind, decoders), {})
        if self._passed[key] >= self.FORGET_AFTER and key[2] in by_size:
            self._passed[key] = 0
            del by_size[key[2]][0]
            if not by_size[key[2]]:  # none left: predicted from the closest size, or the starting rate
                del by_size[key[2]]

    def measured(self, kind: str, decoders: int, pixels: int, seconds: float) -> None:
        rates = self._rates.setdefault((kind, decoders), {}).setdefault(self._size_class(pixels), [])
        rates.append(max(0.0, seconds) / max(pixels, self.MIN_PIXELS))
        del rates[:-self.KEEP]


# Work whose cost does not shrink with the picture, in seconds: the profile reader fits the whole code
# (start and stop patterns, blur, a projective bend) on a region reduced to 480 px, 20-45 ms whenever it
# finds an outline, and measured at a few ms when it finds none.
FIXED_COSTS: dict[str, float] = {"bars profile": 0.045}

# Work measured like the hard cases' attempts but not one of them (steps 2 and the planning of step 4).
STEPS = frozenset({"region", "planning", "finder patterns", "finer finder patterns"})

# What each kind of work costs before a reader has measured it (seconds per pixel, by kind and number
# of decoders): the 90th percentile over the BoofCV photos, verify path and listing, on this project's
# 2-core machine while it was busy (load average 5), so that a reader's first pictures keep their
# budget too.  A faster machine's own measurements replace them after one piece of work of each kind.
# A live frame's variants (zxing-cpp alone, on reduced regions) have none: the first frame to make
# one measures it, and a frame left with nothing to do owes the next one an attempt.
STARTING_RATES: dict[tuple[str, int], float] = {
    ("region", 1): 1.3e-8,
    ("planning", 1): 1.0e-8,
    ("finder patterns", 1): 2.5e-8,
    ("finer finder patterns", 1): 2.5e-8,
    ("CLAHE", 1): 7e-8,  # a tight region's (decode/still/finders.py), by one decoder at a time
    ("local contrast", 1): 1.1e-7,
    ("deblurred", 1): 1.1e-7,
    ("other decoders", 1): 1.0e-7,
    ("bars", 1): 1.0e-7,
    ("bars profile", 1): 1.0e-7,
    ("colour channel", 2): 1.2e-7,
    ("upscaled, sharpened", 2): 1.0e-7,  # per pixel of the image decoded (4 times the region)
    ("adaptive threshold", 2): 1.0e-7,
    ("median", 2): 9.5e-8,
    ("CLAHE", 2): 1.4e-7,
    ("upscaled, adaptive threshold", 2): 8e-8,
    ("upscaled x3, sharpened", 2): 8.3e-8,  # 9 times the region
    ("upscaled", 2): 6.5e-8,
    ("local contrast", 2): 2.1e-7,
}

# A live frame's work before a reader has measured it (seconds per pixel): its deconvolutions are smaller
# and its variants made from reduced regions, by zxing-cpp alone.  The 90th percentile of the CPU time
# over the hard live frames (docs/benchmarks.md) on this project's 2-core machine, busy with other work;
# the variants not measured there at about their share of a still's rate.  Without them a reader's
# first deconvolution was predicted free and took 47 ms.
LIVE_STARTING_RATES: dict[tuple[str, int], float] = {(kind, 1): rate for kind, rate in {
    "region": 1.4e-8,
    "planning": 1.0e-8,
    "whole": 1.3e-8,
    "deblurred": 6.6e-8,  # per pixel of the region reduced for it (at most 448 px a side), a motion smear
    "deblurred, defocus": 8.8e-8,  # read upscaled twice
    "other decoders": 8.2e-8,  # pyzbar on a region
    "bars": 1.0e-7,
    "bars profile": 1.0e-7,
    "adaptive threshold": 2.0e-8,
    "median": 8e-9,
    "CLAHE": 2.0e-8,
    "local contrast": 7.1e-8,
    "upscaled, sharpened": 3.0e-8,  # per pixel of the image decoded
    "upscaled, adaptive threshold": 3.0e-8,
    "upscaled x3, sharpened": 3.0e-8,
    "upscaled": 3.0e-8,
}.items()}
