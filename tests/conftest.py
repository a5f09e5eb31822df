"""Shared fixtures: a real authority, a real station, real signed codes.

Time is fixed: NOW is 2026-11-25 10:00 in Beijing.  The authority was set up
a month earlier and the station imported its bundle an hour ago.
"""

from __future__ import annotations

import datetime as dt
import os

# Qt tests run without a screen; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from pathlib import Path
from typing import Any

import pytest

from verifier_app.dl1 import cbor, cose
from verifier_app.verify.clock import FixedClock
from verifier_app.dl1.credential import QR_PREFIX, decode_qr_text, encode_qr_text
from verifier_app.verify.engine import Verifier
from verifier_app.verify.policy import Policy
from verifier_app.station import paths
from verifier_app.station.trust.store import StationStore
from verifier_app.issuer.authority import Authority
from verifier_app.issuer.holder import load_holder

UTC = dt.timezone.utc
BEIJING = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
CORPORA = ROOT.parent / "shared" / "corpora"


@pytest.fixture
def shanghai():
    """The process's local zone is Asia/Shanghai (UTC+8, no summer time) for the test, restored afterwards."""
    import time

    old = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    # Never touch the real per-user data folder, or a real system-wide one (/etc/dl-verifier), from a test:
    # the platform folder is one that doesn't exist (paths.use_platform_dir, the in-process test hook;
    # the environment can't switch the real one off).  ``system_folder`` makes one that does.
    monkeypatch.setenv("VERIFIER_DATA_DIR", str(tmp_path / "default-station"))
    monkeypatch.delenv(paths.ENV_SYSTEM_DIR, raising=False)
    paths.use_platform_dir(tmp_path / "no-system-folder")
    yield
    paths.use_platform_dir(None)


@pytest.fixture(autouse=True)
def _empty_clipboard():
    # A test that pastes puts a QMimeData on the clipboard, which (offscreen) lives in this process:
    # Python and the clipboard both delete it when the process ends, and it dies of a segfault after
    # every test has passed.  Emptied after each test; Qt is not imported for the tests that don't use it.
    yield
    import sys

    widgets = sys.modules.get("PySide6.QtWidgets")
    app = widgets.QApplication.instance() if widgets is not None else None
    if app is not None:
        app.clipboard().clear()


@pytest.fixture
def system_folder(tmp_path) -> Path:
    """A system-wide station folder, standing in for /etc/dl-verifier (made by this test's user)."""
    folder = tmp_path / "etc-dl-verifier"
    folder.mkdir()
    paths.use_platform_dir(folder)
    return folder


@pytest.fixture
def authority(tmp_path) -> Authority:
    return Authority.create(tmp_path / "auth", code="CN-BJ", name="Beijing Traffic Police",
                            now=NOW - dt.timedelta(days=30))


@pytest.fixture
def licence():
    return load_holder(RESOURCES / "sample-holder.json")


@pytest.fixture
def station(tmp_path, authority) -> StationStore:
    store = StationStore(tmp_path / "station")
    store.install_root((authority.directory / "root-cert.pem").read_bytes())
    store.import_bundle(authority.make_bundle(now=NOW - dt.timedelta(hours=1)))
    return store


def verifier_for(store: StationStore, now: dt.datetime = NOW, **policy: Any) -> Verifier:
    return Verifier(trust=store.load(), policy=Policy(**policy), clock=FixedClock(now), local_tz=BEIJING)


def cose_of(text: str) -> list:
    """The COSE_Sign1 array inside a DL1 text (tag removed)."""
    item = cbor.loads(decode_qr_text(text))
    return item.value if isinstance(item, cbor.Tag) else item


def text_of(message: list) -> str:
    return encode_qr_text(cbor.dumps(message))


def claims_of(text: str) -> dict:
    return cbor.loads(cose_of(text)[2])


def sign_raw_payload(payload: bytes, authority: Authority, **kwargs: Any) -> str:
    """Sign arbitrary payload bytes with the authority's real signer key."""
    from verifier_app.dl1 import certs

    kwargs.setdefault("kid", certs.kid_of(authority.signer_cert))
    return encode_qr_text(cose.sign1(payload, authority.signer_key, **kwargs))


@pytest.fixture
def corpora() -> Path:
    if not CORPORA.is_dir():
        pytest.skip(f"shared corpora not found at {CORPORA} (they live beside the project, not in it)")
    return CORPORA


__all__ = ["NOW", "UTC", "BEIJING", "QR_PREFIX", "os"]
