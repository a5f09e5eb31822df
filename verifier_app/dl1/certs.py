"""X.509 facts the DL1 trust model relies on.

- A signer's key id (``kid``) is the first 8 bytes of SHA-256 over the DER
  of its certificate.
- The authority code (``CN-BJ``) is the subject's organizationIdentifier
  (X.520 2.5.4.97), the attribute X.520 defines for exactly this.
- Extended key usages keep the two jobs apart, so that a leaked credential
  signing key can't also sign a trust bundle that un-revokes itself.  The
  OIDs sit under a UUID arc (ITU-T X.667, 2.25), which needs no registry.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

_ARC = "2.25.165572112901656513162293267964250863667"
EKU_TRUST_BUNDLE_SIGNING = x509.ObjectIdentifier(_ARC + ".1")
EKU_CREDENTIAL_SIGNING = x509.ObjectIdentifier(_ARC + ".2")
EKU_STATUS_LIST_SIGNING = x509.ObjectIdentifier(_ARC + ".3")

KID_BYTES = 8


def kid_of(cert: x509.Certificate) -> bytes:
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).digest()[:KID_BYTES]


def fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def authority_code(cert: x509.Certificate) -> str | None:
    values = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_IDENTIFIER)
    return str(values[0].value) if values else None


def organisation(cert: x509.Certificate) -> str | None:
    values = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    return str(values[0].value) if values else None


def subject_text(cert: x509.Certificate) -> str:
    return cert.subject.rfc4514_string()


def display_name(cert: x509.Certificate) -> str:
    """Who a certificate names, in words a clerk reads: ``Shanghai Traffic Police (CN-SH) — CN-SH root CA``.

    No attribute names or OIDs (``2.5.4.97=``); ``subject_text`` keeps the full form for details.
    """
    common = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    parts = [organisation(cert) or "", f"({authority_code(cert)})" if authority_code(cert) else ""]
    head = " ".join(p for p in parts if p)
    name = str(common[0].value) if common else ""
    return " — ".join(p for p in (head, name) if p) or subject_text(cert)


def valid_at(cert: x509.Certificate, when: dt.datetime) -> bool:
    return cert.not_valid_before_utc <= when <= cert.not_valid_after_utc


def has_usage(cert: x509.Certificate, eku: x509.ObjectIdentifier) -> bool:
    try:
        usages = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return False
    try:
        key_usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return False
    return eku in usages and key_usage.digital_signature


def is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """True when ``issuer`` (a CA) signed ``cert``."""
    if cert.issuer != issuer.subject or not is_ca(issuer):
        return False
    try:
        cert.verify_directly_issued_by(issuer)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def find_issuer(cert: x509.Certificate, roots: tuple[x509.Certificate, ...]) -> x509.Certificate | None:
    for root in roots:
        if issued_by(cert, root):
            return root
    return None


def load_certificate(data: bytes) -> x509.Certificate:
    """PEM or DER; raises ValueError for anything else."""
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificate(data)
    return x509.load_der_x509_certificate(data)


def leaf_from_x5chain(value: object) -> x509.Certificate:
    """The signer's certificate from a COSE x5chain header value (one DER certificate, or a list whose
    first is the signer's).  LookupError when there is none, ValueError when it is damaged."""
    if isinstance(value, list) and value:
        value = value[0]
    if not isinstance(value, bytes):
        raise LookupError("no signer certificate")
    return load_certificate(value)
