"""The fleet's audit database (PostgreSQL): schema, station enrolment, ingest and the chain re-check.

Stations never touch a table.  Each enrolled station logs in as its own role, member of ``fleet_station``,
which may only EXECUTE two SECURITY DEFINER functions in schema ``fleet``:

* ``fleet.ingest(batch jsonb)``: the rows to add.  The station is whoever logged in (``session_user``
  mapped through ``fleet.stations``), never a value the rows claim, so a station can add only its own
  rows.  Every row is sent as the exact canonical JSON its chain hash covers (``audit_chain.chain_hash``)
  plus that hash; the server recomputes the hash with PostgreSQL's ``sha256()`` and takes every column
  (log id, position, time, presentation id...) from the hashed text, so what is stored is what the
  station's chain commits to.  Rows are idempotent on (station, log, position); the same position with
  another hash is kept in ``fleet.conflicts`` and reported.  Gaps, breaks, edited rows and restarted
  logs become ``fleet.events`` as the rows arrive.
* ``fleet.head(log_id text)``: the highest position stored for this station's log and its hash (where a push
  resumes; the push sends that row again, so a log restored from an older copy shows as a conflict).

Why a function and not row-level security: see docs/fleet.md ("Collection": measured).  In short, a
station under RLS needs SELECT on its own rows to find conflicts and its resume point, COPY is refused
under RLS, and the chain re-check needs the previous row anyway; the function does all of it in one
round trip per batch and was faster than RLS-checked INSERTs.

A station's log id is the per-log ``station_id`` the audit log keeps in its ``meta`` table (a new log
gets a new one); the fleet's station id comes from enrolment, so a restarted log stays the same station.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from verifier_app.errors import VerifierError

SCHEMA_VERSION = 1
STATION_GROUP = "fleet_station"
STATION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")

# Where a chain stops being one: these event kinds make a station's chain "not intact".
CHAIN_EVENTS = ("gap", "break", "edited", "restart", "conflict")

SCHEMA = r"""
CREATE SCHEMA IF NOT EXISTS fleet;
REVOKE ALL ON SCHEMA fleet FROM PUBLIC;
CREATE TABLE IF NOT EXISTS fleet.meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS fleet.stations (
    station_id text PRIMARY KEY,
    role_name text UNIQUE NOT NULL,
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    last_push timestamptz
);
CREATE TABLE IF NOT EXISTS fleet.logs (
    station_id text NOT NULL REFERENCES fleet.stations,
    log_id text NOT NULL,
    first_seen timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (station_id, log_id)
);
CREATE TABLE IF NOT EXISTS fleet.entries (
    station_id text NOT NULL,
    log_id text NOT NULL,
    position bigint NOT NULL,
    kind text NOT NULL,
    at timestamptz NOT NULL,
    presentation_id text NOT NULL DEFAULT '',
    issuer text NOT NULL DEFAULT '',
    bundle_sequence integer,
    verdict text NOT NULL DEFAULT '',
    prev_hash text NOT NULL,
    hash text NOT NULL,
    hash_ok boolean NOT NULL,
    canonical text NOT NULL,           -- the exact text the hash covers: re-checkable later
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (station_id, log_id, position)
);
-- The replay check: one presentation id at several stations.
CREATE INDEX IF NOT EXISTS entries_presentation ON fleet.entries (presentation_id, station_id)
    WHERE presentation_id <> '';
