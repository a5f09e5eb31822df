"""The installed status lists: one per authority, kept decompressed in a file the station memory-maps.

A national list (500 million licences, 2 bits each) is 125 MB unpacked and ~14 MB signed.  Kept
unpacked on disk and mapped read-only, a lookup reads one byte and the process pays in memory only
for the pages it touches, not for the list.  Layout, in the guarded folder (paths.guarded_dir)::

    status/<AUTHORITY>.json          what is in force: uri, version, size, bits, times, the bits file's name
    status/<AUTHORITY>.<id>.bits     the packed statuses, ceil(size * bits / 8) bytes
    status/<AUTHORITY>.token         the signed list the bits came from (checked at import, kept for review)
    status/<AUTHORITY>.journal       a checked delta being applied (present only until it is done)

Kill-safety, like bundles: a full list is inflated into a new ``.bits`` file first; the ``.json``
rename is the one step that puts it in force, after its audit row.  A delta is written to the
journal first, then applied in place (each change sets an absolute value, so applying it twice is
applying it once), then the ``.json`` names the new version and the journal goes; a station opened
after a kill finishes a journal it finds.  An older list, or a delta for another version than the
one in force, is refused and the installed list kept.
"""

from __future__ import annotations

import datetime as dt
import json
import mmap
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509

from verifier_app.atomic import atomic_write
from verifier_app.dl1 import certs
from verifier_app.dl1 import status_delta as sd
from verifier_app.dl1 import status_list as sl
from verifier_app.dl1.cose import parse_sign1
from verifier_app.dl1.times import utc_from_timestamp
from verifier_app.errors import CoseFormatError, StatusListRejected, TrustStoreError, VerifierError
from verifier_app.station import admin_audit
from verifier_app.station.paths import clean_orphan_temps, not_writable_action
from verifier_app.verify.trust import LoadProblem

_SAFE = re.compile(r"[A-Za-z0-9-]{1,32}")


def kind_of(data: bytes) -> str | None:
    """``"status_list"``, ``"status_delta"`` or None (not a status file: a bundle, say), from its header."""
    try:
        typ = parse_sign1(data[: sl.MAX_TOKEN_BYTES]).protected.get(sl.TYP)
    except (CoseFormatError, VerifierError):
        return None
    return {sl.TYP_LIST: "status_list", sl.TYP_DELTA: "status_delta"}.get(typ) if isinstance(typ, str) else None


@dataclass(frozen=True)
class InstalledStatusList:
    """One authority's list in force: the engine's ``StatusLookup``."""

    authority: str
    uri: str
    version: int
    size: int
    bits: int
    issued_at: int
    expires_at: int
    _map: Any  # mmap.mmap, read-only

    @property
    def issued_at_utc(self) -> dt.datetime:
        return utc_from_timestamp(self.issued_at)

    @property
    def expires_at_utc(self) -> dt.datetime:
        return utc_from_timestamp(self.expires_at)

    def status_at(self, index: int) -> int | None:
        """The listed status of entry ``index``; None when the list has no such entry."""
        if not 0 <= index < self.size:
            return None
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
                self._finish_journal(authority, roots)
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
        return InstalledStatusList(authority, str(meta["uri"]), int(meta["version"]), size, bits,
                                   int(meta["issued_at"]), int(meta["expires_at"]), mapped)

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
        self._remove_unused(token.authority, keep=bits_name)
        return StatusImport(token.authority, token.version, old.get("version") if old else None, token.size,
                            None, tuple(warnings))

    def _inflate_to(self, token: sl.StatusListToken, path: Path) -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "wb") as handle:
            token.inflate_into(handle.write)
            handle.flush()
            os.fsync(handle.fileno())

    def _write_meta(self, f: sl.SignedStatusFile, *, version: int, bits_file: str) -> None:
        meta = {"format": 1, "authority": f.authority, "uri": f.uri, "version": version, "size": f.size,
                "bits": f.bits, "issued_at": f.issued_at, "expires_at": f.expires_at, "ttl_s": f.ttl_s,
                "bits_file": bits_file, "root_sha256": certs.fingerprint(f.root)}
        atomic_write(self._meta_path(f.authority), (json.dumps(meta, indent=1) + "\n").encode())

    def _remove_unused(self, authority: str, *, keep: str) -> None:
        for path in self.folder.glob(f"{authority}.*.bits"):
            if path.name != keep:
                try:
                    path.unlink()
                except OSError:
                    pass

    def apply_delta(self, data: bytes, roots: tuple[x509.Certificate, ...], *, now: dt.datetime, skew_s: int,
                    operator: str | None = None) -> StatusImport:
        delta = sd.open_status_delta(data, roots)
        warnings = self._check_times(delta, now, skew_s)
        self._finish_journal(delta.authority, roots)
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
        admin_audit.record(self.data_dir, "status_delta_applied",
                           {"authority": delta.authority, "from_version": delta.from_version,
                            "to_version": delta.to_version, "changes": len(delta.changes),
                            "issued_at": delta.issued_at, "expires_at": delta.expires_at},
                           operator=operator, now=now)
        journal = self.folder / f"{delta.authority}.journal"
        try:
            atomic_write(journal, data)
            self._apply(delta, str(meta["bits_file"]))
            journal.unlink(missing_ok=True)
        except OSError as exc:
            raise TrustStoreError(f"can't write the status list ({exc.strerror})", not_writable_action(self.folder)) from None
        return StatusImport(delta.authority, delta.to_version, held, delta.size, len(delta.changes), tuple(warnings))

    def _apply(self, delta: sd.StatusDelta, bits_file: str) -> None:
        with open(self.folder / bits_file, "r+b") as handle:
            mapped = mmap.mmap(handle.fileno(), 0)
            try:
                sl.set_entries(mapped, delta.bits, delta.changes, size=delta.size)
                mapped.flush()
            finally:
                mapped.close()
            os.fsync(handle.fileno())
        self._write_meta(delta, version=delta.to_version, bits_file=bits_file)

    def _finish_journal(self, authority: str, roots: tuple[x509.Certificate, ...]) -> None:
        """Complete (or drop) a delta a killed process left half-applied."""
        journal = self.folder / f"{authority}.journal"
        if not journal.exists():
            return
        meta = self._meta(authority)
        delta = sd.open_status_delta(journal.read_bytes(), roots)
        if meta is not None and int(meta["version"]) == delta.from_version:
            try:
                self._apply(delta, str(meta["bits_file"]))
            except OSError:
                return  # a reader without write access (the operator, on a system folder): root finishes it
        try:
            journal.unlink()
        except OSError:
            pass
