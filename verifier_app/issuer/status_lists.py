"""An authority's status lists and daily deltas (the issuer toolkit: tests, demos, pilots).

The status-list signer is a key of its own (``status-signer-key.pem`` / ``-cert.pem`` in the
authority's folder, made on first use under the authority's root with the status-list usage), so a
leaked list key can neither sign licence codes nor trust bundles.  A list's URI, version and size
are kept in ``status-lists.json`` beside it, so ``status-delta`` knows what it continues.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Iterable

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from verifier_app.dl1 import certs
from verifier_app.dl1 import status_list as sl
from verifier_app.dl1 import status_delta as sd
from verifier_app.errors import IssuerError, StatusListRejected
from verifier_app.issuer.authority import Authority, make_leaf
from verifier_app.atomic import atomic_write

KEY_FILE, CERT_FILE = "status-signer-key.pem", "status-signer-cert.pem"
DEFAULT_TTL_S = 86400


def default_uri(authority: Authority) -> str:
    return f"https://status.example/{authority.code.lower()}/licences"


def list_uri(authority: Authority) -> str:
    """The URI of the authority's status list (the one codes point to)."""
    return str(_state(authority).get("uri") or default_uri(authority))


def list_version(authority: Authority) -> int:
    return int(_state(authority).get("version", 0))


def status_signer(authority: Authority, *, now: dt.datetime, years: int = 3) -> tuple[Any, x509.Certificate]:
    """The authority's status-list key, made under its root the first time it is needed."""
    folder = authority.directory
    if (folder / KEY_FILE).exists() and (folder / CERT_FILE).exists():
        key = serialization.load_pem_private_key((folder / KEY_FILE).read_bytes(), password=None)
        return key, x509.load_pem_x509_certificate((folder / CERT_FILE).read_bytes())
    key, cert = make_leaf(authority.root_key, authority.root_cert, code=authority.code, name=authority.name,
                          role="status list signer", usage=certs.EKU_STATUS_LIST_SIGNING,
                          not_before=now - dt.timedelta(days=1), not_after=now + dt.timedelta(days=365 * years))
    atomic_write(folder / KEY_FILE, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                      serialization.NoEncryption()), mode=0o600)
    atomic_write(folder / CERT_FILE, cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


def read_entries(path: str | Path) -> list[tuple[int, int]]:
    """Lines ``index status`` (status as a word — revoked, suspended, cancelled — or its number)."""
    entries: list[tuple[int, int]] = []
    words = {s.licence_status.value: int(s) for s in sl.ListedStatus}
    for number, line in enumerate(Path(path).read_text("utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        try:
            index = int(parts[0])
            status = words[parts[1]] if parts[1] in words else int(parts[1])
        except (IndexError, ValueError, KeyError):
            raise IssuerError(f"{path}, line {number}: expected 'INDEX STATUS', got {line!r}",
                              "Write one entry a line, e.g. '1234 revoked'.") from None
        entries.append((index, status))
    return entries


def make_status_list(authority: Authority, *, size: int, entries: Iterable[tuple[int, int]], now: dt.datetime,
                     bits: int = 2, version: int | None = None, valid_days: float = 7,
                     ttl_s: int | None = DEFAULT_TTL_S, uri: str | None = None) -> bytes:
    """A signed status list token; the version defaults to one past the last one made."""
    state = _state(authority)
    version = state.get("version", 0) + 1 if version is None else version
    try:
        packed = sl.pack(size, bits, entries)
    except StatusListRejected as exc:
        raise IssuerError(exc.message, "Check the entries file against --size.") from None
    key, cert = status_signer(authority, now=now)
    issued = int(now.timestamp())
    data = sl.sign_status_list(packed=bytes(packed), size=size, bits=bits, authority=authority.code,
                               uri=uri or state.get("uri") or default_uri(authority), version=version,
                               issued_at=issued, expires_at=issued + int(valid_days * 86400), ttl_s=ttl_s,
                               key=key, cert=cert)
    _save_state(authority, {"uri": uri or state.get("uri") or default_uri(authority), "version": version,
                            "size": size, "bits": bits})
    return data


def make_status_delta(authority: Authority, *, old: bytes, new: bytes, now: dt.datetime, valid_days: float = 7,
                      ttl_s: int | None = DEFAULT_TTL_S) -> bytes:
    """A signed delta turning the list token ``old`` into ``new`` (both made by this authority)."""
    roots = (authority.root_cert,)
    try:
        before, after = sl.open_status_list(old, roots), sl.open_status_list(new, roots)
    except StatusListRejected as exc:
        raise IssuerError(f"a list given is not this authority's: {exc.message}") from None
    if (before.size, before.bits, before.uri) != (after.size, after.bits, after.uri):
        raise IssuerError("the two lists differ in size, bits or URI: publish a full list instead")
    if after.version != before.version + 1:
        raise IssuerError(f"the lists are versions {before.version} and {after.version}: a delta joins consecutive ones")
    key, cert = status_signer(authority, now=now)
    issued = int(now.timestamp())
    changes = sd.diff(bytes(before.packed()), bytes(after.packed()), before.bits, before.size)
    return sd.sign_status_delta(changes=changes, size=before.size, bits=before.bits, authority=authority.code,
                                uri=before.uri, from_version=before.version, issued_at=issued,
                                expires_at=issued + int(valid_days * 86400), ttl_s=ttl_s, key=key, cert=cert)


def _state(authority: Authority) -> dict[str, Any]:
    try:
        value = json.loads((authority.directory / "status-lists.json").read_text("utf-8"))
        return value if isinstance(value, dict) else {}
    except (OSError, ValueError):
        return {}


def _save_state(authority: Authority, state: dict[str, Any]) -> None:
    atomic_write(authority.directory / "status-lists.json", (json.dumps(state, indent=2) + "\n").encode())
