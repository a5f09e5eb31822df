"""The installed status lists: one per authority, kept unpacked in a file the station memory-maps.

A national list (500 million licences, 2 bits each) is 125 MB unpacked and ~14 MB signed.  Kept
unpacked on disk and mapped read-only, a lookup reads one byte and the process pays in memory only
for the pages it touches, not for the list.  Layout, in the guarded folder (paths.guarded_dir)::

    status/<AUTHORITY>.json          what is in force: uri, version, size, bits, times, the two files' names
    status/<AUTHORITY>.<id>.bits     the packed statuses of the last full list, never changed once written
    status/<AUTHORITY>.<id>.changes  the entries deltas changed since: sorted indices, then their statuses
    status/<AUTHORITY>.token         the signed list the bits came from (checked at import, kept for review)

A delta never rewrites the 125 MB base (that would dirty nearly every page of it for 50,000 scattered
changes, and take seconds to reach the disk): it writes a new, small changes file holding every
change since the full list, and a lookup asks the changes (a binary search) before the base.  Once
the changes grow past ``FOLD_AT`` entries they are folded into a new base file.

Kill-safety, like bundles: every new file is written whole (and synced) under a new name first; the
atomic replacement of ``<AUTHORITY>.json``, after the change's audit row, is the one step that puts
it in force; files the record doesn't name are removed by the next import.  An older list, or a
delta for another version than the one in force, is refused and the installed list kept.
"""

from __future__ import annotations

import array
import bisect
import datetime as dt
import json
import mmap
import os
import re
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509

from verifier_app.atomic import atomic_write
from verifier_app.dl1 import certs
from verifier_app.dl1 import status_delta as sd
from verifier_app.dl1 import status_list as sl
from verifier_app.dl1.cose import parse_sign1
from verifier_app.errors import CoseFormatError, StatusListRejected, TrustStoreError, VerifierError
from verifier_app.station import admin_audit
from verifier_app.station.paths import clean_orphan_temps, not_writable_action
from verifier_app.verify.trust import LoadProblem

_SAFE = re.compile(r"[A-Za-z0-9-]{1,32}")
FOLD_AT = 1_000_000  # changes kept apart from the base before they are folded into a new one (9 MB)


def _write_changes(path: Path, changes: list[tuple[int, int]]) -> None:
    indices = array.array("Q", (i for i, _ in changes))
    if sys.byteorder == "big":
        indices.byteswap()  # the file is little-endian
    atomic_write(path, len(changes).to_bytes(8, "little") + indices.tobytes() + bytes(s for _, s in changes))


def _read_changes(path: Path, size: int) -> tuple[array.array, bytes]:
    data = path.read_bytes()
    count = int.from_bytes(data[:8], "little")
    if len(data) != 8 + 9 * count:
        raise StatusListRejected(f"{path.name} has the wrong size: it was cut short or altered")
    indices = array.array("Q")
    indices.frombytes(data[8:8 + 8 * count])
    if sys.byteorder == "big":
        indices.byteswap()
    if count and (indices[-1] >= size or any(indices[k] >= indices[k + 1] for k in range(count - 1))):
        raise StatusListRejected(f"{path.name} is damaged (indices out of order or range)")
    return indices, data[8 + 8 * count:]


def kind_of(data: bytes) -> str | None:
    """``"status_list"``, ``"status_delta"`` or None (not a status file: a bundle, say), from its header."""
    try:
        typ = parse_sign1(data[: sl.MAX_TOKEN_BYTES]).protected.get(sl.TYP)
    except (CoseFormatError, VerifierError):
        return None
    return {sl.TYP_LIST: "status_list", sl.TYP_DELTA: "status_delta"}.get(typ) if isinstance(typ, str) else None


