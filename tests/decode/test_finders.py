"""Tight regions from QR finder patterns (``decode/still/finders.py``), on pictures the tests make: a dim code
beside a bright specular streak, which the code-like regions miss and only a tight crop reads."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from verifier_app.decode.factory import create_reader
from verifier_app.decode.still.finders import find_finders, qr_regions
from verifier_app.decode.geometry import Rect
from verifier_app.decode.still.picture import Frame, prepare
from verifier_app.decode.readers import ZbarReader, ZxingReader
from verifier_app.issuer.render import qr_image

TEXT = "DLN:110101199001011234"
MODULE = 5
CODE_AT = (330, 300)  # left, top of the code (its quiet zone included) in the scene


def _dim_code_beside_a_streak(seed: int = 1) -> tuple[np.ndarray, Rect]:
    """A dark room, a dim sheet with a dim code (dark modules at 14, light at 34), and a bright
    specular streak running down beside the code, its light falling off across it; blurred a little
    and noisy like a phone's photo.  Also where the code's modules are."""
    rng = np.random.default_rng(seed)
    picture = np.full((900, 1200), 6, np.float32)
    picture[150:750, 250:950] = 34  # the sheet
    code = qr_image(TEXT, module_px=MODULE).astype(np.float32) / 255
    h, w = code.shape
    x, y = CODE_AT
    picture[y : y + h, x : x + w] = 14 + 20 * code
    xs = np.arange(picture.shape[1], dtype=np.float32)
    picture += 255 * np.exp(-((xs - (x + w + 40)) / 35.0) ** 2)[None, :]  # the streak
    picture = cv2.GaussianBlur(picture, (0, 0), 1.2) + rng.normal(0, 3.0, picture.shape)
    quiet = 4 * MODULE
    return np.clip(picture, 0, 255).astype(np.uint8), Rect(x + quiet, y + quiet, w - 2 * quiet, h - 2 * quiet)


def _without_finder_regions(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("finder_codes", "coarse_finder_codes", "finer_finder_codes"):
        monkeypatch.setattr(Frame, name, property(lambda self: []))


def _contains(outer: Rect, inner: Rect) -> bool:
    return (outer.left <= inner.left and outer.top <= inner.top and outer.right >= inner.right
            and outer.bottom >= inner.bottom)


def test_the_finder_patterns_give_a_tight_region_where_the_code_like_regions_miss_the_code():
    scene, code = _dim_code_beside_a_streak()
    frame = prepare(scene, still=True)
    # The code's own contrast is under the blob finder's bar: its regions are the streak's edges.
    assert not any(_contains(r, code) for r in frame.code_like)
    [tight] = frame.finder_regions
    assert _contains(tight, code) and tight.area < 2.5 * code.area


@pytest.mark.parametrize("seed", [1, 2])
def test_a_dim_code_beside_a_bright_streak_is_read_from_its_tight_region(seed, monkeypatch):
    scene, _ = _dim_code_beside_a_streak(seed)
    assert TEXT not in {s.text for s in ZxingReader().decode(scene)}  # else this proves nothing
    assert TEXT not in {s.text for s in ZbarReader().decode(scene)}
    # A budget no machine runs out of: what is read depends on the steps, not on the machine's speed.
    with monkeypatch.context() as m:
        _without_finder_regions(m)
        assert TEXT not in {s.text for s in create_reader(budget=float("inf")).decode(scene)}
        assert TEXT not in {s.text for s in create_reader(exhaustive=True, budget=float("inf")).decode(scene)}
    assert TEXT in {s.text for s in create_reader(budget=float("inf")).decode(scene)}
    assert TEXT in {s.text for s in create_reader(exhaustive=True, budget=float("inf")).decode(scene)}


def test_a_code_read_whole_never_asks_for_the_finder_patterns(monkeypatch):
    """The verify path's cheap steps come first: a still read whole costs no finder search."""

    def forbidden(self):
        raise AssertionError("finder patterns looked for in a picture already read")

    for name in ("finder_codes", "coarse_finder_codes", "finer_finder_codes"):
        monkeypatch.setattr(Frame, name, property(forbidden))
    picture = np.full((720, 1280), 200, np.uint8)
    code = qr_image(TEXT, module_px=6)
    picture[100 : 100 + code.shape[0], 200 : 200 + code.shape[1]] = code
    assert TEXT in {s.text for s in create_reader().decode(picture)}


