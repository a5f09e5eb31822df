"""Whether a verified bundle may replace a station's trust (docs/security.md §3).

``open_bundle`` has already checked the signature, the chain to an installed root and that the
signer was valid when the bundle says it was issued.  That date is the signer's own claim, so a
key retired long ago could still sign a bundle dated back in its lifetime.  A bundle is
therefore accepted only when, in this order:

0. it was not issued in the station's future beyond the clock skew;
1. its signer key is not revoked by any bundle this station has accepted (sticky revocations,
   which name keys by kid whether they signed codes or bundles), nor by the bundle itself;
2. its signer certificate and its root have not expired at the station's *now*;
3. its number is higher than the highest this station accepted from that authority;
4. its ``issued_at`` is not older than the newest accepted from that authority.

Each refusal says why and what to do; the caller changes nothing and uses up no number.
"""

from __future__ import annotations

import datetime as dt

from verifier_app.dl1 import certs
from verifier_app.dl1.bundle import VerifiedBundle
from verifier_app.dl1.times import utc_from_timestamp
from verifier_app.errors import BundleRejected

CURRENT = "Ask your issuing authority for its current trust bundle."


def _day(when: dt.datetime) -> str:
    return f"{when.astimezone(dt.timezone.utc):%Y-%m-%d}"


def check_not_from_future(bundle: VerifiedBundle, *, now: dt.datetime, skew_s: int) -> None:
    """Refuse a bundle issued after the station's now plus the skew: its clock or the bundle's date is wrong."""
    c = bundle.content
    if c.issued_at_utc > now + dt.timedelta(seconds=skew_s):
        raise BundleRejected(
            f"this bundle was issued at {c.issued_at_utc:%Y-%m-%d %H:%M} UTC, "
            f"{_duration(c.issued_at_utc - now)} after this station's clock "
            f"({now.astimezone(dt.timezone.utc):%Y-%m-%d %H:%M} UTC): either the station's clock is behind or "
            "the bundle is wrongly dated; it was not imported",
            "Check the station's date and time; if they are right, ask your issuing authority for a "
            "correctly dated bundle.")


def _duration(delta: dt.timedelta) -> str:
    s = int(delta.total_seconds())
    if s >= 2 * 86400:
        return f"{s // 86400} days"
    if s >= 2 * 3600:
        return f"{s // 3600} hours"
    if s >= 120:
        return f"{s // 60} minutes"
    return f"{s} seconds"


def check_signer(bundle: VerifiedBundle, *, now: dt.datetime, revoked: frozenset[bytes]) -> None:
    kid = certs.kid_of(bundle.bundle_signer)
    if kid in revoked or kid in bundle.content.revoked_kids:
        raise BundleRejected(
            f"this bundle was signed by a key (kid {kid.hex()}) that a bundle already accepted on this station "
            "revoked: a revoked key can't change this station's trust, so it was not imported",
            CURRENT + " The trust already installed stays in force.")
    # Not yet valid needs no check here: open_bundle wants the signer valid at issued_at, and a bundle
    # dated after the station's now plus the skew is refused as from the future.
    for cert, what in ((bundle.bundle_signer, "the key that signed this bundle"),
                       (bundle.root, "the authority's root certificate")):
        if now > cert.not_valid_after_utc:
            raise BundleRejected(
                f"{what} expired on {_day(cert.not_valid_after_utc)} (the station's date is {_day(now)}): "
                "a retired key can't change this station's trust, so the bundle was not imported",
                CURRENT + " The trust already installed stays in force.")

def check_newer(bundle: VerifiedBundle, *, highest_sequence: int | None, newest_issued_at: int | None,
                same_bytes_as_installed: bool = False) -> None:
    """Refuse a bundle not newer, by number and by date, than what the station accepted from its authority.

    ``same_bytes_as_installed``: the bundle on disk is this very file but the log doesn't hold it (the
    log was replaced); importing it again records it, so its own number is allowed.
    """
    c = bundle.content
    if highest_sequence is not None and (c.sequence < highest_sequence or
                                         (c.sequence == highest_sequence and not same_bytes_as_installed)):
        raise BundleRejected(
            f"this bundle (number {c.sequence}) is not newer than the newest one this station has accepted "
            f"from {c.authority} (number {highest_sequence}); older bundles can't replace newer ones", CURRENT)
    if newest_issued_at is not None and c.issued_at < newest_issued_at:
        raise BundleRejected(
            f"this bundle was issued on {c.issued_at_utc:%Y-%m-%d %H:%M} UTC, before the bundle already accepted "
            f"from {c.authority} (issued {utc_from_timestamp(newest_issued_at):%Y-%m-%d %H:%M} UTC): an older "
            "bundle can't replace a newer one whatever its number, so it was not imported",
            CURRENT + " The trust already installed stays in force.")
