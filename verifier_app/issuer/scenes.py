"""Synthetic camera frames: a phone screen showing a code, as a webcam sees it.

Used by tests (written to real video files), benchmarks and demos.
"""

from __future__ import annotations

import cv2
import numpy as np


def phone_frame(code: np.ndarray | None, size: tuple[int, int] = (1280, 720), *, dark_mode: bool = False,
                seed: int = 0, noise: float = 12.0) -> np.ndarray:
    """A noisy grey room with a phone screen in the middle, the code (if any) on it. BGR."""
    width, height = size
    rng = np.random.default_rng(seed)
    frame = np.clip(rng.normal(110, noise, (height, width)), 0, 255).astype(np.uint8)
    screen_h = int(height * 0.9)
    screen_w = int(screen_h * 0.5)
    top, left = (height - screen_h) // 2, (width - screen_w) // 2
    frame[top : top + screen_h, left : left + screen_w] = 25 if dark_mode else 245
    if code is not None:
        side = int(screen_w * 0.9)
        scaled = cv2.resize(code, (side, int(code.shape[0] * side / code.shape[1])), interpolation=cv2.INTER_AREA)
        if dark_mode:
            scaled = 255 - scaled
        y, x = top + screen_h // 6, left + (screen_w - side) // 2
        room = screen_h - screen_h // 6
        frame[y : y + min(room, scaled.shape[0]), x : x + side] = scaled[:room]
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)


# ----------------------------------------------------------------------------
# The synthetic "phone screen seen by a webcam" set used by the decoder
# benchmark: each distortion is one thing that goes wrong at a real desk.

DISTORTIONS = ("clean", "perspective", "blur", "motion", "noise", "jpeg", "low_light", "glare", "moire",
               "dark_mode", "far", "perspective+blur", "low_light+jpeg", "glare+noise", "far+blur")


# Blurs the decoder was not tuned on (the benchmark reports them apart): a hand moving at a
# slant rather than sideways, and a real lens's defocus, a disc rather than a Gaussian.
UNSEEN_DISTORTIONS = ("slanted_motion", "lens_defocus", "slanted_motion+noise")


def smear(img: np.ndarray, angle_deg: float, length: int) -> np.ndarray:
    """The phone moving ``length`` px at ``angle_deg`` during the exposure: the average of shifted copies.

    Made this way rather than with a line kernel, so the decoder's blur model (core/deblur.py)
    is tested against something it did not generate.
    """
    steps = 2 * length
    total = np.zeros_like(img)
    for t in np.linspace(-(length - 1) / 2, (length - 1) / 2, steps):
        shift = np.float32([[1, 0, t * np.cos(np.radians(angle_deg))], [0, 1, -t * np.sin(np.radians(angle_deg))]])
        total += cv2.warpAffine(img, shift, (img.shape[1], img.shape[0]), flags=cv2.INTER_LINEAR,
                                borderMode=cv2.BORDER_REPLICATE)
    return total / steps


def _disc_kernel(radius: float) -> np.ndarray:
    size = int(np.ceil(radius)) * 2 + 3
    kernel = np.zeros((size, size), np.float32)
    c = size // 2
    cv2.circle(kernel, (c * 16, c * 16), int(radius * 16), 1.0, -1, cv2.LINE_AA, 4)
    return kernel / kernel.sum()


def _place(code: np.ndarray, size: tuple[int, int], side: int, rng: np.random.Generator, *, tilt: float = 0.0,
           dark: bool = False) -> np.ndarray:
    """A grey scene with a bright phone screen holding ``code`` (``side`` px wide), optionally tilted."""
    width, height = size
    scene = np.clip(rng.normal(100, 10, (height, width)), 0, 255).astype(np.float32)
    pad = side // 8
    screen = np.full((side + 2 * pad, side + 2 * pad), 25 if dark else 240, np.float32)
    scaled = cv2.resize(code, (side, side), interpolation=cv2.INTER_AREA).astype(np.float32)
    screen[pad : pad + side, pad : pad + side] = 255 - scaled if dark else scaled
    s = screen.shape[0]
    cx = width / 2 + rng.uniform(-0.15, 0.15) * width
    cy = height / 2 + rng.uniform(-0.1, 0.1) * height
    half = s / 2
    src = np.float32([[0, 0], [s, 0], [s, s], [0, s]])
    t = tilt * half
    dst = np.float32([[cx - half + t, cy - half], [cx + half - t, cy - half + t * 0.3],
                      [cx + half + t * 0.2, cy + half], [cx - half - t * 0.2, cy + half - t * 0.3]])
    matrix = cv2.getPerspectiveTransform(src, dst)
    cv2.warpPerspective(screen, matrix, (width, height), scene, borderMode=cv2.BORDER_TRANSPARENT)
    return scene


def webcam_scene(code: np.ndarray, distortion: str, *, size: tuple[int, int] = (1280, 720), seed: int = 0) -> np.ndarray:
    """``code`` (a black-on-white QR image) as a webcam might see it on a phone. Grey uint8."""
    rng = np.random.default_rng(seed)
    parts = set(distortion.split("+"))
    height = size[1]
    side = int(height * (0.34 if "far" in parts else rng.uniform(0.55, 0.75)))
    tilt = rng.uniform(0.25, 0.4) * rng.choice([-1, 1]) if "perspective" in parts else rng.uniform(-0.03, 0.03)
    img = _place(code, size, side, rng, tilt=tilt, dark="dark_mode" in parts)
    if "blur" in parts:
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(1.4, 2.0))
    if "motion" in parts:
        k = int(rng.integers(7, 11))
        kernel = np.zeros((k, k), np.float32)
        kernel[k // 2, :] = 1.0 / k
        img = cv2.filter2D(img, -1, kernel)
    if "slanted_motion" in parts:
        angle = rng.uniform(15, 75) + rng.choice([0, 90])
        img = smear(img, angle, int(rng.integers(7, 11)))
    if "lens_defocus" in parts:
        img = cv2.filter2D(img, -1, _disc_kernel(rng.uniform(2.5, 4.0)))
    if "low_light" in parts:
        img = img * rng.uniform(0.18, 0.28) + 4
        img = img + rng.normal(0, 4, img.shape)
    if "glare" in parts:
        h, w = img.shape
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        gx, gy = w / 2 + rng.uniform(-0.1, 0.1) * w, h / 2 + rng.uniform(-0.2, 0.2) * h
        radius = side * rng.uniform(0.25, 0.35)
        img = img + 200 * np.exp(-(((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * radius**2)))
    if "moire" in parts:
        h, w = img.shape
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        f = rng.uniform(0.15, 0.3)
        img = img * (1 + 0.22 * np.sin(2 * np.pi * f * (xx * 0.8 + yy * 0.6)))
    if "noise" in parts:
        img = img + rng.normal(0, 22, img.shape)
    out = np.clip(img, 0, 255).astype(np.uint8)
    if "jpeg" in parts:
        ok, data = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(12, 22))])
        out = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    return out
