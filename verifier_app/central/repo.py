"""The fleet operator's TUF repository (python-tuf's Metadata API): plain files to serve or copy.

Layout of a repository folder DIR (``verifier-central repo init DIR``)::

    DIR/root.json                       the trusted root to hand to every station (trust subscribe --root)
    DIR/offline/root-key.pem            the root key: move it offline (keys.py)
    DIR/keys/*.pem                      the online keys: targets, snapshot, timestamp
    DIR/public/                         what is served (any web server, HTTPS in production) or copied to
                                        a USB stick for air-gapped stations, and nothing else:
        metadata/<N>.root.json          every root version (a station walks from its root to the newest)
        metadata/<N>.targets.json       consistent snapshots: each version under its own name, so a
        metadata/<N>.snapshot.json      station reading while the operator publishes never mixes two
        metadata/timestamp.json         the one file re-signed often (freshness)
        targets/bundle/<sha256>.<AUTHORITY>.dltrust, targets/status/<sha256>.…, targets/<sha256>.index.json

What TUF adds to the authorities' own signatures: a station refuses metadata older than what it has
seen (rollback), a timestamp past its expiry (a frozen mirror: the operator re-signs it daily with
``repo timestamp``, a cron job), and any file whose hash targets.json doesn't name (a compromised
mirror can serve nothing of its own).  The online keys can be rotated by re-signing root offline.

Expiry defaults: root 1 year, targets and snapshot 30 days (``--expires DAYS`` on publish), timestamp
1 day.  Publish again (or ``repo timestamp``) before they run out: an expired role stops every sync.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

from securesystemslib.signer import Signer
from tuf.api.exceptions import RepositoryError as TufRepositoryError
from tuf.api.metadata import MetaFile, Metadata, Root, Snapshot, TargetFile, Targets, Timestamp
from tuf.api.serialization import DeserializationError
from tuf.api.serialization.json import JSONSerializer

from verifier_app.atomic import atomic_write

from . import keys
from .keys import RepositoryError
from .published import INDEX, Published, describe, index_bytes, merge, parse_index

ROOT_DAYS = 365
TARGETS_DAYS = 30
TIMESTAMP_DAYS = 1
_SERIALIZER = JSONSerializer(compact=False)


@dataclass(frozen=True)
class PublishOutcome:
    published: tuple[Published, ...]
    dropped: tuple[str, ...]  # paths no longer listed (deltas a newer full list holds)
    targets_version: int
    snapshot_version: int
    timestamp_version: int
    expires: dt.datetime


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)


def _write(path: Path, md: Metadata) -> bytes:
    data = md.to_bytes(_SERIALIZER)
    atomic_write(path, data)
    return data


def _meta_file(data: bytes, version: int) -> MetaFile:
    return MetaFile(version=version, length=len(data), hashes={"sha256": hashlib.sha256(data).hexdigest()})


class Repository:
    """One repository folder; every change signs new metadata versions and writes them atomically."""

    def __init__(self, directory: str | Path) -> None:
        self.dir = Path(directory)
        self.public = self.dir / "public"
        self.metadata_dir = self.public / "metadata"
        self.targets_dir = self.public / "targets"

    @contextmanager
    def lock(self) -> Iterator[None]:
        """One change at a time (a publish and the daily timestamp cron job must not interleave)."""
        try:
            import fcntl
        except ImportError:  # not Linux/macOS: no advisory lock
            yield
            return
        if not self.dir.is_dir():
            raise RepositoryError(f"{self.dir} is not a repository folder", "Make one with: verifier-central repo init DIR")
        fd = os.open(self.dir / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise RepositoryError(f"another verifier-central command is changing {self.dir}",
                                      "Wait for it to finish and try again.") from None
            yield
        finally:
            os.close(fd)

    # -------------------------------------------------------------- init

    @classmethod
    def init(cls, directory: str | Path, *, now: dt.datetime | None = None,
             root_days: float = ROOT_DAYS) -> "Repository":
        repo = cls(directory)
        if (repo.dir / "root.json").exists() or repo.metadata_dir.exists():
            raise RepositoryError(f"{repo.dir} already holds a repository", "Choose an empty folder.")
        signers = keys.generate(repo.dir)
        now = _now(now)
        root = Root(expires=now + dt.timedelta(days=root_days))
        for role, signer in signers.items():
            root.add_key(signer.public_key, role)
        md = Metadata(root)
        md.sign(signers["root"])
        data = _write(repo.metadata_dir / "1.root.json", md)
        atomic_write(repo.dir / "root.json", data)
        repo._publish_targets([], now=now, days=TARGETS_DAYS, signers=signers, version=1)
        return repo

    # ---------------------------------------------------------- reading

    def _load(self, name: str) -> Metadata:
        path = self.metadata_dir / name
        try:
            return Metadata.from_bytes(path.read_bytes())
        except FileNotFoundError:
            raise RepositoryError(f"{path} is missing: is {self.dir} a repository?",
                                  "Make one with: verifier-central repo init DIR") from None
        except (OSError, DeserializationError) as exc:
            raise RepositoryError(f"{path} can't be read ({exc})", "Restore the repository from its backup.") from None

    def current(self) -> tuple[Metadata, Metadata, Metadata]:
        """The newest timestamp, snapshot and targets metadata."""
        timestamp = self._load("timestamp.json")
        snapshot = self._load(f"{timestamp.signed.snapshot_meta.version}.snapshot.json")
        targets = self._load(f"{snapshot.signed.meta['targets.json'].version}.targets.json")
        return timestamp, snapshot, targets

    def index(self) -> list[Published]:
        _t, _s, targets = self.current()
        info = targets.signed.targets.get(INDEX)
        if info is None:
            return []
        try:
            return parse_index(self._target_path(info).read_bytes())
        except (OSError, ValueError) as exc:
            raise RepositoryError(f"the published index can't be read ({exc})") from None

    def _target_path(self, info: TargetFile) -> Path:
        folder, _, name = info.path.rpartition("/")
        return self.targets_dir / folder / f"{info.hashes['sha256']}.{name}"

    def _root(self) -> Root:
        versions = sorted(int(p.name.split(".")[0]) for p in self.metadata_dir.glob("*.root.json"))
        if not versions:
            raise RepositoryError(f"no root metadata in {self.metadata_dir}")
        root: Root = self._load(f"{versions[-1]}.root.json").signed
        return root

    # --------------------------------------------------------- changing

    def publish(self, files: list[tuple[str, bytes]], *, now: dt.datetime | None = None,
                days: float = TARGETS_DAYS, timestamp_days: float = TIMESTAMP_DAYS) -> PublishOutcome:
        """Add or replace targets; new targets, snapshot and timestamp versions.  Nothing changes on refusal."""
        now = _now(now)
        entries = self.index()
        published, dropped = [], []
        for name, data in files:
            item = describe(data, name)
            entries, gone = merge(entries, item)
            dropped += gone
            published.append((item, data))
        _t, _s, targets = self.current()
        signers = {role: keys.load(self.dir, role) for role in keys.ONLINE_ROLES}
        payloads = {p.path: data for p, data in published}
        for entry in entries:  # what stays is carried over, unchanged
            if entry.path not in payloads:
                info = targets.signed.targets.get(entry.path)
                if info is None:
                    raise RepositoryError(f"{entry.path} is in the index but not in targets.json: the repository is damaged")
                payloads[entry.path] = self._target_path(info).read_bytes()
        versions = self._publish_targets(entries, now=now, days=days, signers=signers,
                                         version=targets.signed.version + 1, payloads=payloads,
                                         timestamp_days=timestamp_days)
        return PublishOutcome(tuple(p for p, _ in published), tuple(dropped), *versions,
                              expires=now + dt.timedelta(days=days))

    def _publish_targets(self, entries: list[Published], *, now: dt.datetime, days: float,
                         signers: Mapping[str, Signer], version: int, payloads: dict[str, bytes] | None = None,
                         timestamp_days: float = TIMESTAMP_DAYS) -> tuple[int, int, int]:
        payloads = dict(payloads or {})
        payloads[INDEX] = index_bytes(entries)
        targets = Targets(version=version, expires=now + dt.timedelta(days=days))
        for path, data in payloads.items():
            info = TargetFile.from_data(path, data, ["sha256"])
            targets.targets[path] = info
            target_file = self._target_path(info)
            if not target_file.exists():  # content-addressed: an existing file already holds these bytes
                atomic_write(target_file, data)
        md = Metadata(targets)
        md.sign(signers["targets"])
        targets_data = _write(self.metadata_dir / f"{version}.targets.json", md)
        snapshot_version = self._next_version("snapshot")
        snap = Metadata(Snapshot(version=snapshot_version, expires=now + dt.timedelta(days=days),
                                 meta={"targets.json": MetaFile(version=version)}))
        snap.sign(signers["snapshot"])
        snapshot_data = _write(self.metadata_dir / f"{snapshot_version}.snapshot.json", snap)
        return version, snapshot_version, self._sign_timestamp(snapshot_version, snapshot_data, now=now,
                                                               days=timestamp_days, signer=signers["timestamp"])

    def _next_version(self, role: str) -> int:
        found = [int(p.name.split(".")[0]) for p in self.metadata_dir.glob(f"*.{role}.json")]
        return max(found, default=0) + 1

    def _sign_timestamp(self, snapshot_version: int, snapshot_data: bytes, *, now: dt.datetime, days: float,
                        signer: Signer) -> int:
        try:
            version = self._load("timestamp.json").signed.version + 1
        except RepositoryError:
            version = 1
        ts = Metadata(Timestamp(version=version, expires=now + dt.timedelta(days=days),
                                snapshot_meta=_meta_file(snapshot_data, snapshot_version)))
        ts.sign(signer)
        _write(self.metadata_dir / "timestamp.json", ts)  # the one file written in place: its rename is the switch
        return version

    def refresh_timestamp(self, *, now: dt.datetime | None = None, days: float = TIMESTAMP_DAYS) -> tuple[int, dt.datetime]:
        """Re-sign the timestamp (same snapshot): stations keep seeing the repository as fresh."""
        now = _now(now)
        timestamp = self._load("timestamp.json")
        snapshot_version = timestamp.signed.snapshot_meta.version
        snapshot_data = (self.metadata_dir / f"{snapshot_version}.snapshot.json").read_bytes()
        version = self._sign_timestamp(snapshot_version, snapshot_data, now=now, days=days,
                                       signer=keys.load(self.dir, "timestamp"))
        return version, now + dt.timedelta(days=days)

    def rotate(self, role: str, *, now: dt.datetime | None = None) -> int:
        """Replace ``role``'s key: a new root version (signed with the offline root key, and for a root
        rotation with the new root key too), then every role's metadata signed again.  Returns the
        new root version.  Stations walk the root versions in order, so they follow; the old key is
        worthless to a thief from then on."""
        if role not in keys.ROLES:
            raise RepositoryError(f"{role!r} is not a role: one of {', '.join(keys.ROLES)}")
        now = _now(now)
        root_signer = keys.load(self.dir, "root")
        old, new = keys.replace(self.dir, role) if role != "root" else (root_signer, keys.replace(self.dir, "root")[1])
        root = self._root()
        root.revoke_key(old.public_key.keyid, role)
        root.add_key(new.public_key, role)
        root.version += 1
        root.expires = now + dt.timedelta(days=ROOT_DAYS)
        md = Metadata(root)
        md.sign(root_signer)  # the previous root's keys vouch for the new root ...
        if role == "root":
            md.sign(new, append=True)  # ... and the new root signs itself
        data = _write(self.metadata_dir / f"{root.version}.root.json", md)
        atomic_write(self.dir / "root.json", data)  # new stations may start from the newest root
        keys.save(self.dir, role, new)
        self.publish([], now=now)
        return root.version

    def check(self) -> None:
        """Each role's newest metadata verifies under the newest root (a self-test for the operator)."""
        root = self._root()
        timestamp, snapshot, targets = self.current()
        try:
            for role, md in (("timestamp", timestamp), ("snapshot", snapshot), ("targets", targets)):
                root.verify_delegate(role, md.signed_bytes, md.signatures)
        except TufRepositoryError as exc:
            raise RepositoryError(f"the repository's metadata does not verify ({exc})",
                                  "Check the keys in DIR/keys against root.json.") from None
