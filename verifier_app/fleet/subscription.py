"""A station's subscription to its fleet's TUF repository, in the guarded folder (docs/fleet.md).

    fleet/subscription.json     where the repository is (an http(s) URL or a folder) and its root's hash
    fleet/tuf/metadata/         the trusted TUF metadata (python-tuf's ngclient keeps it: root history,
                                newest timestamp, snapshot, targets): what rollback is judged against
    fleet/tuf/targets/          the verified files last downloaded (TUF re-downloads only what changed)
    fleet/last-sync.json        the last successful sync (time, metadata versions), the files applied,
                                the last failure (sync.py)

A folder source (a USB stick, a copied share) goes through the same client as a URL: only the fetcher
differs (FolderFetcher), so every TUF check applies to both.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

from tuf.api import exceptions as tuf_errors
from tuf.api.metadata import Metadata, Root
from tuf.api.serialization import DeserializationError
from tuf.ngclient import FetcherInterface, Updater, UpdaterConfig

from verifier_app import __version__
from verifier_app.atomic import atomic_write
from verifier_app.errors import VerifierError
from verifier_app.station import admin_audit
from verifier_app.station.paths import not_writable_action
from verifier_app.station.trust.store import StationStore

from .state import fleet_dir, subscription_path

FORMAT = 1


class FleetError(VerifierError):
    """Subscribing or syncing can't be done or was refused: one line, and what to do."""


class FolderFetcher(FetcherInterface):
    """Reads ``file:`` URLs from a folder: a missing file is a 404, as a web server would say."""

    def _fetch(self, url: str) -> Iterator[bytes]:
        path = Path(url2pathname(unquote(urlparse(url).path)))
        try:
            handle = open(path, "rb")
        except (FileNotFoundError, NotADirectoryError):
            raise tuf_errors.DownloadHTTPError(f"{path} not found", 404) from None
        except OSError as exc:
            raise tuf_errors.DownloadError(f"{path} can't be read ({exc.strerror})") from None

        def chunks() -> Iterator[bytes]:
            with handle:
                while chunk := handle.read(1 << 20):
                    yield chunk

        return chunks()


@dataclass(frozen=True)
class Subscription:
    source: str  # an http(s) URL, or an absolute folder path
    is_folder: bool
    root_sha256: str  # of the root.json the administrator gave

    @property
    def base(self) -> str:
        return Path(self.source).as_uri() if self.is_folder else self.source.rstrip("/")

    def to_json(self, subscribed_at: dt.datetime) -> dict[str, Any]:
        return {"format": FORMAT, "source": self.source, "kind": "folder" if self.is_folder else "url",
                "root_sha256": self.root_sha256, "subscribed_at": subscribed_at.isoformat()}


def metadata_dir(store: StationStore) -> Path:
    return fleet_dir(store) / "tuf" / "metadata"


def targets_dir(store: StationStore) -> Path:
    return fleet_dir(store) / "tuf" / "targets"


def _source(source: str) -> tuple[str, bool]:
    scheme = urlparse(source).scheme.lower()
    if scheme in ("http", "https"):
        return source, False
    if scheme == "file":
        source = url2pathname(unquote(urlparse(source).path))
    folder = Path(source).expanduser().resolve()
    if (folder / "public" / "metadata").is_dir():  # the operator's repository folder: its public part
        folder = folder / "public"
    if not (folder / "metadata").is_dir():
        raise FleetError(f"{source} is neither an http(s) URL nor a folder holding a repository's metadata/",
                         "Give the repository's URL, or the folder (USB stick) the operator's public/ folder was "
                         "copied to.")
    return str(folder), True


def check_root(data: bytes, name: str) -> Metadata[Root]:
    """A TUF root that signs itself; FleetError otherwise (said before anything is stored)."""
    try:
        md = Metadata[Root].from_bytes(data)
        if not isinstance(md.signed, Root):
            raise FleetError(f"{name} is TUF {md.signed.type} metadata, not a root",
                             "Give the root.json the fleet operator handed out.")
        md.signed.verify_delegate(Root.type, md.signed_bytes, md.signatures)
    except DeserializationError:
        raise FleetError(f"{name} is not TUF root metadata", "Give the root.json the fleet operator handed out.") from None
    except tuf_errors.UnsignedMetadataError:
        raise FleetError(f"{name} is not signed by its own root keys: altered or damaged",
                         "Ask the fleet operator for root.json again and compare its SHA-256.") from None
    return md


def make_updater(store: StationStore, sub: Subscription, *, bootstrap: bytes | None = None,
                 fetcher: FetcherInterface | None = None) -> Updater:
    """python-tuf's client on the trusted metadata in the guarded folder (bootstrap: subscribing only)."""
    meta, targets = metadata_dir(store), targets_dir(store)
    if bootstrap is None:
        bootstrap = _newest_trusted_root(meta)
    try:
        targets.mkdir(parents=True, exist_ok=True)
        meta.mkdir(parents=True, exist_ok=True)
        return Updater(str(meta), f"{sub.base}/metadata/", str(targets), f"{sub.base}/targets/",
                       fetcher=fetcher or (FolderFetcher() if sub.is_folder else None), bootstrap=bootstrap,
                       config=UpdaterConfig(app_user_agent=f"dl-verifier/{__version__}"))  # named in the mirror's logs
    except PermissionError as exc:
        raise FleetError(f"can't write {exc.filename or meta} (permission denied)", not_writable_action(meta)) from None
    except OSError as exc:
        raise FleetError(f"the station's fleet metadata can't be read or written ({exc})",
                         "Subscribe again: verifier trust subscribe SOURCE --root root.json") from None
    except tuf_errors.RepositoryError as exc:
        raise FleetError(f"the station's trusted fleet root is not usable ({exc})",
                         "Subscribe again: verifier trust subscribe SOURCE --root root.json") from None


def _newest_trusted_root(meta: Path) -> bytes | None:
    """The newest root this station has verified (ngclient keeps each in root_history/).

    Read here rather than through ngclient's ``root.json`` symlink, which it removes and re-creates at
    every start: a station killed between the two would otherwise lose its anchor."""
    versions = []
    for path in (meta / "root_history").glob("*.root.json"):
        try:
            versions.append((int(path.name.split(".")[0]), path))
        except ValueError:
            continue
    try:
        return max(versions)[1].read_bytes() if versions else None
    except OSError:
        return None


def subscribe(store: StationStore, source: str, root_json: bytes, *, root_name: str = "root.json",
              operator: str | None = None, now: dt.datetime | None = None) -> Subscription:
    """Pin a repository's root and where to find it (the caller has checked the administrator).

    A new subscription starts from its root: trusted metadata of an earlier one is dropped.
    """
    check_root(root_json, root_name)
    location, is_folder = _source(source)
    sub = Subscription(location, is_folder, hashlib.sha256(root_json).hexdigest())
    now = now or dt.datetime.now(dt.timezone.utc)
    path = subscription_path(store)
    with admin_audit.undone_unless_recorded([path]):
        try:
            shutil.rmtree(fleet_dir(store) / "tuf", ignore_errors=False)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise FleetError(f"can't replace {fleet_dir(store) / 'tuf'} ({exc.strerror})",
                             not_writable_action(fleet_dir(store))) from None
        make_updater(store, sub, bootstrap=root_json)
        try:
            atomic_write(path, (json.dumps(sub.to_json(now), indent=1) + "\n").encode())
        except OSError as exc:
            raise FleetError(f"can't write {path} ({exc.strerror})", not_writable_action(path)) from None
        (fleet_dir(store) / "last-sync.json").unlink(missing_ok=True)
        admin_audit.record(store.data_dir, "fleet_subscribed",
                           {"source": location, "kind": "folder" if is_folder else "url",
                            "root_sha256": sub.root_sha256}, operator=operator, now=now)
    return sub


def load_subscription(store: StationStore) -> Subscription:
    path = subscription_path(store)
    try:
        doc = json.loads(path.read_bytes())
        return Subscription(str(doc["source"]), doc["kind"] == "folder", str(doc["root_sha256"]))
    except FileNotFoundError:
        raise FleetError("this station is not subscribed to a fleet repository",
                         "An administrator subscribes it: verifier trust subscribe SOURCE --root root.json") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise FleetError(f"{path} is damaged ({exc})",
                         "Subscribe again: verifier trust subscribe SOURCE --root root.json") from None
