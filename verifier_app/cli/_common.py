"""What both command lines share: the one place errors become messages."""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from typing import Callable, Sequence

from verifier_app.errors import VerifierError

EXIT_OK, EXIT_NOT_VALID, EXIT_ERROR = 0, 1, 2


class UsageError(VerifierError):
    """Bad arguments: exit 2 with a one-line message."""


def run(main: Callable[[Sequence[str] | None], int], argv: Sequence[str] | None = None) -> int:
    """Call ``main``; turn every error into one line on stderr and exit code 2.

    No traceback reaches a user unless VERIFIER_DEBUG=1 asks for one.
    """
    try:
        return main(argv)
    except VerifierError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as exc:  # the last line of defence: report, don't crash
        if os.environ.get("VERIFIER_DEBUG") == "1":
            traceback.print_exc()
        print(f"error: unexpected {type(exc).__name__}: {exc} (set VERIFIER_DEBUG=1 for details and report it)",
              file=sys.stderr)
        return EXIT_ERROR


def parse_time(text: str) -> dt.datetime:
    """ISO 8601; a time without a zone is the station's local time."""
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"{text!r} is not an ISO 8601 time such as 2026-11-25T10:42:05+08:00") from None
    if value.tzinfo is None:
        value = value.astimezone()
    return value


def default_language() -> str:
    for name in ("VERIFIER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
