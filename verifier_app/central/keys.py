"""The fleet repository's signing keys: Ed25519, one per TUF role, as PEM files (PKCS#8, mode 0600).

    DIR/offline/root-key.pem      the root key: signs root.json only. Move it OFFLINE after ``repo init``
                                  (an encrypted USB stick in a safe); it is needed again only to rotate
                                  keys, never to publish.
    DIR/keys/targets-key.pem      signs what is published (targets.json): ``repo publish``
    DIR/keys/snapshot-key.pem     signs snapshot.json: ``repo publish``
    DIR/keys/timestamp-key.pem    signs timestamp.json: ``repo publish`` and ``repo timestamp`` (daily)

Why apart: a stolen online key lets a thief sign what the online role signs, until the root (signed
offline) rotates it away; a stolen root key is the whole repository.  The keys never go under
``DIR/public/``, the folder that is served or copied to stations.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives.serialization import load_pem_private_key
from securesystemslib.signer import CryptoSigner

from verifier_app.atomic import atomic_write
from verifier_app.errors import VerifierError

ROLES = ("root", "targets", "snapshot", "timestamp")
ONLINE_ROLES = ("targets", "snapshot", "timestamp")


class RepositoryError(VerifierError):
    """The operator's repository can't be made or changed: one line, and what to do."""


def key_path(directory: Path, role: str) -> Path:
    return directory / ("offline" if role == "root" else "keys") / f"{role}-key.pem"


def generate(directory: Path) -> dict[str, CryptoSigner]:
    """New keys for every role, written with mode 0600; RepositoryError if any key exists already."""
    signers: dict[str, CryptoSigner] = {}
    for role in ROLES:
        path = key_path(directory, role)
        if path.exists():
            raise RepositoryError(f"{path} exists: {directory} already holds a repository",
                                  "Choose an empty folder for a new repository.")
        signers[role] = CryptoSigner.generate_ed25519()
    for role, signer in signers.items():
        path = key_path(directory, role)
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        atomic_write(path, signer.private_bytes, mode=0o600)
    return signers


def load(directory: Path, role: str) -> CryptoSigner:
    path = key_path(directory, role)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        where = ("the root key is kept offline: bring it back only to rotate keys" if role == "root"
                 else f"is {directory} a repository made by: verifier-central repo init?")
        raise RepositoryError(f"no {role} key at {path}", where[0].upper() + where[1:] + ".") from None
    except OSError as exc:
        raise RepositoryError(f"{path} can't be read ({exc.strerror})",
                              "Run as the user who made the repository.") from None
    try:
        return CryptoSigner(load_pem_private_key(data, password=None))
    except (ValueError, TypeError):
        raise RepositoryError(f"{path} is not an unencrypted PEM private key", "Restore it from your backup.") from None


def replace(directory: Path, role: str) -> tuple[CryptoSigner, CryptoSigner]:
    """A new key for ``role`` (the old one still needed to sign the new root); (old, new), nothing written."""
    return load(directory, role), CryptoSigner.generate_ed25519()


def save(directory: Path, role: str, signer: CryptoSigner) -> None:
    atomic_write(key_path(directory, role), signer.private_bytes, mode=0o600)
