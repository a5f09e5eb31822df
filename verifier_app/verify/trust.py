"""What a station trusts, as one immutable snapshot the engine is given.

The engine never reads files: the station store (``station.py``) loads and
checks them and hands over a :class:`TrustSnapshot`.  Tests build snapshots
directly.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping, Protocol

from cryptography import x509

from verifier_app.dl1 import certs
from verifier_app.dl1.bundle import DocumentStatus, VerifiedBundle


@dataclass(frozen=True)
class LoadProblem:
    """A file in the data directory that could not be used, and what to do."""

    path: str
    message: str
    action: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message} {self.action}"


@dataclass(frozen=True)
class SignerEntry:
    certificate: x509.Certificate
    bundle: VerifiedBundle


class StatusLookup(Protocol):
    """One authority's installed status list (station/trust/status_store.py keeps it memory-mapped)."""

    @property
    def uri(self) -> str: ...

    @property
    def version(self) -> int: ...

    @property
    def size(self) -> int: ...

    @property
    def issued_at_utc(self) -> dt.datetime: ...

    @property
    def expires_at_utc(self) -> dt.datetime: ...

    def status_at(self, index: int) -> int | None: ...


@dataclass(frozen=True)
class TrustSnapshot:
    roots: tuple[x509.Certificate, ...] = ()
    bundles: tuple[VerifiedBundle, ...] = ()
    # The newest generation time this station has accepted: the clock can't
    # honestly be earlier than it.
    newest_accepted_iat: int | None = None
    problems: tuple[LoadProblem, ...] = ()
    # Per authority code: its status list (draft-ietf-oauth-status-list), when one is installed.
    status_lists: Mapping[str, StatusLookup] = field(default_factory=dict)
    signers_by_kid: Mapping[bytes, tuple[SignerEntry, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[bytes, list[SignerEntry]] = defaultdict(list)
        for bundle in self.bundles:
            for cert in bundle.content.signers:
                index[certs.kid_of(cert)].append(SignerEntry(cert, bundle))
        object.__setattr__(
            self, "signers_by_kid", MappingProxyType({k: tuple(v) for k, v in index.items()})
        )

    def with_signers(self, kid: bytes, entries: tuple[SignerEntry, ...]) -> "TrustSnapshot":
        """A copy whose index maps ``kid`` to ``entries`` (kid collisions in tests)."""
        copy = TrustSnapshot(self.roots, self.bundles, self.newest_accepted_iat, self.problems, self.status_lists)
        index = dict(copy.signers_by_kid)
        index[kid] = entries
        object.__setattr__(copy, "signers_by_kid", MappingProxyType(index))
        return copy

    @property
    def revoked_kids(self) -> frozenset[bytes]:
        return frozenset().union(*(b.content.revoked_kids for b in self.bundles))

    @property
    def newest_bundle_issued_at(self) -> int | None:
        return max((b.content.issued_at for b in self.bundles), default=None)

    def document_status(
        self, number: str, *, within: VerifiedBundle | None = None
    ) -> tuple[DocumentStatus, VerifiedBundle] | None:
        """The newest listing of ``number`` (only in ``within`` when given)."""
        candidates = (within,) if within is not None else self.bundles
        for bundle in sorted(candidates, key=lambda b: -b.content.issued_at):
            entry = bundle.content.documents.get(number)
            if entry is not None:
                return entry, bundle
        return None

    def state(self, now: dt.datetime) -> "TrustState":
        if not self.bundles:
            return TrustState.MISSING
        if any(now > b.content.next_update_utc for b in self.bundles):
            return TrustState.STALE
        return TrustState.CURRENT





class TrustState(str, enum.Enum):
    CURRENT = "current"
    STALE = "stale"
    MISSING = "missing"
