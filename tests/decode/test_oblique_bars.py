"""A licence barcode photographed at a steep slant in a small picture: its far end's modules are
narrower than the lens's blur, so it is read from its profile along the code (decode/bars/barcodes.py)."""

from __future__ import annotations

import numpy as np
import pytest

from verifier_app.decode.bars.barcodes import (bar_direction, code128_text, drawn_code128, oblique_views,
                                          read_profile_values)
from verifier_app.decode.factory import create_reader
from verifier_app.decode.still.regions import find_code_regions
from verifier_app.decode.readers import Symbology, ZbarReader, ZxingReader
from verifier_app.issuer.render import code128_image, code128_values, qr_image
from verifier_app.issuer.scenes import oblique_barcode_scene, webcam_scene

LICENCE_NUMBER = "DLN:110101199001011234"


def _read_by(image: np.ndarray) -> set[str]:
    return {s.text for s in ZxingReader().decode(image)} | {s.text for s in ZbarReader().decode(image)}


@pytest.mark.parametrize("seed, roll", [(3, 10), (4, -5)])
def test_a_barcode_at_60_degrees_in_a_small_picture_is_read_from_its_profile(seed, roll):
    scene = oblique_barcode_scene(code128_image(LICENCE_NUMBER), tilt_deg=60, roll_deg=roll, size=(640, 480),
                                  seed=seed)
    assert LICENCE_NUMBER not in _read_by(scene)  # else this proves nothing
    [region, *_] = find_code_regions(scene)[0]
    grey = scene[region.top : region.top + region.height, region.left : region.left + region.width]
    plain, sharpened, _ = oblique_views(grey)
    assert LICENCE_NUMBER not in _read_by(plain()) | _read_by(sharpened())  # nor does the rectification
    values = read_profile_values(grey, bar_direction(grey).across_deg)
    assert values is not None and code128_text(values) == LICENCE_NUMBER
    [symbol] = [s for s in create_reader(budget=10.0).decode(scene) if s.text == LICENCE_NUMBER]
    assert symbol.symbology is Symbology.CODE128


def _slanted(values: list[int]) -> np.ndarray:
    return oblique_barcode_scene(drawn_code128(values, height_px=120), tilt_deg=45, roll_deg=15, size=(640, 480),
                                 seed=11)


def test_a_profile_whose_checksum_does_not_add_up_is_not_read():
    values = code128_values(LICENCE_NUMBER)[:-1]  # start .. checksum
    good = _slanted(values)
    assert read_profile_values(good, bar_direction(good).across_deg) == values
    wrong = values[:-1] + [(values[-1] + 1) % 103]
    bad = _slanted(wrong)
    assert read_profile_values(bad, bar_direction(bad).across_deg) is None


def test_code128_values_are_turned_into_text_only_when_they_add_up():
    values = code128_values(LICENCE_NUMBER)[:-1]
    assert code128_text(values) == LICENCE_NUMBER
    assert code128_text(values[:3] + [(values[3] + 1) % 96] + values[4:]) is None  # one symbol changed
    assert code128_text(code128_values("AB12")[:-1]) == "AB12"
    assert code128_text([105] + [3, 4]) is None  # too short to hold data and a checksum that adds up


def test_the_drawn_code_is_what_the_decoders_read():
    values = code128_values(LICENCE_NUMBER)[:-1]
    assert LICENCE_NUMBER in _read_by(drawn_code128(values))


def test_a_region_whose_noise_happens_to_add_up_is_not_read():
    """A QR code's region, read as if it were bars: its noise once made a three-symbol Code 128 whose
    checksum added up ("33"); the patterns' fit, poor everywhere, refuses it."""
    scene = webcam_scene(qr_image("HTTPS://EXAMPLE.ORG/105", module_px=4), "clean", size=(640, 480), seed=200105)
    for region in find_code_regions(scene)[0]:
        grey = scene[region.top : region.top + region.height, region.left : region.left + region.width]
        assert read_profile_values(grey, bar_direction(grey).across_deg) is None
