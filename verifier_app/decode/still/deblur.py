"""Undoing the two blurs a checkpoint desk produces: a moving hand and a camera out of focus.

A phone held out to a laptop's webcam is rarely still and rarely in focus.
Wiener deconvolution undoes a known blur as far as the noise allows, but
only with the right blur: a guessed one mostly makes things worse, and trying
many guesses costs more than a frame's budget.  So the blur is estimated
first, from the code region itself:

* **Motion** smears every edge along one direction, so gradient energy
  becomes anisotropic.  The structure tensor gives the direction (the one
  along which the image changes least) and how anisotropic it is; a sharp QR
  code, with its two families of edges at right angles, is close to
  isotropic.  The smear's length is where the autocorrelation of the
  derivative along that direction is most negative: a box blur of length L
  turns each edge into a pair of steps L apart.
* **Defocus**: re-blurring an already blurred image loses less gradient
  energy than re-blurring a sharp one (the re-blur idea of Zhuo and Sim,
  "Defocus map estimation from a single image", 2011).  The width is read
  off that ratio assuming a flat image spectrum, which a QR code only
  roughly has: the estimate also counts the code's own module size.  It is
  corrected by a factor measured on the benchmark's codes (2-4 px modules)
  and the pipeline tries widths 20 % either side, but for much bigger or
  smaller modules the guess can be off by more than that.

The benchmark's synthetic set (benchmarks/bench_decoders.py) is where the
thresholds come from; its hold-out set checks they were not fitted to it.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# Below this ratio of the structure tensor's eigenvalues the region is smeared along one direction.
# Sharp codes measure 0.95-1.0, tilted ones 0.8-0.9, moiré 0.64-0.8; hand motion 0.12-0.4.
MOTION_ANISOTROPY = 0.55
# Below this it is not a smeared code but a barcode (all its edges one way) or a line of text.
MIN_MOTION_ANISOTROPY = 0.06
# The re-blur estimate of a sharp code is its module size's blur: up to about 1.9 px for big modules.
DEFOCUS_SIGMA = 1.9
# Beyond this (about 5 px of real blur) no deconvolution brings a code back: not worth the time.
MAX_DEFOCUS_SIGMA = 7.0
# The re-blur estimate runs high by this factor on blurred codes (module size adds to the blur).
DEFOCUS_BIAS = 1.35
_SAMPLE = 200


@dataclass(frozen=True)
class BlurEstimate:
    anisotropy: float  # smallest over largest eigenvalue of the structure tensor: 1 = no direction
    angle_deg: float  # direction of the smear, degrees counter-clockwise from the x axis, in [0, 180)
    length_px: int  # length of the smear along that direction
    sigma_px: float  # re-blur estimate of an isotropic blur (biased high; see DEFOCUS_BIAS)

    @property
    def is_motion(self) -> bool:
        return MIN_MOTION_ANISOTROPY <= self.anisotropy < MOTION_ANISOTROPY and self.length_px >= 3

    @property
    def is_defocus(self) -> bool:
        return not self.is_motion and DEFOCUS_SIGMA < self.sigma_px <= MAX_DEFOCUS_SIGMA

    def defocus_widths(self) -> tuple[float, ...]:
        """Gaussian widths worth trying, the most likely first."""
        centre = self.sigma_px / DEFOCUS_BIAS
        return (centre, centre * 0.8, centre * 1.25)

    def motion_lengths(self) -> tuple[int, ...]:
        """Smear lengths worth trying, the measured one first (none unless ``is_motion``)."""
        return (self.length_px, self.length_px + 1, self.length_px - 1) if self.is_motion else ()


def _gradient_energy(f: np.ndarray) -> float:
    gx = cv2.Sobel(f, cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(f, cv2.CV_32F, 0, 1)
    return float((gx * gx + gy * gy).mean())


def estimate_blur(grey: np.ndarray, *, max_length: int = 24) -> BlurEstimate:
    """Direction, length and width of the blur in a code region (grey uint8), in a few milliseconds.

    Measured on the middle of the region (at most ``_SAMPLE`` pixels square), where the code is.
    """
    h, w = grey.shape
    y0, x0 = max(0, (h - _SAMPLE) // 2), max(0, (w - _SAMPLE) // 2)
    f = grey[y0 : y0 + _SAMPLE, x0 : x0 + _SAMPLE].astype(np.float32)
    gx = cv2.Sobel(f, cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(f, cv2.CV_32F, 0, 1)
    jxx, jyy, jxy = float((gx * gx).mean()), float((gy * gy).mean()), float((gx * gy).mean())
    half_trace = (jxx + jyy) / 2
    spread = float(np.sqrt(max(half_trace * half_trace - (jxx * jyy - jxy * jxy), 0.0)))
    largest, smallest = half_trace + spread, half_trace - spread
    anisotropy = smallest / largest if largest > 0 else 1.0
    # The dominant gradient's orientation, in image coordinates (y down); the smear is at right angles to it.
    gradient_deg = 0.5 * float(np.degrees(np.arctan2(2 * jxy, jxx - jyy)))
    angle = (-(gradient_deg + 90.0)) % 180.0  # counter-clockwise as seen on screen
    length = _smear_length(f, angle, max_length) if MIN_MOTION_ANISOTROPY <= anisotropy < MOTION_ANISOTROPY else 0
    energy = _gradient_energy(f)
    if energy < 1.0:  # flat: no edges to measure a blur by
        return BlurEstimate(anisotropy, angle, length, 0.0)
    ratio = _gradient_energy(cv2.GaussianBlur(f, (0, 0), 1.5)) / energy
    q = float(np.sqrt(min(max(ratio, 1e-6), 0.999)))
    return BlurEstimate(anisotropy, angle, length, 1.5 * float(np.sqrt(q / (1 - q))))


def _along_x(grey: np.ndarray, angle_deg: float) -> np.ndarray:
    """The region turned so that a smear at ``angle_deg`` runs along x (only to measure its length)."""
    if min(angle_deg, 180 - angle_deg) < 2:
        return grey
    h, w = grey.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -angle_deg, 1.0)
    return cv2.warpAffine(grey, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def _smear_length(f: np.ndarray, angle_deg: float, max_length: int) -> int:
    turned = _along_x(f, angle_deg)
    h, w = turned.shape
    core = turned[h // 7 : h - h // 7, w // 7 : w - w // 7]  # corners of a turned region are padding
    if core.shape[0] < 1 or core.shape[1] <= max_length + 2:
        return 0
    d = np.diff(core, axis=1)
    d = d - d.mean()
    power = float((d * d).mean())
    if power <= 0:
        return 0
    acf = [float((d[:, :-k] * d[:, k:]).mean()) / power for k in range(2, max_length + 1)]
    return int(np.argmin(acf)) + 2


def motion_psf(angle_deg: float, length: int) -> np.ndarray:
    """A straight smear of ``length`` pixels at ``angle_deg`` (counter-clockwise on screen), summing to 1."""
    length = max(1, int(length))
    size = length + 2 | 1
    kernel = np.zeros((size, size), np.float32)
    c = size // 2
    dx = np.cos(np.radians(angle_deg)) * (length - 1) / 2
    dy = -np.sin(np.radians(angle_deg)) * (length - 1) / 2
    # Drawn with 4-bit sub-pixel precision and anti-aliasing, so slanted smears keep their length.
    shift = 4
    p0 = (int(round((c - dx) * 16)), int(round((c - dy) * 16)))  # int(): NumPy 1.x rounds to a float
    p1 = (int(round((c + dx) * 16)), int(round((c + dy) * 16)))
    cv2.line(kernel, p0, p1, 1.0, 1, cv2.LINE_AA, shift)
    return kernel / kernel.sum()


def defocus_psf(sigma: float) -> np.ndarray:
    g = cv2.getGaussianKernel(int(sigma * 6) | 1, sigma)
    return (g @ g.T).astype(np.float32)


class Deconvolver:
    """Wiener deconvolution of one region with one blur after another (its spectrum is taken once).

    The region is mirrored at its edges (a periodic FFT would otherwise wrap one edge onto the
    other and ring) and padded to a size the FFT is fast at.  ``noise`` is the noise-to-signal
    power: the lower, the sharper and the noisier the result.

    The spectra are OpenCV's packed ones of a real image (half the numbers of a complex spectrum):
    a 448-px region is restored in half the time (7 ms of CPU instead of 15 on this project's machine,
    spectrum included), the same image within a grey level.
    """

    def __init__(self, grey: np.ndarray, *, pad: int = 24) -> None:
        h, w = grey.shape
        self._crop = (pad, pad + h, pad, pad + w)
        self._size = (cv2.getOptimalDFTSize(h + 2 * pad), cv2.getOptimalDFTSize(w + 2 * pad))
        H, W = self._size
        padded = cv2.copyMakeBorder(grey, pad, H - h - pad, pad, W - w - pad, cv2.BORDER_REFLECT)
        self._spectrum = cv2.dft(padded.astype(np.float32))  # packed (see the class docstring)

    def restore(self, psf: np.ndarray, *, noise: float = 3e-5) -> np.ndarray:
        H, W = self._size
        kh, kw = psf.shape
        kernel = np.zeros((H, W), np.float32)
        kernel[:kh, :kw] = psf
        kernel = np.roll(kernel, (-(kh // 2), -(kw // 2)), axis=(0, 1))  # centred on the origin: no shift
        k = cv2.dft(kernel)
        power = cv2.mulSpectrums(k, k, 0, conjB=True)
        # Packed, each frequency's |K|^2 is in the slot of its real part and 0 in that of its imaginary
        # part (columns 2j-1 and 2j; in the first column, and the last when the width is even, rows
        # 2i-1 and 2i): copied over, so that both parts of F * conj(K) are divided by it.
        pairs = W - 1 if W % 2 == 0 else W
        power[:, 2:pairs:2] = power[:, 1:pairs:2]
        rows = H - 1 if H % 2 == 0 else H
        for column in (0, W - 1) if W % 2 == 0 else (0,):
            power[2:rows:2, column] = power[1:rows:2, column]
        # F * conj(K) / (|K|^2 + noise)
        out = cv2.divide(cv2.mulSpectrums(self._spectrum, k, 0, conjB=True), power + noise)
        restored = cv2.idft(out, flags=cv2.DFT_REAL_OUTPUT | cv2.DFT_SCALE)
        y0, y1, x0, x1 = self._crop
        restored = restored[y0:y1, x0:x1]
        # Stretch between the 1st and 99th percentiles (of a sample: exact ones cost more than the FFT),
        # so a few ringing extremes don't squash the contrast.
        lo, hi = np.percentile(restored[::3, ::3], (1, 99))
        return np.clip((restored - lo) * (255.0 / max(hi - lo, 1e-6)), 0, 255).astype(np.uint8)


def wiener(grey: np.ndarray, psf: np.ndarray, *, noise: float = 3e-5) -> np.ndarray:
    """One Wiener deconvolution (see :class:`Deconvolver`)."""
    return Deconvolver(grey, pad=max(8, *psf.shape)).restore(psf, noise=noise)
