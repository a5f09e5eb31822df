"""``verifier audit``, ``verifier receipt``, ``verifier admin`` and the guarded ``verifier trust`` commands.

    verifier trust preview-root ROOT.pem      subject and SHA-256 fingerprint, nothing pinned
    verifier trust remove-root FINGERPRINT    unpin a root and drop its bundle (administrator)
    verifier admin configure [--role R] [--max-age S] [--skew S] [--retention-days D]
                             [--category C] [--unlock-seconds S]
    verifier admin repair                     rewrite a damaged station.json, keeping its valid values
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from verifier_app.services import (AdminLock, AdminRequired, ConfigInvalid, Station, StationConfig, admin_status,
                                   configure, default_operator, describe_config, repair, words)
from . import _common
from ._common import EXIT_NOT_VALID, EXIT_OK, UsageError

ENV_PASSPHRASE = "VERIFIER_ADMIN_PASSPHRASE"
ENV_NEW_PASSPHRASE = "VERIFIER_NEW_ADMIN_PASSPHRASE"


def operator_name(given: str | None) -> str:
    return given or default_operator()


def _prompt(text: str) -> str | None:
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(text)


def require_admin(station: Station, *, what: str = "this change", operator: str | None = None) -> None:
    """Ask for the administrator passphrase (environment or prompt, never an argument).

    A station whose passphrase file was deleted stays locked (AdminLockTampered).
    """
    lock = station.admin_lock()
    if not lock.is_set:
        print("warning: no administrator passphrase is set on this station: anyone can change its trust and "
              "policy. Set one with: verifier admin set-passphrase", file=sys.stderr)
        return
    lock.ensure_intact()  # tampering is said before any prompt
    passphrase = os.environ.get(ENV_PASSPHRASE) or _prompt("Administrator passphrase: ")
    if not passphrase:
        raise AdminRequired(f"{what} needs the administrator passphrase",
                            f"Run it where you can type the passphrase, or set {ENV_PASSPHRASE}.")
    lock.check(passphrase, operator=operator)


# ------------------------------------------------------------ parsers


def add_trust_parsers(tsub: Any) -> None:
    """``trust preview-root`` and ``trust remove-root`` (added to verifier.py's ``trust`` parser)."""
    p = tsub.add_parser("preview-root", help="show a root certificate's subject and SHA-256 fingerprint "
                                             "without installing it")
    p.add_argument("root", help="root certificate (PEM or DER)")
    p.add_argument("--json", action="store_true")
    p = tsub.add_parser("remove-root", help="unpin an installed root and its bundle (administrator)")
    p.add_argument("fingerprint", help="its SHA-256 fingerprint (or the first 8+ hex digits), see: trust show")


def add_admin_parsers(adsub: Any, configure: argparse.ArgumentParser) -> None:
    """``admin configure --category/--unlock-seconds`` and ``admin repair``."""
    configure.add_argument("--category", help="vehicle category every licence must cover, e.g. C1 "
                                              "(\"\" for none)")
    configure.add_argument("--unlock-seconds", type=int,
                           help="how long one passphrase entry unlocks administration in the window (0-3600)")
    adsub.add_parser("repair", help="rewrite a damaged station.json: keep its valid values, reset the rest "
                                    "(administrator)")
    p = adsub.add_parser("status", help="where the guarded settings live, and whether the lock is intact")
    p.add_argument("--json", action="store_true")


TRUST_COMMANDS = ("preview-root", "remove-root")


def trust_command(args: argparse.Namespace, station: Station) -> int:
    if args.trust_command == "preview-root":
        try:
            data = Path(args.root).read_bytes()
        except OSError as exc:
            raise UsageError(f"{args.root}: can't be read ({exc.strerror})") from None
        preview = station.trust.preview_root(data=data)
        if args.json:
            print(json.dumps({"subject": preview.subject, "sha256": preview.sha256,
                              "not_before": preview.not_before.isoformat(),
                              "not_after": preview.not_after.isoformat(),
                              "installed": preview.already_installed}, indent=2, ensure_ascii=False))
            return EXIT_OK
        print(f"Root: {preview.subject}")
        print(f"SHA-256 fingerprint: {preview.sha256}")
        print(f"Valid {preview.not_before.astimezone():%Y-%m-%d} to {preview.not_after.astimezone():%Y-%m-%d}")
        print("Already installed." if preview.already_installed else
              "Not installed. Compare the fingerprint with the one your authority published, then: "
              f"verifier trust install-root {args.root}")
        return EXIT_OK
    # remove-root
    fingerprint = station.trust.find_root(fingerprint=args.fingerprint)  # a typo is said before the passphrase
    require_admin(station, what="removing a root certificate", operator=operator_name(args.operator))
    removed = station.trust.remove_root(fingerprint=fingerprint, operator=operator_name(args.operator))
    print(f"Removed root: {removed.subject}\nSHA-256 fingerprint: {removed.sha256}\n"
          "Its trust bundle was removed too; codes of this authority no longer verify on this station.")
    return EXIT_OK


def _time(text: str | None) -> dt.datetime | None:
    return _common.parse_time(text) if text else None


def audit_command(args: argparse.Namespace, station: Station, lang: str) -> int:
    with station.open_history() as history:
        if args.audit_command == "verify":
            report = history.verify_chain()
            print(report)
            return EXIT_OK if report.ok else EXIT_NOT_VALID
        if args.audit_command == "purge":
            require_admin(station, what="purging the audit log", operator=operator_name(args.operator))
            days = args.older_than_days if args.older_than_days is not None else station.config().retention_days
            count = history.purge(days=days, operator=operator_name(args.operator),
                                  now=dt.datetime.now(dt.timezone.utc))
            if count is None:
                print("retention is off (0 days): nothing purged")
                return EXIT_OK
            print(f"purged {count} entr{'y' if count == 1 else 'ies'} older than {days} days; "
                  f"{history.verify_chain()}")
            return EXIT_OK
        entries = history.search(since=_time(args.since), until=_time(args.until), verdict=args.verdict,
                                 document_number=args.number)
        if args.audit_command == "export":
            count = history.export(entries=entries, fmt=args.format, path=args.out)
            print(f"wrote {count} entries to {args.out}")
            return EXIT_OK
        if args.json:
            print(json.dumps([e.to_export() for e in entries], ensure_ascii=False, indent=2))
            return EXIT_OK
        if entries:  # the station's local time, its offset written once in the heading
            print(f"times in {words.zone_label(entries[0].at_datetime)}")
        for e in entries:
            at = words.local_time_text(e.at_datetime, zone=False)
            login = f" (login {e.os_login})" if e.os_login and e.os_login != e.operator else ""
            print(f"#{e.id}  {at}  {e.verdict:<10}  {e.reasons or '-':<30}  {e.document_ref or '-':<16}  "
                  f"{e.source}  {e.operator}{login}")
        if not entries:
            print("no matching entries")
        return EXIT_OK


def receipt_command(args: argparse.Namespace, station: Station, lang: str) -> int:
    with station.open_history() as history:
        entry = history.entry(entry_id=args.entry)
        if entry.kind != "verification":
            raise UsageError(f"entry {args.entry} is a retention checkpoint, not a verification")
        page = history.receipt_html(entry=entry, lang=lang)
    from verifier_app.printing.pdf import write_pdf_headless  # Qt's PDF writer, only for this command

    write_pdf_headless(page, args.out)
    print(f"wrote the receipt of entry {entry.id} to {args.out}")
    return EXIT_OK


def admin_command(args: argparse.Namespace, station: Station) -> int:
    lock = station.admin_lock()
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
        lock.set_passphrase(new, current=current, operator=operator_name(getattr(args, "operator", None)))
        print("administrator passphrase set")
        return EXIT_OK
    operator = operator_name(getattr(args, "operator", None))
    if args.admin_command == "repair":
        return _repair(station, operator)
    if args.admin_command == "status":
        return _status(station, lock, as_json=args.json)
    # configure: works on a damaged station.json too (its valid values are kept)
    require_admin(station, what="changing the role, policy or retention", operator=operator)
    changes = {k: v for k, v in (("role", args.role), ("max_qr_age_s", args.max_age), ("clock_skew_s", args.skew),
                                 ("retention_days", args.retention_days),
                                 ("required_category", getattr(args, "category", None)),
                                 ("admin_unlock_s", getattr(args, "unlock_seconds", None))) if v is not None}
    try:
        done = configure(station, changes, operator=operator)  # the station facade keeps a damaged file's values
    except ConfigInvalid as exc:
        raise UsageError(str(exc)) from None
    for note in done.notes:
        print(f"repaired station.json: {note}", file=sys.stderr)
    print(_describe(done.config))
    return EXIT_OK


def _describe(config: StationConfig) -> str:
    return describe_config(config)


def _repair(station: Station, operator: str) -> int:
    require_admin(station, what="repairing the station configuration", operator=operator)
    done = repair(station, operator=operator)
    if done.config is None:
        print(f"{done.path} is valid: nothing to repair")
        return EXIT_OK
    for note in done.reset:
        print(f"reset: {note}")
    print(f"repaired {done.path}: {_describe(done.config)}")
    return EXIT_OK


def _status(station: Station, lock: AdminLock, *, as_json: bool) -> int:
    info = admin_status(station, lock)
    passphrase, config = info["passphrase"], info["configuration"]
    if as_json:
        print(json.dumps(info, indent=2, ensure_ascii=False))
        return EXIT_OK
    if info["system_folder"]:
        print(f"System-wide station folder: {info['system_folder']} (roots, bundles, station.json, admin.json)")
    else:
        print(f"No system-wide station folder (it would be {info['system_folder_expected_at']}): the guarded "
              "settings are in the per-user data folder, which the person at the desk can delete.")
    if station.trust.scope == "per_user":
        print(f"Trust: {words.trust_scope_text('per_user')}.")
    print(f"Data folder (audit log): {info['data_folder']}")
    print(f"Administrator passphrase: {passphrase}")
    print(f"Configuration: {config}")
    return EXIT_OK
