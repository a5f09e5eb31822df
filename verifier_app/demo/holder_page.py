"""The holder's licence page, made by the issuer toolkit, handed to the window as plain values.

``demo_station`` is ``--demo``: the demo authority and its own station under ``<data>/demo`` (the
real station's trust is never touched) and the sample holder's page.  ``presented_page`` is
``verifier-present``: a page whose codes a pilot's authority issues, for a screen held up to a webcam.
The window draws a ``HolderPage`` (``qt/holder/holder_display.py``) with ``qr_picture`` and
``barcode_picture``; it asks ``issue`` for a fresh code every 30 s, as the phone app does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from verifier_app.dl1.credential import Licence
from verifier_app.issuer.authority import Authority
from verifier_app.issuer.demo import DEMO_CODE, prepare_demo, sample_holder_path
from verifier_app.issuer.holder import load_holder
from verifier_app.issuer.render import code128_image, qr_image
from verifier_app.station.trust.store import StationStore
from verifier_app.verify.clock import Clock


@dataclass(frozen=True)
class HolderPage:
    """What the holder's app shows: the licence, and a freshly signed DL1 text on demand."""

    licence: Licence
    issue: Callable[[dt.datetime], str]  # the code signed at that time, as the app fetches it
    demo: bool  # issued by the demo authority: the page says DEMO
    authority_code: str

    @property
    def title(self) -> str:
        return f"{self.licence.family_name}{self.licence.given_name} — {self.authority_code}"


@dataclass(frozen=True)
class DemoStation:
    """The demo's station (trusting only the demo authority) and the sample holder's page."""

    station: StationStore
    root_fingerprint: str
    page: HolderPage


def _page(authority: Authority, licence: Licence) -> HolderPage:
    return HolderPage(licence, lambda at: authority.issue(licence, at=at), demo=authority.code == DEMO_CODE,
                      authority_code=authority.code)


def demo_station(data_dir: str | Path, clock: Clock | None = None) -> DemoStation:
    """The demo authority and station under ``data_dir/demo`` (made if missing), and the sample holder."""
    setup = prepare_demo(Path(data_dir), clock)
    page = _page(setup.authority, load_holder(sample_holder_path()))
    return DemoStation(setup.station, setup.root_fingerprint, page)


def presented_page(authority_dir: str | Path, holder_path: str | Path) -> HolderPage:
    """A holder's page whose codes the authority in ``authority_dir`` issues."""
    return _page(Authority.load(authority_dir), load_holder(holder_path))


def qr_picture(text: str, *, module_px: int, quiet_modules: int) -> np.ndarray:
    """The QR code of ``text``, grey, ``module_px`` pixels a module."""
    return qr_image(text, module_px=module_px, quiet_modules=quiet_modules)


def barcode_picture(text: str, *, module_px: int, height_px: int) -> np.ndarray:
    """The Code 128 barcode of ``text``, grey."""
    return code128_image(text, module_px=module_px, height_px=height_px)
