"""``verifier-present AUTHORITY_DIR --holder HOLDER.json``: the holder's licence page as a window.

For a second screen or a tablet held up to a real webcam: the page a holder's app shows, its code
issued by the given authority and renewed every 30 s.  A window of its own, so the issuer's command
line (``verifier-issuer``) never loads Qt.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from verifier_app.errors import VerifierError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="verifier-present",
        description="Show a holder's licence page in a window, its code issued by an authority and renewed every 30 s.")
    parser.add_argument("dir", metavar="AUTHORITY_DIR", help="the authority's folder (verifier-issuer init-authority)")
    parser.add_argument("--holder", required=True, metavar="HOLDER.json",
                        help="holder JSON (see resources/sample-holder.json)")
    return parser


def present_window(authority_dir: str, holder_path: str):
    """The holder page as a window of its own, its code issued by the given authority."""
    from verifier_app.demo.holder_page import presented_page
    from verifier_app.qt.holder.holder_display import HolderDisplay

    page = presented_page(authority_dir, holder_path)
    display = HolderDisplay(page.licence, page.issue, demo=page.demo)
    display.setWindowTitle(page.title)
    return display


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    display = present_window(args.dir, args.holder)
    display.show()
    return app.exec()


def entry_point() -> None:
    try:
        code = main()
    except VerifierError as exc:  # a missing authority or a bad holder file: one line, no traceback
        print(f"error: {exc}", file=sys.stderr)
        code = 2
    sys.exit(code)


if __name__ == "__main__":
    entry_point()