CREATE TABLE IF NOT EXISTS fleet.conflicts (
    station_id text NOT NULL,
    log_id text NOT NULL,
    position bigint NOT NULL,
    hash text NOT NULL,
    stored_hash text NOT NULL,
    canonical text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (station_id, log_id, position, hash)
);
CREATE TABLE IF NOT EXISTS fleet.events (
    id bigserial PRIMARY KEY,
    station_id text NOT NULL,
    log_id text NOT NULL,
    position bigint,
    kind text NOT NULL,
    detail text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS events_station ON fleet.events (station_id);
"""

INGEST = r"""
CREATE OR REPLACE FUNCTION fleet.ingest(batch jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = fleet, pg_catalog, pg_temp AS $fn$
DECLARE
    sid text;
    n_in integer;
    n_added integer;
    n_conflicts integer;
BEGIN
    SELECT station_id INTO sid FROM fleet.stations WHERE role_name = session_user;
    IF sid IS NULL THEN
        RAISE EXCEPTION 'role % is not an enrolled station', session_user USING ERRCODE = '42501';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('fleet.station:' || sid));  -- one push per station at a time
    IF to_regclass('pg_temp.batch') IS NULL THEN  -- once per connection, emptied at each commit
    CREATE TEMP TABLE batch (
        log_id text, position bigint, kind text, at timestamptz, presentation_id text, issuer text,
        bundle_sequence integer, verdict text, prev_hash text, hash text, hash_ok boolean, canonical text,
        is_new boolean DEFAULT false) ON COMMIT DELETE ROWS;
    -- The station's session could have made a "batch" of its own first (any login may create temporary
    -- tables), with a trigger that would run with this function's rights: use only the one made here.
    ELSIF (SELECT relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user) OR relkind <> 'r'
           OR relhastriggers OR relhasrules FROM pg_class WHERE oid = to_regclass('pg_temp.batch')) THEN
        RAISE EXCEPTION 'this session has a temporary table "batch" of its own: refused' USING ERRCODE = '42501';
    END IF;
    TRUNCATE pg_temp.batch;
    INSERT INTO pg_temp.batch (log_id, position, kind, at, presentation_id, issuer, bundle_sequence, verdict,
                               prev_hash, hash, hash_ok, canonical)
    SELECT f.station_id, f.id, f.kind, f.at, coalesce(f.presentation_id, ''), coalesce(f.issuer, ''),
           f.bundle_sequence, coalesce(f.verdict, ''), f.prev_hash, r.h,
           -- the hash this version writes ("anchored" prefix), or the one logs older than anchors wrote
           CASE WHEN encode(sha256(convert_to('anchored' || chr(10) || f.prev_hash || chr(10) || r.c, 'UTF8')), 'hex')
                     = r.h THEN true
                ELSE encode(sha256(convert_to(f.prev_hash || chr(10) || r.c, 'UTF8')), 'hex') = r.h END,
           r.c
    FROM (SELECT e->>'c' AS c, e->>'h' AS h FROM jsonb_array_elements(batch) e) r
    -- parsed once per row (a jsonb cast named N times in the select list would be parsed N times)
    CROSS JOIN LATERAL jsonb_to_record(r.c::jsonb) AS f(id bigint, station_id text, kind text, at timestamptz,
        presentation_id text, issuer text, bundle_sequence integer, verdict text, prev_hash text);
    GET DIAGNOSTICS n_in = ROW_COUNT;
    IF EXISTS (SELECT 1 FROM pg_temp.batch WHERE log_id IS NULL OR position IS NULL OR prev_hash IS NULL
                                              OR hash IS NULL OR at IS NULL OR kind IS NULL) THEN
        RAISE EXCEPTION 'a row lacks its log id, position, time, kind or hashes' USING ERRCODE = '22023';
    END IF;

    -- A log never seen from this station: the first, or a restart (a new audit log on the same station).
    INSERT INTO fleet.events (station_id, log_id, position, kind, detail)
    SELECT sid, n.log_id, n.first_position, 'restart',
           format('a new audit log %s starts at position %s after log %s (last position %s)',
                  n.log_id, n.first_position, p.log_id,
                  (SELECT max(position) FROM fleet.entries e WHERE e.station_id = sid AND e.log_id = p.log_id))
    FROM (SELECT log_id, min(position) AS first_position FROM pg_temp.batch GROUP BY log_id) n
    CROSS JOIN LATERAL (SELECT log_id FROM fleet.logs l WHERE l.station_id = sid
                        ORDER BY first_seen DESC LIMIT 1) p
    WHERE NOT EXISTS (SELECT 1 FROM fleet.logs l WHERE l.station_id = sid AND l.log_id = n.log_id);
    INSERT INTO fleet.logs (station_id, log_id)
    SELECT DISTINCT sid, log_id FROM pg_temp.batch ON CONFLICT DO NOTHING;

    -- Same position, another hash: kept, never ignored.
    WITH c AS (
        INSERT INTO fleet.conflicts (station_id, log_id, position, hash, stored_hash, canonical)
        SELECT sid, b.log_id, b.position, b.hash, e.hash, b.canonical
        FROM pg_temp.batch b JOIN fleet.entries e
          ON e.station_id = sid AND e.log_id = b.log_id AND e.position = b.position AND e.hash <> b.hash
        ON CONFLICT DO NOTHING RETURNING log_id, position, hash, stored_hash)
    INSERT INTO fleet.events (station_id, log_id, position, kind, detail)
    SELECT sid, log_id, position, 'conflict',
           format('position %s sent again with hash %s; stored %s', position, left(hash, 16), left(stored_hash, 16))
    FROM c;
    GET DIAGNOSTICS n_conflicts = ROW_COUNT;

    WITH ins AS (
        INSERT INTO fleet.entries (station_id, log_id, position, kind, at, presentation_id, issuer, bundle_sequence,
                                   verdict, prev_hash, hash, hash_ok, canonical)
        SELECT sid, log_id, position, kind, at, presentation_id, issuer, bundle_sequence, verdict, prev_hash, hash,
               hash_ok, canonical
        FROM pg_temp.batch ORDER BY log_id, position
        ON CONFLICT DO NOTHING RETURNING log_id, position)
    UPDATE pg_temp.batch b SET is_new = true FROM ins WHERE b.log_id = ins.log_id AND b.position = ins.position;
    GET DIAGNOSTICS n_added = ROW_COUNT;

    -- The chain re-check of the rows just added: each must carry its own hash and follow the row before it.
    INSERT INTO fleet.events (station_id, log_id, position, kind, detail)
    SELECT sid, b.log_id, b.position, 'edited', format('position %s: its hash does not match its content', b.position)
    FROM pg_temp.batch b WHERE b.is_new AND NOT b.hash_ok;
    INSERT INTO fleet.events (station_id, log_id, position, kind, detail)
    SELECT sid, b.log_id, b.position,
           CASE WHEN b.position = 1 THEN 'break' WHEN prev.hash IS NULL THEN 'gap' ELSE 'break' END,
           CASE WHEN b.position = 1 THEN 'position 1 does not start from the genesis hash'
                WHEN prev.hash IS NULL THEN format('positions %s to %s never arrived',
                    coalesce((SELECT max(position) FROM fleet.entries e WHERE e.station_id = sid
                              AND e.log_id = b.log_id AND e.position < b.position), 0) + 1, b.position - 1)
                ELSE format('position %s does not follow position %s (an entry was deleted, inserted or edited)',
                            b.position, b.position - 1) END
    FROM pg_temp.batch b
    LEFT JOIN fleet.entries prev ON prev.station_id = sid AND prev.log_id = b.log_id
                                AND prev.position = b.position - 1
    WHERE b.is_new AND (CASE WHEN b.position = 1 THEN b.prev_hash <> repeat('0', 64)
                             ELSE prev.hash IS NULL OR prev.hash <> b.prev_hash END);

    UPDATE fleet.stations SET last_push = now() WHERE station_id = sid;
    RETURN jsonb_build_object('station_id', sid, 'received', n_in, 'added', n_added, 'conflicts', n_conflicts);
