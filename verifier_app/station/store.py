"""A verifier station's own data directory: pinned roots, bundles, clock floor.

Layout (docs/format.md has the details)::

    roots/<sha256 of DER>.pem      root certificates installed on purpose
    bundles/<root sha256>.dltrust  the newest imported bundle per root, as signed
    state.json                     {"newest_accepted_iat": int}

Every write is atomic.  Loading re-checks every bundle's signature, so a file
edited or damaged on disk is reported by name and ignored, never trusted
and never allowed to crash the station.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from verifier_app.dl1 import certs
from verifier_app.atomic import atomic_write
from verifier_app.dl1.bundle import VerifiedBundle, open_bundle
from verifier_app.dl1.credential import MAX_TIMESTAMP
from verifier_app.errors import BundleRejected, CorruptFile, RootRejected, TrustStoreError
from verifier_app.verify.trust import LoadProblem, TrustSnapshot

ENV_DATA_DIR = "VERIFIER_DATA_DIR"
APP_NAME = "dl-verifier"
_REIMPORT = "Import the authority's current trust bundle again to replace it."


def default_data_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override)
    import platformdirs  # imported late: only needed when no directory is given

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class ImportOutcome:
    bundle: VerifiedBundle
    replaced_sequence: int | None
    path: Path


class StationStore:
    def __init__(self, data_dir: str | os.PathLike[str] | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        self.roots_dir = self.data_dir / "roots"
        self.bundles_dir = self.data_dir / "bundles"
        self.state_path = self.data_dir / "state.json"

    # ------------------------------------------------------------- reading

    def load(self) -> TrustSnapshot:
        problems: list[LoadProblem] = []
        roots = self._load_roots(problems)
        bundles = self._load_bundles(roots, problems)
        newest_iat = self._load_state(problems)
        return TrustSnapshot(tuple(roots), tuple(bundles), newest_iat, tuple(problems))

    def _load_roots(self, problems: list[LoadProblem]) -> list[x509.Certificate]:
        roots = []
        for path in sorted(self.roots_dir.glob("*.pem")):
            try:
                cert = certs.load_certificate(path.read_bytes())
            except (OSError, ValueError):
                problems.append(
                    LoadProblem(str(path), "this root certificate file is damaged and is ignored.",
                                "An administrator must install the root certificate again.")
                )
                continue
            roots.append(cert)
        return roots

    def _load_bundles(self, roots: list[x509.Certificate], problems: list[LoadProblem]) -> list[VerifiedBundle]:
        bundles = []
        for path in sorted(self.bundles_dir.glob("*.dltrust")):
            try:
                bundle = open_bundle(path.read_bytes(), tuple(roots))
            except OSError as exc:
                problems.append(LoadProblem(str(path), f"can't be read ({exc.strerror}).", _REIMPORT))
                continue
            except BundleRejected as exc:
                problems.append(LoadProblem(str(path), f"is ignored: {exc.message}.", _REIMPORT))
                continue
            bundles.append(bundle)
        return bundles

    def _load_state(self, problems: list[LoadProblem]) -> int | None:
        try:
            raw = self.state_path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            problems.append(LoadProblem(str(self.state_path), f"can't be read ({exc.strerror}).", "Check the data directory's permissions."))
            return None
        try:
            value = json.loads(raw)["newest_accepted_iat"]
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_TIMESTAMP:
                raise ValueError
            return value
        except (ValueError, KeyError, TypeError):
            problems.append(
                LoadProblem(str(self.state_path), "is damaged; the clock check starts afresh.",
                            "No action needed; it is rewritten after the next valid scan.")
            )
            return None

    # ------------------------------------------------------------- changing

    def install_root(self, data: bytes) -> x509.Certificate:
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
        path = self.roots_dir / f"{certs.fingerprint(cert)}.pem"
        atomic_write(path, cert.public_bytes(serialization.Encoding.PEM))
        return cert

    def import_bundle(self, data: bytes) -> ImportOutcome:
        """Verify and install a bundle; on any refusal nothing on disk changes."""
        snapshot = self.load()
        bundle = open_bundle(data, snapshot.roots)
        installed = next((b for b in snapshot.bundles if b.root_fingerprint == bundle.root_fingerprint), None)
        if installed is not None and bundle.content.sequence <= installed.content.sequence:
            raise BundleRejected(
                f"this bundle (number {bundle.content.sequence}) is not newer than the installed one "
                f"(number {installed.content.sequence}); older bundles can't replace newer ones",
                "Ask your issuing authority for its current trust bundle.",
            )
        path = self.bundles_dir / f"{bundle.root_fingerprint}.dltrust"
        try:
            atomic_write(path, bundle.raw)
        except OSError as exc:
            raise TrustStoreError(f"can't write {path} ({exc.strerror})", "Check the data directory's permissions and free space.") from None
        return ImportOutcome(bundle, installed.content.sequence if installed else None, path)

    def record_accepted(self, issued_at: int) -> None:
        """Raise the clock floor after a valid scan (never lowers it)."""
        current = self._load_state([])
        if current is not None and current >= issued_at:
            return
        try:
            atomic_write(self.state_path, json.dumps({"newest_accepted_iat": issued_at}).encode())
        except OSError as exc:
            raise CorruptFile(str(self.state_path), f"can't be written ({exc.strerror})",
                              "Check the data directory's permissions and free space.") from None
