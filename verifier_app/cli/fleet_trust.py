"""``verifier trust subscribe`` and ``verifier trust sync``: trust delivered by the fleet's TUF repository.

    verifier trust subscribe SOURCE --root ROOT_JSON   pin the repository (administrator)
    verifier trust sync [--json]                        import what changed; exit 0 when current

Exit status of sync: 0 when the station is current with the repository; 2, with one line on stderr,
when the repository can't be reached or is refused (expired, rolled back, badly signed, tampered) --
the station's trust is then untouched -- or when a published file was refused on import.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from verifier_app.errors import VerifierError
from verifier_app.services import Station, check_fleet_root, is_fleet_refusal, subscribe, sync_trust, words

from ._common import EXIT_ERROR, EXIT_OK, UsageError

TRUST_COMMANDS = ("subscribe", "sync")


def add_trust_parsers(tsub: Any) -> None:
    p = tsub.add_parser("subscribe", help="take trust from a fleet's TUF repository (administrator)")
    p.add_argument("source", help="the repository's URL (https://...) or a folder / USB stick holding its copy")
    p.add_argument("--root", required=True, metavar="ROOT_JSON", help="the repository's root.json from the operator")
    p = tsub.add_parser("sync", help="import what changed in the fleet repository (exit 0 when current)")
    p.add_argument("--json", action="store_true")


def trust_command(args: argparse.Namespace, station: Station) -> int:
    from .station_admin import operator_name, require_admin

    operator = operator_name(args.operator)
    if args.trust_command == "subscribe":
        try:
            root = Path(args.root).read_bytes()
        except OSError as exc:
            raise UsageError(f"{args.root}: can't be read ({exc.strerror})") from None
        check_fleet_root(root, args.root)  # a wrong file is said before the passphrase is asked
        require_admin(station, what="subscribing to a fleet repository", operator=operator)
        sub = subscribe(station, args.source, root, root_name=args.root, operator=operator)
        print(f"Subscribed to {sub.source} (root.json SHA-256 {sub.root_sha256}).")
        print("Compare that SHA-256 with the one the fleet operator published, then run: verifier trust sync")
        return EXIT_OK
    try:
        report = sync_trust(station, operator=operator)
    except VerifierError as exc:
        # monitoring reads stdout: the fleet's refusal as JSON too, beside the one line on stderr
        if args.json and is_fleet_refusal(exc):
            print(json.dumps({"ok": False, "error": str(exc)}, ensure_ascii=False))
        raise
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        for change in report.changes:
            print(change.text)
            for warning in change.warnings:
                print(f"warning: {warning}", file=sys.stderr)
        for path in report.in_force:
            print(f"{path}: already in force here")
        for authority in report.not_pinned:
            print(f"{authority}: published, but this station pins no root of {authority}: left alone")
        if report.ok:
            v = report.versions
            print(f"current with the fleet repository (targets version {v.get('targets', '?')}, timestamp "
                  f"{v.get('timestamp', '?')}) at {words.local_time_text(report.at)}")
    if not report.ok:
        print(f"error: {len(report.failures)} published file(s) refused; first: {report.failures[0]}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK
