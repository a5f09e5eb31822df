"""A verifier station's own data directory: pinned roots, bundles, clock floor.

Layout (docs/format.md has the details)::

    roots/<sha256 of DER>.pem      root certificates installed on purpose
    bundles/<root sha256>.dltrust  the newest imported bundle per root, as signed
    trust-state.json               per authority: highest accepted bundle number, newest issued_at,
                                   revoked signers (of codes and of bundles)
    state.json                     {"newest_accepted_iat": int}   (always in the per-user folder)

Roots, bundles and trust-state.json live in the system-wide station folder
when there is one (paths.py), else in the data folder.

Bundle import rules (docs/security.md):

- a revocation is permanent: every signer a bundle of an authority revoked stays
  revoked on this station, even when a newer bundle omits it (there is no
  reinstatement: the authority issues a new signer certificate instead);
- a bundle signed by a revoked key, or by a certificate not valid at the station's
  now, is refused (bundle_rules.py), whatever date the bundle gives itself;
- a bundle issued in the station's future beyond the clock skew is refused;
- a bundle already past its next update imports with a warning;
- the highest accepted number and the newest accepted issued_at per authority are kept
  in trust-state.json and in the audit chain, so a damaged installed bundle doesn't let an
  older one back in.

Every change (root installed or removed, bundle imported) is an intent row, the
change, then a completion row, under one lock (trust_journal.py); opening the
station finishes or abandons, in the log, a change a killed process left
half-recorded.  In a per-user folder a root or bundle no completed row put there
is reported and ignored.

Every write is atomic.  Loading re-checks every bundle's signature, so a file
edited or damaged on disk is reported by name and ignored, never trusted
and never allowed to crash the station.

StationStore is the one door to this trust: it reads it whole and changes it under the journal.
Its parts live beside it: installed_files (reading roots and bundles back, re-checked),
pinned_roots (what a root must be), bundle_rules (whether a bundle may replace the trust),
clock_floor (state.json), trust_state and trust_journal.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from verifier_app.dl1 import certs
from verifier_app.atomic import atomic_write
from verifier_app.dl1.bundle import VerifiedBundle, open_bundle
from verifier_app.errors import RootRejected, TrustStoreError, VerifierError
from verifier_app.station.trust import bundle_rules, clock_floor, installed_files, pinned_roots, trust_journal, trust_state
from verifier_app.station.evidence.audit import AuditEntry
from verifier_app.station.trust.pinned_roots import RootPreview
from verifier_app.station.trust.status_store import StatusImport, StatusStore
from verifier_app.station.trust.status_store import kind_of as status_kind_of
from verifier_app.station.paths import (APP_NAME, ENV_DATA_DIR, clean_orphan_temps, default_data_dir, guarded_dir,
                                        is_system, not_writable_action, trust_scope)
from verifier_app.verify.trust import LoadProblem, TrustSnapshot

# Re-exported: imported from here by the station's services and tests.
__all__ = ["APP_NAME", "ENV_DATA_DIR", "ImportOutcome", "RootPreview", "StationStore", "default_data_dir",
           "is_status_file"]


@dataclass(frozen=True)
class ImportOutcome:
    bundle: VerifiedBundle
    replaced_sequence: int | None
    path: Path
    warnings: tuple[str, ...] = ()  # e.g. already past its next update: show them


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class StationStore:
    def __init__(self, data_dir: str | os.PathLike[str] | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        # Guarded trust: the system-wide folder when there is one (paths.py).
        self.config_dir = guarded_dir(self.data_dir)
        self.trust_scope = trust_scope(self.data_dir)  # whose trust that is: said on verdicts, receipts, rows
        self.roots_dir = self.config_dir / "roots"
        self.bundles_dir = self.config_dir / "bundles"
        self.trust_state_path = self.config_dir / "trust-state.json"
        self.state_path = self.data_dir / "state.json"
        self._journal = trust_journal.Journal(self.data_dir, self.config_dir, self.trust_state_path)
        self.status_store = StatusStore(self.config_dir, self.data_dir)
        for folder in (self.data_dir, self.roots_dir, self.bundles_dir, self.config_dir):
            clean_orphan_temps(folder)  # left by a process killed mid-write (only old ones)

    # ------------------------------------------------------------- reading

    def load(self) -> TrustSnapshot:
        problems: list[LoadProblem] = []
        with contextlib.ExitStack() as stack:
            if not is_system(self.config_dir):
                # The files and the log read together: a change another process is making is seen whole
                # or not at all, never as a file the log doesn't hold yet.
                with contextlib.suppress(VerifierError):  # no lock (a read-only folder): read without it
                    stack.enter_context(self._journal.locked())
            return self._load(problems)

    def _load(self, problems: list[LoadProblem]) -> TrustSnapshot:
        rows = self._admin_rows()
        if rows and trust_journal.pending(rows):
            rows = self._journal.reconcile(problems)
        # In a per-user folder the audit log is the record of what was installed: a file no completed
        # change put there is not trusted.  The system-wide folder is root's: root's changes are trusted.
        logged = self._logged(rows)
        roots = self._load_roots(problems, logged)
        bundles = self._load_bundles(roots, problems, logged)
        newest_iat = self._load_state(problems)
        revoked = self.sticky_revocations(problems, rows)
        # A revocation is permanent: each bundle carries every signer its authority ever revoked here.
        bundles = [self._with_revocations(b, revoked.get(b.content.authority, frozenset())) for b in bundles]
        status_lists = self.status_store.load(tuple(roots), problems)
        return TrustSnapshot(tuple(roots), tuple(bundles), newest_iat, tuple(problems), status_lists)

    def _logged(self, rows: list[AuditEntry] | None) -> trust_journal.InForce | None:
        """What the log says is installed, when it is the record of this folder's trust (a per-user folder)."""
        return trust_journal.in_force(rows) if rows is not None and not is_system(self.config_dir) else None

    @staticmethod
    def _with_revocations(bundle: VerifiedBundle, kids: frozenset[bytes]) -> VerifiedBundle:
        if kids <= bundle.content.revoked_kids:
            return bundle
        content = dataclasses.replace(bundle.content, revoked_kids=bundle.content.revoked_kids | kids)
        return dataclasses.replace(bundle, content=content)

    # ------------------------------------------------ per-authority floor

    def sticky_revocations(self, problems: list[LoadProblem] | None = None,
                           rows: list[AuditEntry] | None = None) -> dict[str, frozenset[bytes]]:
        """Every key (code or bundle signer) revoked by any bundle ever imported here, per authority.

        From trust-state.json and the audit chain's ``bundle_imported`` rows, so
        losing either one does not lift a revocation.
        """
        return trust_state.revocations(trust_state.read(self.trust_state_path, problems), self._imported(rows))

    def _admin_rows(self) -> list[AuditEntry] | None:
        return self._journal.rows()

    def _imported(self, rows: list[AuditEntry] | None = None) -> list[dict[str, Any]]:
        rows = self._admin_rows() if rows is None else rows
        return [trust_journal.details_of(r) for r in rows or () if r.source == "bundle_imported"]

    def _floor(self, authority: str, key: str, rows: list[AuditEntry] | None = None) -> int | None:
        """The highest ``key`` (sequence, issued_at) accepted here from ``authority``: trust state, audit chain."""
        return trust_state.floor(trust_state.read(self.trust_state_path), self._imported(rows), authority, key)

    def highest_sequence(self, authority: str) -> int | None:
        """The highest bundle number ever accepted here for ``authority`` (trust state, audit chain)."""
        return self._floor(authority, "sequence")

    def newest_issued_at(self, authority: str) -> int | None:
        """The newest ``issued_at`` of a bundle accepted here for ``authority`` (trust state, audit chain)."""
        return self._floor(authority, "issued_at")

    def _load_roots(self, problems: list[LoadProblem],
                    logged: trust_journal.InForce | None = None) -> list[x509.Certificate]:
        return installed_files.load_roots(self.roots_dir, problems, logged)

    def _load_bundles(self, roots: list[x509.Certificate], problems: list[LoadProblem],
                      logged: trust_journal.InForce | None) -> list[VerifiedBundle]:
        return installed_files.load_bundles(self.bundles_dir, roots, problems, logged)

    def _load_state(self, problems: list[LoadProblem]) -> int | None:
        return clock_floor.read_floor(self.state_path, problems)

    # ------------------------------------------------------------- changing

    @staticmethod
    def _check_root(data: bytes) -> x509.Certificate:
        return pinned_roots.check_root(data)

    def preview_root(self, data: bytes) -> RootPreview:
        """Check a root certificate file and say what it is, *without* pinning it.

        Show ``subject`` and ``sha256`` to the administrator, who compares the
        fingerprint with the authority's published one, then calls ``install_root``.
        RootRejected when the file is not a usable root.
        """
        return pinned_roots.preview_root(data, self.roots_dir)

    def install_root(self, data: bytes, *, operator: str | None = None, now: dt.datetime | None = None) -> x509.Certificate:
        """Pin a root (the caller has checked the administrator); intent row, file, completion row."""
        cert = self._check_root(data)
        fp = certs.fingerprint(cert)
        path = self.roots_dir / f"{fp}.pem"
        details = {"subject": cert.subject.rfc4514_string(), "sha256": fp,
                   "authority": certs.authority_code(cert) or ""}
        with self._journal.locked(), self._journal.change("root_install_started", details, [path],
                                                          operator=operator, now=now):
            try:
                atomic_write(path, cert.public_bytes(serialization.Encoding.PEM))
            except OSError as exc:
                raise TrustStoreError(f"can't write {path} ({exc.strerror})", not_writable_action(path)) from None
        return cert

    def installed_roots(self) -> list[RootPreview]:
        out = []
        for path in sorted(self.roots_dir.glob("*.pem")):
            try:
                out.append(self.preview_root(path.read_bytes()))
            except (OSError, RootRejected):
                continue
        return out

    def find_root(self, fingerprint: str) -> Path:
        """The installed root file for a SHA-256 fingerprint (or a unique prefix of 8+ hex digits)."""
        return pinned_roots.find_root(self.roots_dir, fingerprint)

    def remove_root(self, fingerprint: str, *, operator: str | None = None,
                    now: dt.datetime | None = None) -> RootPreview:
        """Unpin a root (the caller has checked the administrator) and drop its bundle; audited.

        The authority's highest bundle number and its revocations stay: installing
        the root again does not let an older bundle or a revoked signer back in.
        """
        path = self.find_root(fingerprint)
        try:
            info = self.preview_root(path.read_bytes())
            subject = info.subject
        except (OSError, RootRejected):
            info, subject = None, "(damaged file)"
        bundle_path = self.bundles_dir / f"{path.stem}.dltrust"
        details = {"subject": subject, "sha256": path.stem, "bundle_removed": bundle_path.exists()}
        with self._journal.locked(), self._journal.change("root_remove_started", details, [bundle_path, path],
                                                          operator=operator, now=now):
            try:  # the root first: once it is gone the change is made (trust_journal.happened)
                for victim in (path, bundle_path):
                    victim.unlink(missing_ok=True)
            except OSError as exc:
                raise TrustStoreError(f"can't remove {path} ({exc.strerror})", not_writable_action(path)) from None
        if info is None:
            return pinned_roots.damaged_root(subject, path.stem)
        return dataclasses.replace(info, already_installed=False)

    def import_bundle(self, data: bytes, *, now: dt.datetime | None = None, skew_s: int | None = None,
                      operator: str | None = None) -> ImportOutcome:
        """Verify and install a bundle; on any refusal nothing on disk changes.

        ``now`` is the station's clock (default: the system clock) and ``skew_s``
        the tolerated clock difference (default: station.json's).
        """
        now = now or _utc_now()
        skew_s = self._skew(skew_s)
        with self._journal.locked():  # one change at a time, from the check to the log
            return self._import(data, now=now, skew_s=skew_s, operator=operator)

    def _import(self, data: bytes, *, now: dt.datetime, skew_s: int, operator: str | None) -> ImportOutcome:
        rows = self._admin_rows()
        snapshot = self.load()
        bundle = open_bundle(data, snapshot.roots)
        c = bundle.content
        bundle_rules.check_not_from_future(bundle, now=now, skew_s=skew_s)
        bundle_rules.check_signer(bundle, now=now,
                                  revoked=self.sticky_revocations(rows=rows).get(c.authority, frozenset()))
        installed = next((b for b in snapshot.bundles if b.root_fingerprint == bundle.root_fingerprint), None)
        path = self.bundles_dir / f"{bundle.root_fingerprint}.dltrust"
        try:  # this very file is on disk, but ignored as not in the log (the log was replaced): record it
            readopt = installed is None and path.read_bytes() == bundle.raw
        except OSError:
            readopt = False
        floor = max((v for v in (installed.content.sequence if installed else None,
                                 self._floor(c.authority, "sequence", rows)) if v is not None), default=None)
        newest = max((v for v in (installed.content.issued_at if installed else None,
                                  self._floor(c.authority, "issued_at", rows)) if v is not None), default=None)
        bundle_rules.check_newer(bundle, highest_sequence=floor, newest_issued_at=newest,
                                 same_bytes_as_installed=readopt)
        warnings = []
        if now > c.next_update_utc:
            warnings.append(
                f"this bundle is out of date: its next update was due {c.next_update_utc:%Y-%m-%d %H:%M} UTC. "
                "It was imported, but verifications report the trust data as stale until a newer bundle is "
                "imported: ask your issuing authority for its current bundle.")
        details = {"authority": c.authority, "sequence": c.sequence, "root_sha256": bundle.root_fingerprint,
                   "bundle_sha256": trust_journal.sha256(bundle.raw), "issued_at": c.issued_at,
                   "next_update": c.next_update, "revoked_kids": sorted(k.hex() for k in c.revoked_kids),
                   "bundle_signer_kid": certs.kid_of(bundle.bundle_signer).hex(),
                   "replaced_sequence": installed.content.sequence if installed else None}
        with self._journal.change("bundle_import_started", details, [self.trust_state_path, path],
                                  operator=operator, now=now):
            try:  # the bundle file first: once it is in place the change is made (trust_journal.happened)
                atomic_write(path, bundle.raw)
                trust_state.write(self.trust_state_path, c.authority, c.sequence, c.issued_at, c.revoked_kids)
            except OSError as exc:
                raise TrustStoreError(f"can't write {path} ({exc.strerror})", not_writable_action(path)) from None
        return ImportOutcome(bundle, installed.content.sequence if installed else None, path, tuple(warnings))

    def import_status(self, data: bytes, *, now: dt.datetime | None = None, skew_s: int | None = None,
                      operator: str | None = None) -> StatusImport:
        """Import a status list (replaces the authority's list) or a delta (the next version of it).

        ``verifier trust import`` and the window take bundles and status files alike: ``is_status_file``
        tells them apart by the signed header, not the file name.
        """
        skew_s = self._skew(skew_s)
        roots = tuple(self._load_roots([], self._logged(self._admin_rows())))  # a root put there by hand: no
        return self.status_store.import_file(data, roots, now=now or _utc_now(), skew_s=skew_s, operator=operator)

    def import_any(self, data: bytes, *, now: dt.datetime | None = None,
                   operator: str | None = None) -> "ImportOutcome | StatusImport":
        """A trust bundle, a status list or a status delta, told apart by the signed header."""
        if is_status_file(data):
            return self.import_status(data, now=now, operator=operator)
        return self.import_bundle(data, now=now, operator=operator)

    def record_accepted(self, issued_at: int) -> None:
        """Raise the clock floor after a valid scan (never lowers it)."""
        clock_floor.raise_floor(self.state_path, issued_at)

    def _skew(self, skew_s: int | None) -> int:
        """The tolerated clock difference: the one given, else station.json's (60 s when it can't be read)."""
        if skew_s is not None:
            return skew_s
        from verifier_app.station.config import load_config

        try:
            return load_config(self.data_dir).clock_skew_s
        except VerifierError:
            return 60


def is_status_file(data: bytes) -> bool:
    """A status list or delta (by its signed header), as opposed to a trust bundle."""
    return status_kind_of(data) is not None
