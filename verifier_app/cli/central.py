"""``verifier-central``: the fleet operator's side (docs/fleet.md).

    verifier-central repo init DIR                       keys and a first, empty repository
    verifier-central repo publish DIR FILE... [--expires DAYS] [--timestamp-days DAYS]
    verifier-central repo timestamp DIR [--days DAYS]    re-sign the timestamp (daily, from cron)
    verifier-central repo rotate DIR ROLE                a new key for a role (offline root key needed)
    verifier-central repo show DIR [--json]              what is published, versions and expiry
    verifier-central db init DSN                         the audit database's schema (cli/central_db.py)
    verifier-central station add DSN STATION_ID          enrol a station: its own role and password
    verifier-central report DSN [--json]                 chains, bundles and replays across the fleet
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Sequence

from . import _common
from ._common import EXIT_OK, UsageError
from .verifier import _Parser


def _days(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"{text!r} is not a number of days") from None
    if not 0 < value <= 3660:
        raise UsageError(f"{text} days: give a number of days from more than 0 to 3660")
    return value


def add_repo_parsers(sub: Any) -> None:
    """The ``repo`` group: the TUF repository stations sync their trust from."""
    repo = sub.add_parser("repo", help="the TUF repository that delivers trust bundles and status files")
    rsub = repo.add_subparsers(dest="repo_command", required=True, parser_class=_Parser)
    p = rsub.add_parser("init", help="make keys and an empty repository in DIR (writes DIR/root.json for stations)")
    p.add_argument("dir")
    p = rsub.add_parser("publish", help="add or replace bundles and status files; new snapshot and timestamp")
    p.add_argument("dir")
    p.add_argument("files", nargs="+", metavar="FILE", help=".dltrust bundle, status list or status delta, unchanged")
    p.add_argument("--expires", type=_days, default=30.0,
                   help="days until targets and snapshot metadata expire (default 30): publish again before")
    p.add_argument("--timestamp-days", type=_days, default=1.0,
                   help="days until the timestamp expires (default 1): re-sign it daily with repo timestamp")
    p = rsub.add_parser("timestamp", help="re-sign the timestamp so stations see the repository as fresh")
    p.add_argument("dir")
    p.add_argument("--days", type=_days, default=1.0, help="days until it expires (default 1)")
    p = rsub.add_parser("rotate", help="replace a role's key (needs the offline root key back for the ceremony)")
    p.add_argument("dir")
    p.add_argument("role", choices=("root", "targets", "snapshot", "timestamp"))
    p = rsub.add_parser("show", help="what is published, with versions and expiry")
    p.add_argument("dir")
    p.add_argument("--json", action="store_true")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="verifier-central", description="Run a fleet of verifier stations: the operator's side.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    add_repo_parsers(sub)
    from . import central_db

    central_db.add_parsers(sub, _Parser)  # db, station, report: the fleet's audit database
    return parser


def repo_command(args: argparse.Namespace) -> int:
    from verifier_app.central.repo import Repository

    if args.repo_command == "init":
        repo = Repository.init(args.dir)
        print(f"Made a TUF repository in {repo.dir}:")
        print(f"  {repo.dir / 'root.json'}: hand this file to every station "
              "(verifier trust subscribe SOURCE --root root.json)")
        print(f"  {repo.public}: serve this folder (HTTPS) or copy it to a USB stick; it holds no key")
        print(f"  {repo.dir / 'keys'}: the online keys (targets, snapshot, timestamp), for publish and timestamp")
        print(f"  {repo.dir / 'offline'}: the ROOT KEY. Move it offline now (an encrypted stick in a safe, and a "
              "backup); it is needed only to rotate keys, never to publish.")
        return EXIT_OK
    repo = Repository(args.dir)
    if args.repo_command == "show":
        return _show(repo, as_json=args.json)
    with repo.lock():
        return _change(repo, args)


def _change(repo: Any, args: argparse.Namespace) -> int:
    if args.repo_command == "publish":
        files = []
        for name in args.files:
            try:
                files.append((name, Path(name).read_bytes()))
            except OSError as exc:
                raise UsageError(f"{name}: can't be read ({exc.strerror})") from None
        outcome = repo.publish(files, days=args.expires, timestamp_days=args.timestamp_days)
        for p in outcome.published:
            print(f"published {p.path} ({p.kind.replace('_', ' ')} of {p.authority})")
        for path in outcome.dropped:
            print(f"no longer listed: {path} (the new full list holds it)")
        print(f"targets version {outcome.targets_version}, snapshot {outcome.snapshot_version}, timestamp "
              f"{outcome.timestamp_version}; publish again before {outcome.expires:%Y-%m-%d %H:%M} UTC")
        return EXIT_OK
    if args.repo_command == "timestamp":
        version, expires = repo.refresh_timestamp(days=args.days)
        print(f"timestamp version {version}, expires {expires:%Y-%m-%d %H:%M} UTC")
        return EXIT_OK
    if args.repo_command == "rotate":
        version = repo.rotate(args.role)
        print(f"new {args.role} key; root version {version} published (stations follow at their next sync); "
              f"{'move the new root key offline again' if args.role == 'root' else 'move the root key offline again'}")
        return EXIT_OK
    raise UsageError(f"unknown command repo {args.repo_command}")


def _show(repo: Any, *, as_json: bool) -> int:
    repo.check()
    timestamp, snapshot, targets = repo.current()
    info: dict[str, Any] = {
        "timestamp": {"version": timestamp.signed.version, "expires": timestamp.signed.expires.isoformat()},
        "snapshot": {"version": snapshot.signed.version, "expires": snapshot.signed.expires.isoformat()},
        "targets": {"version": targets.signed.version, "expires": targets.signed.expires.isoformat()},
        "published": [p.to_json() for p in repo.index()],
    }
    if as_json:
        print(json.dumps(info, indent=2))
        return EXIT_OK
    for role in ("timestamp", "snapshot", "targets"):
        print(f"{role}: version {info[role]['version']}, expires {info[role]['expires']}")
    for p in info["published"]:
        number = p.get("sequence", p.get("version", p.get("to_version")))
        print(f"  {p['path']}: {p['kind'].replace('_', ' ')} {p['authority']} {number}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "repo":
        return repo_command(args)
    from . import central_db

    if args.command in central_db.COMMANDS:
        return central_db.command(args)
    raise UsageError(f"unknown command {args.command}")


def entry_point() -> None:
    sys.exit(_common.run(main))


if __name__ == "__main__":
    entry_point()
