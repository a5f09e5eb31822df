"""A test/pilot issuing authority kept in a folder of PEM files.

    authority.json            code, name, algorithm, last bundle sequence
    root-cert.pem / -key.pem  the root CA (ECDSA P-256) stations pin
    signer-cert.pem / -key.pem            signs DL1 codes (ES256 or Ed25519)
    bundle-signer-cert.pem / -key.pem     signs .dltrust bundles (ES256)

Private keys are written unencrypted with mode 0600: fine for tests and
demos, not for production (use an HSM there).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import NameOID

from verifier_app.dl1 import certs, cose
from verifier_app.atomic import atomic_write
from verifier_app.dl1.bundle import BundleContent, DocumentStatus, sign_bundle
from verifier_app.dl1.credential import Licence, Presentation, StatusReference, encode_qr_text
from verifier_app.dl1 import cbor
from verifier_app.errors import IssuerError

ALGORITHMS = ("es256", "ed25519")
MAX_TTL_S = 300
_FILES = {
    "root": ("root-cert.pem", "root-key.pem"),
    "signer": ("signer-cert.pem", "signer-key.pem"),
    "bundle": ("bundle-signer-cert.pem", "bundle-signer-key.pem"),
}


def new_key(algorithm: str) -> Any:
    if algorithm == "es256":
        return ec.generate_private_key(ec.SECP256R1())
    if algorithm == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    raise IssuerError(f"unknown algorithm {algorithm!r}", "Use es256 or ed25519.")


def _name(code: str, name: str, role: str, country: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, country),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
            x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, code),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{code} {role}"),
        ]
    )


def _sign(builder: x509.CertificateBuilder, issuer_key: Any, deterministic: bool) -> x509.Certificate:
    if isinstance(issuer_key, ed25519.Ed25519PrivateKey):
        return builder.sign(issuer_key, None)
    if deterministic:  # RFC 6979: reproducible certificates for test vectors
        return builder.sign(issuer_key, hashes.SHA256(), ecdsa_deterministic=True)
    return builder.sign(issuer_key, hashes.SHA256())


def make_root(
    code: str,
    name: str,
    *,
    now: dt.datetime,
    years: int = 20,
    country: str = "CN",
    key: Any = None,
    serial: int | None = None,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
    deterministic: bool = False,
) -> tuple[Any, x509.Certificate]:
    """The root CA profile; ``key``, ``serial``, validity and signing can be fixed (test vectors)."""
    key = key or ec.generate_private_key(ec.SECP256R1())
    subject = _name(code, name, "root CA", country)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(serial or x509.random_serial_number())
        .not_valid_before(not_before or now - dt.timedelta(days=1))
        .not_valid_after(not_after or now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    return key, _sign(builder, key, deterministic)


def make_leaf(
    root_key: Any,
    root_cert: x509.Certificate,
    *,
    code: str,
    name: str,
    role: str,
    usage: x509.ObjectIdentifier,
    not_before: dt.datetime,
    not_after: dt.datetime,
    algorithm: str = "es256",
    country: str = "CN",
    key: Any = None,
    serial: int | None = None,
    deterministic: bool = False,
) -> tuple[Any, x509.Certificate]:
    """A signer certificate under ``root_cert`` (tests use it for odd cases too)."""
    key = key or new_key(algorithm)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(code, name, role, country))
        .issuer_name(root_cert.subject)
        .public_key(key.public_key())
        .serial_number(serial or x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True
        )
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        .add_extension(
            # The root's key is an Ed25519 or EC key this toolkit made; the stub's union is wider than the call's.
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_cert.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
    )
    return key, _sign(builder, root_key, deterministic)


def _key_pem(key: Any) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def _cert_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


@dataclass
class Authority:
    directory: Path
    code: str
    name: str
    algorithm: str
    last_sequence: int
    root_key: Any
    root_cert: x509.Certificate
    signer_key: Any
    signer_cert: x509.Certificate
    bundle_key: Any
    bundle_cert: x509.Certificate

    # ------------------------------------------------------------- create/load

    @classmethod
    def create(
        cls,
        directory: str | os.PathLike[str],
        *,
        code: str,
        name: str,
        algorithm: str = "es256",
        now: dt.datetime,
        signer_years: int = 3,
    ) -> "Authority":
        folder = Path(directory)
        if (folder / "root-key.pem").exists() or (folder / "authority.json").exists():
            raise IssuerError(f"{folder} already holds an authority; its keys were left untouched.",
                              "Choose an empty folder.")
        if algorithm not in ALGORITHMS:
            raise IssuerError(f"unknown algorithm {algorithm!r}", "Use es256 or ed25519.")
        if not code or len(code) > 32 or not code.isascii() or not code.replace("-", "").isalnum():
            raise IssuerError(f"authority code {code!r} is not like CN-BJ", "Use letters, digits and hyphens.")
        root_key, root_cert = make_root(code, name, now=now)
        until = now + dt.timedelta(days=365 * signer_years)
        begin = now - dt.timedelta(days=1)
        signer_key, signer_cert = make_leaf(root_key, root_cert, code=code, name=name, role="document signer",
                                            usage=certs.EKU_CREDENTIAL_SIGNING, algorithm=algorithm,
                                            not_before=begin, not_after=until)
        bundle_key, bundle_cert = make_leaf(root_key, root_cert, code=code, name=name, role="trust bundle signer",
                                            usage=certs.EKU_TRUST_BUNDLE_SIGNING, algorithm="es256",
                                            not_before=begin, not_after=until)
        authority = cls(folder, code, name, algorithm, 0, root_key, root_cert,
                        signer_key, signer_cert, bundle_key, bundle_cert)
        for role, (cert_file, key_file) in _FILES.items():
            key, cert = authority._pair(role)
            atomic_write(folder / key_file, _key_pem(key), mode=0o600)
            atomic_write(folder / cert_file, _cert_pem(cert))
        authority._save_meta()
        return authority

    def _pair(self, role: str) -> tuple[Any, x509.Certificate]:
        return {
            "root": (self.root_key, self.root_cert),
            "signer": (self.signer_key, self.signer_cert),
            "bundle": (self.bundle_key, self.bundle_cert),
        }[role]

    @classmethod
    def load(cls, directory: str | os.PathLike[str]) -> "Authority":
        folder = Path(directory)
        try:
            meta = json.loads((folder / "authority.json").read_text("utf-8"))
            loaded = {}
            for role, (cert_file, key_file) in _FILES.items():
                cert = x509.load_pem_x509_certificate((folder / cert_file).read_bytes())
                key = serialization.load_pem_private_key((folder / key_file).read_bytes(), password=None)
                loaded[role] = (key, cert)
            return cls(folder, meta["code"], meta["name"], meta["algorithm"], int(meta.get("last_sequence", 0)),
                       *loaded["root"], *loaded["signer"], *loaded["bundle"])
        except FileNotFoundError as exc:
            raise IssuerError(f"{folder} is not an authority folder ({Path(exc.filename).name} is missing).",
                              "Create one with: verifier-issuer init-authority DIR --code CODE --name NAME") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise IssuerError(f"{folder}: an authority file is damaged ({exc}).",
                              "Restore the folder from your backup.") from None

    def _save_meta(self) -> None:
        meta = {"format": 1, "code": self.code, "name": self.name, "algorithm": self.algorithm,
                "last_sequence": self.last_sequence}
        atomic_write(self.directory / "authority.json", (json.dumps(meta, indent=2, ensure_ascii=False) + "\n").encode())

    # ------------------------------------------------------------- products

    def make_bundle(
        self,
        *,
        now: dt.datetime,
        sequence: int | None = None,
        valid_days: float = 7,
        revoked_kids: Iterable[bytes] = (),
        documents: Mapping[str, DocumentStatus] | None = None,
        extra_signers: Iterable[x509.Certificate] = (),
        bundle_signer: tuple[Any, x509.Certificate] | None = None,
    ) -> bytes:
        """A signed .dltrust; the sequence defaults to one past the last one made.

        ``now`` is its ``issued_at``.  ``bundle_signer`` (key, certificate) signs it instead of the
        authority's bundle signer: tests use an old or retired one (``make_bundle_signer``).
        """
        seq = self.last_sequence + 1 if sequence is None else sequence
        if seq < 1:
            raise IssuerError("the bundle sequence must be 1 or more")
        if valid_days <= 0:
            raise IssuerError("--valid-days must be positive")
        issued = int(now.timestamp())
        content = BundleContent(
            authority=self.code,
            sequence=seq,
            issued_at=issued,
            next_update=issued + int(valid_days * 86400),
            signers=(self.signer_cert, *extra_signers),
            revoked_kids=frozenset(revoked_kids),
            documents=dict(documents or {}),
        )
        key, cert = bundle_signer or (self.bundle_key, self.bundle_cert)
        data = sign_bundle(content, key, cert)
        if seq > self.last_sequence:
            self.last_sequence = seq
            self._save_meta()
        return data

    def make_bundle_signer(self, *, not_before: dt.datetime, not_after: dt.datetime) -> tuple[Any, x509.Certificate]:
        """Another trust-bundle-signing key and certificate under this authority's root (not saved).

        For tests and key rotation drills: a key that expired, or one a later bundle revokes.
        """
        return make_leaf(self.root_key, self.root_cert, code=self.code, name=self.name, role="trust bundle signer",
                         usage=certs.EKU_TRUST_BUNDLE_SIGNING, not_before=not_before, not_after=not_after)

    def issue(
        self,
        licence: Licence,
        *,
        at: dt.datetime,
        ttl_s: int = MAX_TTL_S,
        presentation_id: bytes | None = None,
        status_ref: StatusReference | None = None,
    ) -> str:
        """The QR text of a freshly generated, signed DL1 code (pointing into a status list when given)."""
        if not 0 < ttl_s <= MAX_TTL_S:
            raise IssuerError(f"--ttl must be between 1 and {MAX_TTL_S} seconds")
        iat = int(at.timestamp())
        presentation = Presentation(
            issuer=self.code,
            issued_at=iat,
            expires_at=iat + ttl_s,
            presentation_id=presentation_id or secrets.token_bytes(16),
            licence=licence,
            status_ref=status_ref,
        )
        return sign_claims(presentation.to_claims(), self.signer_key, self.signer_cert)


def sign_claims(claims: Mapping[Any, Any], key: Any, cert: x509.Certificate, **protected: Any) -> str:
    """Sign any claims map as a DL1 QR text (tests use this to make odd codes)."""
    protected.setdefault("tagged", True)  # tag 18: optional to readers, helps other COSE libraries
    message = cose.sign1(cbor.dumps(dict(claims)), key, kid=certs.kid_of(cert), **protected)
    return encode_qr_text(message)
