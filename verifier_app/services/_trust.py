"""``Station.trust``: what a station trusts, and the trust actions of the window and the CLI.

Moved here from the front ends, which called the trust store themselves (``verifier trust
install-root | preview-root | remove-root | import | show``, the window's Trust tab and its Import
button).  The caller has checked the administrator before a change (the CLI's prompt, the window's
admin gate): these run after it.  The store itself (``station/trust/store.py``) stays behind the
facade; what comes back is plain values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from verifier_app.dl1 import certs
from verifier_app.station.trust.status_store import StatusImport
from verifier_app.station.trust.store import RootPreview, StationStore, is_status_file
from verifier_app.verify.clock import SystemClock
from verifier_app.verify.trust import TrustSnapshot

__all__ = ["BundleImport", "RootPreview", "StationTrust", "is_status_file", "trust_info"]


@dataclass(frozen=True)
class BundleImport:
    """A trust bundle in force after ``StationTrust.import_file`` (a status file gives ``StatusImport``)."""

    authority: str
    sequence: int
    replaced_sequence: int | None  # the bundle number it replaced; None for the authority's first
    signers: int
    revoked: int  # signers the bundle revokes
    documents: int  # licences it lists
    next_update: dt.datetime
    warnings: tuple[str, ...] = ()  # e.g. already past its next update: show them


class StationTrust:
    """The station's roots, trust bundles and status lists (one per ``Station``)."""

    def __init__(self, store: StationStore) -> None:
        self._store = store

    @property
    def scope(self) -> str:
        """Whose trust this is: ``system`` (the administrator's folder), ``per_user`` or ``demo``;
        said with every verdict, in the window's trust line and in ``admin status``."""
        return self._store.trust_scope.value

    def snapshot(self) -> TrustSnapshot:
        """What the station trusts now (damaged files are left out and listed in ``problems``)."""
        return self._store.load()

    def info(self, *, snapshot: TrustSnapshot | None = None, now: dt.datetime | None = None) -> dict[str, Any]:
        """What the station trusts, as plain values (``verifier trust show [--json]``)."""
        return trust_info(self.snapshot() if snapshot is None else snapshot, self._store, now)

    def preview_root(self, *, data: bytes) -> RootPreview:
        """What a root certificate file is, without pinning it (RootRejected when unusable)."""
        return self._store.preview_root(data)

    def install_root(self, *, data: bytes, operator: str | None) -> RootPreview:
        """Pin a root certificate; what was pinned (subject and fingerprint to compare)."""
        cert = self._store.install_root(data, operator=operator)
        return RootPreview(cert.subject.rfc4514_string(), certs.fingerprint(cert), cert.not_valid_before_utc,
                           cert.not_valid_after_utc, True, cert)

    def installed_roots(self) -> list[RootPreview]:
        return self._store.installed_roots()

    def find_root(self, *, fingerprint: str) -> str:
        """The full SHA-256 fingerprint of the one installed root a fingerprint (or 8+ of its first hex
        digits) names; RootRejected otherwise, so a typo is said before a passphrase is asked."""
        return self._store.find_root(fingerprint).stem

    def remove_root(self, *, fingerprint: str, operator: str | None) -> RootPreview:
        """Unpin a root and drop its bundle (its revocations and bundle number stay); what was removed."""
        return self._store.remove_root(fingerprint, operator=operator)

    def import_file(self, *, data: bytes, operator: str | None,
                    now: dt.datetime | None = None) -> BundleImport | StatusImport:
        """Import a trust bundle, a status list or a status delta, told apart by its signed header."""
        outcome = self._store.import_any(data, now=now, operator=operator)
        if isinstance(outcome, StatusImport):
            return outcome
        c = outcome.bundle.content
        return BundleImport(authority=c.authority, sequence=c.sequence, replaced_sequence=outcome.replaced_sequence,
                            signers=len(c.signers), revoked=len(c.revoked_kids), documents=len(c.documents),
                            next_update=c.next_update_utc, warnings=outcome.warnings)


def trust_info(snapshot: TrustSnapshot, store: StationStore, now: dt.datetime | None = None) -> dict[str, Any]:
    now = now or SystemClock().now()
    return {
        "data_dir": str(store.data_dir),
        "state": snapshot.state(now).value,
        "roots": [
            {"subject": r.subject.rfc4514_string(), "sha256": certs.fingerprint(r),
             "not_after": r.not_valid_after_utc.isoformat()}
            for r in snapshot.roots
        ],
        "bundles": [
            {
                "authority": b.content.authority,
                "sequence": b.content.sequence,
                "issued_at": b.content.issued_at_utc.isoformat(),
                "next_update": b.content.next_update_utc.isoformat(),
                "stale": now > b.content.next_update_utc,
                "signers": [
                    {"kid": certs.kid_of(s).hex(), "subject": s.subject.rfc4514_string(),
                     "revoked": certs.kid_of(s) in b.content.revoked_kids}
                    for s in b.content.signers
                ],
                "documents": len(b.content.documents),
            }
            for b in snapshot.bundles
        ],
        "status_lists": [
            {"authority": code, "uri": sl.uri, "version": sl.version, "size": sl.size,
             "issued_at": sl.issued_at_utc.isoformat(), "expires_at": sl.expires_at_utc.isoformat(),
             "stale": now > sl.expires_at_utc}
            for code, sl in sorted(snapshot.status_lists.items())
        ],
        "newest_accepted_iat": snapshot.newest_accepted_iat,
        "problems": [str(p) for p in snapshot.problems],
    }
