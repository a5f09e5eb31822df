"""``verifier audit``, ``verifier receipt`` and ``verifier admin``: evidence and guarded settings."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys

from verifier_app.station.admin_lock import AdminLock, AdminRequired
from verifier_app.station.audit import AuditLog, export_csv, export_jsonl
from verifier_app.station.store import StationStore
from verifier_app.station.config import StationConfig, load_config, save_config
from . import _common
from ._common import EXIT_NOT_VALID, EXIT_OK, UsageError

ENV_PASSPHRASE = "VERIFIER_ADMIN_PASSPHRASE"
ENV_NEW_PASSPHRASE = "VERIFIER_NEW_ADMIN_PASSPHRASE"


def operator_name(given: str | None) -> str:
    if given:
        return given
    env = os.environ.get("VERIFIER_OPERATOR")
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _prompt(text: str) -> str | None:
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(text)


def require_admin(store: StationStore, *, what: str = "this change") -> None:
    """Ask for the administrator passphrase (environment or prompt, never an argument)."""
    lock = AdminLock(store.data_dir)
    if not lock.is_set:
        print("warning: no administrator passphrase is set on this station: anyone can change its trust and "
              "policy. Set one with: verifier admin set-passphrase", file=sys.stderr)
        return
    passphrase = os.environ.get(ENV_PASSPHRASE) or _prompt("Administrator passphrase: ")
    if not passphrase:
        raise AdminRequired(f"{what} needs the administrator passphrase",
                            f"Run it where you can type the passphrase, or set {ENV_PASSPHRASE}.")
    lock.check(passphrase)


def open_audit(store: StationStore) -> AuditLog:
    return AuditLog.in_data_dir(store.data_dir)


def _time(text: str | None) -> dt.datetime | None:
    return _common.parse_time(text) if text else None


def audit_command(args: argparse.Namespace, store: StationStore, lang: str) -> int:
    with open_audit(store) as audit:
        if args.audit_command == "verify":
            report = audit.verify_chain()
            print(report)
            return EXIT_OK if report.ok else EXIT_NOT_VALID
        if args.audit_command == "purge":
            require_admin(store, what="purging the audit log")
            days = args.older_than_days if args.older_than_days is not None else load_config(store.data_dir).retention_days
            if days <= 0:
                print("retention is off (0 days): nothing purged")
                return EXIT_OK
            now = dt.datetime.now(dt.timezone.utc)
            count = audit.purge(older_than=now - dt.timedelta(days=days), operator=operator_name(args.operator),
                                now=now)
            print(f"purged {count} entr{'y' if count == 1 else 'ies'} older than {days} days; "
                  f"{audit.verify_chain()}")
            return EXIT_OK
        entries = audit.search(since=_time(args.since), until=_time(args.until), verdict=args.verdict,
                               document_number=args.number)
        if args.audit_command == "export":
            count = (export_csv if args.format == "csv" else export_jsonl)(reversed(entries), args.out)
            print(f"wrote {count} entries to {args.out}")
            return EXIT_OK
        if args.json:
            print(json.dumps([e.to_export() for e in entries], ensure_ascii=False, indent=2))
            return EXIT_OK
        for e in entries:
            print(f"#{e.id}  {e.at}  {e.verdict:<10}  {e.reasons or '-':<30}  {e.document_ref or '-':<16}  "
                  f"{e.source}  {e.operator}")
        if not entries:
            print("no matching entries")
        return EXIT_OK


def receipt_command(args: argparse.Namespace, store: StationStore, lang: str) -> int:
    from verifier_app.station.receipt import receipt_html

    with open_audit(store) as audit:
        entry = audit.get(args.entry)
    if entry.kind != "verification":
        raise UsageError(f"entry {args.entry} is a retention checkpoint, not a verification")
    from ..qt.pdf import write_pdf_headless  # Qt's PDF writer, only for this command

    write_pdf_headless(receipt_html(entry, lang=lang), args.out)
    print(f"wrote the receipt of entry {entry.id} to {args.out}")
    return EXIT_OK


def admin_command(args: argparse.Namespace, store: StationStore) -> int:
    lock = AdminLock(store.data_dir)
    if args.admin_command == "set-passphrase":
        current = None
        if lock.is_set:
            current = os.environ.get(ENV_PASSPHRASE) or _prompt("Current administrator passphrase: ")
        new = os.environ.get(ENV_NEW_PASSPHRASE)
        if not new:
            new = _prompt("New administrator passphrase: ")
            if new is not None and _prompt("Repeat it: ") != new:
                raise UsageError("the two passphrases differ")
        if not new:
            raise UsageError(f"no passphrase given: run it in a terminal, or set {ENV_NEW_PASSPHRASE}")
        lock.set_passphrase(new, current=current)
        print("administrator passphrase set")
        return EXIT_OK
    # configure
    require_admin(store, what="changing the role, policy or retention")
    old = load_config(store.data_dir)
    changes = {k: v for k, v in (("role", args.role), ("max_qr_age_s", args.max_age), ("clock_skew_s", args.skew),
                                 ("retention_days", args.retention_days)) if v is not None}
    try:
        new = StationConfig(**{**old.__dict__, **changes})
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    save_config(store.data_dir, new)
    print(f"role {new.role.value}, maximum QR age {new.max_qr_age_s} s, clock skew {new.clock_skew_s} s, "
          f"audit retention {new.retention_days} days")
    return EXIT_OK

