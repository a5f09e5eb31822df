"""``verifier-central db``, ``station`` and ``report``: the fleet's audit database (docs/fleet.md, Collection).

    verifier-central db init DSN                 create the schema (safe to run again)
    verifier-central station add DSN STATION_ID  enrol a station; prints the connection string to hand over
    verifier-central report DSN [--json]         rows, chain state and bundles per station; replays
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ._common import EXIT_NOT_VALID, EXIT_OK

COMMANDS = ("db", "station", "report")


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    db = sub.add_parser("db", help="the fleet's audit database (PostgreSQL)")
    dsub = db.add_subparsers(dest="db_command", required=True, parser_class=parser_class)
    p = dsub.add_parser("init", help="create the schema and the station group role (safe to run again)")
    p.add_argument("dsn", help="PostgreSQL connection string of a role with CREATEROLE (the schema's owner)")
    station = sub.add_parser("station", help="stations of the fleet")
    ssub = station.add_subparsers(dest="station_command", required=True, parser_class=parser_class)
    p = ssub.add_parser("add", help="enrol a station: its own database role and password")
    p.add_argument("dsn")
    p.add_argument("station_id")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("report", help="per station: rows, last push, chain, bundles; codes seen at two stations")
    p.add_argument("dsn")
    p.add_argument("--json", action="store_true")


def command(args: argparse.Namespace) -> int:
    from verifier_app.central import db, report

    if args.command == "db":
        db.init(args.dsn)
        print("fleet schema ready; enrol stations with: verifier-central station add DSN STATION_ID")
        return EXIT_OK
    if args.command == "station":
        enrolment = db.add_station(args.dsn, args.station_id)
        if args.json:
            print(json.dumps({"station_id": enrolment.station_id, "role": enrolment.role, "dsn": enrolment.dsn},
                             indent=2))
            return EXIT_OK
        print(f"enrolled station {enrolment.station_id} (database role {enrolment.role}).")
        print("Hand this over to the station's administrator (it holds the station's password; shown once):")
        print(f"  verifier audit enrol {enrolment.station_id} '{enrolment.dsn}'")
        return EXIT_OK
    found = report.build(args.dsn)
    if args.json:
        print(json.dumps(found.to_json(), indent=2, ensure_ascii=False))
    else:
        print(report.text(found))
    # Like `audit verify`: 1 when something needs a look (a chain not intact, a conflict, a replay).
    attention = found.replays or found.conflicts or any(not s.chain_intact for s in found.stations)
    return EXIT_NOT_VALID if attention else EXIT_OK