END
$fn$;

CREATE OR REPLACE FUNCTION fleet.head(log text) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fleet, pg_catalog, pg_temp AS $fn$
    SELECT jsonb_build_object('station_id', s.station_id, 'position', coalesce(h.position, 0), 'hash', h.hash)
    FROM fleet.stations s
    LEFT JOIN LATERAL (SELECT position, hash FROM fleet.entries e WHERE e.station_id = s.station_id
                       AND e.log_id = log ORDER BY position DESC LIMIT 1) h ON true
    WHERE s.role_name = session_user
$fn$;

REVOKE ALL ON FUNCTION fleet.ingest(jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION fleet.head(text) FROM PUBLIC;
"""


class CentralError(VerifierError):
    """The database refused or can't be reached: one line, with what to do."""


def connect(dsn: str, **kwargs: Any) -> psycopg.Connection[Any]:
    try:
        return psycopg.connect(dsn, connect_timeout=10, **kwargs)
    except psycopg.Error as exc:
        raise CentralError(f"can't connect to the fleet database: {_first_line(exc)}",
                           "Check the connection string (host, port, dbname, user, password).") from None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def init(dsn: str) -> None:
    """Create (or bring up to date) the schema and the station group role; safe to run again."""
    with connect(dsn) as conn:
        try:
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('fleet.init'))")
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (STATION_GROUP,)).fetchone():
                conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(STATION_GROUP)))
            conn.execute(SCHEMA)
            conn.execute(INGEST)
            group = sql.Identifier(STATION_GROUP)
            conn.execute(sql.SQL("GRANT USAGE ON SCHEMA fleet TO {}").format(group))
            conn.execute(sql.SQL("GRANT EXECUTE ON FUNCTION fleet.ingest(jsonb), fleet.head(text) TO {}").format(group))
            conn.execute("INSERT INTO fleet.meta VALUES ('schema_version', %s) ON CONFLICT (key) DO UPDATE "
                         "SET value = excluded.value", (str(SCHEMA_VERSION),))
        except psycopg.errors.InsufficientPrivilege as exc:
            raise CentralError(f"the database refused: {_first_line(exc)}",
                               "Run db init as the database owner with CREATEROLE.") from None


