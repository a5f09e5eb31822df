"""``verifier``: the station's command line.

    verifier trust install-root ROOT.pem | import FILE.dltrust | show
    verifier trust subscribe SOURCE --root ROOT_JSON | sync [--json]
    verifier verify [--json] [--now T] [--max-age S] [--skew S] [--category C] INPUT...
    verifier decode [--json] INPUT...
    verifier demo
    verifier audit verify | list | export | purge | enrol STATION_ID DSN | push [DSN] [--json]
    verifier receipt ENTRY_ID --out FILE.pdf
    verifier admin set-passphrase | configure [--role R] [--max-age S] [--skew S] [--retention-days D]

Administrator actions (trust changes, role, policy, retention) take the
passphrase from $VERIFIER_ADMIN_PASSPHRASE or a prompt, never an argument.

INPUT is an image, a video, or ``-`` for one scanned text per line on stdin
(what a keyboard-wedge barcode scanner types): every line gets its own
result, printed as it is judged (with ``--json``: JSON Lines).  Exit status:
0 when every input verified as valid, 1 when any did not, 2 for usage or I/O
errors (then the results judged before the error are printed all the same).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any, Callable, NoReturn, Sequence

from verifier_app.errors import InputUnreadable, VerifierError
from verifier_app.scan import InputSource, ScanEvent, ScanService, video_sampling
from verifier_app.services import (FixedClock, StatusImport, Station, SystemClock, TrustSnapshot, Verdict, certs,
                                   create_reader, ignored_override, is_status_file, iter_file_frames, profile, words)
from . import _common
from ._common import EXIT_ERROR, EXIT_NOT_VALID, EXIT_OK, OverlongLine, UsageError
from .output import Output, ResultPrinter

log = logging.getLogger("verifier_app.cli")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, like every other error
        raise UsageError(f"{message} (see {self.prog} --help)")


class _VersionAction(argparse.Action):
    """``--version``: the app's and its libraries' versions, gathered only when asked (OpenCV is slow to load)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kwargs: Any) -> None:
        from verifier_app.versions import collect_versions

        print(collect_versions().text())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    from . import fleet_trust, station_admin

    parser = _Parser(prog="verifier", description="Verify electronic driving licences offline.")
    parser.add_argument("--version", action=_VersionAction,
                        help="print the versions of the verifier, Python, Qt, OpenCV, zbar and zxing-cpp, and exit")
    parser.add_argument("--data-dir", help="station data folder (default: per-user folder, or $VERIFIER_DATA_DIR)")
    parser.add_argument("--lang", choices=("en", "zh"), default=None, help="language of messages (default: from the locale)")
    parser.add_argument("--operator", help="who is at the station, for the audit log (default: $VERIFIER_OPERATOR or the login name)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    trust = sub.add_parser("trust", help="manage the station's roots and trust bundles")
    tsub = trust.add_subparsers(dest="trust_command", required=True, parser_class=_Parser)
    p = tsub.add_parser("install-root", help="pin an authority's root certificate")
    p.add_argument("root", help="root certificate (PEM or DER)")
    p = tsub.add_parser("import", help="import a signed trust bundle (.dltrust)")
    p.add_argument("bundle")
    p = tsub.add_parser("show", help="what this station trusts")
    p.add_argument("--json", action="store_true")
    station_admin.add_trust_parsers(tsub)  # preview-root, remove-root
    fleet_trust.add_trust_parsers(tsub)  # subscribe, sync (the fleet's TUF repository)

    p = sub.add_parser("verify", help="verify codes in images, videos or stdin text")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="image, video, or - for text lines on stdin")
    p.add_argument("--json", action="store_true",
                   help="print JSON: one document, or with - one object per line as each is judged (JSON Lines)")
    p.add_argument("--now", help="verify as of this ISO 8601 time instead of the clock")
    p.add_argument("--max-age", type=lambda t: _common.parse_seconds(t, name="--max-age"), help="maximum QR age in seconds (default: the station's, 180; "
                   "another value needs the administrator passphrase)")
    p.add_argument("--skew", type=lambda t: _common.parse_seconds(t, name="--skew"),
                   help="tolerated clock difference in seconds (default: the station's, 60)")
    p.add_argument("--category", help="vehicle category the holder must be licensed for, e.g. C1")

    p = sub.add_parser("decode", help="list every code found in images or videos")
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("demo", help="issue a sample licence code with a demo authority and verify it")
    p.add_argument("--json", action="store_true")

    audit = sub.add_parser("audit", help="the tamper-evident audit log")
    asub = audit.add_subparsers(dest="audit_command", required=True, parser_class=_Parser)
    asub.add_parser("verify", help="check the hash chain; report the first broken entry")
    for name, helptext in (("list", "show entries"), ("export", "write entries as CSV or JSON lines")):
        p = asub.add_parser(name, help=helptext)
        p.add_argument("--since", help="from this date or time (ISO 8601)")
        p.add_argument("--until", help="before this date or time (ISO 8601)")
        p.add_argument("--verdict", choices=("valid", "invalid", "unverified", "no_code"))
        p.add_argument("--number", help="licence number (matched through its keyed hash)")
        if name == "list":
            p.add_argument("--json", action="store_true")
        else:
            p.add_argument("--format", choices=("csv", "jsonl"), default="jsonl")
            p.add_argument("--out", required=True)
    p = asub.add_parser("purge", help="apply the retention now (administrator)")
    p.add_argument("--older-than-days", type=int, help="default: the station's retention setting")
    from . import fleet_push

    fleet_push.add_parsers(asub)  # audit enrol / audit push: the fleet's collection

    p = sub.add_parser("receipt", help="write the PDF receipt of an audit entry")
    p.add_argument("entry", type=int)
    p.add_argument("--out", required=True)

    admin = sub.add_parser("admin", help="administrator passphrase and guarded settings")
    adsub = admin.add_subparsers(dest="admin_command", required=True, parser_class=_Parser)
    adsub.add_parser("set-passphrase", help="set or change the passphrase (prompted, or $VERIFIER_NEW_ADMIN_PASSPHRASE)")
    p = adsub.add_parser("configure", help="set role, policy and retention (administrator)")
    p.add_argument("--role", choices=("checkpoint", "rental", "insurance"))
    p.add_argument("--max-age", type=int)
    p.add_argument("--skew", type=int)
    p.add_argument("--retention-days", type=int)
    station_admin.add_admin_parsers(adsub, p)  # configure --category/--unlock-seconds, repair
    return parser


