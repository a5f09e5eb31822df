"""The roots an administrator pins: what a root certificate must be, and finding one by fingerprint.

Apart from the store because a root is judged on its own, before anything is written: a self-signed
CA certificate with an ECDSA P-256 or Ed25519 key.  The store (store.py) decides when a root is
written or removed, under the trust journal; this module only reads and judges files.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from verifier_app.dl1 import certs
from verifier_app.errors import RootRejected


@dataclass(frozen=True)
class RootPreview:
    """What an administrator checks before pinning a root (``StationStore.preview_root``)."""

    subject: str
    sha256: str  # the fingerprint to compare with the one the authority published
    not_before: dt.datetime
    not_after: dt.datetime
    already_installed: bool
    certificate: x509.Certificate


def check_root(data: bytes) -> x509.Certificate:
    """The root certificate in ``data`` (PEM or DER); RootRejected when it is not a usable root."""
    try:
        cert = certs.load_certificate(data)
    except ValueError:
        raise RootRejected("the file is not an X.509 certificate (PEM or DER)") from None
    if not certs.is_ca(cert) or not certs.issued_by(cert, cert):
        raise RootRejected("this certificate is not a self-signed root CA certificate")
    key = cert.public_key()
    if not (isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp256r1") and not isinstance(
        key, ed25519.Ed25519PublicKey
    ):
        raise RootRejected("the root's key is not ECDSA P-256 or Ed25519")
    return cert


def preview_root(data: bytes, roots_dir: Path) -> RootPreview:
    """Check a root certificate file and say what it is (and whether ``roots_dir`` pins it already)."""
    cert = check_root(data)
    fp = certs.fingerprint(cert)
    return RootPreview(cert.subject.rfc4514_string(), fp, cert.not_valid_before_utc, cert.not_valid_after_utc,
                       (roots_dir / f"{fp}.pem").exists(), cert)


def damaged_root(subject: str, sha256: str) -> RootPreview:
    """What is said of a removed root whose file could not be read: its name, and no dates or certificate."""
    never = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    return RootPreview(subject, sha256, never, never, False, None)  # type: ignore[arg-type]


def find_root(roots_dir: Path, fingerprint: str) -> Path:
    """The pinned root file for a SHA-256 fingerprint (or a unique prefix of 8+ hex digits)."""
    wanted = re.sub(r"[\s:]", "", fingerprint).lower()
    if not re.fullmatch(r"[0-9a-f]{8,64}", wanted):
        raise RootRejected(f"{fingerprint!r} is not a SHA-256 fingerprint",
                           "Give the fingerprint (at least its first 8 hex digits) shown by: verifier trust show")
    matches = [p for p in sorted(roots_dir.glob("*.pem")) if p.stem.startswith(wanted)]
    if not matches:
        raise RootRejected(f"no installed root has the fingerprint {fingerprint}",
                           "List the installed roots with: verifier trust show")
    if len(matches) > 1:
        raise RootRejected(f"{fingerprint} matches {len(matches)} roots", "Give more of the fingerprint.")
    return matches[0]
