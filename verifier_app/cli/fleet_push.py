"""``verifier audit enrol`` and ``verifier audit push``: the station's side of the fleet's audit collection.

    verifier audit enrol STATION_ID DSN    store the fleet identity the operator handed over (administrator)
    verifier audit push [DSN] [--json]     send the audit rows the fleet database has not acknowledged
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from verifier_app.services import Station, enrol, push_audit
from ._common import EXIT_OK, UsageError

COMMANDS = ("enrol", "push")


def add_parsers(asub: Any) -> None:
    """Added to verifier.py's ``audit`` parser."""
    p = asub.add_parser("enrol", help="store this station's fleet id and connection string (administrator)")
    p.add_argument("station_id", help="the id the operator enrolled (verifier-central station add)")
    p.add_argument("dsn", help="the connection string verifier-central station add printed (it holds a password; "
                               "'-' reads it from standard input, kept out of the process list)")
    p.add_argument("--group", help="let this group's accounts read it, to push their logs (mode 0640; default 0600)")
    p = asub.add_parser("push", help="send the audit rows the fleet database has not acknowledged yet")
    p.add_argument("dsn", nargs="?", help="connection string (default: the enrolled one)")
    p.add_argument("--batch", type=int, default=1000, help=argparse.SUPPRESS)
    p.add_argument("--json", action="store_true")


def command(args: argparse.Namespace, station: Station) -> int:
    from .station_admin import operator_name, require_admin

    if args.audit_command == "enrol":
        require_admin(station, what="enrolling the station in a fleet", operator=operator_name(args.operator))
        dsn = sys.stdin.readline().strip() if args.dsn == "-" else args.dsn
        if not dsn:
            raise UsageError("no connection string given: pass it, or '-' and type it on standard input")
        path = enrol(station, args.station_id, dsn, group=args.group, operator=operator_name(args.operator))
        readers = f"its owner and group {args.group}" if args.group else "its owner only"
        print(f"enrolled as fleet station {args.station_id} ({path}, readable by {readers}); "
              "send the audit log with: verifier audit push")
        return EXIT_OK
    result = push_audit(station, dsn=args.dsn, batch=max(1, min(args.batch, 10_000)))
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
        return EXIT_OK
    conflict = (f"; {result.conflicts} CONFLICTING rows (same position, another hash: kept by the centre)"
                if result.conflicts else "")
    print(f"station {result.station_id}: sent {result.sent} rows, {result.added} new at the centre{conflict}; "
          f"the centre holds log {result.log_id[:8]} up to entry {result.acknowledged}")
    return EXIT_OK
