"""The station's fleet identity: ``fleet/enrolment.json`` in the guarded folder.

It holds the fleet's station id (given at ``verifier-central station add``) and the connection string with
the station's own database password, so it is written 0600.  It lives in the guarded folder, not beside the
audit log: a station that starts a new audit log (a new log id) is still the same station to the centre.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from verifier_app.atomic import atomic_write
from verifier_app.errors import CorruptFile, VerifierError
from verifier_app.station.paths import guarded_dir

FILENAME = "enrolment.json"
STATION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")


class NotEnrolled(VerifierError):
    """No enrolment file: the station has no fleet identity yet."""


@dataclass(frozen=True)
class Enrolment:
    station_id: str
    dsn: str  # the station's connection string, with its own password


def enrolment_path(data_dir: str | os.PathLike[str]) -> Path:
    return guarded_dir(data_dir) / "fleet" / FILENAME


def save(data_dir: str | os.PathLike[str], enrolment: Enrolment, *, group: str | None = None) -> Path:
    """Write it 0600; with ``group``, 0640 and that group (the operators' accounts that push their logs)."""
    if not STATION_ID.match(enrolment.station_id):
        raise VerifierError(f"{enrolment.station_id!r} is not a usable station id",
                            "Use the id the operator enrolled (letters, digits, dot, dash, underscore).")
    gid = None
    if group is not None:
        import grp  # POSIX only, and only when asked

        try:
            gid = grp.getgrnam(group).gr_gid
        except KeyError:
            raise VerifierError(f"there is no group {group!r} on this machine",
                                "Create it (groupadd) and add the operators' accounts to it, "
                                "or leave --group out.") from None
    path = enrolment_path(data_dir)
    data = json.dumps({"station_id": enrolment.station_id, "dsn": enrolment.dsn}, indent=2).encode()
    atomic_write(path, data + b"\n", mode=0o600 if gid is None else 0o640)  # it holds a password
    if gid is not None:
        os.chown(path, -1, gid)
    return path


def load(data_dir: str | os.PathLike[str]) -> Enrolment:
    path = enrolment_path(data_dir)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except PermissionError:
        raise VerifierError(f"{path} can't be read by this account",
                            "Push as the account the administrator enrolled for (or re-enrol with --group "
                            "naming this account's group).") from None
    except FileNotFoundError:
        raise NotEnrolled("this station is not enrolled in a fleet",
                          "Enrol it with: verifier audit enrol STATION_ID DSN (the operator's "
                          "verifier-central station add prints both)") from None
    except (OSError, ValueError) as exc:
        raise CorruptFile(str(path), f"can't be read ({exc})", "Enrol the station again.") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("station_id"), str) or not isinstance(raw.get("dsn"), str) \
            or not STATION_ID.match(raw["station_id"]):
        raise CorruptFile(str(path), "is not a station enrolment", "Enrol the station again.")
    return Enrolment(raw["station_id"], raw["dsn"])


__all__ = ["Enrolment", "NotEnrolled", "enrolment_path", "load", "save"]