def _warn_problems(snapshot: TrustSnapshot) -> None:
    for problem in snapshot.problems:
        print(f"warning: {problem}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    lang = args.lang or _common.default_language()
    station = Station.open(args.data_dir)
    ignored = ignored_override()
    if ignored:  # said, so nobody believes a folder of their own is the station's
        print(f"warning: {ignored}", file=sys.stderr)
    if args.command == "trust":
        return _trust(args, station)
    if args.command == "verify":
        return _verify(args, station, lang)
    if args.command == "decode":
        return _decode(args)
    if args.command == "demo":
        from .demo import run_demo

        return run_demo(station, lang=lang, as_json=args.json)
    from . import station_admin

    if args.command == "audit":
        from . import fleet_push

        if args.audit_command in fleet_push.COMMANDS:
            return fleet_push.command(args, station)
        return station_admin.audit_command(args, station, lang)
    if args.command == "receipt":
        return station_admin.receipt_command(args, station, lang)
    if args.command == "admin":
        return station_admin.admin_command(args, station)
    raise UsageError(f"unknown command {args.command}")


# ------------------------------------------------------------------- trust


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputUnreadable(f"{path}: can't be read ({exc.strerror}).", "") from None


def _trust(args: argparse.Namespace, station: Station) -> int:
    from . import station_admin
    from .station_admin import operator_name, require_admin

    if args.trust_command in station_admin.TRUST_COMMANDS:
        return station_admin.trust_command(args, station)
    from . import fleet_trust

    if args.trust_command in fleet_trust.TRUST_COMMANDS:
        return fleet_trust.trust_command(args, station)
    if args.trust_command == "install-root":
        data = _read(args.root)
        require_admin(station, what="installing a root certificate")
        pinned = station.trust.install_root(data=data, operator=operator_name(args.operator))
        print(f"Installed root: {pinned.subject}")
        print(f"SHA-256 fingerprint: {pinned.sha256}")
        print("Compare this fingerprint with the one your authority published before you rely on it.")
        return EXIT_OK
    if args.trust_command == "import":
        data = _read(args.bundle)
        # the passphrase prompt names what is imported, so the kind is read first (by its signed header)
        require_admin(station, what="importing a status list" if is_status_file(data) else "importing a trust bundle")
        outcome = station.trust.import_file(data=data, operator=operator_name(args.operator))
        if isinstance(outcome, StatusImport):
            status = outcome
            for warning in status.warnings:
                print(f"warning: {warning}", file=sys.stderr)
            was = f" (replaced version {status.replaced_version})" if status.replaced_version is not None else ""
            what = (f"applied status delta: {status.changes} change(s)" if status.changes is not None
                    else f"imported status list of {status.size:,} licence(s)")
            print(f"{status.authority}: {what}; version {status.version} in force{was}.")
            return EXIT_OK
        for warning in outcome.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        was = f" (replaced number {outcome.replaced_sequence})" if outcome.replaced_sequence else ""
        print(f"Imported trust bundle {outcome.authority} number {outcome.sequence}{was}: {outcome.signers} signer(s), "
              f"{outcome.revoked} revoked, {outcome.documents} listed licence(s); "
              f"next update due {words.local_time_text(outcome.next_update)}.")
        return EXIT_OK
    snapshot = station.trust.snapshot()
    _warn_problems(snapshot)
    info = station.trust.info(snapshot=snapshot, now=SystemClock().now())  # the station facade describes it
    if args.json:
        print(json.dumps(info, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"Data folder: {info['data_dir']}")
    print(f"Trust state: {info['state']}")
    if not info["roots"]:
        print("No root certificates installed: run 'verifier trust install-root ROOT.pem'.")
    for root in snapshot.roots:
        print(f"Root: {root.subject.rfc4514_string()}\n  SHA-256 {certs.fingerprint(root)}, "
              f"valid until {words.local_time_text(root.not_valid_after_utc)}")
    if not info["bundles"]:
        print("No trust bundle imported: run 'verifier trust import FILE.dltrust'.")
    for b, bundle in zip(info["bundles"], snapshot.bundles):
        c = bundle.content
        print(f"Bundle {b['authority']} number {b['sequence']}: issued {words.local_time_text(c.issued_at_utc)}, "
              f"next update {words.local_time_text(c.next_update_utc)}{' (STALE: import a newer one)' if b['stale'] else ''}")
        for s in b["signers"]:
            print(f"  signer kid {s['kid']}: {s['subject']}{' REVOKED' if s['revoked'] else ''}")
        print(f"  {b['documents']} listed licence(s)")
    for st in info["status_lists"]:
        print(f"Status list {st['authority']} version {st['version']}: {st['size']:,} licences, "
              f"issued {st['issued_at']}, expires {st['expires_at']}{' (EXPIRED: import a newer one)' if st['stale'] else ''}")
    return EXIT_OK


# ------------------------------------------------------------------ verify


def _verify(args: argparse.Namespace, station: Station, lang: str) -> int:
    from .station_admin import operator_name, require_admin

    config = station.config()
    try:
        policy = station.policy(config, max_age_s=args.max_age, skew_s=args.skew, category=args.category)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if (policy.max_qr_age_s, policy.clock_skew_s) != (config.max_qr_age_s, config.clock_skew_s):
        require_admin(station, what="a freshness policy other than the station's")
    if args.category and config.required_category and args.category.strip().upper() != config.required_category:
        require_admin(station, what="a required category other than the station's")
    history = station.open_history()
    operator = operator_name(args.operator)
    clock = FixedClock(_common.parse_time(args.now)) if args.now else SystemClock()
    if args.now:  # judging freshness at another time is a policy change too
        require_admin(station, what="verifying as of another time (--now)")
    snapshot = station.trust.snapshot()
    _warn_problems(snapshot)
    verifier = station.verifier(trust=snapshot, policy=policy, clock=clock)
    service = station.scan_service(verifier=verifier, history=history, role=config.role, operator=operator,
                                   simulated_now=args.now, reader_factory=create_reader)
    # stdin is a stream of any length: its results are JSON Lines, each printed as it is judged.
    output = Output.TEXT if not args.json else Output.JSON_LINES if "-" in args.inputs else Output.JSON_DOCUMENT
    printer = ResultPrinter(output, lang, role=profile(config.role))  # shows what the station's role may see
    exit_code = EXIT_OK

    def report(event: ScanEvent) -> None:
        nonlocal exit_code
        if event.evidence_error is not None:  # fail closed: a verdict the log doesn't hold is not given
            raise event.evidence_error
        assert event.entry is not None
        if event.result.verdict is not Verdict.VALID and exit_code == EXIT_OK:
            exit_code = EXIT_NOT_VALID
        # Whose trust judged it: a station without an administered system folder says so with every verdict.
        printer.result(event.label, event.entry.id, event.result, trust_scope=event.entry.trust_scope)

    try:  # whatever stops the batch, what was judged before it is printed (close: the JSON document)
        for item in args.inputs:
            if item == "-":
                _verify_stdin(service, report)
                continue
            try:
                sampling, total = video_sampling(item)  # a video: a few frames a second, faster than it plays
                event = service.scan_frames(iter_file_frames(item), source=InputSource.FILE, label=item,
                                            sampling=sampling,
                                            progress=_progress_printer(item, total) if sampling else None)
            except InputUnreadable as exc:
                print(f"error: {exc}", file=sys.stderr)  # with what to do (save as PNG...)
                printer.error(item, exc.message)
                exit_code = EXIT_ERROR
                continue
            report(event)
    finally:
        printer.close()
    return exit_code


def _verify_stdin(service: ScanService, report: Callable[[ScanEvent], None]) -> None:
    """One result per stdin line, over-long lines included; nothing at all on stdin is a usage error."""
    lines = 0
    # Bytes, not text: a BOM and CR-only line ends (some scanners) are handled in scanned_lines.
    for number, line in _common.scanned_lines(getattr(sys.stdin, "buffer", sys.stdin)):
        lines, label = lines + 1, f"stdin:{number}"
        if isinstance(line, OverlongLine):
            report(service.too_long(line.length, _common.MAX_LINE_CHARS, line.sha256, InputSource.STDIN, label))
        else:
            report(service.verify_text(line, InputSource.STDIN, label))
    if not lines:
        raise UsageError("stdin gave no text to verify: give one scanned code per line "
                         "(for example: scanner-output | verifier verify -)")


def _progress_printer(label: str, total: int | None) -> Callable[[int], None] | None:
    """Progress of a video scan on stderr, once a second, when someone is watching the terminal."""
    if not sys.stderr.isatty():
        return None
    last = [0.0]

    def show(frames_read: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 1.0:
            last[0] = now
            of = f"/{total}" if total else ""
            print(f"{label}: reading frame {frames_read}{of}…", file=sys.stderr, flush=True)

    return show


# ------------------------------------------------------------------ decode


def _decode(args: argparse.Namespace) -> int:
    reader = create_reader(exhaustive=True)
    outputs = []
    exit_code = EXIT_OK
    for item in args.inputs:
        found: dict[tuple[str, str], int] = {}
        frames = 0
        try:
            for frames, frame in enumerate(iter_file_frames(item), start=1):
                for symbol in reader.decode(frame):
                    found.setdefault((symbol.symbology.value, symbol.text), frames)
        except InputUnreadable as exc:
            print(f"error: {exc}", file=sys.stderr)  # with what to do (save as PNG...)
            outputs.append({"input": item, "error": exc.message})
            exit_code = EXIT_ERROR
            continue
        codes = [{"format": f, "text": t, "first_frame": n} for (f, t), n in found.items()]
        if args.json:
            outputs.append({"input": item, "frames": frames, "codes": codes})
        elif not codes:
            print(f"{item}: no QR code or Code 128 barcode found in {frames} frame(s)")
        else:
            for code in codes:
                print(f"{item}: {code['format']}: {code['text']}")
        if not codes and exit_code == EXIT_OK:
            exit_code = EXIT_NOT_VALID
    if args.json:
        print(json.dumps({"results": outputs}, indent=2, ensure_ascii=False))
    return exit_code


def entry_point() -> None:
    sys.exit(_common.run(main))


if __name__ == "__main__":
    entry_point()