def test_each_of_several_codes_gets_its_own_region_turned_or_not():
    page = np.full((1000, 1400), 225, np.uint8)
    texts = ["FIRST CODE", "SECOND CODE ON THE PAGE", "THIRD"]
    places = [(350, 250), (800, 250), (500, 560)]
    codes = []
    for (x, y), text, module in zip(places, texts, (6, 5, 7)):
        code = qr_image(text, module_px=module)
        page[y : y + code.shape[0], x : x + code.shape[1]] = code
        codes.append(Rect(x, y, code.shape[1], code.shape[0]))
    turned = cv2.warpAffine(page, cv2.getRotationMatrix2D((700, 500), 30, 1.0), (1400, 1000), borderValue=225)
    assert len(qr_regions(page)) == 3
    for code in codes:  # each code in a region of its own, quiet zone and all
        [region] = [r for r in qr_regions(page) if r.overlap(code) > 0.5]
        assert _contains(region, Rect(code.left + 10, code.top + 10, code.width - 20, code.height - 20))
        assert region.area < 2 * code.area
    assert len(qr_regions(turned)) == 3


def test_no_finder_patterns_in_noise_print_or_a_checkerboard():
    rng = np.random.default_rng(5)
    noise = rng.integers(0, 256, (600, 800), dtype=np.uint8)
    checkerboard = np.kron(np.indices((30, 40)).sum(axis=0) % 2, np.ones((20, 20))).astype(np.uint8) * 255
    text = np.full((600, 800), 230, np.uint8)
    for row in range(12):
        cv2.putText(text, "Driving licence 0123456789 ABCDEFG", (10, 40 + 45 * row), cv2.FONT_HERSHEY_SIMPLEX,
                    0.9, 20, 2)
    for picture in (noise, checkerboard, text):
        assert qr_regions(picture) == []


def test_a_finder_pattern_is_found_with_its_module_size():
    code = np.pad(qr_image(TEXT, module_px=8), 40, constant_values=255)
    finders = find_finders(code)
    assert len(finders) == 3
    assert all(7 <= f.module <= 9 for f in finders)


def test_a_code_with_one_finder_under_a_glare_spot_still_gets_a_region():
    """Two finders of the same size and a plausible distance: the region holds every square they can
    belong to (their side or their diagonal, on either side), far tighter than the picture."""
    picture = np.full((700, 900), 200, np.uint8)
    code = qr_image(TEXT, module_px=6)
    x, y = 300, 200
    picture[y : y + code.shape[0], x : x + code.shape[1]] = code
    quiet = 4 * 6
    cv2.circle(picture, (x + quiet + 21, y + code.shape[0] - quiet - 21), 40, 255, -1)  # the bottom-left finder
    modules = Rect(x + quiet, y + quiet, code.shape[1] - 2 * quiet, code.shape[0] - 2 * quiet)
    assert len(find_finders(picture)) == 2
    [region] = qr_regions(picture)
    assert _contains(region, modules)
    assert region.area < 6 * modules.area < Rect.of_image(picture).area / 2


def _sensor_noise(sigma: float, seed: int = 0) -> np.ndarray:
    return np.clip(np.random.default_rng(seed).normal(100, sigma, (720, 1280)), 0, 255).astype(np.uint8)


def test_a_noisy_empty_frame_costs_few_contours(monkeypatch):
    """The cost of an empty frame's search is the contours it traces: sensor noise used to make thousands
    (each window's mask full of speckles 12 % below their mean); below the noise floor they are not dark.
    Counted, not timed."""
    traced = []
    find_contours = cv2.findContours

    def counting(*args, **kwargs):
        contours, hierarchy = find_contours(*args, **kwargs)
        traced.append(len(contours))
        return contours, hierarchy

    monkeypatch.setattr(cv2, "findContours", counting)
    assert qr_regions(_sensor_noise(22)) == []
    assert sum(traced) < 1000, traced


@pytest.mark.parametrize("sigma", [8, 22])
def test_a_code_in_a_noisy_frame_is_still_found(sigma):
    """The noise floor keeps speckles out, not a code's finders (their centres lie far below it)."""
    picture = _sensor_noise(sigma).astype(np.float32)
    code = qr_image(TEXT, module_px=4).astype(np.float32)
    h, w = code.shape
    picture[200 : 200 + h, 400 : 400 + w] = 40 + code * 0.7 + np.random.default_rng(1).normal(0, sigma, code.shape)
    picture = np.clip(picture, 0, 255).astype(np.uint8)
    [region] = qr_regions(picture)
    assert _contains(region, Rect(400 + 16, 200 + 16, w - 32, h - 32))
