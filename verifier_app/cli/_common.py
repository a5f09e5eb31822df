"""What both command lines share: the one place errors become messages."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import io
import os
import re
import sys
import traceback
from dataclasses import dataclass
from typing import IO, Any, Callable, Iterator, Sequence

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
    except BrokenPipeError:  # the reader of our output went away (``| head``, a closed scanner pipe)
        _quiet_stdout()
        try:
            print("error: the output was closed before every result was printed; the verdicts given are in "
                  "the audit log (verifier audit list)", file=sys.stderr)
        except OSError:
            pass
        return EXIT_ERROR
    except Exception as exc:  # the last line of defence: report, don't crash
        if os.environ.get("VERIFIER_DEBUG") == "1":
            traceback.print_exc()
        print(f"error: unexpected {type(exc).__name__}: {exc} (set VERIFIER_DEBUG=1 for details and report it)",
              file=sys.stderr)
        return EXIT_ERROR


def _quiet_stdout() -> None:
    """Point stdout at /dev/null: Python's flush at exit would fail on the closed pipe and print a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):  # not a real file (tests' capture)
        pass


# Times a station can mean: --now, --since, --until, --at.  Far outside this the
# verdict's arithmetic (now + skew, ages) or the local-time conversion overflows.
EARLIEST_TIME = dt.datetime(1970, 1, 2, tzinfo=dt.timezone.utc)
LATEST_TIME = dt.datetime(3000, 1, 1, tzinfo=dt.timezone.utc)
MAX_SECONDS = 100 * 365 * 24 * 3600  # the longest duration (--max-age, --skew) that means anything


def parse_time(text: str) -> dt.datetime:
    """ISO 8601; a time without a zone is the station's local time.

    Times before 1970-01-02 or from the year 3000 on are a UsageError, not an
    overflow deep in the verifier.
    """
    example = "such as 2026-11-25T10:42:05+08:00"
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"{text!r} is not an ISO 8601 time {example}") from None
    out_of_range = UsageError(f"{text!r} is outside the times the verifier handles "
                              f"(from {EARLIEST_TIME:%Y-%m-%d} to {LATEST_TIME.year - 1}-12-31); give a time {example}")
    if not EARLIEST_TIME.year <= value.year < LATEST_TIME.year:
        raise out_of_range
    try:
        if value.tzinfo is None:
            value = value.astimezone()
        utc = value.astimezone(dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise out_of_range from None
    if not EARLIEST_TIME <= utc < LATEST_TIME:
        raise out_of_range
    return value


def parse_seconds(text: str | int, *, name: str = "seconds") -> int:
    """A whole number of seconds from 0 to 100 years (--max-age, --skew); UsageError otherwise.

    Also usable as an argparse ``type=`` (it raises UsageError, which the
    command line shows as one line).
    """
    try:
        value = int(str(text).strip())
    except ValueError:
        raise UsageError(f"{name} must be a whole number of seconds, not {text!r}") from None
    if not 0 <= value <= MAX_SECONDS:
        raise UsageError(f"{name} must be between 0 and {MAX_SECONDS} seconds (100 years), not {text}")
    return value


MAX_LINE_CHARS = 65536  # a scanned code is a few kilobytes; a longer "line" is not a scan


@dataclass(frozen=True)
class OverlongLine:
    """A stdin line of more than MAX_LINE_CHARS characters: its length and hash, never its text.

    It still gets a verdict of its own (``input_too_long``) and the batch goes
    on; reading it costs no more memory than a line at the limit.
    """

    length: int
    sha256: str  # of the line as read (UTF-8), like a scanned text's hash in the audit log


def _text_reader(raw: Any) -> Callable[[], tuple[str, bool]]:
    """A function giving (text, at end) per chunk of a byte or text stream."""
    if isinstance(raw, io.TextIOBase):
        read_str: Callable[[int], str] = raw.read

        def from_text() -> tuple[str, bool]:
            chunk = read_str(65536)
            return chunk or "", not chunk

        return from_text
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    read_bytes: Callable[[int], bytes] = getattr(raw, "read1", None) or raw.read

    def from_bytes() -> tuple[str, bool]:
        chunk = read_bytes(65536)
        return decoder.decode(chunk or b"", final=not chunk), not chunk

    return from_bytes


class _Line:
    """The line being read: its text while within the limit; past it only a running length and hash."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.length = 0
        self._digest: Any = None  # hashlib's sha256, once the line is over the limit

    def _reset(self) -> None:
        self._parts, self.length, self._digest = [], 0, None

    def add(self, piece: str) -> None:
        if not piece:
            return
        self.length += len(piece)
        if self._digest is None and self.length <= MAX_LINE_CHARS:
            self._parts.append(piece)
            return
        if self._digest is None:  # just went over: hash what was kept, then keep nothing more
            self._digest = hashlib.sha256()
            for part in self._parts:
                self._digest.update(part.encode("utf-8", "surrogatepass"))
            self._parts = []
        self._digest.update(piece.encode("utf-8", "surrogatepass"))

    def take(self) -> str | OverlongLine:
        """The finished line (surrounding spaces dropped), and start the next one."""
        line: str | OverlongLine = ("".join(self._parts).strip() if self._digest is None
                                    else OverlongLine(self.length, self._digest.hexdigest()))
        self._reset()
        return line


_LINE_END = re.compile(r"[\r\n]")


def scanned_lines(stream: IO[str] | IO[bytes]) -> Iterator[tuple[int, str | OverlongLine]]:
    """(line number, text) for each non-empty line a scanner or a pipe sends.

    Tolerates a UTF-8 byte-order mark and CR, CRLF or LF line ends (a
    keyboard-wedge scanner may end a scan with CR only).  Each line is given
    as soon as its end arrives, so a scanner's CR is answered at once.
    Surrounding spaces are dropped; empty lines are skipped but counted.
    Bytes that aren't UTF-8 become U+FFFD (the code then reads as malformed).
    A line of more than MAX_LINE_CHARS characters is given as an
    ``OverlongLine`` (read in chunks, never held whole), and reading goes on.
    """
    raw = getattr(stream, "buffer", stream)
    read_text = _text_reader(raw)
    number = 0
    line = _Line()
    after_cr = False
    first = True
    while True:
        text, end = read_text()
        if first and text:
            text = text.lstrip("\ufeff") if text.startswith("\ufeff") else text
            first = False
        start = 0
        for match in _LINE_END.finditer(text):
            i = match.start()
            if text[i] == "\n" and after_cr and i == start and not line.length:  # the LF of a CRLF
                after_cr = False
                start = i + 1
                continue
            number += 1
            line.add(text[start:i])
            done = line.take()
            after_cr = text[i] == "\r"
            start = i + 1
            if done:
                yield number, done
        if start < len(text):
            after_cr = False
            line.add(text[start:])
        if end:
            break
    done = line.take()
    if done:
        yield number + 1, done


def default_language() -> str:
    for name in ("VERIFIER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
