"""What the repository publishes: the authorities' files, unchanged, and the index stations read.

Each file is named in the repository by what it is, read from its signed header (the operator does
not hold the authorities' roots: the stations check every signature again on import)::

    bundle/<AUTHORITY>.dltrust                  the authority's newest trust bundle (replaced by a newer)
    status/<AUTHORITY>.list                     its newest full status list (replaced by a newer)
    status/<AUTHORITY>.delta-<FROM>-<TO>        a delta on top of that list (dropped when a newer full
                                                list is published, since that list already holds it)
    index.json                                  the list of the above, in import order

How a station learns which targets exist: ``index.json`` is itself a TUF target, so it is signed
through targets.json like every file it names, and a mirror can't add, hide or reorder anything.
It lists ``{"path", "kind", "authority", ...}`` per file: per authority the bundle, then the full
list, then the deltas in version order -- the order a station imports them in.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from verifier_app.dl1 import cbor
from verifier_app.dl1.cose import parse_sign1
from verifier_app.errors import VerifierError
from verifier_app.station.trust.status_store import kind_of

from .keys import RepositoryError

INDEX = "index.json"
INDEX_FORMAT = 1
_AUTHORITY = re.compile(r"[A-Za-z0-9-]{1,32}")
_KIND_ORDER = {"bundle": 0, "status_list": 1, "status_delta": 2}


@dataclass(frozen=True)
class Published:
    """One published file as the index lists it."""

    path: str
    kind: str  # "bundle" | "status_list" | "status_delta"
    authority: str
    number: int  # the bundle's sequence, the list's version, or the delta's resulting version
    from_version: int | None = None  # deltas only

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "kind": self.kind, "authority": self.authority}
        if self.kind == "bundle":
            out["sequence"] = self.number
        elif self.kind == "status_list":
            out["version"] = self.number
        else:
            out.update(from_version=self.from_version, to_version=self.number)
        return out

    @classmethod
    def from_json(cls, item: dict[str, Any]) -> "Published":
        kind = str(item["kind"])
        number = item["sequence"] if kind == "bundle" else item["version"] if kind == "status_list" else item["to_version"]
        return cls(str(item["path"]), kind, str(item["authority"]), int(number),
                   int(item["from_version"]) if kind == "status_delta" else None)

    @property
    def sort_key(self) -> tuple[str, int, int]:
        return (self.authority, _KIND_ORDER[self.kind], self.number)


def describe(data: bytes, name: str) -> Published:
    """Name a bundle or status file by its signed header; RepositoryError for anything else."""
    kind = kind_of(data) or "bundle"
    try:
        claims = cbor.loads(parse_sign1(data).payload)
    except VerifierError:
        claims = None
    if not isinstance(claims, dict):
        raise RepositoryError(f"{name} is not a trust bundle or a status file",
                              "Publish the .dltrust bundles and status files the authorities sent, unchanged.")
    try:
        if kind == "bundle":
            authority, number, frm = claims["authority"], claims["sequence"], None
            path = f"bundle/{authority}.dltrust"
        elif kind == "status_list":
            authority, number, frm = claims["dl1_authority"], claims["dl1_version"], None
            path = f"status/{authority}.list"
        else:
            authority, frm, number = claims["authority"], claims["from_version"], claims["to_version"]
            path = f"status/{authority}.delta-{frm}-{number}"
    except KeyError:
        raise RepositoryError(f"{name} is not a trust bundle or a status file of a known format") from None
    if not isinstance(authority, str) or not _AUTHORITY.fullmatch(authority) or not isinstance(number, int):
        raise RepositoryError(f"{name}: its authority code or number can't be used")
    return Published(path, kind, authority, number, frm)


def merge(current: list[Published], new: Published) -> tuple[list[Published], list[str]]:
    """The index after publishing ``new``, and the paths it drops; RepositoryError if it goes back."""
    same = [p for p in current if p.authority == new.authority]
    dropped: list[str] = []
    if new.kind == "bundle":
        old = next((p for p in same if p.kind == "bundle"), None)
        if old is not None and new.number <= old.number:
            raise RepositoryError(f"bundle {new.authority} number {new.number} is not newer than the published "
                                  f"number {old.number}", "Publish the authority's newest bundle.")
        keep = [p for p in current if p.path != new.path]
    elif new.kind == "status_list":
        old = next((p for p in same if p.kind == "status_list"), None)
        if old is not None and new.number <= old.number:
            raise RepositoryError(f"status list {new.authority} version {new.number} is not newer than the "
                                  f"published version {old.number}", "Publish the authority's newest list.")
        # The new full list holds every earlier change: stations holding it need no older delta.
        gone = {p.path for p in same if p.kind == "status_delta" and p.number <= new.number} | {new.path}
        dropped = sorted(gone - {new.path})
        keep = [p for p in current if p.path not in gone]
    else:
        head = max((p.number for p in same if p.kind in ("status_list", "status_delta")), default=None)
        if head is None:
            raise RepositoryError(f"no status list of {new.authority} is published for this delta to change",
                                  "Publish the authority's full status list first.")
        if new.from_version != head:
            raise RepositoryError(f"this delta turns version {new.from_version} into {new.number}, but the "
                                  f"published status of {new.authority} is version {head}",
                                  "Publish the deltas in order, or a full list.")
        keep = list(current)
    return sorted([*keep, new], key=lambda p: p.sort_key), dropped


def index_bytes(entries: list[Published]) -> bytes:
    return (json.dumps({"format": INDEX_FORMAT, "targets": [e.to_json() for e in entries]}, indent=1) + "\n").encode()


def parse_index(data: bytes) -> list[Published]:
    """The index's entries; ValueError when it is not one this version understands."""
    try:
        doc = json.loads(data)
        if doc.get("format") != INDEX_FORMAT:
            raise ValueError(f"index format {doc.get('format')!r}")
        entries = [Published.from_json(item) for item in doc["targets"]]
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"the index is damaged ({exc})") from None
    for e in entries:
        if e.kind not in _KIND_ORDER:
            raise ValueError(f"unknown kind {e.kind!r} in the index")
    return entries