@dataclass(frozen=True)
class InstalledStatusList(sl.Validity):
    """One authority's list in force: the engine's ``StatusLookup``."""

    authority: str
    uri: str
    version: int
    size: int
    bits: int
    issued_at: int
    expires_at: int
    _map: Any  # mmap.mmap, read-only
    _changed: array.array = field(default_factory=lambda: array.array("Q"))  # sorted indices
    _changed_status: bytes = b""

    def status_at(self, index: int) -> int | None:
        """The listed status of entry ``index``; None when the list has no such entry."""
        if not 0 <= index < self.size:
            return None
        pos = bisect.bisect_left(self._changed, index)
        if pos < len(self._changed) and self._changed[pos] == index:
            return self._changed_status[pos]
        return sl.status_at(self._map, self.bits, index)


@dataclass(frozen=True)
class StatusImport:
    authority: str
    version: int
    replaced_version: int | None
    size: int
    changes: int | None  # a delta's number of changes; None for a full list
    warnings: tuple[str, ...] = ()


class StatusStore:
    def __init__(self, guarded: Path, data_dir: Path) -> None:
        self.folder = guarded / "status"
        self.data_dir = data_dir  # the audit log's folder
        clean_orphan_temps(self.folder)

    # ------------------------------------------------------------- reading

    def _meta_path(self, authority: str) -> Path:
        if not _SAFE.fullmatch(authority):
            raise StatusListRejected(f"authority code {authority!r} can't name a file")
        return self.folder / f"{authority}.json"

    def _meta(self, authority: str) -> dict[str, Any] | None:
        try:
            value = json.loads(self._meta_path(authority).read_text("utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            raise StatusListRejected(f"{self._meta_path(authority)} is damaged",
                                     "Import the authority's current full status list again.") from None
        if not isinstance(value, dict):
            raise StatusListRejected(f"{self._meta_path(authority)} is damaged")
        return value

    def load(self, roots: tuple[x509.Certificate, ...], problems: list[LoadProblem]) -> dict[str, InstalledStatusList]:
        """Every installed list, mapped; a damaged one is reported in ``problems`` and left out."""
        out: dict[str, InstalledStatusList] = {}
        if not self.folder.is_dir():
            return out
        for meta_path in sorted(self.folder.glob("*.json")):
            authority = meta_path.stem
            try:
                out[authority] = self._open(authority, roots)
            except (StatusListRejected, OSError, ValueError, KeyError, TypeError) as exc:
                message = exc.message if isinstance(exc, VerifierError) else f"can't be read ({exc})"
                problems.append(LoadProblem(str(meta_path), message,
                                            "Import the authority's current full status list again."))
        return out

    def _open(self, authority: str, roots: tuple[x509.Certificate, ...]) -> InstalledStatusList:
        # The signed token was checked at import; a national one is ~14 MB, and checking it again at every
        # start would cost each process that much memory for a moment.  What is checked here: the record is
        # whole, its root is still installed (removing a root withdraws its lists), and the bits file has
        # exactly the size the list needs.
        meta = self._meta(authority)
        if meta is None:
            raise StatusListRejected(f"no status list for {authority}")
        if str(meta.get("root_sha256")) not in {certs.fingerprint(r) for r in roots}:
            raise StatusListRejected("the root certificate this list was signed under is no longer installed")
        bits_path = self.folder / str(meta["bits_file"])
        size, bits = int(meta["size"]), int(meta["bits"])
        if bits not in sl.ALLOWED_BITS or not 0 < size <= sl.MAX_ENTRIES:
            raise StatusListRejected("the list's record is damaged")
        with open(bits_path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size != sl.packed_length(size, bits):
                raise StatusListRejected(f"{bits_path.name} has the wrong size: it was cut short or altered")
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        changed, changed_status = array.array("Q"), b""
        if meta.get("changes_file"):
            changed, changed_status = _read_changes(self.folder / str(meta["changes_file"]), size)
        return InstalledStatusList(authority, str(meta["uri"]), int(meta["version"]), size, bits,
                                   int(meta["issued_at"]), int(meta["expires_at"]), mapped, changed, changed_status)

    # ------------------------------------------------------------- changing

    def import_file(self, data: bytes, roots: tuple[x509.Certificate, ...], *, now: dt.datetime, skew_s: int,
                    operator: str | None = None) -> StatusImport:
        kind = kind_of(data)
        if kind == "status_list":
            return self.import_list(data, roots, now=now, skew_s=skew_s, operator=operator)
        if kind == "status_delta":
            return self.apply_delta(data, roots, now=now, skew_s=skew_s, operator=operator)
        raise StatusListRejected("not a status list or status delta")

    def _check_times(self, f: sl.SignedStatusFile, now: dt.datetime, skew_s: int) -> list[str]:
        if f.issued_at_utc > now + dt.timedelta(seconds=skew_s):
            raise StatusListRejected(
                f"this file was issued at {f.issued_at_utc:%Y-%m-%d %H:%M} UTC, after this station's clock: "
                "the station's clock is behind or the file is wrongly dated; it was not imported",
                "Check the station's date and time; if they are right, ask the authority for a correctly dated file.")
        if not certs.valid_at(f.signer, now):
            raise StatusListRejected("the file's signer certificate is not valid now (expired or not yet valid)",
                                     "Ask your issuing authority for a current status list.")
        if now > f.expires_at_utc:
            return [f"this status list expired on {f.expires_at_utc:%Y-%m-%d %H:%M} UTC: it was imported, but "
                    "verifications report it as out of date until a newer one is imported"]
        return []

    def import_list(self, data: bytes, roots: tuple[x509.Certificate, ...], *, now: dt.datetime, skew_s: int,
                    operator: str | None = None) -> StatusImport:
        token = sl.open_status_list(data, roots)
        warnings = self._check_times(token, now, skew_s)
        meta_path = self._meta_path(token.authority)
        old = self._meta(token.authority) if meta_path.exists() else None
        if old is not None and token.version <= int(old.get("version", -1)):
            raise StatusListRejected(
                f"this status list (version {token.version}) is not newer than the one in force "
                f"(version {old.get('version')}); an older list can't replace a newer one",
                "Ask your issuing authority for its current status list.")
        self.folder.mkdir(parents=True, exist_ok=True)
        bits_name = f"{token.authority}.{secrets.token_hex(8)}.bits"
        bits_path = self.folder / bits_name
        try:
            self._inflate_to(token, bits_path)
            with admin_audit.undone_unless_recorded([meta_path, self.folder / f"{token.authority}.token"]):
                admin_audit.record(self.data_dir, "status_list_imported",
                                   {"authority": token.authority, "version": token.version, "size": token.size,
                                    "bits": token.bits, "uri": token.uri, "issued_at": token.issued_at,
                                    "expires_at": token.expires_at,
                                    "replaced_version": old.get("version") if old else None},
                                   operator=operator, now=now)
                atomic_write(self.folder / f"{token.authority}.token", data)
                self._write_meta(token, version=token.version, bits_file=bits_name)
        except OSError as exc:
            bits_path.unlink(missing_ok=True)
            raise TrustStoreError(f"can't write the status list ({exc.strerror})", not_writable_action(self.folder)) from None
        except BaseException:
            bits_path.unlink(missing_ok=True)
            raise
        self._remove_unused(token.authority, keep={bits_name})
        return StatusImport(token.authority, token.version, old.get("version") if old else None, token.size,
                            None, tuple(warnings))

    def _inflate_to(self, token: sl.StatusListToken, path: Path) -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "wb") as handle:
            token.inflate_into(handle.write)
            handle.flush()
            os.fsync(handle.fileno())

    def _write_meta(self, f: sl.SignedStatusFile, *, version: int, bits_file: str, changes_file: str | None = None) -> None:
        meta = {"format": 1, "authority": f.authority, "uri": f.uri, "version": version, "size": f.size,
                "bits": f.bits, "issued_at": f.issued_at, "expires_at": f.expires_at, "ttl_s": f.ttl_s,
                "bits_file": bits_file, "changes_file": changes_file, "root_sha256": certs.fingerprint(f.root)}
        atomic_write(self._meta_path(f.authority), (json.dumps(meta, indent=1) + "\n").encode())

    def _remove_unused(self, authority: str, *, keep: set[str]) -> None:
        for path in [*self.folder.glob(f"{authority}.*.bits"), *self.folder.glob(f"{authority}.*.changes")]:
            if path.name not in keep:
                try:
                    path.unlink()
                except OSError:
                    pass

    def apply_delta(self, data: bytes, roots: tuple[x509.Certificate, ...], *, now: dt.datetime, skew_s: int,
                    operator: str | None = None) -> StatusImport:
        delta = sd.open_status_delta(data, roots)
        warnings = self._check_times(delta, now, skew_s)
        meta = self._meta(delta.authority)
        if meta is None:
            raise StatusListRejected(
                f"this station has no status list of {delta.authority} for the delta to change",
                "Import the authority's full status list first; deltas only carry the day's changes.")
        held = int(meta["version"])
        if delta.from_version != held or (delta.size, delta.bits, delta.uri) != (meta["size"], meta["bits"], meta["uri"]):
            raise StatusListRejected(
                f"this delta turns version {delta.from_version} into {delta.to_version}, but this station holds "
                f"version {held}" + ("" if delta.from_version != held else " of another list"),
                "Import the deltas in order, or the authority's current full status list (it replaces everything).")
        bits_name = str(meta["bits_file"])
        merged: dict[int, int] = {}
        if meta.get("changes_file"):
            indices, statuses = _read_changes(self.folder / str(meta["changes_file"]), delta.size)
            merged = dict(zip(indices, statuses))
        merged.update(delta.changes)
        changes = sorted(merged.items())
        made: list[Path] = []
        try:
            if len(changes) > FOLD_AT:
                bits_name = self._fold(delta, bits_name, changes)
                made.append(self.folder / bits_name)
                changes = []
            changes_name = f"{delta.authority}.{secrets.token_hex(8)}.changes" if changes else None
            if changes_name:
                _write_changes(self.folder / changes_name, changes)
                made.append(self.folder / changes_name)
            with admin_audit.undone_unless_recorded([self._meta_path(delta.authority)]):
                admin_audit.record(self.data_dir, "status_delta_applied",
                                   {"authority": delta.authority, "from_version": delta.from_version,
                                    "to_version": delta.to_version, "changes": len(delta.changes),
                                    "issued_at": delta.issued_at, "expires_at": delta.expires_at},
                                   operator=operator, now=now)
                self._write_meta(delta, version=delta.to_version, bits_file=bits_name, changes_file=changes_name)
        except OSError as exc:
            for path in made:
                path.unlink(missing_ok=True)
            raise TrustStoreError(f"can't write the status list ({exc.strerror})", not_writable_action(self.folder)) from None
        except BaseException:
            for path in made:
                path.unlink(missing_ok=True)
            raise
        self._remove_unused(delta.authority, keep={bits_name, changes_name or ""})
        return StatusImport(delta.authority, delta.to_version, held, delta.size, len(delta.changes), tuple(warnings))

    def _fold(self, delta: sd.StatusDelta, bits_name: str, changes: list[tuple[int, int]]) -> str:
        """A new base file: the old one with every change written in (rare: once FOLD_AT changes piled up)."""
        new_name = f"{delta.authority}.{secrets.token_hex(8)}.bits"
        path = self.folder / new_name
        with open(self.folder / bits_name, "rb") as src, open(path, "xb") as dst:
            while block := src.read(1 << 24):
                dst.write(block)
        with open(path, "r+b") as handle:
            mapped = mmap.mmap(handle.fileno(), 0)
            try:
                sl.set_entries(mapped, delta.bits, changes, size=delta.size)
                mapped.flush()
            finally:
                mapped.close()
            os.fsync(handle.fileno())
        return new_name
