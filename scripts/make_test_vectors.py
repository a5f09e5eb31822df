"""Generate the DL1 test vectors: tests/vectors/dl1-vectors.json.

    python scripts/make_test_vectors.py [--out PATH]

Everything is fixed, so two runs write byte-identical files:

- keys come from fixed labels (an Ed25519 seed or a P-256/P-384 private
  scalar is SHA-256 over the label), and their values are written into the
  file so other implementations need not repeat the derivation;
- ECDSA signatures (certificates, trust bundles, ES256 codes) use RFC 6979
  deterministic nonces (cryptography >= 44); Ed25519 is deterministic anyway;
- certificate dates, serial numbers, times and the presentation id are
  constants below.

The compressed layer is made with Python's zlib at level 9, as the issuer
does.  Another zlib build may compress differently (the COSE bytes inside
stay the same), so compare decoded layers, not compressed bytes, across
implementations.  The portrait vector embeds resources/sample-portrait.jpg.

The *expected* verdicts and reason codes are written here by hand from the
specification (docs/format.md); they are not computed by running the
verifier.  tests/test_vectors.py checks the verifier against them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import inspect
import json
import struct
import sys
import zlib
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from verifier_app.dl1 import cbor, certs, cose  # noqa: E402
from verifier_app.dl1.base45 import b45encode  # noqa: E402
from verifier_app.dl1.credential import QR_PREFIX, encode_qr_text  # noqa: E402
from verifier_app.issuer import authority  # noqa: E402
from verifier_app.issuer.authority import sign_claims  # noqa: E402

DEFAULT_OUT = ROOT / "tests" / "vectors" / "dl1-vectors.json"
PORTRAIT = ROOT / "resources" / "sample-portrait.jpg"

if "deterministic_signing" not in inspect.signature(ec.ECDSA.__init__).parameters:
    sys.exit("cryptography >= 44 is needed (RFC 6979 deterministic ECDSA); upgrade it and run again.")

UTC = dt.timezone.utc


def ts(text: str) -> int:
    return int(dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def iso(seconds: int) -> str:
    return dt.datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ------------------------------------------------------------------ constants

AUTHORITY_CODE = "CN-BJ"
AUTHORITY_NAME = "DL1 Test Vector Authority"
IAT = ts("2026-11-25T02:00:00Z")
TTL = 300
CTI = bytes.fromhex("00112233445566778899aabbccddeeff")
BUNDLE_ISSUED = ts("2026-11-20T00:00:00Z")
BUNDLE_NEXT = ts("2026-11-27T00:00:00Z")
CERT_FROM = dt.datetime(2026, 1, 1, tzinfo=UTC)
ROOT_UNTIL = dt.datetime(2046, 1, 1, tzinfo=UTC)
SIGNER_UNTIL = dt.datetime(2029, 1, 1, tzinfo=UTC)

P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
P384_N = int(
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973", 16
)

BASE_LICENCE: dict[str, Any] = {
    "document_number": "BJ2026000001",
    "family_name": "王",
    "given_name": "小明",
    "birth_date": "1990-03-07",
    "sex": 1,
    "issuing_country": "CN",
    "issuing_authority": "北京市公安局公安交通管理局",
    "issue_date": "2022-06-01",
    "expiry_date": "2032-06-01",
    "driving_privileges": [
        {"vehicle_category_code": "C1", "issue_date": "2016-06-01", "expiry_date": "2032-06-01"},
        {"vehicle_category_code": "D", "issue_date": "2018-09-12", "expiry_date": "2032-06-01"},
    ],
    "status": "valid",
}


# ----------------------------------------------------------------------- keys


def _seed(label: str) -> bytes:
    return hashlib.sha256(f"DL1 test vector key: {label}".encode()).digest()


def ed25519_key(label: str) -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.from_private_bytes(_seed(label))


def p256_key(label: str) -> ec.EllipticCurvePrivateKey:
    scalar = int.from_bytes(_seed(label), "big") % (P256_N - 1) + 1
    return ec.derive_private_key(scalar, ec.SECP256R1())


def p384_key(label: str) -> ec.EllipticCurvePrivateKey:
    scalar = int.from_bytes(hashlib.sha384(f"DL1 test vector key: {label}".encode()).digest(), "big") % (P384_N - 1) + 1
    return ec.derive_private_key(scalar, ec.SECP384R1())


def key_json(key: Any) -> dict[str, str]:
    if isinstance(key, ed25519.Ed25519PrivateKey):
        raw = serialization.Encoding.Raw
        return {
            "type": "Ed25519",
            "seed_hex": key.private_bytes(raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()).hex(),
            "public_key_hex": key.public_key().public_bytes(raw, serialization.PublicFormat.Raw).hex(),
        }
    curve = key.curve.name
    size = (key.curve.key_size + 7) // 8
    return {
        "type": {"secp256r1": "ECDSA P-256", "secp384r1": "ECDSA P-384"}[curve],
        "private_scalar_hex": key.private_numbers().private_value.to_bytes(size, "big").hex(),
        "public_key_hex": key.public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        .hex(),
    }


# ---------------------------------------------------------------- certificates
# The issuer toolkit's own certificate profile (verifier_app/issuer/authority.py),
# with fixed keys, serial numbers, dates and deterministic signatures.


def make_root(key: Any, *, code: str, name: str, serial: int) -> x509.Certificate:
    return authority.make_root(code, name, now=CERT_FROM, key=key, serial=serial, not_before=CERT_FROM,
                               not_after=ROOT_UNTIL, deterministic=True)[1]


def make_leaf(
    key: Any,
    root_key: Any,
    root_cert: x509.Certificate,
    *,
    code: str,
    name: str,
    role: str,
    usage: x509.ObjectIdentifier,
    serial: int,
    not_before: dt.datetime = CERT_FROM,
    not_after: dt.datetime = SIGNER_UNTIL,
) -> x509.Certificate:
    return authority.make_leaf(root_key, root_cert, code=code, name=name, role=role, usage=usage,
                               not_before=not_before, not_after=not_after, key=key, serial=serial,
                               deterministic=True)[1]


def pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


# ------------------------------------------------------------------------ COSE


def signature_for(alg: int, key: Any, tbs: bytes) -> bytes:
    if alg == -8:
        return key.sign(tbs)
    hash_alg, size = {-7: (hashes.SHA256(), 32), -35: (hashes.SHA384(), 48)}[alg]
    r, s = decode_dss_signature(key.sign(tbs, ec.ECDSA(hash_alg, deterministic_signing=True)))
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def alg_of(key: Any) -> int:
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return -8
    return {"secp256r1": -7, "secp384r1": -35}[key.curve.name]


class Sign1Parts:
    """A COSE_Sign1 built piece by piece, so odd vectors can bend any piece."""

    def __init__(
        self,
        payload: bytes,
        key: Any,
        *,
        protected: dict[int, Any] | None = None,
        unprotected: dict[int, Any] | None = None,
        tagged: bool = False,
        outer_tag: int | None = None,
    ) -> None:
        self.protected_bytes = cbor.dumps(protected) if protected else b""
        self.unprotected = dict(unprotected or {})
        self.payload = payload
        self.to_be_signed = cose.sig_structure(self.protected_bytes, payload)
        alg = (protected or {}).get(cose.ALG, alg_of(key))
        self.signature = signature_for(alg, key, self.to_be_signed)
        self.tagged = tagged
        self.outer_tag = outer_tag

    def encode(self) -> bytes:
        item: Any = [self.protected_bytes, self.unprotected, self.payload, self.signature]
        if self.tagged:
            item = cbor.Tag(cose.COSE_SIGN1_TAG, item)
        if self.outer_tag is not None:
            item = cbor.Tag(self.outer_tag, item)
        return cbor.dumps(item)


# ------------------------------------------------------------ CBOR diagnostic


def diag(data: bytes) -> str:
    """RFC 8949 §8 diagnostic notation of one CBOR item, written leniently.

    Lenient on purpose: it also prints what the DL1 profile refuses
    (duplicate keys, floats, indefinite lengths), so odd vectors can show it.
    """
    text, end = _diag(data, 0)
    if end != len(data):
        text += f" <{len(data) - end} trailing bytes>"
    return text


def _diag(data: bytes, pos: int) -> tuple[str, int]:
    initial = data[pos]
    pos += 1
    major, info = initial >> 5, initial & 0x1F
    if major == 7:
        if info in (25, 26, 27):
            size = 1 << (info - 24)
            raw = data[pos : pos + size]
            value = struct.unpack({2: ">e", 4: ">f", 8: ">d"}[size], raw)[0]
            return repr(value), pos + size
        if info < 24:
            return {20: "false", 21: "true", 22: "null", 23: "undefined"}.get(info, f"simple({info})"), pos
        if info == 24:
            return f"simple({data[pos]})", pos + 1
        return "<break>", pos
    if info == 31:
        if major in (2, 3):
            raise ValueError("indefinite strings are not used by the vectors")
        parts = []
        while data[pos] != 0xFF:
            if major == 4:
                item, pos = _diag(data, pos)
                parts.append(item)
            else:
                key, pos = _diag(data, pos)
                value, pos = _diag(data, pos)
                parts.append(f"{key}: {value}")
        pos += 1
        return ("[_ " + ", ".join(parts) + "]") if major == 4 else ("{_ " + ", ".join(parts) + "}"), pos
    if info < 24:
        n = info
    else:
        size = 1 << (info - 24)
        n = int.from_bytes(data[pos : pos + size], "big")
        pos += size
    if major == 0:
        return str(n), pos
    if major == 1:
        return str(-1 - n), pos
    if major == 2:
        return f"h'{data[pos : pos + n].hex()}'", pos + n
    if major == 3:
        return json.dumps(data[pos : pos + n].decode("utf-8"), ensure_ascii=False), pos + n
    if major == 4:
        parts = []
        for _ in range(n):
            item, pos = _diag(data, pos)
            parts.append(item)
        return "[" + ", ".join(parts) + "]", pos
    if major == 5:
        parts = []
        for _ in range(n):
            key, pos = _diag(data, pos)
            value, pos = _diag(data, pos)
            parts.append(f"{key}: {value}")
        return "{" + ", ".join(parts) + "}", pos
    item, pos = _diag(data, pos)
    return f"{n}({item})", pos


def raw_map(pairs: list[tuple[Any, bytes]], *, indefinite: bool = False) -> bytes:
    """A CBOR map from (key, encoded value) pairs, in the given order, duplicates allowed."""
    n = len(pairs)
    if indefinite:
        out = bytearray(b"\xbf")
    else:
        out = bytearray([0xA0 | n] if n < 24 else [0xB8, n])
    for key, encoded in pairs:
        out += cbor.dumps(key) + encoded
    if indefinite:
        out.append(0xFF)
    return bytes(out)


# ------------------------------------------------------------------- the world


class World:
    def __init__(self) -> None:
        self.keys = {
            "root": p256_key("root"),
            "signer-es256": p256_key("signer-es256"),
            "signer-eddsa": ed25519_key("signer-eddsa"),
            "bundle-signer": p256_key("bundle-signer"),
            "signer-expired": ed25519_key("signer-expired"),
            "signer-unlisted": ed25519_key("signer-unlisted"),
            "other-root": ed25519_key("other-root"),
            "signer-foreign": ed25519_key("signer-foreign"),
            "es384": p384_key("es384"),
        }
        k = self.keys
        self.root = make_root(k["root"], code=AUTHORITY_CODE, name=AUTHORITY_NAME, serial=0x1001)

        def leaf(key: str, role: str, usage: x509.ObjectIdentifier, serial: int, **kw: Any) -> x509.Certificate:
            return make_leaf(k[key], k["root"], self.root, code=AUTHORITY_CODE, name=AUTHORITY_NAME,
                             role=role, usage=usage, serial=serial, **kw)

        signing, bundling = certs.EKU_CREDENTIAL_SIGNING, certs.EKU_TRUST_BUNDLE_SIGNING
        self.other_root = make_root(k["other-root"], code="XX-OT", name="Some Other Authority", serial=0x1002)
        self.certs = {
            "root": self.root,
            "signer-es256": leaf("signer-es256", "document signer", signing, 0x2001),
            "signer-eddsa": leaf("signer-eddsa", "document signer", signing, 0x2002),
            "bundle-signer": leaf("bundle-signer", "trust bundle signer", bundling, 0x3001),
            "signer-expired": leaf("signer-expired", "document signer", signing, 0x2003,
                                   not_before=dt.datetime(2023, 1, 1, tzinfo=UTC),
                                   not_after=dt.datetime(2026, 1, 1, tzinfo=UTC)),
            "signer-unlisted": leaf("signer-unlisted", "document signer", signing, 0x2004),
            "other-root": self.other_root,
            "signer-foreign": make_leaf(k["signer-foreign"], k["other-root"], self.other_root, code="XX-OT",
                                        name="Some Other Authority", role="document signer", usage=signing,
                                        serial=0x2005),
        }
        c = self.certs
        main_signers = [c["signer-es256"], c["signer-eddsa"]]
        self.bundles: dict[str, dict[str, Any]] = {}
        self.add_bundle("main", "the authority's current bundle: the ES256 and EdDSA document signers",
                        sequence=1, signers=main_signers)
        self.add_bundle("listed", "as main, and the status list marks BJ2026000001 suspended since 2026-11-10",
                        sequence=2, signers=main_signers,
                        documents=[{"document_number": "BJ2026000001", "status": "suspended", "since": "2026-11-10"}])
        self.add_bundle("revoked", "as main, but the ES256 document signer's kid is revoked",
                        sequence=2, signers=main_signers, revoked=[certs.kid_of(c["signer-es256"])])
        self.add_bundle("odd-signers",
                        "as main, plus three certificates no code may be accepted under: an expired document "
                        "signer, a document signer of another (not installed) root, and the trust bundle signer",
                        sequence=2, signers=[*main_signers, c["signer-expired"], c["signer-foreign"], c["bundle-signer"]])

    def add_bundle(self, name: str, description: str, *, sequence: int, signers: list[x509.Certificate],
                   revoked: list[bytes] = (), documents: list[dict[str, str]] = ()) -> None:
        payload = cbor.dumps({
            "format": "DLTRUST1",
            "authority": AUTHORITY_CODE,
            "sequence": sequence,
            "issued_at": BUNDLE_ISSUED,
            "next_update": BUNDLE_NEXT,
            "signers": [der(s) for s in signers],
            "revoked_signers": sorted(revoked),
            "documents": list(documents),
        })
        signer = self.certs["bundle-signer"]
        parts = Sign1Parts(payload, self.keys["bundle-signer"],
                           protected={cose.ALG: -7, cose.KID: certs.kid_of(signer), cose.X5CHAIN: der(signer)},
                           tagged=True)
        data = parts.encode()
        self.bundles[name] = {
            "description": description,
            "hex": data.hex(),
            "sha256": hashlib.sha256(data).hexdigest(),
            "protected_diag": diag(parts.protected_bytes),
            "payload_diag": diag(payload),
        }


WORLD = World()


# --------------------------------------------------------------------- claims


def licence(**changes: Any) -> dict[str, Any]:
    out = json.loads(json.dumps(BASE_LICENCE))
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def claims(*, iss: str = AUTHORITY_CODE, iat: int = IAT, exp: int | None = None, cti: bytes = CTI,
           lic: dict[str, Any] | None = None) -> dict[int, Any]:
    return {1: iss, 6: iat, 4: iat + TTL if exp is None else exp, 7: cti, -65537: lic or licence()}


def claims_raw(**kw: Any) -> bytes:
    return cbor.dumps(claims(**kw))


# --------------------------------------------------------------------- vectors

VECTORS: list[dict[str, Any]] = []


def _reasons(codes: list[str]) -> list[dict[str, str]]:
    severity = {"barcode_only": "limitation", "no_trust_installed": "limitation", "trust_bundle_stale": "warning"}
    return [{"code": c, "severity": severity.get(c, "error")} for c in codes]


def expect(verdict: str, codes: list[str], *, kind: str, licence_shown: bool = False,
           document_number: str | None = None) -> dict[str, Any]:
    return {"verdict": verdict, "kind": kind, "reasons": _reasons(codes),
            "licence_shown": licence_shown, "document_number": document_number}


def valid_qr(codes: list[str] = (), verdict: str = "valid") -> dict[str, Any]:
    return expect(verdict, list(codes), kind="qr", licence_shown=True, document_number="BJ2026000001")


def rejected_qr(code: str, *, verdict: str = "invalid") -> dict[str, Any]:
    return expect(verdict, [code], kind="qr")


def unparsed(code: str) -> dict[str, Any]:
    return expect("invalid", [code], kind="unknown")


def add(
    name: str,
    description: str,
    expected: dict[str, Any],
    *,
    text: str | None = None,
    parts: Sign1Parts | None = None,
    signer: str | None = None,
    bundle: str | None = "main",
    now: int = IAT + 30,
    policy: dict[str, Any] | None = None,
    station_state: dict[str, int] | None = None,
    prefix: str = QR_PREFIX,
    compressed: bytes | None = None,
) -> dict[str, Any]:
    vector: dict[str, Any] = {"name": name, "description": description, "now": iso(now)}
    vector["policy"] = {"max_qr_age_s": 180, "clock_skew_s": 60, "required_category": None, **(policy or {})}
    vector["root_pem"] = pem(WORLD.root)
    vector["signer_pem"] = pem(WORLD.certs[signer]) if signer else None
    vector["bundle"] = bundle
    vector["bundle_hex"] = WORLD.bundles[bundle]["hex"] if bundle else None
    if station_state is not None:
        vector["station_state"] = station_state
    layers: dict[str, Any] | None = None
    if parts is not None:
        message = parts.encode()
        compressed = zlib.compress(message, 9)
        text = prefix + b45encode(compressed)
        if prefix == QR_PREFIX:
            assert text == encode_qr_text(message)
        protected = cbor.loads(parts.protected_bytes) if parts.protected_bytes else {}
        kid = protected.get(cose.KID) if isinstance(protected, dict) else None
        layers = {
            "cose_sign1_hex": message.hex(),
            "zlib_hex": compressed.hex(),
            "protected_hex": parts.protected_bytes.hex(),
            "protected_diag": diag(parts.protected_bytes) if parts.protected_bytes else "",
            "unprotected_diag": diag(cbor.dumps(parts.unprotected)),
            "payload_hex": parts.payload.hex(),
            "claims_diag": diag(parts.payload),
            "to_be_signed_hex": parts.to_be_signed.hex(),
            "signature_hex": parts.signature.hex(),
            "kid_hex": kid.hex() if isinstance(kid, bytes) else None,
        }
    elif compressed is not None:
        text = prefix + b45encode(compressed)
        layers = {"zlib_hex": compressed.hex()}
    assert text is not None
    vector["text"] = text
    vector["layers"] = layers
    vector["expected"] = expected
    VECTORS.append(vector)
    return vector


def signed(payload: bytes, signer: str, *, key: str | None = None, protected: dict[int, Any] | None = None,
           tagged: bool = True, **kw: Any) -> Sign1Parts:
    """A COSE_Sign1 by ``key`` (default: the signer's own) naming ``signer`` by kid.

    Tagged (18) by default, as the issuer toolkit writes it.
    """
    private = WORLD.keys[key or signer]
    header = {cose.ALG: alg_of(private), cose.KID: certs.kid_of(WORLD.certs[signer])}
    header.update(protected or {})
    header = {k: v for k, v in header.items() if v is not None}
    parts = Sign1Parts(payload, private, protected=header, tagged=tagged, **kw)
    if isinstance(private, ed25519.Ed25519PrivateKey) and protected is None and not kw:
        # Self-check: the same bytes as the verifier package's own COSE code.
        assert parts.encode() == cose.sign1(payload, private, kid=header[cose.KID], tagged=tagged)
    return parts


def build() -> None:
    VECTORS.clear()
    es, ed = "signer-es256", "signer-eddsa"
    good = claims_raw()

    # -- valid codes ---------------------------------------------------------
    add("valid-es256", "A valid code signed with ES256 (RFC 6979 deterministic ECDSA), scanned 30 s after generation.",
        valid_qr(), parts=signed(good, es), signer=es)
    vector = add("valid-eddsa", "A valid code signed with EdDSA (Ed25519), scanned 30 s after generation. "
                 "This is the vector shown in docs/format.md.", valid_qr(), parts=signed(good, ed), signer=ed)
    # Self-check: exactly what the issuer toolkit writes for these claims.
    assert vector["text"] == sign_claims(claims(), WORLD.keys[ed], WORLD.certs[ed])
    add("valid-eddsa-untagged", "As valid-eddsa, without the COSE_Sign1 tag 18 (optional for readers).",
        valid_qr(), parts=signed(good, ed, tagged=False), signer=ed)
    portrait = PORTRAIT.read_bytes()
    add("valid-with-portrait", "A valid EdDSA code whose licence carries a portrait (resources/sample-portrait.jpg).",
        valid_qr(), parts=signed(claims_raw(lic=licence(portrait=None) | {"portrait": portrait}), ed), signer=ed)
    minimal = {k: v for k, v in BASE_LICENCE.items() if k != "sex"}
    minimal["driving_privileges"] = [{"vehicle_category_code": "C1"}]
    add("valid-minimal-licence", "A valid code whose licence has only the required fields "
        "(no sex, no portrait, a privilege without dates).",
        valid_qr(), parts=signed(claims_raw(lic=minimal), ed), signer=ed)
    codes_lic = licence(driving_privileges=[{"vehicle_category_code": "C1", "codes": [
        {"code": "01", "sign": "=", "value": "02"}, {"code": "78"}]}])
    add("valid-restriction-codes", "A valid code whose privilege carries restriction codes.",
        valid_qr(), parts=signed(claims_raw(lic=codes_lic), ed), signer=ed)
    add("valid-unknown-fields", "Unknown claims (2 sub, 5 nbf) and an unknown licence field are ignored.",
        valid_qr(), parts=signed(cbor.dumps(claims(lic=licence() | {"nationality": "CN"}) | {2: "x", 5: IAT + 9999}),
                                 ed), signer=ed)

    # -- layers: prefix, Base45, zlib ----------------------------------------
    ed_valid = signed(good, ed)
    add("prefix-unknown", "Not a DL1 prefix: malformed.", unparsed("malformed"),
        parts=ed_valid, signer=ed, prefix="HC1:")
    add("prefix-lowercase", "The prefix is case-sensitive: malformed.", unparsed("malformed"),
        parts=ed_valid, signer=ed, prefix="dl1:")
    add("prefix-future-version", "DL<digit>: other than DL1: is a format version this verifier does not "
        "support.", unparsed("unsupported_format"), parts=ed_valid, signer=ed, prefix="DL2:")
    add("base45-dangling", "Base45 text whose length is 1 modulo 3.", unparsed("malformed"), text="DL1:ABCD")
    add("base45-bad-character", "A character outside the Base45 alphabet (lower case).", unparsed("malformed"),
        text="DL1:" + b45encode(zlib.compress(ed_valid.encode(), 9)).lower())
    add("base45-triplet-overflow", "A Base45 triplet above 65535 (GGW = 16 + 16*45 + 32*2025).",
        unparsed("malformed"), text="DL1:GGW")
    raw_deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    add("zlib-raw-deflate", "Raw DEFLATE without the RFC 1950 zlib header.", unparsed("malformed"),
        compressed=raw_deflate.compress(ed_valid.encode()) + raw_deflate.flush())
    add("zlib-bomb", "zlib data that inflates to 16385 bytes, one over the 16 KiB cap.", unparsed("malformed"),
        compressed=zlib.compress(bytes(16385), 9))
    add("zlib-truncated", "zlib data missing its last 4 bytes (the Adler-32 checksum).", unparsed("malformed"),
        compressed=zlib.compress(ed_valid.encode(), 9)[:-4])
    add("zlib-trailing-bytes", "Extra bytes after the end of the zlib stream.", unparsed("malformed"),
        compressed=zlib.compress(ed_valid.encode(), 9) + b"\x00")

    # -- COSE ----------------------------------------------------------------
    add("cose-other-tag", "The COSE_Sign1 wrapped in the CWT tag 61: only tag 18 (or none) is accepted.",
        unparsed("unsupported_format"), parts=signed(good, ed, outer_tag=61), signer=ed)
    add("alg-es384", "Algorithm -35 (ES384, a real P-384 signature): not one of the two DL1 algorithms.",
        unparsed("unsupported_format"), parts=signed(good, ed, key="es384"), signer=ed)
    add("alg-unprotected", "The algorithm is only in the unprotected header.", unparsed("unsupported_format"),
        parts=signed(good, ed, protected={cose.ALG: None}, unprotected={cose.ALG: -8}), signer=ed)
    add("kid-unprotected", "The key id is only in the unprotected header.", unparsed("unsupported_format"),
        parts=signed(good, ed, protected={cose.KID: None}, unprotected={cose.KID: certs.kid_of(WORLD.certs[ed])}),
        signer=ed)
    add("kid-missing", "No key id at all.", unparsed("malformed"),
        parts=signed(good, ed, protected={cose.KID: None}), signer=ed)
    add("kid-wrong-length", "A 16-byte key id (DL1 key ids are 8 bytes).", unparsed("malformed"),
        parts=signed(good, ed, protected={cose.KID: hashlib.sha256(der(WORLD.certs[ed])).digest()[:16]}),
        signer=ed)
    add("label-in-both-headers", "The content type (3) in both the protected and the unprotected header.",
        unparsed("malformed"), parts=signed(good, ed, protected={cose.CONTENT_TYPE: 61},
                                            unprotected={cose.CONTENT_TYPE: 61}), signer=ed)
    add("crit-unknown", "crit names label -70000, which DL1 does not understand.", unparsed("unsupported_format"),
        parts=signed(good, ed, protected={cose.CRIT: [-70000], -70000: 1}), signer=ed)
    add("payload-detached", "A nil (detached) payload: DL1 always embeds the claims.", unparsed("malformed"),
        text=encode_qr_text(cbor.dumps(cbor.Tag(18, [ed_valid.protected_bytes, {}, None, ed_valid.signature]))))

    # -- claims and the strict CBOR profile ----------------------------------
    add("lifetime-over-300", "exp = iat + 301: a code may live at most 300 s.", unparsed("malformed"),
        parts=signed(claims_raw(exp=IAT + 301), ed), signer=ed)
    add("exp-before-iat", "exp earlier than iat.", unparsed("malformed"),
        parts=signed(claims_raw(exp=IAT - 1), ed), signer=ed)
    add("cti-wrong-length", "An 8-byte presentation id (cti must be 16 bytes).", unparsed("malformed"),
        parts=signed(claims_raw(cti=CTI[:8]), ed), signer=ed)
    add("claims-duplicate-key", "Claim 1 (iss) appears twice, CN-BJ and CN-SH: a duplicate map key is refused.",
        unparsed("malformed"), parts=signed(raw_map([
            (1, cbor.dumps("CN-BJ")), (1, cbor.dumps("CN-SH")), (4, cbor.dumps(IAT + TTL)), (6, cbor.dumps(IAT)),
            (7, cbor.dumps(CTI)), (-65537, cbor.dumps(licence()))]), ed), signer=ed)
    add("claims-float-iat", "iat as a 64-bit float: floats are refused.", unparsed("malformed"),
        parts=signed(raw_map([
            (1, cbor.dumps("CN-BJ")), (4, cbor.dumps(IAT + TTL)), (6, b"\xfb" + struct.pack(">d", float(IAT))),
            (7, cbor.dumps(CTI)), (-65537, cbor.dumps(licence()))]), ed), signer=ed)
    add("claims-indefinite-map", "The claims as an indefinite-length map: refused.", unparsed("malformed"),
        parts=signed(raw_map([
            (1, cbor.dumps("CN-BJ")), (4, cbor.dumps(IAT + TTL)), (6, cbor.dumps(IAT)),
            (7, cbor.dumps(CTI)), (-65537, cbor.dumps(licence()))], indefinite=True), ed), signer=ed)
    add("name-bidi-override", "family_name holds U+202E RIGHT-TO-LEFT OVERRIDE: format characters are refused.",
        unparsed("malformed"), parts=signed(claims_raw(lic=licence(family_name="\u202e王")), ed), signer=ed)
    add("document-number-lowercase", "A document number with lower-case letters.", unparsed("malformed"),
        parts=signed(claims_raw(lic=licence(document_number="bj2026000001")), ed), signer=ed)
    add("status-unknown", "A status that is not one of the six DL1 statuses.", unparsed("malformed"),
        parts=signed(claims_raw(lic=licence(status="lost")), ed), signer=ed)
    add("portrait-too-large", "A portrait of 4097 bytes (the limit is 4096).", unparsed("malformed"),
        parts=signed(claims_raw(lic=licence() | {"portrait": b"\xff\xd8" + bytes(4095)}), ed), signer=ed)
    add("date-not-iso", "birth_date written 07/03/1990.", unparsed("malformed"),
        parts=signed(claims_raw(lic=licence(birth_date="07/03/1990")), ed), signer=ed)
    add("no-privileges", "An empty driving_privileges array.", unparsed("malformed"),
        parts=signed(claims_raw(lic=licence(driving_privileges=[])), ed), signer=ed)

    # -- authenticity ----------------------------------------------------------
    tampered = signed(good, es)
    tampered.signature = tampered.signature[:-1] + bytes([tampered.signature[-1] ^ 0x01])
    add("signature-tampered", "valid-es256 with the last signature byte changed.",
        rejected_qr("signature_invalid"), parts=tampered, signer=es)
    altered = signed(good, ed)
    altered.payload = claims_raw(lic=licence(given_name="小红"))
    altered.to_be_signed = cose.sig_structure(altered.protected_bytes, altered.payload)
    add("payload-altered", "valid-eddsa with given_name changed after signing (the signature is kept).",
        rejected_qr("signature_invalid"), parts=altered, signer=ed)
    add("alg-key-mismatch", "Names the EdDSA signer by kid but says alg -7 and carries an ES256 signature "
        "made with the ES256 signer's key.", rejected_qr("signature_invalid"),
        parts=signed(good, ed, key=es), signer=ed)
    add("unknown-key", "Signed by a genuine document signer of the authority that is not listed in the "
        "installed bundle.", rejected_qr("unknown_key"), parts=signed(good, "signer-unlisted"),
        signer="signer-unlisted")
    add("no-trust-bundle", "valid-eddsa on a station with the root installed but no bundle imported.",
        rejected_qr("no_trust_installed", verdict="unverified"), parts=ed_valid, signer=ed, bundle=None)
    add("signer-revoked", "valid-es256 against a bundle that revokes the ES256 signer's kid.",
        rejected_qr("signer_revoked"), parts=signed(good, es), signer=es, bundle="revoked")
    add("signer-expired", "Signed by a document signer whose certificate ended 2026-01-01, before iat.",
        rejected_qr("signer_not_valid_at_iat"), parts=signed(good, "signer-expired"), signer="signer-expired",
        bundle="odd-signers")
    add("signer-foreign-root", "Signed by a document signer of another root that is listed in the bundle but "
        "whose root is not installed.", rejected_qr("untrusted_chain"),
        parts=signed(claims_raw(iss="XX-OT"), "signer-foreign"), signer="signer-foreign", bundle="odd-signers")
    add("signer-wrong-usage", "Signed by the trust bundle signer (listed in the bundle): its certificate lacks "
        "the credential-signing usage.", rejected_qr("untrusted_chain"),
        parts=signed(good, "bundle-signer"), signer="bundle-signer", bundle="odd-signers")
    add("issuer-mismatch", "Claims iss CN-SH but is signed by a CN-BJ document signer.",
        rejected_qr("issuer_mismatch"), parts=signed(claims_raw(iss="CN-SH"), ed), signer=ed)

    # -- freshness ---------------------------------------------------------------
    add("stale", "valid-eddsa scanned 400 s after generation: older than 180 + 60 s, and past exp + 60 s.",
        valid_qr(["qr_stale", "presentation_expired"], "invalid"), parts=ed_valid, signer=ed, now=IAT + 400)
    add("age-at-limit", "Scanned 240 s after generation (180 s + 60 s skew): still fresh.",
        valid_qr(), parts=ed_valid, signer=ed, now=IAT + 240)
    add("age-over-limit", "Scanned 241 s after generation: stale, not yet expired.",
        valid_qr(["qr_stale"], "invalid"), parts=ed_valid, signer=ed, now=IAT + 241)
    short = signed(claims_raw(exp=IAT + 60), ed)
    add("presentation-expired", "A code with a 60 s lifetime scanned 121 s after generation (exp + 61 s).",
        valid_qr(["presentation_expired"], "invalid"), parts=short, signer=ed, now=IAT + 121)
    add("from-future-at-limit", "Scanned 60 s before its generation time: within the skew.",
        valid_qr(), parts=ed_valid, signer=ed, now=IAT - 60)
    add("from-future", "Scanned 61 s before its generation time.",
        valid_qr(["qr_from_future"], "invalid"), parts=ed_valid, signer=ed, now=IAT - 61)
    add("max-age-policy", "valid-eddsa scanned 100 s after generation with max_qr_age_s = 30 and skew 0.",
        valid_qr(["qr_stale"], "invalid"), parts=ed_valid, signer=ed, now=IAT + 100,
        policy={"max_qr_age_s": 30, "clock_skew_s": 0})

    # -- the licence -------------------------------------------------------------
    add("status-suspended", "A genuine code for a suspended licence.",
        valid_qr(["status_suspended"], "invalid"), parts=signed(claims_raw(lic=licence(status="suspended")), ed),
        signer=ed)
    for status, code in (("revoked", "status_revoked"), ("cancelled", "status_cancelled")):
        add(f"status-{status}", f"A genuine code for a {status} licence.", valid_qr([code], "invalid"),
            parts=signed(claims_raw(lic=licence(status=status)), ed), signer=ed)
    add("status-overdue-renewal", "A genuine code for a licence overdue for renewal.",
        valid_qr(["status_other"], "invalid"),
        parts=signed(claims_raw(lic=licence(status="overdue_renewal")), ed), signer=ed)
    add("status-overdue-inspection", "A genuine code for a licence overdue for inspection.",
        valid_qr(["status_other"], "invalid"),
        parts=signed(claims_raw(lic=licence(status="overdue_inspection")), ed), signer=ed)
    add("licence-expired", "A genuine code for a licence that expired on 2026-06-01.",
        valid_qr(["licence_expired"], "invalid"),
        parts=signed(claims_raw(lic=licence(expiry_date="2026-06-01")), ed), signer=ed)
    add("licence-not-yet-valid", "A genuine code for a licence valid only from 2026-12-01.",
        valid_qr(["licence_not_yet_valid"], "invalid"),
        parts=signed(claims_raw(lic=licence(issue_date="2026-12-01")), ed), signer=ed)
    add("document-listed", "valid-eddsa against a bundle whose status list marks the licence suspended.",
        valid_qr(["document_listed"], "invalid"), parts=ed_valid, signer=ed, bundle="listed")
    add("category-present", "valid-eddsa with required category c1 (compared case-insensitively).",
        valid_qr(), parts=ed_valid, signer=ed, policy={"required_category": "c1"})
    add("category-missing", "valid-eddsa with required category A1, which the licence lacks.",
        valid_qr(["category_missing"], "invalid"), parts=ed_valid, signer=ed, policy={"required_category": "A1"})
    lapsed = licence(driving_privileges=[BASE_LICENCE["driving_privileges"][0],
                                         {"vehicle_category_code": "D", "issue_date": "2018-09-12",
                                          "expiry_date": "2026-01-01"}])
    add("category-lapsed", "Required category D, whose privilege expired on 2026-01-01.",
        valid_qr(["category_missing"], "invalid"), parts=signed(claims_raw(lic=lapsed), ed), signer=ed,
        policy={"required_category": "D"})

    # -- barcode ---------------------------------------------------------------------
    add("barcode", "The Code 128 barcode text: a licence number, which proves nothing.",
        expect("unverified", ["barcode_only"], kind="barcode", document_number="BJ2026000001"),
        text="DLN:BJ2026000001")
    add("barcode-listed", "The barcode of a licence the installed bundle lists as suspended.",
        expect("invalid", ["barcode_only", "document_listed"], kind="barcode", document_number="BJ2026000001"),
        text="DLN:BJ2026000001", bundle="listed")
    add("barcode-malformed", "A barcode whose number has lower-case letters.",
        expect("invalid", ["malformed"], kind="barcode"), text="DLN:bj2026000001")

    # -- trust data and the station clock ----------------------------------------------
    late_iat = BUNDLE_NEXT + 26 * 3600  # 2026-11-28T02:00:00Z, a day after the bundle's next_update
    add("trust-bundle-stale", "A valid code scanned after the bundle's next_update: valid, with a warning.",
        valid_qr(["trust_bundle_stale"]), parts=signed(claims_raw(iat=late_iat), ed), signer=ed, now=late_iat + 30)
    add("clock-before-bundle", "valid-eddsa on a station whose clock reads 2026-11-18, before the bundle's "
        "issue time (2026-11-20) minus the skew; the code then also looks 7 days in the future.",
        valid_qr(["clock_untrusted", "qr_from_future"], "invalid"), parts=ed_valid, signer=ed,
        now=ts("2026-11-18T00:00:00Z"))
    add("clock-before-accepted", "valid-eddsa on a station that already accepted a code generated an hour "
        "later (state.json newest_accepted_iat = iat + 3600).",
        valid_qr(["clock_untrusted"], "invalid"), parts=ed_valid, signer=ed,
        station_state={"newest_accepted_iat": IAT + 3600})


def document() -> dict[str, Any]:
    build()
    names = [v["name"] for v in VECTORS]
    assert len(names) == len(set(names)), "vector names must be unique"
    return {
        "format": "DL1 test vectors",
        "version": 1,
        "generator": "scripts/make_test_vectors.py",
        "specification": "docs/format.md",
        "conventions": {
            "now": "the station clock, UTC; 'today' for licence dates is taken in UTC",
            "policy": "verifier_app.verify.policy.Policy fields; the defaults unless a vector says otherwise",
            "trust": "install root_pem, then import bundle_hex (if not null), then write station_state "
                     "(if present) as state.json; verify text at now",
            "expected.reasons": "exact list, in order: code and severity",
            "expected.licence_shown": "whether the verifier returns the licence fields (only for authentic codes)",
            "layers": "intermediate values: zlib_hex is text[4:] Base45-decoded; cose_sign1_hex is zlib_hex "
                      "inflated; the rest are the COSE_Sign1 parts",
        },
        "constants": {
            "authority_code": AUTHORITY_CODE,
            "iat": IAT,
            "iat_utc": iso(IAT),
            "exp": IAT + TTL,
            "cti_hex": CTI.hex(),
            "bundle_issued_at": BUNDLE_ISSUED,
            "bundle_next_update": BUNDLE_NEXT,
            "key_derivation": "Ed25519 seed = SHA-256('DL1 test vector key: ' + name); P-256 scalar = "
                              "SHA-256(same) mod (n - 1) + 1; P-384 uses SHA-384",
        },
        "keys": {name: key_json(key) for name, key in WORLD.keys.items()},
        "certificates": {
            name: {"pem": pem(cert), "kid_hex": certs.kid_of(cert).hex(), "sha256": certs.fingerprint(cert)}
            for name, cert in WORLD.certs.items()
        },
        "bundles": WORLD.bundles,
        "vectors": VECTORS,
    }


def render() -> bytes:
    return (json.dumps(document(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output file (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    data = render()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"wrote {len(VECTORS)} vectors to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
