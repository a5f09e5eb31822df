"""Writes a man page (roff) from a command's argparse parser, so the page never drifts from --help.

    python scripts/make_manpage.py verifier_app.cli.verifier:build_parser -o verifier.1
    python scripts/make_manpage.py verifier_app.qt.app:build_parser -o verifier-gui.1

Uses only argparse's own data: the parser's description and arguments, and each sub-command
(recursively) with its help and arguments.  The module's docstring gives the synopsis lines when
it has an indented usage block, as verifier_app/cli/verifier.py does.  No third-party tools, so
scripts/build-deb.sh can run it offline with the packaged Python.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # last: run with the packaged Python, the packaged copy wins

# Text that argparse does not know: exit status, environment, files.
EXTRA_SECTIONS = {
    "verifier": [
        ("EXIT STATUS", "0 when every input verified as valid; 1 when any did not; 2 for usage or I/O errors."),
        ("ENVIRONMENT", [
            ("VERIFIER_DATA_DIR", "station data folder, instead of the per-user folder"),
            ("VERIFIER_ADMIN_PASSPHRASE", "administrator passphrase for guarded actions (else it is prompted)"),
            ("VERIFIER_NEW_ADMIN_PASSPHRASE", "the new passphrase for admin set-passphrase"),
            ("VERIFIER_OPERATOR", "who is at the station, for the audit log"),
        ]),
        ("FILES", [
            ("~/.local/share/dl-verifier/", "the station's data: trust roots and bundles, settings, the audit log"),
        ]),
    ],
    "verifier-gui": [
        ("ENVIRONMENT", [
            ("VERIFIER_DATA_DIR", "station data folder, instead of the per-user folder"),
            ("VERIFIER_LOG", "log level, e.g. INFO (logs \"window shown\" at first paint)"),
        ]),
        ("FILES", [
            ("~/.local/share/dl-verifier/", "the station's data: trust roots and bundles, settings, the audit log"),
        ]),
    ],
}
# Whose module docstring is written for users (verifier-gui's is for developers).
USE_DOCSTRING = {"verifier"}
SEE_ALSO = {"verifier": "verifier-gui(1)", "verifier-gui": "verifier(1)"}


def esc(text: str) -> str:
    """Escape text for roff: backslashes, hyphens (as minus signs only in options) and leading dots."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    lines = [("\\&" + line) if line.startswith((".", "'")) else line for line in text.split("\n")]
    return "\n".join(lines)


def _invocation(action: argparse.Action) -> str:
    if not action.option_strings:
        return "\\fI" + esc(action.metavar or action.dest) + "\\fR"
    names = ", ".join("\\fB" + esc(o) + "\\fR" for o in action.option_strings)
    if action.nargs == 0:
        return names
    if action.choices:
        meta = "{" + ",".join(map(str, action.choices)) + "}"
    else:
        meta = action.metavar or action.dest.upper()
    return f"{names} \\fI{esc(str(meta))}\\fR"


def _help(action: argparse.Action, parser: argparse.ArgumentParser) -> str:
    text = action.help or ""
    if "%(" in text:
        text = text % {**vars(action), "prog": parser.prog, "default": action.default}
    return text


def _subparsers(parser: argparse.ArgumentParser):
    for action in parser._actions:  # argparse has no public way to walk sub-commands
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                yield name, helps.get(name, ""), sub


def _options(parser: argparse.ArgumentParser, out: list[str]) -> None:
    for action in parser._actions:
        if isinstance(action, (argparse._SubParsersAction, argparse._HelpAction)) or action.help == argparse.SUPPRESS:
            continue
        out += [".TP", _invocation(action), esc(_help(action, parser)) or "\\&"]


def _commands(parser: argparse.ArgumentParser, words: list[str], out: list[str]) -> None:
    for name, helptext, sub in _subparsers(parser):
        path = words + [name]
        usage = sub.format_usage().replace("usage: ", "").strip()
        out += [".SS " + esc(" ".join(path)), esc(helptext or sub.description or ""), ".PP",
                ".nf", "\\fB" + esc(" ".join(usage.split())) + "\\fR", ".fi"]
        _options(sub, out)
        _commands(sub, path, out)


def _synopsis_from_doc(doc: str, prog: str) -> list[str]:
    lines = [line.strip() for line in doc.splitlines() if line.startswith("    ") and line.strip()]
    return [line for line in lines if line.startswith(prog + " ")]


def render(parser: argparse.ArgumentParser, doc: str = "", section: str = "1", date: str | None = None,
           version: str = "") -> str:
    prog = parser.prog
    date = date or dt.datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", "0")) or dt.datetime.now().timestamp(),
                                             dt.timezone.utc).strftime("%Y-%m-%d")
    out = [f'.TH "{prog.upper()}" "{section}" "{date}" "dl-verifier {esc(version)}" "User Commands"',
           ".SH NAME", f"{esc(prog)} \\- {esc((parser.description or '').rstrip('.'))}",
           ".SH SYNOPSIS", ".nf"]
    synopsis = _synopsis_from_doc(doc, prog) or [" ".join(parser.format_usage().replace("usage: ", "").split())]
    out += ["\\fB" + esc(line) + "\\fR" for line in synopsis]
    out += [".fi", ".SH DESCRIPTION", esc(parser.description or "")]
    if doc and prog in USE_DOCSTRING:
        paragraphs = [p for p in textwrap.dedent(doc).split("\n\n")[1:] if p.strip() and not p.startswith("    ")]
        for para in paragraphs:
            out += [".PP", esc(" ".join(para.replace("``", "").split()))]
    out += [".SH OPTIONS"]
    _options(parser, out)
    if any(True for _ in _subparsers(parser)):
        out += [".SH COMMANDS"]
        _commands(parser, [prog], out)
    for title, body in EXTRA_SECTIONS.get(prog, []):
        out += [".SH " + title]
        if isinstance(body, str):
            out += [esc(body)]
        else:
            for term, text in body:
                out += [".TP", "\\fB" + esc(term) + "\\fR", esc(text)]
    if prog in SEE_ALSO:
        out += [".SH SEE ALSO", esc(SEE_ALSO[prog])]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("target", help="module:function returning the argparse parser")
    ap.add_argument("-o", "--out", help="output file (default: stdout)")
    ap.add_argument("--section", default="1")
    args = ap.parse_args(argv)
    module_name, _, func = args.target.partition(":")
    module = importlib.import_module(module_name)
    from verifier_app import __version__

    page = render(getattr(module, func or "build_parser")(), doc=module.__doc__ or "", section=args.section,
                  version=__version__)
    if args.out:
        Path(args.out).write_text(page, encoding="utf-8")
    else:
        sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