@dataclass(frozen=True)
class Enrolment:
    station_id: str
    role: str
    password: str
    dsn: str  # the station's own connection string: hand it over, it holds the password


def role_name(station_id: str) -> str:
    return "station_" + re.sub(r"[^a-z0-9_]", "_", station_id.lower())


def add_station(dsn: str, station_id: str) -> Enrolment:
    """Enrol a station: a login role of its own (member of fleet_station), a generated password."""
    if not STATION_ID.match(station_id):
        raise CentralError(f"{station_id!r} is not a usable station id",
                           "Use letters, digits, dot, dash and underscore (up to 63 characters).")
    role = role_name(station_id)
    password = secrets.token_urlsafe(24)
    with connect(dsn) as conn:
        try:
            if conn.execute("SELECT 1 FROM fleet.stations WHERE station_id = %s OR role_name = %s",
                            (station_id, role)).fetchone():
                raise CentralError(f"station {station_id} is already enrolled",
                                   "Pick another station id (a re-installed station keeps its enrolment file).")
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                sql.Identifier(role), sql.Literal(password), sql.Identifier(STATION_GROUP)))
            conn.execute("INSERT INTO fleet.stations (station_id, role_name) VALUES (%s, %s)", (station_id, role))
        except psycopg.errors.UndefinedTable:
            raise CentralError("the fleet schema is missing", "Run: verifier-central db init DSN") from None
        except psycopg.errors.DuplicateObject:
            raise CentralError(f"a database role {role} exists already",
                               "Drop it or pick another station id.") from None
        except psycopg.errors.InsufficientPrivilege as exc:
            raise CentralError(f"the database refused: {_first_line(exc)}",
                               "Enrol stations as a role with CREATEROLE.") from None
    # The station's string: the operator's host, port and database, its own role and password, nothing else
    # of the operator's (no password or service file of the admin's).
    params = {k: v for k, v in conninfo_to_dict(dsn).items() if k in ("host", "hostaddr", "port", "dbname",
                                                                         "sslmode", "sslrootcert")}
    return Enrolment(station_id, role, password, make_conninfo("", **params, user=role, password=password))


__all__ = ["CentralError", "Enrolment", "add_station", "connect", "init", "role_name", "CHAIN_EVENTS"]
