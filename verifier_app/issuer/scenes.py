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
        shift = np.array([[1, 0, t * np.cos(np.radians(angle_deg))], [0, 1, -t * np.sin(np.radians(angle_deg))]],
                         np.float32)
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
    src = np.array([[0, 0], [s, 0], [s, s], [0, s]], np.float32)
    t = tilt * half
    dst = np.array([[cx - half + t, cy - half], [cx + half - t, cy - half + t * 0.3],
                    [cx + half + t * 0.2, cy + half], [cx - half - t * 0.2, cy + half - t * 0.3]], np.float32)
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


# ----------------------------------------------------------------------------
# A licence barcode on a phone screen photographed at an angle: the benchmark's and the tests'
# oblique Code 128 set.


def _homography_of_view(size: tuple[int, int], plane: tuple[int, int], tilt_deg: float, roll_deg: float,
                        fill: float, tilt_axis_deg: float) -> np.ndarray:
    """The homography from a flat picture of ``plane`` (width, height) pixels to a camera frame of ``size``.

    The picture is turned by ``roll_deg`` in its plane, then tipped back by ``tilt_deg`` about an axis
    in its plane at ``tilt_axis_deg`` from its vertical, and seen through a pinhole camera whose focal
    length is the frame's width (a phone's or a webcam's field of view), from a distance at which the
    untilted picture would fill ``fill`` of the frame's width.
    """
    width, height = size
    pw, ph = plane
    corners = np.array([[-pw / 2, -ph / 2, 0], [pw / 2, -ph / 2, 0], [pw / 2, ph / 2, 0], [-pw / 2, ph / 2, 0]],
                       np.float64)
    r = np.radians(roll_deg)
    roll = np.array([[np.cos(r), -np.sin(r), 0], [np.sin(r), np.cos(r), 0], [0, 0, 1]])
    a, t = np.radians(tilt_axis_deg), np.radians(tilt_deg)
    axis = np.array([np.sin(a), np.cos(a), 0.0])  # in the picture's plane; 0 degrees: its vertical
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    tip = np.eye(3) + np.sin(t) * k + (1 - np.cos(t)) * (k @ k)  # Rodrigues
    focal = float(width)
    distance = focal * pw / (fill * width)
    points = (tip @ roll @ corners.T).T + np.array([0, 0, distance])
    projected = np.stack([focal * points[:, 0] / points[:, 2] + width / 2,
                          focal * points[:, 1] / points[:, 2] + height / 2], axis=1)
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
    return cv2.getPerspectiveTransform(src, projected.astype(np.float32))


def oblique_barcode_scene(barcode: np.ndarray, *, tilt_deg: float, roll_deg: float,
                          size: tuple[int, int] = (1280, 720), seed: int = 0) -> np.ndarray:
    """``barcode`` (a black-on-white Code 128 image) on a phone screen photographed at an angle. Grey uint8.

    A real homography (see :func:`_homography_of_view`): tipped back by ``tilt_deg`` about an axis
    near the bars' direction, so the bars' widths shrink towards the far side, and turned by
    ``roll_deg``; then the lens's blur (σ 0.5–1.0 px), sensor noise (σ 5) and JPEG at quality 70–85.
    """
    rng = np.random.default_rng(seed)
    width, height = size
    pad = barcode.shape[0] // 3
    screen = np.full((barcode.shape[0] + 2 * pad, barcode.shape[1] + 2 * pad), 235, np.float32)
    screen[pad : pad + barcode.shape[0], pad : pad + barcode.shape[1]] = barcode.astype(np.float32) * (225 / 255) + 10
    plane = (screen.shape[1], screen.shape[0])
    fill = rng.uniform(0.75, 0.9)
    matrix = _homography_of_view(size, plane, tilt_deg, roll_deg, fill, rng.uniform(-20, 20))
    shift = np.array([[1, 0, rng.uniform(-0.04, 0.04) * width], [0, 1, rng.uniform(-0.08, 0.08) * height], [0, 0, 1]])
    scene = np.clip(rng.normal(95, 12, (height, width)), 0, 255).astype(np.float32)
    # The screen drawn at 2x and reduced: a camera integrates light over each pixel.
    up = np.array([[2.0, 0, 0], [0, 2.0, 0], [0, 0, 1]])
    big = cv2.resize(scene, (2 * width, 2 * height), interpolation=cv2.INTER_LINEAR)
    cv2.warpPerspective(screen, up @ shift @ matrix, (2 * width, 2 * height), big, flags=cv2.INTER_AREA,
                        borderMode=cv2.BORDER_TRANSPARENT)
    img = cv2.resize(big, size, interpolation=cv2.INTER_AREA)
    img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.5, 1.0))
    img = img + rng.normal(0, 5, img.shape)
    out = np.clip(img, 0, 255).astype(np.uint8)
    ok, data = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(70, 86))])
    decoded = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    return np.asarray(decoded if decoded is not None else out)
